//! The file system side of the commands: the master file, the walk over the input folders, and
//! reading each returned questionnaire within the size cap before the library judges it.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use rayon::prelude::*;

use klantwaarde::ingest::{Assessed, Assessor, Unreadable};
use klantwaarde::master::{self, Master, MasterError, Severity};
use klantwaarde::reader::{self, Returned};

use super::console;

/// Loads a master and prints its diagnostics; `None` when it has errors.
pub fn load_master(path: &Path) -> Result<Option<Master>> {
    match master::load(path) {
        Ok(parsed) => {
            for warning in &parsed.warnings {
                console::say(&warning.display(path).to_string());
            }
            Ok(Some(parsed.master))
        }
        Err(MasterError::Invalid { path, diagnostics }) => {
            for diagnostic in &diagnostics {
                console::say(&diagnostic.display(&path).to_string());
            }
            let errors = diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count();
            console::error(&format!(
                "{} has {errors} error(s); fix them and run `klantwaarde check {}` again",
                path.display(),
                path.display()
            ));
            Ok(None)
        }
        Err(error) => Err(error.into()),
    }
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
pub fn collect(inputs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for input in inputs {
        if !input.exists() {
            bail!(
                "{} does not exist; check the name, or give the folder that holds the returned questionnaires",
                input.display()
            );
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
                        console::warn(&format!(
                            "{}: skipped, it is not a regular file (a pipe, device or socket); put the questionnaire itself there",
                            entry.path().display()
                        ));
                    }
                }
                Err(error) => {
                    let path = error
                        .path()
                        .map_or_else(|| input.display().to_string(), |p| p.display().to_string());
                    let why = if error.loop_ancestor().is_some() {
                        "a link that points back to a folder above it; it is read once".to_string()
                    } else {
                        error
                            .io_error()
                            .map_or_else(|| error.to_string(), ToString::to_string)
                    };
                    console::warn(&format!("{path}: skipped, cannot be read ({why})"));
                }
            }
        }
    }
    Ok(files)
}

/// Reads every file (in parallel, results in input order) and judges it against the master.
pub fn read_all(master: &Master, files: &[PathBuf], quiet: bool) -> Vec<Assessed> {
    let limits = reader::Limits::default();
    let progress = console::progress_bar(files.len() as u64, quiet);
    let assessor = Assessor::new(master);
    let assessed = files
        .par_iter()
        .map(|path| {
            let name = path.display().to_string();
            let read = read_questionnaire(path, &limits);
            let mut assessed = assessor.assess(&name, read);
            if assessed.saved_at.is_none() {
                assessed.saved_at = modified_time(path);
            }
            progress.inc(1);
            assessed
        })
        .collect();
    progress.finish_and_clear();
    assessed
}

/// The bytes of a regular file of at most `limit` bytes, judged on the opened file: a path that
/// is a pipe or device is never opened (that would wait or read forever), and a file that grows
/// while it is read is cut at the limit and refused.
pub fn read_capped(path: &Path, limit: u64) -> Result<Vec<u8>, Unreadable> {
    let cannot = |e: std::io::Error| Unreadable::from(format!("cannot read the file: {e}"));
    let too_large = |size: u64| {
        Unreadable::from(reader::ReadError::TooLarge {
            what: format!("the file is {size} bytes"),
            limit: format!("{limit} bytes"),
        })
    };
    if !std::fs::metadata(path).map_err(cannot)?.is_file() {
        return Err(Unreadable::from(
            "not a regular file (a pipe, device or socket); put the questionnaire itself there",
        ));
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

fn read_questionnaire(path: &Path, limits: &reader::Limits) -> Result<Returned, Unreadable> {
    let bytes = read_capped(path, limits.max_file_bytes)?;
    Ok(reader::read_questionnaire(&bytes, limits)?)
}

/// The file system's modification time, for files that carry no save time of their own.
fn modified_time(path: &Path) -> Option<String> {
    let modified = std::fs::metadata(path).ok()?.modified().ok()?;
    let time: chrono::DateTime<chrono::Utc> = modified.into();
    Some(time.format("%Y-%m-%dT%H:%M:%SZ").to_string())
}
