//! `klantwaarde generate`: a questionnaire per respondent, and optionally a mail draft each.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, Result, bail};
use rayon::prelude::*;

use klantwaarde::master::{self, Master, RespondentId};
use klantwaarde::{ingest, output, questionnaire, reader};

use super::{console, drafts, inputs};
use crate::cli::{Round, Status};

/// `klantwaarde generate`; `mail` is the round of the mail drafts to write beside the
/// questionnaires, if any.
pub fn run(
    master_path: &Path,
    folder: &Path,
    only: &[String],
    mail: Option<Round>,
    force: bool,
    quiet: bool,
) -> Result<Status> {
    let Some(master) = inputs::load_master(master_path)? else {
        return Ok(Status::Failed);
    };
    let selected = select_respondents(&master, only)?;
    let secret = inputs::load_secret(master_path, true)?;
    if folder.exists() && !folder.is_dir() {
        bail!(
            "{} is a file, not a folder; give another output folder with -o",
            folder.display()
        );
    }
    std::fs::create_dir_all(folder)
        .with_context(|| format!("cannot create the output folder {}", folder.display()))?;

    // Two respondents whose initials differ only in characters a file name cannot hold would
    // write the same file: refuse before writing anything.
    let mut by_name: HashMap<String, RespondentId> = HashMap::new();
    for &respondent in &selected {
        let name = questionnaire::file_name(&master, respondent);
        if let Some(&other) = by_name.get(&name) {
            bail!(
                "{} and {} would both get the questionnaire {name}; give one of them other initials in {}",
                master.respondent(other).initials,
                master.respondent(respondent).initials,
                master_path.display()
            );
        }
        by_name.insert(name, respondent);
    }
    // Nothing lost: refuse before writing anything when a target already holds answers.
    if !force {
        let guarded: Vec<String> = selected
            .par_iter()
            .filter_map(|&respondent| {
                holds_answers(&folder.join(questionnaire::file_name(&master, respondent)))
            })
            .collect();
        if !guarded.is_empty() {
            for message in &guarded {
                console::error(message);
            }
            console::error(&format!(
                "nothing was written; move these files out of {} (they may be returned questionnaires), or run again with --force to overwrite them",
                folder.display()
            ));
            return Ok(Status::Failed);
        }
    }
    // Each worker builds a questionnaire and writes it at once, so that only the workbooks in
    // flight are in memory; the bytes are kept only when mail drafts attach them. Every file is
    // written whole; should building one fail (a limit of the format), the others already
    // written stay, each complete.
    let progress = console::progress_bar(selected.len() as u64, quiet);
    let written: Vec<(questionnaire::Questionnaire, bool)> = selected
        .par_iter()
        .map(|&respondent| -> Result<_> {
            let mut questionnaire = questionnaire::write(&master, &secret, respondent)
                .context("cannot write a questionnaire")?;
            let path = folder.join(&questionnaire.file_name);
            let unchanged = inputs::read_capped(&path, questionnaire.bytes.len() as u64)
                .is_ok_and(|existing| existing == questionnaire.bytes);
            if !unchanged {
                output::write_atomic(&path, &questionnaire.bytes)?;
            }
            if mail.is_none() {
                questionnaire.bytes = Vec::new();
            }
            progress.inc(1);
            Ok((questionnaire, unchanged))
        })
        .collect::<Result<_>>()?;
    progress.finish_and_clear();
    let unchanged = written.iter().filter(|(_, unchanged)| *unchanged).count();
    let written: Vec<questionnaire::Questionnaire> = written
        .into_iter()
        .map(|(questionnaire, _)| questionnaire)
        .collect();
    let mut status = Status::Success;
    if let Some(round) = mail {
        status = drafts::write_invitations(&master, &written, folder, round, quiet)?;
    }
    if !quiet {
        for questionnaire in &written {
            let respondent = master.respondent(questionnaire.respondent);
            console::say(&format!(
                "  {:<6} {:>3} questions  {}",
                respondent.initials,
                questionnaire.questions,
                folder.join(&questionnaire.file_name).display()
            ));
        }
        let same = if unchanged > 0 {
            format!(" ({unchanged} unchanged)")
        } else {
            String::new()
        };
        console::say(&format!(
            "wrote {} questionnaire(s) to {}{same}",
            written.len(),
            folder.display()
        ));
    }
    Ok(status)
}

/// The respondents to generate for: those named with `--only`, else everyone with questions.
fn select_respondents(master: &Master, only: &[String]) -> Result<Vec<RespondentId>> {
    let mut selected = Vec::new();
    if only.is_empty() {
        for index in master.respondent_ids() {
            if master.question_count(index) > 0 {
                selected.push(index);
            }
        }
        return Ok(selected);
    }
    let known: Vec<&str> = master
        .respondents
        .iter()
        .map(|r| r.initials.as_str())
        .collect();
    for initials in only {
        let Some(index) = master.respondent_index(initials) else {
            let hint = master::nearest(initials, known.iter().copied()).map_or_else(
                || format!("known initials are {}", known.join(", ")),
                |s| format!("did you mean {s}?"),
            );
            bail!("--only {initials}: no respondent has these initials; {hint}");
        };
        if master.question_count(index) == 0 {
            bail!(
                "--only {initials}: {} has no questions, so there is no questionnaire to write",
                master.respondent(index).name
            );
        }
        if !selected.contains(&index) {
            selected.push(index);
        }
    }
    Ok(selected)
}

/// Why the file at `path` must not be overwritten, if it must not: it holds answers, it is
/// something other than a questionnaire, or it cannot be read to tell.
fn holds_answers(path: &Path) -> Option<String> {
    if std::fs::symlink_metadata(path).is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound) {
        return None;
    }
    let limits = reader::Limits::default();
    let bytes = match inputs::read_capped(path, limits.max_file_bytes) {
        Ok(bytes) => bytes,
        Err(error) => {
            return Some(format!(
                "{} exists and cannot be read to check it for answers ({}); generate does not overwrite what it cannot check",
                path.display(),
                error.message(klantwaarde::labels::Language::English)
            ));
        }
    };
    match reader::read_questionnaire(&bytes, &limits) {
        Ok(returned) if ingest::has_answers(&returned) => Some(format!(
            "{} already holds answers of {} ({}); generate never overwrites answers",
            path.display(),
            returned.meta.name,
            returned.meta.respondent
        )),
        Ok(_) => None,
        Err(error) => Some(format!(
            "{} exists and is not a questionnaire generate can safely replace ({error})",
            path.display()
        )),
    }
}
