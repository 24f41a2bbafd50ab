//! `klantwaarde status`: who returned the questionnaire, who answered part, who is missing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Result;
use serde::Serialize;

use klantwaarde::followup;
use klantwaarde::ingest::{Assessed, Verdict, build_report};
use klantwaarde::labels::Language;
use klantwaarde::master::Master;
use klantwaarde::msg;
use klantwaarde::report::{Problem, Report, RespondentResult, ResponseStatus};

use super::console::Failure;
use super::{console, drafts, inputs};
use crate::cli::Status;

/// Names on standard error every file that counts for no respondent of this master, with why:
/// another client's or period's questionnaire, an unknown respondent, one of our monitors, a file
/// that says nothing of whose it is. Run with the wrong client's master, this is what says so.
fn name_skipped(assessed: &[Assessed], language: Language) {
    let skipped: Vec<&Assessed> = assessed
        .iter()
        .filter(|a| matches!(a.verdict, Verdict::Rejected(None) | Verdict::OtherPeriod(_)))
        .collect();
    if skipped.is_empty() {
        return;
    }
    console::say(&msg!(
        language,
        "commands.status_skipped",
        count = skipped.len()
    ));
    for item in skipped {
        let why = item
            .problems
            .iter()
            .rev()
            .find(|p| p.cell.is_none())
            .or(item.problems.first())
            .map_or("", |p| p.message.as_str());
        console::say(&msg!(
            language,
            "commands.status_skipped_file",
            file = item.file,
            why
        ));
    }
}

/// `klantwaarde status`; `deadline` replaces the master's for the reminders of this round.
/// `language` speaks until the master is read, then the master's.
pub fn run(
    master_path: &Path,
    inputs: &[PathBuf],
    json: bool,
    remind: Option<&Path>,
    deadline: Option<chrono::NaiveDate>,
    accept_untagged: bool,
    language: Language,
) -> Result<Status, Failure> {
    inputs::with_master(master_path, language, |mut master| {
        if deadline.is_some() {
            master.deadline = deadline;
        }
        status(&master, master_path, inputs, json, remind, accept_untagged)
    })
}

