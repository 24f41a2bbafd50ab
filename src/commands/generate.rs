//! `klantwaarde generate`: a questionnaire per respondent, and optionally a mail draft each.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, Result, bail};
use rayon::prelude::*;

use klantwaarde::labels::Language;
use klantwaarde::master::{self, Master, RespondentId};
use klantwaarde::msg;
use klantwaarde::{ingest, output, questionnaire, reader};

use super::console::Failure;
use super::{console, drafts, inputs};
use crate::cli::{Round, Status};

/// `klantwaarde generate`; `mail` is the round of the mail drafts to write beside the
/// questionnaires, if any. `language` speaks until the master is read, then the master's.
pub fn run(
    master_path: &Path,
    folder: &Path,
    only: &[String],
    mail: Option<Round>,
    force: bool,
    quiet: bool,
    language: Language,
) -> Result<Status, Failure> {
    inputs::with_master(master_path, language, |master| {
        generate(&master, master_path, folder, only, mail, force, quiet)
    })
}

/// Writes the questionnaires of a master that read, in its language.
fn generate(
    master: &Master,
    master_path: &Path,
    folder: &Path,
    only: &[String],
    mail: Option<Round>,
    force: bool,
    quiet: bool,
) -> Result<Status> {
    let language = master.language;
    let selected = select_respondents(master, only)?;
    let secret = inputs::load_secret(master_path, true, language)?;
    if folder.exists() && !folder.is_dir() {
        bail!(msg!(
            language,
            "commands.generate_not_a_folder",
            path = folder.display()
        ));
    }
    std::fs::create_dir_all(folder).with_context(|| {
        msg!(
            language,
            "commands.generate_cannot_create_folder",
            path = folder.display()
        )
    })?;

    // Two respondents whose initials differ only in characters a file name cannot hold would
    // write the same file: refuse before writing anything.
    let mut by_name: HashMap<String, RespondentId> = HashMap::new();
    for &respondent in &selected {
        let name = questionnaire::file_name(master, respondent);
        if let Some(&other) = by_name.get(&name) {
            bail!(msg!(
                language,
                "commands.generate_same_file",
                one = master.respondent(other).initials,
                other = master.respondent(respondent).initials,
                name,
                master = master_path.display()
            ));
        }
        by_name.insert(name, respondent);
    }
    // Nothing lost: refuse before writing anything when a target already holds answers.
    if !force {
        let guarded: Vec<String> = selected
            .par_iter()
            .filter_map(|&respondent| {
                holds_answers(
                    &folder.join(questionnaire::file_name(master, respondent)),
                    language,
                )
            })
            .collect();
        if !guarded.is_empty() {
            for message in &guarded {
                console::error(language, message);
            }
            console::error(
                language,
                &msg!(
                    language,
                    "commands.generate_guarded",
                    path = folder.display()
                ),
            );
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
            // The cause, under the message, is rust_xlsxwriter's own (English) words.
            let mut questionnaire = questionnaire::write(master, &secret, respondent)
                .with_context(|| msg!(language, "commands.generate_cannot_write"))?;
            let path = folder.join(&questionnaire.file_name);
            let unchanged = inputs::read_capped(&path, questionnaire.bytes.len() as u64, language)
                .is_ok_and(|existing| existing == questionnaire.bytes);
            if !unchanged {
                output::write_atomic(&path, &questionnaire.bytes)
                    .map_err(|e| anyhow::anyhow!(e.message(language)))?;
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
        status = drafts::write_invitations(master, &written, folder, round, quiet)?;
    }
    if !quiet {
        for questionnaire in &written {
            let respondent = master.respondent(questionnaire.respondent);
            console::say(&msg!(
                language,
                "commands.generate_line",
                initials = format!("{:<6}", respondent.initials),
                questions = format!("{:>3}", questionnaire.questions),
                path = folder.join(&questionnaire.file_name).display()
            ));
        }
        let same = if unchanged > 0 {
            msg!(language, "commands.generate_unchanged", unchanged)
        } else {
            String::new()
        };
        console::say(&msg!(
            language,
            "commands.generate_wrote",
            count = written.len(),
            path = folder.display(),
            same
        ));
    }
    Ok(status)
}

/// The respondents to generate for: those named with `--only`, else everyone with questions.
fn select_respondents(master: &Master, only: &[String]) -> Result<Vec<RespondentId>> {
    let language = master.language;
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
                || msg!(language, "commands.only_known", known = known.join(", ")),
                |nearest| msg!(language, "commands.only_did_you_mean", nearest),
            );
            bail!(msg!(language, "commands.only_unknown", initials, hint));
        };
        if master.question_count(index) == 0 {
            bail!(msg!(
                language,
                "commands.only_no_questions",
                initials,
                name = master.respondent(index).name
            ));
        }
        if !selected.contains(&index) {
            selected.push(index);
        }
    }
    Ok(selected)
}

/// Why the file at `path` must not be overwritten, if it must not: it holds answers, it is
/// something other than a questionnaire, or it cannot be read to tell; worded in `language`.
fn holds_answers(path: &Path, language: Language) -> Option<String> {
    if std::fs::symlink_metadata(path).is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound) {
        return None;
    }
    let limits = reader::Limits::default();
    let bytes = match inputs::read_capped(path, limits.max_file_bytes, language) {
        Ok(bytes) => bytes,
        Err(error) => {
            return Some(msg!(
                language,
                "commands.generate_cannot_check",
                path = path.display(),
                why = error.message(language)
            ));
        }
    };
    match reader::read_questionnaire(&bytes, &limits) {
        Ok(returned) if ingest::has_answers(&returned) => Some(msg!(
            language,
            "commands.generate_holds_answers",
            path = path.display(),
            name = returned.meta.name,
            initials = returned.meta.respondent
        )),
        Ok(_) => None,
        Err(error) => Some(msg!(
            language,
            "commands.generate_not_replaceable",
            path = path.display(),
            why = error.message(language)
        )),
    }
}
