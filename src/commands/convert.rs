//! `klantwaarde convert`: a master from TOML to a workbook or back, checked first, without loss:
//! both forms give the same questionnaires.

use std::path::Path;

use anyhow::{Context, Result, bail};

use klantwaarde::master::{self, Diagnostic, Severity};
use klantwaarde::reader::{self, Limits};

use super::console;
use crate::cli::Status;

/// Whether a file name asks for a workbook master.
pub fn is_workbook_name(path: &Path) -> bool {
    extension(path).is_some_and(|e| e == "xlsx")
}

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

/// Refuses a name of a spreadsheet kind that is not written (.ods, .xls, .xlsm): the file would
/// be TOML under a spreadsheet's name.
pub fn refuse_other_spreadsheet_names(path: &Path) -> Result<()> {
    if let Some(other) = extension(path).filter(|e| matches!(e.as_str(), "ods" | "xls" | "xlsm")) {
        bail!(
            "{}: a workbook master is written as .xlsx; give a .xlsx name (your spreadsheet program can save it as .{other} afterwards, and every command reads that too)",
            path.display()
        );
    }
    Ok(())
}

pub fn run(from: &Path, to: &Path, force: bool) -> Result<Status> {
    refuse_other_spreadsheet_names(to)?;
    if to.exists() && !force {
        bail!(
            "{} already exists; convert never overwrites a file unless you add --force",
            to.display()
        );
    }
    if std::fs::canonicalize(from).ok() == std::fs::canonicalize(to).ok() && to.exists() {
        bail!(
            "{} is the master being converted; give another name",
            to.display()
        );
    }
    let bytes = std::fs::read(from).with_context(|| format!("cannot read {}", from.display()))?;
    let source_is_workbook = master::is_workbook(&bytes);
    let target_is_workbook = is_workbook_name(to);
    if source_is_workbook == target_is_workbook {
        let form = if source_is_workbook {
            "a workbook"
        } else {
            "TOML"
        };
        bail!(
            "{} is {form} already; convert writes the other form: a .xlsx name for a workbook, a .toml name for TOML",
            from.display()
        );
    }
    let converted = if source_is_workbook {
        let sheets = reader::read_sheets(&bytes, &Limits::default())
            .with_context(|| format!("cannot read the workbook {}", from.display()))?;
        master::workbook_to_toml(&sheets).map(|(text, warnings)| (text.into_bytes(), warnings))
    } else {
        master::toml_to_workbook(&bytes)
    };
    let (output, warnings) = match converted {
        Ok(converted) => converted,
        Err(diagnostics) => {
            print(from, &diagnostics);
            let errors = diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count();
            console::error(&format!(
                "{} has {errors} error(s); nothing was written — fix them and run `klantwaarde convert` again",
                from.display()
            ));
            return Ok(Status::Failed);
        }
    };
    print(from, &warnings);
    klantwaarde::output::write_atomic(to, &output)?;
    console::say(&format!(
        "wrote {}: the same master as {}; both give the same questionnaires",
        to.display(),
        from.display()
    ));
    Ok(Status::Success)
}

fn print(file: &Path, diagnostics: &[Diagnostic]) {
    for diagnostic in diagnostics {
        console::say(&diagnostic.display(file).to_string());
    }
}
