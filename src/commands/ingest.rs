//! `klantwaarde ingest`: the returned questionnaires in, the monitor workbook out.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use klantwaarde::ingest::{Assessed, Verdict, build_report, summary};
use klantwaarde::master::period::Period;
use klantwaarde::master::{Master, fold};
use klantwaarde::report::{Problem, Report, ResponseStatus, Severity, TrendPoint};
use klantwaarde::secret::Secret;

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
/// `analysis`, or beside the monitor under [`analysis_path`]'s name.
pub fn run(
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
    let Some(master) = inputs::load_master(master_path)? else {
        return Ok(Status::Failed);
    };
    let analysis = analysis.map_or_else(|| analysis_path(output, &master), Path::to_path_buf);
    if same_file(&analysis, output) {
        anyhow::bail!(
            "--analysis {} is the monitor itself; nothing was written — give the analysis workbook another name, e.g. --analysis analyse.xlsx",
            analysis.display()
        );
    }
    let secret = inputs::load_secret(master_path, false)?;
    let history = previous_history(&master, &secret, previous, flags)?;
    let files = inputs::collect(inputs)?;
    refuse_to_overwrite_an_input(output, "-o", master_path, &files, previous)?;
    refuse_to_overwrite_an_input(&analysis, "--analysis", master_path, &files, previous)?;
    let assessed = inputs::read_all(&master, &secret, &files, quiet, accept_untagged);
    let usable = assessed
        .iter()
        .filter(|a| !matches!(a.verdict, Verdict::Rejected(_)))
        .count();
    let mut report = build_report(&master, &assessed, history);
    key_pseudonyms(&mut report, &secret);
    if !quiet || usable == 0 {
        print_files(&assessed, &report);
    }
    if usable == 0 {
        anyhow::bail!(
            "no usable questionnaire among {} file(s); nothing was written — check the messages above, or point ingest at the folder with the returned questionnaires",
            files.len()
        );
    }
    let bytes = klantwaarde::monitor::write_tagged(&report, &secret)
        .context("cannot write the session monitor")?;
    let analysis_bytes = klantwaarde::monitor::write_analysis_tagged(&report, &secret)
        .context("cannot write the analysis workbook")?;
    // An analysis workbook in a folder of its own: that folder is checked first, so that a
    // missing one leaves neither workbook written rather than the monitor alone. (In the
    // monitor's folder, writing the monitor says what is wrong.)
    let folder = analysis.parent().filter(|p| !p.as_os_str().is_empty());
    if folder != output.parent().filter(|p| !p.as_os_str().is_empty())
        && folder.is_some_and(|folder| !folder.is_dir())
    {
        return Err(klantwaarde::output::WriteError {
            path: analysis.clone(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such folder"),
            hint: "the folder does not exist; create it or choose another",
        }
        .into());
    }
    klantwaarde::output::write_atomic(output, &bytes)?;
    klantwaarde::output::write_atomic(&analysis, &analysis_bytes)?;
    if json {
        let text = serde_json::to_string_pretty(&summary(&report, Some(output), Some(&analysis)))?;
        console::json(&text);
    }
    if !quiet {
        print_outcome(&report, output, &analysis);
    }
    // 3 says that something given was not counted; warnings that lose nothing leave 0
    let lost = report.problems.iter().any(|p| p.loses_input);
    Ok(if lost {
        Status::Partial
    } else {
        Status::Success
    })
}

fn print_files(assessed: &[Assessed], report: &Report) {
    let mut by_file: HashMap<&str, Vec<&Problem>> = HashMap::new();
    for p in &report.problems {
        by_file.entry(p.file.as_str()).or_default().push(p);
    }
    for item in assessed {
        let problems = by_file.remove(item.file.as_str()).unwrap_or_default();
        let verdict = match &item.verdict {
            Verdict::Rejected(_) if inputs::is_skipped(item) => "skipped",
            Verdict::Rejected(_) => "rejected",
            Verdict::OtherPeriod(_) => "other period",
            Verdict::Current(filled) => {
                let result = filled.respondent.map(|i| &report.respondents[i.index()]);
                let used = result.and_then(|r| r.file.as_deref()) == Some(item.file.as_str());
                if !used {
                    "not used (another copy counts)"
                } else if result.is_some_and(|r| r.status == ResponseStatus::Empty) {
                    "returned empty"
                } else if problems.iter().any(|p| p.severity == Severity::Warning) {
                    "accepted with warnings"
                } else {
                    "accepted"
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

fn print_outcome(report: &Report, output: &Path, analysis: &Path) {
    let returned = report
        .respondents
        .iter()
        .filter(|r| matches!(r.status, ResponseStatus::Returned | ResponseStatus::Partial))
        .count();
    let format = |score: Option<f64>| score.map_or_else(|| "—".to_string(), |s| format!("{s:.2}"));
    console::say("");
    console::say(&format!(
        "wrote the monitor {} (for the value session) and the analysis workbook {} (response, detail and problems: not for the client)",
        output.display(),
        analysis.display()
    ));
    console::say(&format!(
        "  {returned} of {} respondents returned a questionnaire; total score {}; NPS {}{}",
        report.respondents.len(),
        format(report.scores.total_score),
        report
            .nps
            .score
            .map_or_else(|| "—".to_string(), |n| n.to_string()),
        if report.nps.indicative && report.nps.responses > 0 {
            " (indicative: fewer than 5 answers)"
        } else {
            ""
        }
    ));
    for (kwi, scored) in report.master.kwis.iter().zip(&report.scores.kwis) {
        console::say(&format!(
            "  {:<8} {:>5}  (target {})  {}",
            kwi.id,
            format(scored.score),
            format(kwi.target),
            kwi.title
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
        console::say(&format!(
            "  missing: {} — `klantwaarde status` lists them, `--remind` writes reminder drafts",
            missing.join(", ")
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
        console::say(&format!(
            "  {rejected} file(s) rejected, {warnings} warning(s): see above and the analysis workbook's problems sheet"
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
    let limits = klantwaarde::reader::Limits::default();
    let current = Period::parse(&master.period);
    // each period with the point and the monitor that gave it
    let mut points: BTreeMap<String, (TrendPoint, &Path)> = BTreeMap::new();
    for path in previous {
        let refuse = |why: String| anyhow::anyhow!("--previous {}: {why}", path.display());
        let bytes = inputs::read_capped(path, limits.max_file_bytes).map_err(|e| {
            refuse(format!(
                "cannot be used: {}",
                e.message(klantwaarde::labels::Language::English)
            ))
        })?;
        let history =
            klantwaarde::monitor::read_history(&bytes).map_err(|e| refuse(e.to_string()))?;
        for point in &history.points {
            if let (Some(current), Some(period)) = (current, Period::parse(&point.period))
                && period.starts_after(&current)
            {
                let cell = history
                    .cells
                    .get(&point.period)
                    .cloned()
                    .unwrap_or_default();
                return Err(refuse(format!(
                    "{}!{cell}: the period {} comes after this measurement's {}; a previous monitor holds earlier periods only — give the right monitor, or check the period in the master",
                    klantwaarde::monitor::HISTORY_SHEET,
                    point.period,
                    master.period
                )));
            }
        }
        if history.legacy {
            if !flags.accept_untagged {
                return Err(refuse(
                    "written by an older klantwaarde, before monitors carried their lineage and tag, so nothing shows whose trend it is; give it once with --accept-untagged (the new monitor then carries a tag), or leave it out".to_string(),
                ));
            }
            console::warn(&format!(
                "--previous {}: a monitor from before lineage, taken because of --accept-untagged; check that it is {}'s trend",
                path.display(),
                master.client
            ));
        } else {
            if fold(&history.client) != fold(&master.client)
                || fold(&history.supplier) != fold(&master.supplier)
            {
                return Err(refuse(format!(
                    "the monitor of client `{}` (supplier `{}`), but this master measures client `{}` (supplier `{}`); give that client's own earlier monitor",
                    history.client, history.supplier, master.client, master.supplier
                )));
            }
            let verified = history.verify(secret);
            if !verified && !flags.trust_previous {
                return Err(refuse(format!(
                    "its hidden `{}` sheet does not carry this account manager's tag: it was edited by hand, or written with another key than {}; give the monitor as klantwaarde ingest wrote it (only when that key was lost and made anew: add --trust-previous)",
                    klantwaarde::monitor::HISTORY_SHEET,
                    inputs::KEY_FILE
                )));
            }
            if !verified {
                console::warn(&format!(
                    "--previous {}: its trend does not carry the tag of {} and is taken unverified because of --trust-previous; the new monitor's trend is tagged with this key",
                    path.display(),
                    inputs::KEY_FILE
                ));
            }
        }
        for point in history.points {
            if point.period == master.period {
                console::say(&format!(
                    "--previous {}: holds {}, the period measured now: this run's measurement replaces it",
                    path.display(),
                    point.period
                ));
            }
            if let Some((earlier, from)) = points.get(&point.period)
                && *earlier != point
            {
                return Err(refuse(format!(
                    "holds another {} measurement than --previous {}; give the latest monitor only (it carries the whole trend), or the monitors of different periods",
                    point.period,
                    from.display()
                )));
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

/// The monitor must not replace what the run reads: the master, its key, a returned questionnaire,
/// or a monitor given with `--previous`. Nothing is written then; the message says what to do.
fn refuse_to_overwrite_an_input(
    output: &Path,
    flag: &str,
    master: &Path,
    files: &[PathBuf],
    previous: &[PathBuf],
) -> Result<()> {
    // Only an existing file can be overwritten, and only its canonical path names it surely
    // (`./a/../monitor.xlsx`, links).
    let Ok(target) = std::fs::canonicalize(output) else {
        return Ok(());
    };
    let same = |path: &Path| std::fs::canonicalize(path).is_ok_and(|p| p == target);
    let what = if same(master) {
        Some("the master file")
    } else if same(&inputs::key_path(master)) {
        Some("the key file beside the master (without it no questionnaire sent can be verified)")
    } else if files.iter().any(|f| same(f)) {
        Some("one of the returned questionnaires being read")
    } else if previous.iter().any(|f| same(f)) {
        Some("a previous monitor being read")
    } else {
        None
    };
    match what {
        Some(what) => anyhow::bail!(
            "{flag} {} is {what}; nothing was written — give the {} another name, e.g. {flag} {}",
            output.display(),
            if flag == "-o" {
                "monitor"
            } else {
                "analysis workbook"
            },
            if flag == "-o" {
                "monitor.xlsx"
            } else {
                "analyse.xlsx"
            }
        ),
        None => Ok(()),
    }
}
