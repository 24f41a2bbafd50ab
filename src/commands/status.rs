//! `klantwaarde status`: who returned the questionnaire, who answered part, who is missing.

use std::path::{Path, PathBuf};

use anyhow::Result;
use serde::Serialize;

use klantwaarde::ingest::{Assessed, Verdict, build_report};
use klantwaarde::report::{Problem, RespondentResult, ResponseStatus};

use super::{console, drafts, inputs};
use crate::cli::Status;

/// Names on standard error every file that counts for no respondent of this master, with why:
/// another client's or period's questionnaire, an unknown respondent, one of our monitors, a file
/// that says nothing of whose it is. Run with the wrong client's master, this is what says so.
fn name_skipped(assessed: &[Assessed]) {
    let skipped: Vec<&Assessed> = assessed
        .iter()
        .filter(|a| matches!(a.verdict, Verdict::Rejected(None) | Verdict::OtherPeriod(_)))
        .collect();
    if skipped.is_empty() {
        return;
    }
    console::say(&format!(
        "{} file(s) count for no one in this list:",
        skipped.len()
    ));
    for item in skipped {
        let why = item
            .problems
            .iter()
            .rev()
            .find(|p| p.cell.is_none())
            .or(item.problems.first())
            .map_or("", |p| p.message.as_str());
        console::say(&format!("  {}: skipped, {why}", item.file));
    }
}

/// `klantwaarde status`.
pub fn run(
    master_path: &Path,
    inputs: &[PathBuf],
    json: bool,
    remind: Option<&Path>,
) -> Result<Status> {
    let Some(master) = inputs::load_master(master_path)? else {
        return Ok(Status::Failed);
    };
    let files = inputs::collect(inputs)?;
    let assessed = inputs::read_all(&master, &files, true);
    let report = build_report(&master, &assessed, Vec::new());
    if json {
        #[derive(Serialize)]
        struct StatusJson<'a> {
            period: &'a str,
            respondents: &'a [RespondentResult],
            problems: &'a [Problem],
        }
        console::json(&serde_json::to_string_pretty(&StatusJson {
            period: &master.period,
            respondents: &report.respondents,
            problems: &report.problems,
        })?);
    } else {
        for r in &report.respondents {
            let name = &master.respondent(r.index).name;
            let what = match r.status {
                ResponseStatus::Returned => "returned".to_string(),
                ResponseStatus::Partial => {
                    format!("partly answered ({} of {})", r.answered, r.assigned)
                }
                ResponseStatus::Missing if r.assigned == 0 => "no questions".to_string(),
                ResponseStatus::Missing => "missing".to_string(),
                ResponseStatus::Empty => "empty questionnaire returned".to_string(),
                ResponseStatus::Rejected => format!(
                    "rejected ({})",
                    r.reason.as_deref().unwrap_or("see the problems")
                ),
            };
            let file = r
                .file
                .as_deref()
                .map_or_else(String::new, |f| format!("  {f}"));
            console::out(&format!("{:<6} {:<24} {what}{file}", r.initials, name));
        }
        name_skipped(&assessed);
    }
    if let Some(folder) = remind {
        drafts::write_reminders(&master, &report, folder)?;
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
