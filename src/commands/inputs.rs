//! The file system side of the commands: the master file, the walk over the input folders, and
//! reading each returned questionnaire within the size cap before the library judges it.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use rayon::prelude::*;

use klantwaarde::ingest::{Assessed, Assessor, FileTimes, Unreadable, Verdict};
use klantwaarde::labels::Language;
use klantwaarde::master::{self, Master, MasterError, Severity};
use klantwaarde::reader::{self, ReadError, Returned};
use klantwaarde::report::{self, Problem};
use klantwaarde::secret::Secret;

use super::console::{self, Failure, Speak};
use crate::cli::Status;

/// Loads a master and prints its diagnostics; `None` when it has errors. The diagnostics and the
/// line that counts them speak the master's language; `language` (`--lang`, else the
/// environment) words a master that cannot be read at all.
fn load_master(path: &Path, language: Language) -> Result<Option<Master>> {
    match master::load(path) {
        Ok(parsed) => {
            for warning in &parsed.warnings {
                console::say(&warning.display(path).to_string());
            }
            Ok(Some(parsed.master))
        }
        Err(MasterError::Invalid {
            path,
            diagnostics,
            language,
        }) => {
            for diagnostic in &diagnostics {
                console::say(&diagnostic.display(&path).to_string());
            }
            let errors = diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count();
            console::error(
                language,
                &klantwaarde::msg!(
                    language,
                    "commands.master_has_errors",
                    path = path.display(),
                    errors
                ),
            );
            Ok(None)
        }
        Err(error) => Err(anyhow::anyhow!(error.message(language))),
    }
}

/// Runs `work` on the master at `path`, when it reads: what goes wrong reading it is worded in
/// `language` (`--lang`, else the environment), what goes wrong in `work` in the master's own.
/// A master with errors has had them printed and gives [`Status::Failed`].
pub fn with_master(
    path: &Path,
    language: Language,
    work: impl FnOnce(Master) -> Result<Status>,
) -> Result<Status, Failure> {
    let Some(master) = load_master(path, language).speak(language)? else {
        return Ok(Status::Failed);
    };
    let language = master.language;
    work(master).speak(language)
}

/// The key file of a master: `klantwaarde.key` in the master's folder, so that copying that
/// folder to another machine takes the key along, and the masters of later rounds kept beside
/// it share it (their earlier questionnaires and monitors still verify).
pub fn key_path(master_path: &Path) -> PathBuf {
    master_path.with_file_name(KEY_FILE)
}

/// The name of the key file beside the master.
pub const KEY_FILE: &str = "klantwaarde.key";

/// The key file as written: comments that say what it is, and the key in hexadecimal.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyFile {
    key: String,
}

/// The account manager's secret of the master at `master_path`, from its key file
/// ([`key_path`]). With `create`, a missing key file is made with a new random key (and said
/// so); an existing one is never replaced.
///
/// # Errors
/// When the key file is missing (and `create` is not given), cannot be read or written, or does
/// not hold a key; each message names the file and says what to do, in `language`.
pub fn load_secret(master_path: &Path, create: bool, language: Language) -> Result<Secret> {
    let path = key_path(master_path);
    if create && !path.exists() {
        return create_key(&path, master_path, language);
    }
    if !path.exists() {
        bail!(klantwaarde::msg!(
            language,
            "commands.key_missing",
            path = path.display(),
            master = master_path.display()
        ));
    }
    // `generate` never replaces a key file that is there, so the way out of a damaged one says
    // to move it aside first.
    let mend = |why: &str| {
        anyhow::anyhow!(klantwaarde::msg!(
            language,
            "commands.key_damaged",
            path = path.display(),
            why,
            master = master_path.display()
        ))
    };
    let bytes = read_capped(&path, 64 * 1024, language).map_err(|e| {
        mend(&if std::fs::metadata(&path).is_ok_and(|m| !m.is_file()) {
            klantwaarde::msg!(language, "commands.key_not_a_file")
        } else {
            e.message(language)
        })
    })?;
    let text = String::from_utf8(bytes)
        .map_err(|_| mend(&klantwaarde::msg!(language, "commands.key_not_text")))?;
    // The TOML reader's own words stay as it gives them.
    let file: KeyFile = toml::from_str(&text).map_err(|e| {
        mend(&klantwaarde::msg!(
            language,
            "commands.key_not_toml",
            why = e.message()
        ))
    })?;
    Secret::from_hex(&file.key).map_err(|why| mend(&why.message(language)))
}

