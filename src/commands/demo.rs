//! `klantwaarde demo`: the whole cycle on the method's example in one folder: the master, the
//! questionnaires, the answers (from [`klantwaarde::demo`]), two measurements and the monitor.

use std::path::Path;

use anyhow::{Context, Result};

use klantwaarde::demo::{DemoAnswers, answers_for};
use klantwaarde::{master, output, questionnaire};

use super::console;
use crate::cli::Status;

/// Runs the demo in `folder`.
///
/// # Errors
/// When the folder cannot be written, or holds files and `force` is not given.
pub fn run(folder: &Path, force: bool) -> Result<Status> {
    let occupied = std::fs::read_dir(folder).is_ok_and(|mut entries| entries.next().is_some());
    if occupied && !force {
        anyhow::bail!(
            "{} already holds files; demo would replace its master, questionnaires and monitor — choose an empty or new folder (klantwaarde demo NEW-FOLDER), or add --force",
            folder.display()
        );
    }
    std::fs::create_dir_all(folder)
        .with_context(|| format!("cannot create the demo folder {}", folder.display()))?;
    let master_path = folder.join("master.toml");
    output::write_atomic(&master_path, klantwaarde::EXAMPLE_MASTER_NL.as_bytes())?;
    let secret = super::inputs::load_secret(&master_path, true)?;
    let current = master::parse(klantwaarde::EXAMPLE_MASTER_NL.as_bytes())
        .map_err(|_| anyhow::anyhow!("the built-in example master does not validate"))?
        .master;
    let mut earlier = current.clone();
    earlier.period = "2011H1".to_string();

    let blank = folder.join("questionnaires");
    let returned = folder.join("returned");
    for dir in [&blank, &returned] {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    for respondent in current.respondent_ids() {
        if current.question_count(respondent) == 0 {
            continue;
        }
        let questionnaire = questionnaire::write(&current, &secret, respondent)?;
        output::write_atomic(&blank.join(&questionnaire.file_name), &questionnaire.bytes)?;
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
    console::say(&format!(
        "demo: the method's example ({} for {}), two measurements: 2011H1 and 2011H2",
        current.supplier, current.client
    ));
    console::say(&format!("  master file:         {}", master_path.display()));
    console::say(&format!(
        "  key (keep, never send): {}",
        super::inputs::key_path(&master_path).display()
    ));
    console::say(&format!("  blank questionnaires: {}", blank.display()));
    console::say(&format!(
        "  returned (filled):   {}  ({} did not answer in 2011H2)",
        returned.display(),
        DemoAnswers::builtin().missing
    ));
    console::say("");
    let monitor = folder.join("monitor.xlsx");
    let status = super::ingest::run(
        &master_path,
        &[returned],
        &monitor,
        None,
        &[],
        super::ingest::Flags::default(),
    )?;
    let analysis = super::ingest::analysis_path(&monitor, &current);
    console::say("");
    console::say(&format!(
        "open {} in Excel or LibreOffice: the dashboard, the KWI scores and their chart, the trend over 2011H1 and 2011H2, NPS and remarks, the action list; {} holds the response, the detail and the problems",
        monitor.display(),
        analysis.display()
    ));
    // The demo's missing respondent is intended; it is not a failure of the demo.
    Ok(match status {
        Status::Partial => Status::Success,
        other => other,
    })
}
