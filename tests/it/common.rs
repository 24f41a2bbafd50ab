//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Data, Reader};

/// The binary, in `dir`, with a cleared environment (but for PATH, so that it finds nothing
/// of the developer's set-up) and a backtrace requested, which must never reach the user.
pub fn klantwaarde(dir: &Path) -> assert_cmd::Command {
    let mut command = assert_cmd::Command::cargo_bin("klantwaarde").expect("the binary is built");
    command
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("RUST_BACKTRACE", "1");
    command
}

/// A temporary folder holding the method's example master as `master.toml`, with the tests'
/// key beside it.
pub fn example_dir() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let master = dir.path().join("master.toml");
    std::fs::write(&master, klantwaarde::EXAMPLE_MASTER_NL).expect("write the master");
    write_key(dir.path());
    (dir, master)
}

/// The key of the tests (never a real one), as `init` would write it.
pub const TEST_KEY: [u8; 32] = [0x5a; 32];

/// Writes [`TEST_KEY`] as `klantwaarde.key` into `dir`.
pub fn write_key(dir: &Path) {
    let secret = klantwaarde::secret::Secret::from_bytes(TEST_KEY);
    std::fs::write(
        dir.join("klantwaarde.key"),
        format!("key = \"{}\"\n", secret.to_hex()),
    )
    .expect("write the key");
}

/// Whether a client the test needs is installed: in CI (`KLANTWAARDE_REQUIRE_CLIENTS` set) a
/// missing one fails the test, elsewhere it is skipped with a line saying so.
pub fn client_available(name: &str, present: bool) -> bool {
    if present {
        return true;
    }
    if std::env::var_os("KLANTWAARDE_REQUIRE_CLIENTS").is_some() {
        panic!("{name} is required in CI but is not installed");
    }
    eprintln!("skipped: {name} is not installed (CI installs it; see .ci/run)");
    false
}

/// python3 with openpyxl, or `None` (skipped) where absent.
pub fn openpyxl() -> Option<&'static str> {
    let present = Command::new("python3")
        .args(["-c", "import openpyxl"])
        .output()
        .is_ok_and(|o| o.status.success());
    client_available("python3 with openpyxl", present).then_some("python3")
}

/// LibreOffice's `soffice`, or `None` (skipped) where absent.
pub fn soffice() -> Option<&'static str> {
    let present = Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    client_available("LibreOffice (soffice)", present).then_some("soffice")
}

/// The repository's root, for scripts and fixtures.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs a Python script from `tests/py` or `scripts`, failing the test with its stderr.
pub fn python(script: &str, args: &[&Path]) -> String {
    let output = Command::new("python3")
        .arg(root().join(script))
        .args(args)
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "{script} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8 output")
}

/// Fills `source` into `target` with openpyxl from a JSON answers spec.
pub fn fill(source: &Path, target: &Path, answers: &serde_json::Value) {
    let spec = target.with_extension("json");
    std::fs::write(&spec, answers.to_string()).expect("write the answers");
    python("scripts/fill.py", &[source, target, &spec]);
    std::fs::remove_file(spec).expect("remove the answers");
}

/// All cells of a sheet as (row, col) → text, read with calamine.
pub fn sheet_cells(path: &Path, sheet: &str) -> Vec<Vec<String>> {
    let mut workbook = calamine::open_workbook_auto(path).expect("calamine opens the workbook");
    let range = workbook.worksheet_range(sheet).expect("the sheet exists");
    let (height, width) = range.get_size();
    let (top, left) = range.start().unwrap_or((0, 0));
    let mut rows = vec![vec![String::new(); left as usize + width]; top as usize + height];
    for (row, col, value) in range.used_cells() {
        let text = match value {
            Data::Float(f) => f.to_string(),
            Data::Int(i) => i.to_string(),
            other => other.to_string(),
        };
        rows[top as usize + row][left as usize + col] = text;
    }
    rows
}

/// The `meta` sheet's key → value pairs and question rows.
pub fn meta(path: &Path) -> (Vec<(String, String)>, Vec<Vec<String>>) {
    let rows = sheet_cells(path, "meta");
    let header = rows
        .iter()
        .position(|r| r.first().is_some_and(|c| c == "question"))
        .expect("the meta sheet has a question table");
    let pairs = rows[..header]
        .iter()
        .filter(|r| r.first().is_some_and(|c| !c.is_empty()))
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect();
    (pairs, rows[header + 1..].to_vec())
}