/// The status of a master that read, in its language.
fn status(
    master: &Master,
    master_path: &Path,
    inputs: &[PathBuf],
    json: bool,
    remind: Option<&Path>,
    accept_untagged: bool,
) -> Result<Status> {
    let language = master.language;
    let secret = inputs::load_secret(master_path, false, language)?;
    let files = inputs::collect(inputs, language)?;
    let assessed = inputs::read_all(master, &secret, &files, true, accept_untagged);
    let report = build_report(master, &assessed, Vec::new());
    if json {
        #[derive(Serialize)]
        struct StatusJson<'a> {
            period: &'a str,
            respondents: Vec<serde_json::Value>,
            problems: Vec<Problem>,
            /// Initials → the answers typed but not read: question id → what the cell held.
            unreadable: BTreeMap<&'a str, BTreeMap<&'a str, String>>,
        }
        // An anonymous respondent's file is not paired with their initials, and the problems
        // (which quote what was typed) name no anonymous respondent.
        let anonymous_word =
            &klantwaarde::labels::Labels::for_language(master.language).monitor_anonymous;
        let redactor = klantwaarde::ingest::anonymous_redactor(&report, false);
        let anonymous_files: Vec<&str> = report
            .respondents
            .iter()
            .filter(|r| r.anonymous)
            .filter_map(|r| r.file.as_deref())
            .collect();
        let respondents = report
            .respondents
            .iter()
            .map(|r| {
                let mut value = serde_json::to_value(r).unwrap_or_default();
                if r.anonymous
                    && let Some(fields) = value.as_object_mut()
                {
                    fields.remove("file");
                }
                value
            })
            .collect();
        let problems = report
            .problems
            .iter()
            .map(|problem| Problem {
                file: if anonymous_files.contains(&problem.file.as_str()) {
                    anonymous_word.clone()
                } else {
                    redactor.apply(&problem.file).into_owned()
                },
                message: redactor.apply(&problem.message).into_owned(),
                ..problem.clone()
            })
            .collect();
        console::json(&serde_json::to_string_pretty(&StatusJson {
            period: &master.period,
            respondents,
            problems,
            unreadable: report
                .respondents
                .iter()
                // what an anonymous respondent typed stays beside no initials
                .filter(|r| r.status == ResponseStatus::Partial && !r.anonymous)
                .map(|r| {
                    let answers = unreadable(master, &report, r);
                    (
                        r.initials.as_str(),
                        answers.into_iter().collect::<BTreeMap<_, _>>(),
                    )
                })
                .filter(|(_, answers)| !answers.is_empty())
                .collect(),
        })?);
    } else {
        for r in &report.respondents {
            let name = &master.respondent(r.index).name;
            let what = match r.status {
                ResponseStatus::Returned => msg!(language, "commands.status_returned"),
                ResponseStatus::Partial => msg!(
                    language,
                    "commands.status_partial",
                    answered = r.answered,
                    assigned = r.assigned,
                    note = unreadable_note(master, &report, r)
                ),
                ResponseStatus::Missing if r.assigned == 0 => {
                    msg!(language, "commands.status_no_questions")
                }
                ResponseStatus::Missing => msg!(language, "commands.status_missing"),
                ResponseStatus::Empty => msg!(language, "commands.status_empty"),
                ResponseStatus::Rejected => msg!(
                    language,
                    "commands.status_rejected",
                    reason = r
                        .reason
                        .clone()
                        .unwrap_or_else(|| msg!(language, "commands.status_see_problems"))
                ),
            };
            let file = r
                .file
                .as_deref()
                .map_or_else(String::new, |f| format!("  {f}"));
            console::out(&format!("{:<6} {:<24} {what}{file}", r.initials, name));
        }
        name_skipped(&assessed, language);
    }
    if let Some(folder) = remind {
        // Files were given but not one is this client's: the master or the folder is the wrong
        // one, and reminders would go to people who may well have answered.
        let ours = assessed.iter().any(|a| {
            matches!(
                a.verdict,
                Verdict::Current(_) | Verdict::OtherPeriod(_) | Verdict::Rejected(Some(_))
            )
        });
        if !ours && assessed.iter().any(|a| !inputs::is_skipped(a)) {
            if json {
                name_skipped(&assessed, language);
            }
            console::error(
                language,
                &msg!(
                    language,
                    "commands.status_no_reminders",
                    count = assessed.len(),
                    client = master.client,
                    path = master_path.display()
                ),
            );
            return Ok(Status::Failed);
        }
        // Each reminder lists only its own respondent's open and unreadable answers.
        drafts::write_reminders(master, &secret, &report, folder)?;
    }
    let complete = report
        .respondents
        .iter()
        .all(|r| r.status == ResponseStatus::Returned || r.assigned == 0);
    Ok(if complete {
        Status::Success
    } else {
        Status::Incomplete
    })
}

/// The answers of `result` that were typed but could not be read, in questionnaire order:
/// question id and what the cell held.
fn unreadable<'m>(
    master: &'m Master,
    report: &Report,
    result: &RespondentResult,
) -> Vec<(&'m str, String)> {
    let Some(file) = result.file.as_deref() else {
        return Vec::new();
    };
    // An answer that could not be read was left out with its cell; without such a problem there
    // is nothing to show, and the file need not be read again.
    let left_out = report
        .problems
        .iter()
        .any(|p| p.loses_input && p.cell.is_some() && p.file == file);
    if !left_out {
        return Vec::new();
    }
    let Some(returned) = drafts::read_returned(file, master.language) else {
        return Vec::new();
    };
    followup::gaps(master, report, result.index, Some(&returned))
        .unreadable
        .into_iter()
        .map(|gap| (gap.id, gap.typed.unwrap_or_default()))
        .collect()
}

/// `; unreadable: 2.01 "7,5", 3.02 "acht"` for the answers of `result` that were typed but
/// could not be read, or nothing when there are none.
fn unreadable_note(master: &Master, report: &Report, result: &RespondentResult) -> String {
    let answers = unreadable(master, report, result);
    if answers.is_empty() {
        return String::new();
    }
    // what an anonymous respondent typed stays beside no name: only how many
    let language = master.language;
    if result.anonymous {
        return msg!(
            language,
            "commands.status_unreadable_count",
            count = answers.len()
        );
    }
    let answers: Vec<String> = answers
        .iter()
        .map(|(id, typed)| format!("{id} \"{typed}\""))
        .collect();
    msg!(
        language,
        "commands.status_unreadable",
        answers = answers.join(", ")
    )
}
