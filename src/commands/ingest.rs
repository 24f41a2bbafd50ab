//! `klantwaarde ingest`: the returned questionnaires in, the monitor workbook out.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use klantwaarde::ingest::{Assessed, Verdict, build_report, summary};
use klantwaarde::labels::Language;
use klantwaarde::master::Master;
use klantwaarde::msg;
use klantwaarde::report::{Problem, Report, ResponseStatus, Severity, TrendPoint};
use klantwaarde::secret::Secret;

use super::console::Failure;
use super::{console, inputs};
use crate::cli::Status;

/// How `ingest` reports and what it accepts, as the flags say.
#[derive(Debug, Clone, Copy, Default)]
pub struct Flags {
    /// `--json`: the summary on stdout.
    pub json: bool,
    /// `-q`: only problems.
    pub quiet: bool,
    /// `--accept-untagged`: count questionnaires (and take a monitor) from before tags.
    pub accept_untagged: bool,
    /// `--trust-previous`: take a `--previous` monitor tagged with another key (a lost key).
    pub trust_previous: bool,
}

/// `klantwaarde ingest`: writes the session monitor to `output` and the analysis workbook to
/// `analysis`, or beside the monitor under [`analysis_path`]'s name. `language` speaks until
/// the master is read, then the master's.
pub fn run(
    master_path: &Path,
    inputs: &[PathBuf],
    output: &Path,
    analysis: Option<&Path>,
    previous: &[PathBuf],
    flags: Flags,
    language: Language,
) -> Result<Status, Failure> {
    inputs::with_master(master_path, language, |master| {
        ingest(
            &master,
            master_path,
            inputs,
            output,
            analysis,
            previous,
            flags,
        )
    })
}

/// Ingests for a master that read, in its language.
fn ingest(
    master: &Master,
    master_path: &Path,
    inputs: &[PathBuf],
    output: &Path,
    analysis: Option<&Path>,
    previous: &[PathBuf],
    flags: Flags,
) -> Result<Status> {
    let Flags {
        json,
        quiet,
        accept_untagged,
        ..
    } = flags;
    let language = master.language;
    let analysis = analysis.map_or_else(|| analysis_path(output, master), Path::to_path_buf);
    if same_file(&analysis, output) {
        anyhow::bail!(msg!(
            language,
            "commands.ingest_analysis_is_monitor",
            path = analysis.display()
        ));
    }
    let secret = inputs::load_secret(master_path, false, language)?;
    let history = previous_history(master, &secret, previous, flags)?;
    let files = inputs::collect(inputs, language)?;
    let targets = Targets {
        master: master_path,
        files: &files,
        previous,
        language,
    };
    refuse_to_overwrite_an_input(output, "-o", &targets)?;
    refuse_to_overwrite_an_input(&analysis, "--analysis", &targets)?;
    let assessed = inputs::read_all(master, &secret, &files, quiet, accept_untagged);
    let usable = assessed
        .iter()
        .filter(|a| !matches!(a.verdict, Verdict::Rejected(_)))
        .count();
    let mut report = build_report(master, &assessed, history);
    key_pseudonyms(&mut report, &secret);
    if !quiet || usable == 0 {
        print_files(&assessed, &report, language);
    }
    if usable == 0 {
        anyhow::bail!(msg!(
            language,
            "commands.ingest_nothing_usable",
            count = files.len()
        ));
    }
    // The cause, under the message, is rust_xlsxwriter's own (English) words.
    let bytes = klantwaarde::monitor::write_tagged(&report, &secret)
        .with_context(|| msg!(language, "commands.ingest_cannot_write_monitor"))?;
    let analysis_bytes = klantwaarde::monitor::write_analysis_tagged(&report, &secret)
        .with_context(|| msg!(language, "commands.ingest_cannot_write_analysis"))?;
    // An analysis workbook in a folder of its own: that folder is checked first, so that a
    // missing one leaves neither workbook written rather than the monitor alone. (In the
    // monitor's folder, writing the monitor says what is wrong.)
    let folder = analysis.parent().filter(|p| !p.as_os_str().is_empty());
    if folder != output.parent().filter(|p| !p.as_os_str().is_empty())
        && folder.is_some_and(|folder| !folder.is_dir())
    {
        let error = klantwaarde::output::WriteError {
            path: analysis.clone(),
            source: std::io::Error::from(std::io::ErrorKind::NotFound),
            hint: klantwaarde::output::WriteHint::NoFolder,
        };
        anyhow::bail!(error.message(language));
    }
    let worded = |e: klantwaarde::output::WriteError| anyhow::anyhow!(e.message(language));
    klantwaarde::output::write_atomic(output, &bytes).map_err(worded)?;
    klantwaarde::output::write_atomic(&analysis, &analysis_bytes).map_err(worded)?;
    if json {
        let text = serde_json::to_string_pretty(&summary(&report, Some(output), Some(&analysis)))?;
        console::json(&text);
    }
    if !quiet {
        print_outcome(&report, output, &analysis, language);
    }
    // 3 says that something given was not counted; warnings that lose nothing leave 0
    let lost = report.problems.iter().any(|p| p.loses_input);
    Ok(if lost {
        Status::Partial
    } else {
        Status::Success
    })
}

