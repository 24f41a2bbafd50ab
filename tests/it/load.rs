//! Load: hundreds and thousands of returned questionnaires in one run, for a synthetic master,
//! with peak memory measured.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{Value, json};

use crate::common::{self, klantwaarde};
use crate::hostile::{self, Run};

/// Peak resident memory allowed for ingesting 2,000 questionnaires.
const MAX_PEAK_MB_2000: f64 = 250.0;

/// A master with `respondents` respondents (R0001…) who all answer two KWIs of three questions,
/// plus each KWI's standard question: eight questions each.
fn synthetic_master(respondents: usize) -> String {
    let mut text = String::from(
        "client = \"LAST NV\"\nsupplier = \"BESTSELLER B.V.\"\nperiod = \"2012H1\"\n\n",
    );
    for n in 1..=respondents {
        text += &format!("[[respondents]]\ninitials = \"R{n:04}\"\nname = \"Respondent {n}\"\n\n");
    }
    for kwi in 1..=2 {
        text += &format!("[[kwis]]\nid = \"KWI-0{kwi}\"\ntitle = \"Thema {kwi}\"\n\n");
        for question in 1..=3 {
            text += &format!(
                "[[kwis.questions]]\nid = \"{kwi}.0{question}\"\ntext = \"{{supplier}} vraag {kwi}.{question} voor {{client}}\"\nrespondents = [\"*\"]\n\n"
            );
        }
    }
    text
}

const QUESTIONS: [&str; 8] = [
    "1.01", "1.02", "1.03", "1.04", "2.01", "2.02", "2.03", "2.04",
];

/// Every question answered, differently per respondent.
fn answers(respondent: usize) -> Value {
    let scores: serde_json::Map<String, Value> = QUESTIONS
        .iter()
        .enumerate()
        .map(|(n, q)| (q.to_string(), json!((respondent + n) % 10 + 1)))
        .collect();
    json!({"scores": scores, "nps": respondent % 11, "anonymous": "nee"})
}

/// Writes the synthetic master into `dir`, generates its questionnaires into `dir/blank` and
/// fills each into `dir/returned` (with `extra` fill jobs: name in `returned`, respondent,
/// answers), all in one Python process.
fn generate_and_fill(dir: &Path, respondents: usize, extra: &[(String, usize, Value)]) {
    std::fs::write(dir.join("master.toml"), synthetic_master(respondents)).unwrap();
    klantwaarde(dir)
        .args(["generate", "master.toml", "-o", "blank", "--quiet"])
        .assert()
        .success();
    std::fs::create_dir_all(dir.join("returned")).unwrap();
    let blank = |n: usize| dir.join(format!("blank/2012H1-LAST_NV-R{n:04}.xlsx"));
    let mut jobs: Vec<Value> = (1..=respondents)
        .map(|n| {
            json!([
                blank(n),
                dir.join(format!("returned/R{n:04}.xlsx")),
                answers(n)
            ])
        })
        .collect();
    for (name, respondent, answers) in extra {
        jobs.push(json!([
            blank(*respondent),
            dir.join("returned").join(name),
            answers
        ]));
    }
    let jobs_file = dir.join("jobs.json");
    std::fs::write(&jobs_file, Value::from(jobs).to_string()).unwrap();
    common::python(
        "scripts/fill.py",
        &[Path::new("--batch"), jobs_file.as_path()],
    );
}

fn ingest_folder(dir: &Path) -> Run {
    let args = [
        "ingest",
        "master.toml",
        "returned",
        "-o",
        "monitor.xlsx",
        "--json",
        "--quiet",
    ];
    hostile::measured(dir, &args, Duration::from_secs(600))
}

fn count_status(run: &Run, status: &str) -> usize {
    let json = run.json();
    json["respondents"].as_array().map_or(0, |all| {
        all.iter().filter(|r| r["status"] == status).count()
    })
}

