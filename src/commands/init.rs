//! `klantwaarde init`: writes the commented starting master, never over an existing file.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result, bail};

use super::{console, inputs};
use crate::cli::{Lang, Status};

pub fn run(path: &Path, lang: Lang) -> Result<Status> {
    let text = match lang {
        Lang::Nl => klantwaarde::EXAMPLE_MASTER_NL,
        Lang::En => klantwaarde::EXAMPLE_MASTER_EN,
    };
    if path.exists() {
        bail!(
            "{} already exists; init never overwrites a file: choose another name or remove it first",
            path.display()
        );
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(text.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))?;
    inputs::load_secret(path, true)?;
    console::say(&format!(
        "wrote {}: the method's example; edit it for your client, then run `klantwaarde check {}`",
        path.display(),
        path.display()
    ));
    Ok(Status::Success)
}
