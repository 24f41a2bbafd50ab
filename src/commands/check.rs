//! `klantwaarde check`: validates a master and prints its overview.

use std::path::Path;

use anyhow::Result;

use klantwaarde::labels::Language;
use klantwaarde::master::Master;

use super::{console, inputs};
use crate::cli::Status;

pub fn run(path: &Path) -> Result<Status> {
    let Some(master) = inputs::load_master(path)? else {
        return Ok(Status::Failed);
    };
    for line in overview(&master).lines() {
        console::out(line);
    }
    Ok(Status::Success)
}

/// The text overview `check` prints: respondents, KWIs, questions per respondent and the
/// assignment matrix.
fn overview(master: &Master) -> String {
    use std::fmt::Write as _;
    let mut text = String::new();
    let questions: usize = master.kwis.iter().map(|k| k.questions.len()).sum();
    let language = match master.language {
        Language::Dutch => "Dutch",
        Language::English => "English",
    };
    let _ = writeln!(
        text,
        "{} — {} for {}, period {} ({language} workbooks{})",
        master.title,
        master.supplier,
        master.client,
        master.period,
        master
            .deadline
            .map_or_else(String::new, |d| format!(", due {d}"))
    );
    let _ = writeln!(
        text,
        "{} respondents, {} KWIs, {questions} questions, {} actions\n",
        master.respondents.len(),
        master.kwis.len(),
        master.actions.len()
    );
    let _ = writeln!(text, "Respondents (questions each):");
    for index in master.respondent_ids() {
        let respondent = master.respondent(index);
        let role = respondent
            .role
            .as_deref()
            .map_or_else(String::new, |r| format!(", {r}"));
        let _ = writeln!(
            text,
            "  {:<6} {:>3}  {}{role}",
            respondent.initials,
            master.question_count(index),
            respondent.name
        );
    }
    let _ = writeln!(text, "\nKWIs (target, questions):");
    for kwi in &master.kwis {
        let target = kwi
            .target
            .map_or_else(|| "  — ".to_string(), |t| format!("{t:>5.2}"));
        let _ = writeln!(
            text,
            "  {:<8} {target} {:>3}  {}",
            kwi.id,
            kwi.questions.len(),
            kwi.title
        );
    }
    const MATRIX_LIMIT: usize = 26;
    if master.respondents.len() > MATRIX_LIMIT {
        let _ = writeln!(
            text,
            "\nThe assignment matrix is left out here ({} respondents); the monitor's assignment sheet shows it.",
            master.respondents.len()
        );
        return text;
    }
    let width = master
        .respondents
        .iter()
        .map(|r| r.initials.chars().count())
        .max()
        .unwrap_or(2)
        .max(2);
    let id_width = master
        .kwis
        .iter()
        .flat_map(|k| &k.questions)
        .map(|q| q.id.chars().count() + 1)
        .max()
        .unwrap_or(4);
    let _ = write!(
        text,
        "\nAssignment matrix (x answers, * standard question):\n  {:id_width$}",
        ""
    );
    for respondent in &master.respondents {
        let _ = write!(text, " {:>width$}", respondent.initials);
    }
    let _ = writeln!(text);
    for kwi in &master.kwis {
        let _ = writeln!(text, "  {} {}", kwi.id, kwi.title);
        for question in &kwi.questions {
            let marked = format!(
                "{}{}",
                question.id,
                if question.standard.is_some() { "*" } else { "" }
            );
            let _ = write!(text, "  {marked:id_width$}");
            for index in master.respondent_ids() {
                let mark = if question.respondents.binary_search(&index).is_ok() {
                    "x"
                } else {
                    "."
                };
                let _ = write!(text, " {mark:>width$}");
            }
            let _ = writeln!(text);
        }
    }
    text
}
