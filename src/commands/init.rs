//! `klantwaarde init`: writes the commented starting master, never over an existing file; as a
//! workbook when the name ends in `.xlsx`.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result, bail};

use super::{console, inputs};
use crate::cli::Status;
use klantwaarde::labels::Language;
use klantwaarde::msg;

/// `klantwaarde init`: the master and every message in `language`.
pub fn run(path: &Path, language: Language) -> Result<Status> {
    let text = match language {
        Language::Dutch => klantwaarde::EXAMPLE_MASTER_NL,
        Language::English => klantwaarde::EXAMPLE_MASTER_EN,
    };
    if path.exists() {
        bail!(msg!(
            language,
            "commands.init_exists",
            path = path.display()
        ));
    }
    super::convert::refuse_other_spreadsheet_names(path, language)?;
    let workbook = super::convert::is_workbook_name(path);
    let bytes = if workbook {
        match klantwaarde::master::toml_to_workbook(text.as_bytes()) {
            Ok((bytes, _)) => bytes,
            Err(diagnostics) => bail!(msg!(
                language,
                "commands.init_does_not_convert",
                why = diagnostics
                    .first()
                    .map_or_else(String::new, |d| d.message.clone())
            )),
        }
    } else {
        text.as_bytes().to_vec()
    };
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| msg!(language, "commands.cannot_create", path = path.display()))?;
    file.write_all(&bytes)
        .with_context(|| msg!(language, "commands.cannot_write", path = path.display()))?;
    let what = if workbook {
        msg!(language, "commands.init_what_workbook")
    } else {
        msg!(language, "commands.init_what_toml")
    };
    console::say(&msg!(
        language,
        "commands.init_wrote",
        path = path.display(),
        what
    ));
    inputs::load_secret(path, true, language)?;
    Ok(Status::Success)
}