/// Writes a new random key at `path`, readable by its owner only, never over an existing file.
/// Its comment lines are in `language`, the master's.
fn create_key(path: &Path, master_path: &Path, language: Language) -> Result<Secret> {
    use std::io::Write;
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| {
        anyhow::anyhow!(klantwaarde::msg!(
            language,
            "commands.key_no_randomness",
            why = e
        ))
    })?;
    let secret = Secret::from_bytes(bytes);
    let mut text = String::new();
    for line in klantwaarde::msg!(language, "commands.key_file_comment").lines() {
        text.push_str("# ");
        text.push_str(line);
        text.push('\n');
    }
    text.push_str(&format!("key = \"{}\"\n", secret.to_hex()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = match options.open(path) {
        Ok(file) => file,
        // Made by a run beside this one: use that key.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return load_secret(master_path, false, language);
        }
        Err(e) => bail!(klantwaarde::msg!(
            language,
            "commands.key_cannot_create",
            path = path.display(),
            why = e
        )),
    };
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| {
            anyhow::anyhow!(klantwaarde::msg!(
                language,
                "commands.key_cannot_write",
                path = path.display(),
                why = e
            ))
        })?;
    console::say(&klantwaarde::msg!(
        language,
        "commands.key_made",
        path = path.display(),
        master = master_path.display()
    ));
    Ok(secret)
}

/// Whether a name is one the walk leaves out, with all below it: hidden, or a lock file (`~$…`
/// from Excel, `.~lock…` from LibreOffice).
fn is_hidden(name: &str) -> bool {
    name.starts_with('.') || name.starts_with("~$")
}

/// Whether a file name is a spreadsheet's.
fn is_spreadsheet(name: &str) -> bool {
    Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| {
            matches!(
                e.to_ascii_lowercase().as_str(),
                "xlsx" | "xlsm" | "xls" | "ods"
            )
        })
}

/// Every file under `inputs`: files as given, folders recursively in name order, skipping
/// hidden files, lock files and what is not a spreadsheet. An entry that cannot be read (no
/// permission, a link loop, a FIFO or device) is reported by its own path and the walk goes on.
///
/// # Errors
/// When an input named on the command line does not exist.
pub fn collect(inputs: &[PathBuf], language: Language) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for input in inputs {
        if !input.exists() {
            bail!(klantwaarde::msg!(
                language,
                "commands.input_missing",
                path = input.display()
            ));
        }
        if !input.is_dir() {
            files.push(input.clone());
            continue;
        }
        let walk = walkdir::WalkDir::new(input)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|entry| {
                entry.depth() == 0 || !is_hidden(&entry.file_name().to_string_lossy())
            });
        for entry in walk {
            match entry {
                Ok(entry) if entry.file_type().is_dir() => {}
                Ok(entry) => {
                    let name = entry.file_name().to_string_lossy();
                    if !is_spreadsheet(&name) {
                        continue;
                    }
                    if entry.file_type().is_file() {
                        files.push(entry.into_path());
                    } else {
                        console::warn(
                            language,
                            &klantwaarde::msg!(
                                language,
                                "commands.input_not_regular",
                                path = entry.path().display()
                            ),
                        );
                    }
                }
                Err(error) => {
                    let path = error
                        .path()
                        .map_or_else(|| input.display().to_string(), |p| p.display().to_string());
                    // The system's own words for an unreadable entry stay as it gives them.
                    let why = if error.loop_ancestor().is_some() {
                        klantwaarde::msg!(language, "commands.input_link_loop")
                    } else {
                        error
                            .io_error()
                            .map_or_else(|| error.to_string(), ToString::to_string)
                    };
                    console::warn(
                        language,
                        &klantwaarde::msg!(language, "commands.input_unreadable", path, why),
                    );
                }
            }
        }
    }
    Ok(files)
}