fn print_files(assessed: &[Assessed], report: &Report, language: Language) {
    let mut by_file: HashMap<&str, Vec<&Problem>> = HashMap::new();
    for p in &report.problems {
        by_file.entry(p.file.as_str()).or_default().push(p);
    }
    for item in assessed {
        let problems = by_file.remove(item.file.as_str()).unwrap_or_default();
        let verdict = match &item.verdict {
            Verdict::Rejected(_) if inputs::is_skipped(item) => {
                msg!(language, "commands.verdict_skipped")
            }
            Verdict::Rejected(_) => msg!(language, "commands.verdict_rejected"),
            Verdict::OtherPeriod(_) => msg!(language, "commands.verdict_other_period"),
            Verdict::Current(filled) => {
                let result = filled.respondent.map(|i| &report.respondents[i.index()]);
                let used = result.and_then(|r| r.file.as_deref()) == Some(item.file.as_str());
                if !used {
                    msg!(language, "commands.verdict_not_used")
                } else if result.is_some_and(|r| r.status == ResponseStatus::Empty) {
                    msg!(language, "commands.verdict_empty")
                } else if problems.iter().any(|p| p.severity == Severity::Warning) {
                    msg!(language, "commands.verdict_warnings")
                } else {
                    msg!(language, "commands.verdict_accepted")
                }
            }
        };
        console::say(&format!("{}: {verdict}", item.file));
        print_problems(&problems);
    }
    // What is not about one file (the trend's lineage, from `--previous`).
    let mut rest: Vec<(&str, Vec<&Problem>)> = by_file.into_iter().collect();
    rest.sort_by_key(|(file, _)| *file);
    for (file, problems) in rest {
        console::say(&format!("{file}:"));
        print_problems(&problems);
    }
}

fn print_problems(problems: &[&Problem]) {
    for p in problems {
        let cell = p
            .cell
            .as_deref()
            .map_or_else(String::new, |c| format!("{c}: "));
        console::say(&format!("  {cell}{}", p.message));
    }
}

fn print_outcome(report: &Report, output: &Path, analysis: &Path, language: Language) {
    let returned = report
        .respondents
        .iter()
        .filter(|r| matches!(r.status, ResponseStatus::Returned | ResponseStatus::Partial))
        .count();
    let format = |score: Option<f64>| {
        score.map_or_else(
            || "—".to_string(),
            |s| klantwaarde::messages::decimal(language, s, Some(2)),
        )
    };
    console::say("");
    console::say(&msg!(
        language,
        "commands.ingest_wrote",
        monitor = output.display(),
        analysis = analysis.display()
    ));
    let indicative = if report.nps.indicative && report.nps.responses > 0 {
        msg!(language, "commands.ingest_nps_indicative")
    } else {
        String::new()
    };
    console::say(&msg!(
        language,
        "commands.ingest_outcome",
        returned,
        respondents = report.respondents.len(),
        total = format(report.scores.total_score),
        nps = report
            .nps
            .score
            .map_or_else(|| "—".to_string(), |n| n.to_string()),
        indicative
    ));
    for (kwi, scored) in report.master.kwis.iter().zip(&report.scores.kwis) {
        console::say(&msg!(
            language,
            "commands.ingest_kwi",
            id = format!("{:<8}", kwi.id),
            score = format!("{:>5}", format(scored.score)),
            target = format(kwi.target),
            title = kwi.title
        ));
    }
    let missing: Vec<&str> = report
        .respondents
        .iter()
        .filter(|r| {
            matches!(
                r.status,
                ResponseStatus::Missing | ResponseStatus::Rejected | ResponseStatus::Empty
            )
        })
        .map(|r| r.initials.as_str())
        .collect();
    if !missing.is_empty() {
        console::say(&msg!(
            language,
            "commands.ingest_missing",
            missing = missing.join(", ")
        ));
    }
    let rejected = report
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Rejected)
        .count();
    let warnings = report
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Warning)
        .count();
    if rejected + warnings > 0 {
        console::say(&msg!(
            language,
            "commands.ingest_problems",
            rejected,
            warnings
        ));
    }
}

