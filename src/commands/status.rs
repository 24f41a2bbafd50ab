//! `klantwaarde status`: who returned the questionnaire, who answered part, who is missing.

use std::path::{Path, PathBuf};

use anyhow::Result;
use serde::Serialize;

use klantwaarde::ingest::build_report;
use klantwaarde::report::{Problem, RespondentResult, ResponseStatus};

use super::{console, drafts, inputs};
use crate::cli::Status;

/// `klantwaarde status`.
pub fn run(
    master_path: &Path,
    inputs: &[PathBuf],
    json: bool,
    remind: Option<&Path>,
    accept_untagged: bool,
) -> Result<Status> {
    let Some(master) = inputs::load_master(master_path)? else {
        return Ok(Status::Failed);
    };
    let secret = inputs::load_secret(master_path, false)?;
    let files = inputs::collect(inputs)?;
    let assessed = inputs::read_all(&master, &secret, &files, true, accept_untagged);
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
    }
    if let Some(folder) = remind {
        drafts::write_reminders(&master, &secret, &report, folder)?;
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