/// Reads every file (in parallel, results in input order) and judges it against the master,
/// its tag against `secret`; `accept_untagged` lets questionnaires from before tags count.
pub fn read_all(
    master: &Master,
    secret: &Secret,
    files: &[PathBuf],
    quiet: bool,
    accept_untagged: bool,
) -> Vec<Assessed> {
    let limits = reader::Limits::default();
    let language = master.language;
    let progress = console::progress_bar(files.len() as u64, quiet);
    let assessor = Assessor::new(master, secret).accept_untagged(accept_untagged);
    let now = now();
    let assessed = files
        .par_iter()
        .map(|path| {
            let name = path.display().to_string();
            let times = FileTimes {
                modified: modified_time(path),
                now: Some(now),
            };
            let assessed = match read_questionnaire(path, &limits, language) {
                Err(NoQuestionnaire::Ours(message)) => skipped(&name, message),
                Err(NoQuestionnaire::Unreadable(unreadable)) => {
                    assessor.assess_at(&name, Err(unreadable), times)
                }
                Ok(returned) => assessor.assess_at(&name, Ok(returned), times),
            };
            progress.inc(1);
            assessed
        })
        .collect();
    progress.finish_and_clear();
    assessed
}

/// The bytes of a regular file of at most `limit` bytes, judged on the opened file: a path that
/// is a pipe or device is never opened (that would wait or read forever), and a file that grows
/// while it is read is cut at the limit and refused. The reasons are worded in `language`.
pub fn read_capped(path: &Path, limit: u64, language: Language) -> Result<Vec<u8>, Unreadable> {
    let cannot = |e: std::io::Error| {
        Unreadable::from(klantwaarde::msg!(
            language,
            "commands.file_cannot_read",
            why = e
        ))
    };
    let too_large = |size: u64| Unreadable::from(reader::ReadError::file_too_large(size, limit));
    if !std::fs::metadata(path).map_err(cannot)?.is_file() {
        return Err(Unreadable::from(klantwaarde::msg!(
            language,
            "commands.file_not_regular"
        )));
    }
    let file = std::fs::File::open(path).map_err(cannot)?;
    let size = file.metadata().map_err(cannot)?.len();
    if size > limit {
        return Err(too_large(size));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Why a file gives no questionnaire.
enum NoQuestionnaire {
    /// One of klantwaarde's own outputs (a monitor): skipped with a note, not rejected.
    Ours(String),
    /// Rejected.
    Unreadable(Unreadable),
}

fn read_questionnaire(
    path: &Path,
    limits: &reader::Limits,
    language: Language,
) -> Result<Returned, NoQuestionnaire> {
    let bytes =
        read_capped(path, limits.max_file_bytes, language).map_err(NoQuestionnaire::Unreadable)?;
    reader::read_questionnaire(&bytes, limits).map_err(|error| match error {
        ReadError::Monitor { .. } => NoQuestionnaire::Ours(error.message(language)),
        error => NoQuestionnaire::Unreadable(error.into()),
    })
}

/// A file that is not a questionnaire but one of ours: it counts for no one, and its note is no
/// problem (the exit code stays as the questionnaires make it).
fn skipped(file: &str, message: String) -> Assessed {
    Assessed {
        file: file.to_string(),
        verdict: Verdict::Rejected(None),
        problems: vec![Problem {
            file: file.to_string(),
            severity: report::Severity::Note,
            cell: None,
            message,
            loses_input: false,
        }],
        saved_at: None,
    }
}

/// Whether a file was skipped with a note only, as a monitor among the inputs is.
pub fn is_skipped(assessed: &Assessed) -> bool {
    matches!(assessed.verdict, Verdict::Rejected(None))
        && !assessed.problems.is_empty()
        && assessed
            .problems
            .iter()
            .all(|problem| problem.severity == report::Severity::Note)
}

/// The file system's modification time, for files that carry no usable save time of their own.
fn modified_time(path: &Path) -> Option<chrono::DateTime<chrono::Utc>> {
    let modified = std::fs::metadata(path).ok()?.modified().ok()?;
    Some(modified.into())
}

/// The time of this run: no questionnaire can have been saved after it.
#[allow(
    clippy::disallowed_methods,
    reason = "the binary reads the clock for the library, which takes it as an argument"
)]
fn now() -> chrono::DateTime<chrono::Utc> {
    std::time::SystemTime::now().into()
}
