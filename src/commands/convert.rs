//! `klantwaarde convert`: a master from TOML to a workbook or back, checked first, without loss:
//! both forms give the same questionnaires.

use std::path::Path;

use anyhow::{Context, Result, bail};

use klantwaarde::labels::Language;
use klantwaarde::master::{self, Diagnostic, Severity};
use klantwaarde::msg;
use klantwaarde::reader::{self, Limits, SheetCells};

use super::console::{self, Failure, Speak};
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
pub fn refuse_other_spreadsheet_names(path: &Path, language: Language) -> Result<()> {
    if let Some(other) = extension(path).filter(|e| matches!(e.as_str(), "ods" | "xls" | "xlsm")) {
        bail!(msg!(
            language,
            "commands.convert_other_spreadsheet",
            path = path.display(),
            other
        ));
    }
    Ok(())
}

/// `klantwaarde convert`, in the language of the master being converted (its `language`), or
/// `language` (`--lang`, the environment) while it cannot be read.
pub fn run(from: &Path, to: &Path, force: bool, language: Language) -> Result<Status, Failure> {
    let (bytes, sheets) = read(from, language).speak(language)?;
    let language = master::language_of(&bytes, sheets.as_deref());
    convert(from, to, force, &bytes, sheets.as_deref(), language).speak(language)
}

/// The master's bytes, and its cells when it is a workbook.
fn read(from: &Path, language: Language) -> Result<(Vec<u8>, Option<Vec<SheetCells>>)> {
    let bytes = std::fs::read(from)
        .with_context(|| msg!(language, "commands.cannot_read", path = from.display()))?;
    if !master::is_workbook(&bytes) {
        return Ok((bytes, None));
    }
    let sheets = reader::read_sheets(&bytes, &Limits::default()).map_err(|e| {
        anyhow::anyhow!(e.message(language)).context(msg!(
            language,
            "commands.convert_cannot_read_workbook",
            path = from.display()
        ))
    })?;
    Ok((bytes, Some(sheets)))
}

/// The conversion itself, in the master's `language`.
fn convert(
    from: &Path,
    to: &Path,
    force: bool,
    bytes: &[u8],
    sheets: Option<&[SheetCells]>,
    language: Language,
) -> Result<Status> {
    let source_is_workbook = sheets.is_some();
    refuse_other_spreadsheet_names(to, language)?;
    if to.exists() && !force {
        bail!(msg!(
            language,
            "commands.convert_exists",
            path = to.display()
        ));
    }
    if std::fs::canonicalize(from).ok() == std::fs::canonicalize(to).ok() && to.exists() {
        bail!(msg!(language, "commands.convert_same", path = to.display()));
    }
    let target_is_workbook = is_workbook_name(to);
    if source_is_workbook == target_is_workbook {
        if source_is_workbook {
            bail!(msg!(
                language,
                "commands.convert_already_workbook",
                path = from.display()
            ));
        }
        bail!(msg!(
            language,
            "commands.convert_already_toml",
            path = from.display()
        ));
    }
    let converted = match sheets {
        Some(sheets) => {
            master::workbook_to_toml(sheets).map(|(text, warnings)| (text.into_bytes(), warnings))
        }
        None => master::toml_to_workbook(bytes),
    };
    let (output, warnings) = match converted {
        Ok(converted) => converted,
        Err(diagnostics) => {
            print(from, &diagnostics);
            // The master's own language, as its diagnostics speak it.
            let language = diagnostics.first().map_or(language, |d| d.language);
            let errors = diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count();
            console::error(
                language,
                &msg!(
                    language,
                    "commands.convert_has_errors",
                    path = from.display(),
                    errors
                ),
            );
            return Ok(Status::Failed);
        }
    };
    print(from, &warnings);
    klantwaarde::output::write_atomic(to, &output)
        .map_err(|e| anyhow::anyhow!(e.message(language)))?;
    console::say(&msg!(
        language,
        "commands.convert_wrote",
        path = to.display(),
        from = from.display()
    ));
    Ok(Status::Success)
}

fn print(file: &Path, diagnostics: &[Diagnostic]) {
    for diagnostic in diagnostics {
        console::say(&diagnostic.display(file).to_string());
    }
}
