//! The commands: the edge where files are read and written and messages printed.
//!
//! Each command turns validated arguments into calls on the library and decides the exit
//! status; the work itself lives in the domain modules.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use rayon::prelude::*;

use crate::cli::{Cli, Command, Lang, Status};
use crate::labels::Language;
use crate::master::{self, Master, MasterError, Severity};
use crate::{output, questionnaire, reader};

/// Runs one command.
///
/// # Errors
/// Any failure that stops the command as a whole; problems with single inputs are reported and
/// change the returned [`Status`] instead.
pub fn run(cli: Cli) -> Result<Status> {
    match cli.command {
        Command::Init { path, lang } => init(&path, lang),
        Command::Check { master } => check(&master),
        Command::Generate {
            master,
            output,
            only,
            mail,
            force,
            quiet,
        } => generate(&master, &output, &only, mail, force, quiet),
        Command::Ingest {
            master,
            inputs,
            output,
            previous,
            json,
            quiet,
        } => crate::ingest::run(&master, &inputs, &output, &previous, json, quiet),
        Command::Status {
            master,
            inputs,
            json,
            remind,
        } => crate::ingest::status(&master, &inputs, json, remind.as_deref()),
        Command::Demo { dir } => crate::demo::run(&dir),
    }
}

/// Prints a line on standard output; a closed pipe (`klantwaarde check … | head`) is not an error.
pub fn out(text: impl std::fmt::Display) {
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{text}");
}

fn init(path: &Path, lang: Lang) -> Result<Status> {
    let text = match lang {
        Lang::Nl => crate::EXAMPLE_MASTER_NL,
        Lang::En => crate::EXAMPLE_MASTER_EN,
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
    eprintln!(
        "wrote {}: the method's example; edit it for your client, then run `klantwaarde check {}`",
        path.display(),
        path.display()
    );
    Ok(Status::Success)
}

/// Loads a master and prints its diagnostics on standard error; `None` when it has errors.
pub fn load_master(path: &Path) -> Result<Option<Master>> {
    match master::load(path) {
        Ok(parsed) => {
            for warning in &parsed.warnings {
                eprintln!("{}", warning.display(path));
            }
            Ok(Some(parsed.master))
        }
        Err(MasterError::Invalid { path, diagnostics }) => {
            for diagnostic in &diagnostics {
                eprintln!("{}", diagnostic.display(&path));
            }
            let errors = diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count();
            eprintln!(
                "error: {} has {errors} error(s); fix them and run `klantwaarde check {}` again",
                path.display(),
                path.display()
            );
            Ok(None)
        }
        Err(error) => Err(error.into()),
    }
}

fn check(path: &Path) -> Result<Status> {
    let Some(master) = load_master(path)? else {
        return Ok(Status::Failed);
    };
    out(overview(&master));
    Ok(Status::Success)
}

/// The text overview `check` prints: respondents, KWIs, questions per respondent and the
/// assignment matrix.
pub fn overview(master: &Master) -> String {
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
    for (index, respondent) in master.respondents.iter().enumerate() {
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
            for index in 0..master.respondents.len() {
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

fn generate(
    master_path: &Path,
    folder: &Path,
    only: &[String],
    mail: bool,
    force: bool,
    quiet: bool,
) -> Result<Status> {
    let Some(master) = load_master(master_path)? else {
        return Ok(Status::Failed);
    };
    let selected = select_respondents(&master, only)?;
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
    let mut by_name: HashMap<String, usize> = HashMap::new();
    for &respondent in &selected {
        let name = questionnaire::file_name(&master, respondent);
        if let Some(&other) = by_name.get(&name) {
            bail!(
                "{} and {} would both get the questionnaire {name}; give one of them other initials in {}",
                master.respondents[other].initials,
                master.respondents[respondent].initials,
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
                eprintln!("error: {message}");
            }
            eprintln!(
                "error: nothing was written; move these files out of {} (they may be returned questionnaires), or run again with --force to overwrite them",
                folder.display()
            );
            return Ok(Status::Failed);
        }
    }
    // Each worker builds a questionnaire and writes it at once, so that only the workbooks in
    // flight are in memory; the bytes are kept only when mail drafts attach them. Every file is
    // written whole; should building one fail (a limit of the format), the others already
    // written stay, each complete.
    let progress = progress_bar(selected.len() as u64, quiet);
    let written: Vec<(questionnaire::Questionnaire, bool)> = selected
        .par_iter()
        .map(|&respondent| -> Result<_> {
            let mut questionnaire = questionnaire::write(&master, respondent)
                .context("cannot write a questionnaire")?;
            let path = folder.join(&questionnaire.file_name);
            let unchanged =
                std::fs::read(&path).is_ok_and(|existing| existing == questionnaire.bytes);
            if !unchanged {
                output::write_atomic(&path, &questionnaire.bytes)?;
            }
            if !mail {
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
    if mail {
        status = crate::drafts::write_invitations(&master, &written, folder, quiet)?;
    }
    if !quiet {
        for questionnaire in &written {
            let respondent = &master.respondents[questionnaire.respondent];
            eprintln!(
                "  {:<6} {:>3} questions  {}",
                respondent.initials,
                questionnaire.questions,
                folder.join(&questionnaire.file_name).display()
            );
        }
        let same = if unchanged > 0 {
            format!(" ({unchanged} unchanged)")
        } else {
            String::new()
        };
        eprintln!(
            "wrote {} questionnaire(s) to {}{same}",
            written.len(),
            folder.display()
        );
    }
    Ok(status)
}

/// The respondents to generate for: those named with `--only`, else everyone with questions.
fn select_respondents(master: &Master, only: &[String]) -> Result<Vec<usize>> {
    let mut selected = Vec::new();
    if only.is_empty() {
        for index in 0..master.respondents.len() {
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
                master.respondents[index].name
            );
        }
        if !selected.contains(&index) {
            selected.push(index);
        }
    }
    Ok(selected)
}

/// Why the file at `path` must not be overwritten, if it must not: it holds answers, or it is
/// something other than a questionnaire.
fn holds_answers(path: &Path) -> Option<String> {
    let bytes = std::fs::read(path).ok()?;
    match reader::read_questionnaire(&bytes, &reader::Limits::default()) {
        Ok(returned) if crate::ingest::has_answers(&returned) => Some(format!(
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

/// A progress bar on standard error for long runs; hidden when it is not a terminal or with
/// `--quiet`.
pub fn progress_bar(length: u64, quiet: bool) -> indicatif::ProgressBar {
    if quiet || length < 50 || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(length);
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}") {
        bar.set_style(style);
    }
    bar
}

/// Every file under `inputs`: files as given, folders recursively in name order, skipping
/// hidden files and lock files (`~$…`, `.~lock…`).
pub fn collect_inputs(inputs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            walk(input, &mut files)
                .with_context(|| format!("cannot read the folder {}", input.display()))?;
        } else if input.exists() {
            files.push(input.clone());
        } else {
            bail!(
                "{} does not exist; check the name, or give the folder that holds the returned questionnaires",
                input.display()
            );
        }
    }
    Ok(files)
}

fn walk(folder: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(folder)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name.starts_with('.') || name.starts_with("~$") {
            continue;
        }
        if path.is_dir() {
            walk(&path, files)?;
        } else {
            let spreadsheet = path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                matches!(
                    e.to_ascii_lowercase().as_str(),
                    "xlsx" | "xlsm" | "xls" | "ods"
                )
            });
            if spreadsheet {
                files.push(path);
            }
        }
    }
    Ok(())
}
