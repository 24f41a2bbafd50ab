//! `klantwaarde init`: writes the commented starting master, never over an existing file; as a
//! workbook when the name ends in `.xlsx`.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result, bail};

use super::{console, inputs};
use crate::cli::Status;
use klantwaarde::labels::Language;

pub fn run(path: &Path, language: Language) -> Result<Status> {
    let text = match language {
        Language::Dutch => klantwaarde::EXAMPLE_MASTER_NL,
        Language::English => klantwaarde::EXAMPLE_MASTER_EN,
    };
    if path.exists() {
        bail!(
            "{} already exists; init never overwrites a file: choose another name or remove it first",
            path.display()
        );
    }
    super::convert::refuse_other_spreadsheet_names(path)?;
    let workbook = super::convert::is_workbook_name(path);
    let bytes = if workbook {
        match klantwaarde::master::toml_to_workbook(text.as_bytes()) {
            Ok((bytes, _)) => bytes,
            Err(diagnostics) => bail!(
                "the starting master does not convert: {}",
                diagnostics
                    .first()
                    .map_or_else(String::new, |d| d.message.clone())
            ),
        }
    } else {
        text.as_bytes().to_vec()
    };
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(&bytes)
        .with_context(|| format!("cannot write {}", path.display()))?;
    let what = if workbook {
        "the method's example as a workbook (a note on each column header explains it)"
    } else {
        "the method's example"
    };
    console::say(&format!(
        "wrote {}: {what}; edit it for your client, then run `klantwaarde check {}`",
        path.display(),
        path.display()
    ));
    inputs::load_secret(path, true)?;
    Ok(Status::Success)
}