/// Reads the `--previous` monitors' history: each file through the same size cap and guards as
/// a returned questionnaire, its lineage checked (this client and supplier, the tag of this
/// account manager, no period after this one). A monitor that fails is refused with a message
/// naming it; nothing is written then.
fn previous_history(
    master: &Master,
    secret: &Secret,
    previous: &[PathBuf],
    flags: Flags,
) -> Result<Vec<TrendPoint>> {
    let language = master.language;
    let limits = klantwaarde::reader::Limits::default();
    // each period with the point and the monitor that gave it
    let mut points: BTreeMap<String, (TrendPoint, &Path)> = BTreeMap::new();
    for path in previous {
        let refuse = |why: String| {
            anyhow::anyhow!(msg!(
                language,
                "commands.previous_file",
                path = path.display(),
                why
            ))
        };
        let bytes = inputs::read_capped(path, limits.max_file_bytes, language).map_err(|e| {
            refuse(msg!(
                language,
                "commands.previous_cannot_be_used",
                why = e.message(language)
            ))
        })?;
        let history =
            klantwaarde::monitor::read_history(&bytes).map_err(|e| refuse(e.message(language)))?;
        let trust = klantwaarde::monitor::Trust {
            accept_untagged: flags.accept_untagged,
            trust_previous: flags.trust_previous,
        };
        let notes = history
            .check(master, secret, trust, inputs::KEY_FILE)
            .map_err(|e| refuse(e.message(language)))?;
        for note in notes {
            let text = msg!(
                language,
                "commands.previous_file",
                path = path.display(),
                why = note.message(language)
            );
            if note.is_warning() {
                console::warn(language, &text);
            } else {
                console::say(&text);
            }
        }
        for point in history.points {
            if let Some((earlier, from)) = points.get(&point.period)
                && *earlier != point
            {
                let conflict = klantwaarde::monitor::PreviousError::Conflict {
                    period: point.period.clone(),
                    other: from.display().to_string(),
                };
                return Err(refuse(conflict.message(language)));
            }
            points.insert(point.period.clone(), (point, path));
        }
    }
    Ok(points.into_values().map(|(point, _)| point).collect())
}

/// The analysis workbook's default path: beside the monitor, its name with `-analyse` (Dutch)
/// or `-analysis` (English) before the extension: `monitor-2011H2.xlsx` gives
/// `monitor-2011H2-analyse.xlsx`.
pub fn analysis_path(output: &Path, master: &klantwaarde::master::Master) -> PathBuf {
    let suffix =
        &klantwaarde::labels::Labels::for_language(master.language).monitor_analysis_suffix;
    let stem = output
        .file_stem()
        .map_or_else(|| "monitor".into(), |stem| stem.to_string_lossy());
    output.with_file_name(format!("{stem}-{suffix}.xlsx"))
}

/// Whether two paths name the same file (the same path, or the same existing file).
fn same_file(a: &Path, b: &Path) -> bool {
    a == b
        || matches!(
            (std::fs::canonicalize(a), std::fs::canonicalize(b)),
            (Ok(x), Ok(y)) if x == y
        )
}

/// Gives anonymous respondents pseudonyms keyed by the account manager's secret beside the
/// master, so that no one holding only the workbooks can tell whose "Respondent 1" is.
fn key_pseudonyms(report: &mut Report, secret: &Secret) {
    let anonymous: Vec<_> = report
        .respondents
        .iter()
        .filter(|r| r.anonymous)
        .map(|r| r.index)
        .collect();
    if anonymous.is_empty() {
        return;
    }
    let pseudonyms = klantwaarde::anonymity::keyed_pseudonyms(
        report.master,
        |parts| secret.tag(parts),
        anonymous.into_iter(),
    );
    for result in &mut report.respondents {
        if let Some(pseudonym) = pseudonyms.get(&result.index) {
            result.shown_as = pseudonym.clone();
        }
    }
}

/// What the run reads, which no output may replace, and the language to refuse in.
struct Targets<'a> {
    master: &'a Path,
    files: &'a [PathBuf],
    previous: &'a [PathBuf],
    language: Language,
}

/// The monitor must not replace what the run reads: the master, its key, a returned questionnaire,
/// or a monitor given with `--previous`. Nothing is written then; the message says what to do.
fn refuse_to_overwrite_an_input(output: &Path, flag: &str, targets: &Targets) -> Result<()> {
    let Targets {
        master,
        files,
        previous,
        language,
    } = *targets;
    // Only an existing file can be overwritten, and only its canonical path names it surely
    // (`./a/../monitor.xlsx`, links).
    let Ok(target) = std::fs::canonicalize(output) else {
        return Ok(());
    };
    let same = |path: &Path| std::fs::canonicalize(path).is_ok_and(|p| p == target);
    let what = if same(master) {
        Some(msg!(language, "commands.overwrite_master"))
    } else if same(&inputs::key_path(master)) {
        Some(msg!(language, "commands.overwrite_key"))
    } else if files.iter().any(|f| same(f)) {
        Some(msg!(language, "commands.overwrite_returned"))
    } else if previous.iter().any(|f| same(f)) {
        Some(msg!(language, "commands.overwrite_previous"))
    } else {
        None
    };
    let path = output.display();
    match what {
        Some(what) if flag == "-o" => {
            anyhow::bail!(msg!(language, "commands.overwrite_monitor", path, what))
        }
        Some(what) => anyhow::bail!(msg!(language, "commands.overwrite_analysis", path, what)),
        None => Ok(()),
    }
}
