//! `klantwaarde check`: validates a master and prints its overview.

use std::path::Path;

use klantwaarde::labels::Language;
use klantwaarde::master::Master;
use klantwaarde::msg;

use super::console::Failure;
use super::{console, inputs};
use crate::cli::Status;

/// `klantwaarde check`; `language` speaks until the master is read, then the master's.
pub fn run(path: &Path, language: Language) -> Result<Status, Failure> {
    inputs::with_master(path, language, |master| {
        for line in overview(&master).lines() {
            console::out(line);
        }
        Ok(Status::Success)
    })
}

/// The text overview `check` prints: respondents, KWIs, questions per respondent and the
/// assignment matrix, in the master's language.
fn overview(master: &Master) -> String {
    use std::fmt::Write as _;
    let mut text = String::new();
    let language = master.language;
    let questions: usize = master.kwis.iter().map(|k| k.questions.len()).sum();
    let workbooks = match master.language {
        Language::Dutch => msg!(language, "commands.check_dutch"),
        Language::English => msg!(language, "commands.check_english"),
    };
    let due = master.deadline.map_or_else(String::new, |date| {
        msg!(language, "commands.check_due", date)
    });
    let _ = writeln!(
        text,
        "{}",
        msg!(
            language,
            "commands.check_title",
            title = master.title,
            supplier = master.supplier,
            client = master.client,
            period = master.period,
            workbooks,
            due
        )
    );
    let _ = writeln!(
        text,
        "{}\n",
        msg!(
            language,
            "commands.check_counts",
            respondents = master.respondents.len(),
            kwis = master.kwis.len(),
            questions,
            actions = master.actions.len()
        )
    );
    let _ = writeln!(text, "{}", msg!(language, "commands.check_respondents"));
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
    let _ = writeln!(text, "\n{}", msg!(language, "commands.check_kwis"));
    for kwi in &master.kwis {
        let target = kwi.target.map_or_else(
            || "  — ".to_string(),
            |t| {
                format!(
                    "{:>5}",
                    klantwaarde::messages::decimal(language, t, Some(2))
                )
            },
        );
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
            "\n{}",
            msg!(
                language,
                "commands.check_matrix_left_out",
                respondents = master.respondents.len()
            )
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
        "\n{}\n  {:id_width$}",
        msg!(language, "commands.check_matrix"),
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
