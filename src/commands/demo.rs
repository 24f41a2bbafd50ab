//! `klantwaarde demo`: the whole cycle on the method's example in one folder: the master, the
//! questionnaires, the answers (from [`klantwaarde::demo`]), two measurements and the monitor.

use std::path::Path;

use anyhow::{Context, Result};

use klantwaarde::demo::{DemoAnswers, answers_for};
use klantwaarde::labels::Language;
use klantwaarde::msg;
use klantwaarde::{master, output, questionnaire};

use super::console::{self, Failure, Speak};
use crate::cli::Status;

/// Runs the demo in `folder`, on the method's example in `language` (its master, and so every
/// message and workbook, in that language).
///
/// # Errors
/// When the folder cannot be written, or holds files and `force` is not given.
pub fn run(folder: &Path, force: bool, language: Language) -> Result<Status, Failure> {
    let occupied = std::fs::read_dir(folder).is_ok_and(|mut entries| entries.next().is_some());
    if occupied && !force {
        return Err(anyhow::anyhow!(msg!(
            language,
            "commands.demo_occupied",
            path = folder.display()
        )))
        .speak(language);
    }
    let master_path = folder.join("master.toml");
    let current = demo(folder, &master_path, language).speak(language)?;
    let status = super::ingest::run(
        &master_path,
        &[folder.join("returned")],
        &folder.join("monitor.xlsx"),
        None,
        &[],
        super::ingest::Flags::default(),
        language,
    )?;
    Ok(finish(folder, &current, status))
}

/// Writes the demo's master, key, questionnaires and returned answers; the master it wrote.
fn demo(folder: &Path, master_path: &Path, language: Language) -> Result<master::Master> {
    let example = match language {
        Language::Dutch => klantwaarde::EXAMPLE_MASTER_NL,
        Language::English => klantwaarde::EXAMPLE_MASTER_EN,
    };
    std::fs::create_dir_all(folder).with_context(|| {
        msg!(
            language,
            "commands.demo_cannot_create",
            path = folder.display()
        )
    })?;
    output::write_atomic(master_path, example.as_bytes())?;
    let secret = super::inputs::load_secret(master_path, true, language)?;
    let current = master::parse(example.as_bytes())
        .map_err(|_| anyhow::anyhow!(msg!(language, "commands.demo_example_invalid")))?
        .master;
    let mut earlier = current.clone();
    earlier.period = "2011H1".to_string();

    let blank = folder.join("questionnaires");
    let returned = folder.join("returned");
    for dir in [&blank, &returned] {
        std::fs::create_dir_all(dir)
            .with_context(|| msg!(language, "commands.cannot_create", path = dir.display()))?;
    }
    for respondent in current.respondent_ids() {
        if current.question_count(respondent) == 0 {
            continue;
        }
        let questionnaire = questionnaire::write(&current, &secret, respondent)?;
        output::write_atomic(&blank.join(&questionnaire.file_name), &questionnaire.bytes)
            .map_err(|e| anyhow::anyhow!(e.message(language)))?;
        for (master, lift) in [(&earlier, -1), (&current, 0)] {
            if master.period == current.period
                && current.respondent(respondent).initials == DemoAnswers::builtin().missing
            {
                continue;
            }
            let filled = questionnaire::write_filled(
                master,
                &secret,
                respondent,
                &answers_for(master, respondent, lift),
            )?;
            output::write_atomic(&returned.join(&filled.file_name), &filled.bytes)?;
        }
    }
    console::say(&msg!(
        language,
        "commands.demo_title",
        supplier = current.supplier,
        client = current.client
    ));
    console::say(&msg!(
        language,
        "commands.demo_master",
        path = master_path.display()
    ));
    console::say(&msg!(
        language,
        "commands.demo_key",
        path = super::inputs::key_path(master_path).display()
    ));
    console::say(&msg!(
        language,
        "commands.demo_blank",
        path = blank.display()
    ));
    console::say(&msg!(
        language,
        "commands.demo_returned",
        path = returned.display(),
        missing = DemoAnswers::builtin().missing
    ));
    console::say("");
    Ok(current)
}

/// Says where to look, after the monitor was written; the demo's status.
fn finish(folder: &Path, current: &master::Master, status: Status) -> Status {
    let language = current.language;
    let monitor = folder.join("monitor.xlsx");
    let analysis = super::ingest::analysis_path(&monitor, current);
    console::say("");
    console::say(&msg!(
        language,
        "commands.demo_open",
        monitor = monitor.display(),
        analysis = analysis.display()
    ));
    // The demo's missing respondent is intended; it is not a failure of the demo.
    match status {
        Status::Partial => Status::Success,
        other => other,
    }
}