#[test]
fn of_200_files_the_180_good_ones_count_and_the_20_broken_ones_are_listed() {
    if common::openpyxl().is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // 14 broken ways from the hostile corpus: the files it must reject
    let mut corpus: Vec<PathBuf> = std::fs::read_dir(common::root().join("fixtures/hostile"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            let name = path.file_name().unwrap().to_str().unwrap();
            hostile::must_be_rejected(name)
        })
        .collect();
    corpus.sort();
    assert!(corpus.len() >= 14, "{corpus:?}");
    // and 6 tampered questionnaires of respondents who also sent a good one
    let tampered = |changes: Value| {
        let mut spoilt = answers(1);
        for (key, value) in changes.as_object().unwrap() {
            spoilt[key] = value.clone();
        }
        spoilt
    };
    let extra: Vec<(String, usize, Value)> = vec![
        (
            "broken-meta-deleted.xlsx".into(),
            1,
            tampered(json!({"delete_sheet": "meta"})),
        ),
        (
            "broken-not-a-reference.xlsx".into(),
            2,
            tampered(json!({"meta": {"nps_cell": "Vragenlijst!ZZZ0"}})),
        ),
        (
            "broken-outside-the-grid.xlsx".into(),
            3,
            tampered(json!({"meta": {"nps_cell": "Vragenlijst!XFE1"}})),
        ),
        (
            "broken-unknown-sheet.xlsx".into(),
            4,
            tampered(json!({"rename_sheet": ["Vragenlijst", "Blad1"]})),
        ),
        (
            "broken-unknown-respondent.xlsx".into(),
            5,
            tampered(json!({"meta": {"respondent": "R9999"}})),
        ),
        (
            "broken-other-client.xlsx".into(),
            6,
            tampered(json!({"meta": {"client": "ANDERE KLANT"}})),
        ),
    ];
    generate_and_fill(dir.path(), 180, &extra);
    let mut broken: Vec<String> = extra
        .iter()
        .map(|(name, ..)| format!("returned/{name}"))
        .collect();
    for path in corpus.iter().take(20 - extra.len()) {
        let name = format!(
            "returned/broken-{}",
            path.file_name().unwrap().to_str().unwrap()
        );
        std::fs::copy(path, dir.path().join(&name)).unwrap();
        broken.push(name);
    }
    broken.sort();
    assert_eq!(broken.len(), 20);

    let run = ingest_folder(dir.path());
    eprintln!(
        "200 files: exit {}, {:.1} s, peak {:.1} MB",
        run.code, run.seconds, run.peak_mb
    );
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert!(!run.leaks_internals(), "{}", run.stderr);
    assert_eq!(count_status(&run, "returned"), 180, "{}", run.stdout);
    let json = run.json();
    let mut rejected: Vec<String> = json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["severity"] == "rejected")
        .map(|p| p["file"].as_str().unwrap().to_string())
        .collect();
    rejected.sort();
    rejected.dedup();
    assert_eq!(rejected, broken, "{}", run.stderr);
}

/// `cargo test --release --test it -- --ignored load`
#[test]
#[ignore = "load test: run with --ignored; CI runs it"]
fn load_2000_questionnaires_in_one_run_with_bounded_memory() {
    if common::openpyxl().is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    generate_and_fill(dir.path(), 2000, &[]);
    let run = ingest_folder(dir.path());
    eprintln!(
        "ingest of 2,000 questionnaires: exit {}, {:.1} s, peak resident memory {:.1} MB ({} build)",
        run.code,
        run.seconds,
        run.peak_mb,
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        }
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.leaks_internals(), "{}", run.stderr);
    assert_eq!(count_status(&run, "returned"), 2000, "{}", run.stderr);
    assert!(
        run.peak_mb < MAX_PEAK_MB_2000,
        "peak {:.1} MB (limit {MAX_PEAK_MB_2000} MB)",
        run.peak_mb
    );
}
