//! The round trip through real spreadsheet clients: questionnaires filled with openpyxl and in
//! LibreOffice itself, saved back as .xlsx, .ods and .xls by LibreOffice and ingested; what
//! LibreOffice keeps of protection, dropdowns and the hidden `meta` sheet; the monitor opened,
//! printed and recalculated in LibreOffice; the same round trip through Gnumeric (`ssconvert`),
//! and a committed questionnaire that Gnumeric saved as .ods.
//!
//! Every test skips with a line where LibreOffice or openpyxl is absent, and fails in CI
//! (`KLANTWAARDE_REQUIRE_CLIENTS`). Each soffice run gets a private profile, so the tests run in
//! parallel; the independent soffice runs of one test run side by side as well.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs::File;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use calamine::{Data, Reader};
use serde_json::{Value, json};

use crate::common::{self, example_dir, klantwaarde};

/// How long one soffice run may take before it is killed and the test fails: a start takes
/// 2–5 s here, a slow CI machine may take several times that.
const SOFFICE_TIMEOUT: Duration = Duration::from_secs(240);

/// A remark that a spreadsheet would run as a formula if it were one; respondents type it as text
/// (in Excel with a leading apostrophe) and it must stay text all the way into the monitor.
const HYPERLINK: &str = r#"=HYPERLINK("http://x","x")"#;

/// The LibreOffice Basic module that fills questionnaires in LibreOffice itself. It runs a spec
/// (UTF-8, one tab-separated command a line): `open PATH`; `number CELL VALUE` and
/// `text CELL TEXT` type an answer into a `Sheet!A1` cell (the ones the `meta` sheet names;
/// `setString` makes a text cell, so a text starting with `=` stays text, as typed with a leading
/// apostrophe); `save PATH FILTER` stores a copy with LibreOffice's own export filter; `close`.
/// Opening and saving alone is LibreOffice re-saving a file, as a respondent does who only opens
/// and saves. It writes `SPEC.done` ("ok" or the error) and ends LibreOffice, which otherwise
/// stays running after a macro.
const FILL_MACRO: &str = r#"REM Fills klantwaarde questionnaires in LibreOffice Calc; see tests/it/roundtrip.rs.
Sub FillAll(specPath As String)
    On Error GoTo Failed
    Dim sfa As Object, text As Object, doc As Object, line As String, parts
    sfa = CreateUnoService("com.sun.star.ucb.SimpleFileAccess")
    text = CreateUnoService("com.sun.star.io.TextInputStream")
    text.setInputStream(sfa.openFileRead(ConvertToURL(specPath)))
    text.setEncoding("UTF-8")
    Do While Not text.isEOF()
        line = text.readLine()
        parts = Split(line, Chr(9))
        Select Case parts(0)
        Case "open"
            doc = StarDesktop.loadComponentFromURL(ConvertToURL(parts(1)), "_blank", 0, Array(Prop("Hidden", True)))
        Case "number"
            Cell(doc, parts(1)).setValue(Val(parts(2)))
        Case "text"
            Cell(doc, parts(1)).setString(parts(2))
        Case "save"
            doc.storeToURL(ConvertToURL(parts(1)), Array(Prop("FilterName", parts(2))))
        Case "close"
            doc.close(True)
        End Select
    Loop
    text.closeInput()
    Report(specPath & ".done", "ok")
    StarDesktop.terminate()
    Exit Sub
Failed:
    Report(specPath & ".done", "error " & Err & ": " & Error$ & " while running: " & line)
    StarDesktop.terminate()
End Sub

Function Cell(doc As Object, reference As String) As Object
    Dim parts, sheetName As String
    parts = Split(reference, "!")
    sheetName = parts(0)
    If Left(sheetName, 1) = "'" Then sheetName = Replace(Mid(sheetName, 2, Len(sheetName) - 2), "''", "'")
    Cell = doc.Sheets.getByName(sheetName).getCellRangeByName(parts(1))
End Function

Function Prop(name As String, value As Variant) As Object
    Dim p As New com.sun.star.beans.PropertyValue
    p.Name = name
    p.Value = value
    Prop = p
End Function

Sub Report(path As String, message As String)
    Dim sfa As Object, out As Object
    sfa = CreateUnoService("com.sun.star.ucb.SimpleFileAccess")
    out = CreateUnoService("com.sun.star.io.TextOutputStream")
    out.setOutputStream(sfa.openFileWrite(ConvertToURL(path)))
    out.setEncoding("UTF-8")
    out.writeString(message)
    out.closeOutput()
End Sub
"#;

/// LibreOffice's export filters: Excel 2007–365, OpenDocument spreadsheet, Excel 97–2003.
const XLSX: &str = "Calc MS Excel 2007 XML";
const ODS: &str = "calc8";
const XLS: &str = "MS Excel 97";

/// The private profile's settings, written before LibreOffice first starts with it:
/// - `ooSetupInstCompleted`: the profile counts as set up, so LibreOffice neither copies its
///   presets over it (which replaces the Basic library below) nor restarts itself on first start
///   (which, headless, quietly drops the macro it was asked to run);
/// - recalculation on load *always*, for OOXML and ODF: LibreOffice 7.4's default for an .xlsx
///   that says Excel wrote it (ours do) is never to recalculate, even with `fullCalcOnLoad`, and
///   to show the cached results — a "recalculated" value would then be our own cache read back.
const REGISTRY: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/Office"><prop oor:name="ooSetupInstCompleted" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#;

const LIBRARIES: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE library:libraries PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "libraries.dtd">
<library:libraries xmlns:library="http://openoffice.org/2000/library" xmlns:xlink="http://www.w3.org/1999/xlink">
 <library:library library:name="Standard" library:link="false"/>
</library:libraries>
"#;

/// LibreOffice with a profile (user installation) of its own: soffice runs sharing a profile
/// collide (the second hands its job to the first, or stops at the lock).
struct LibreOffice {
    soffice: &'static str,
    profile: tempfile::TempDir,
}

impl LibreOffice {
    fn start(soffice: &'static str) -> Self {
        let profile = tempfile::tempdir().expect("a profile folder");
        let user = profile.path().join("user");
        let standard = user.join("basic/Standard");
        std::fs::create_dir_all(&standard).expect("create the profile");
        std::fs::write(user.join("registrymodifications.xcu"), REGISTRY)
            .expect("write the settings");
        for file in ["script.xlc", "dialog.xlc"] {
            std::fs::write(user.join("basic").join(file), LIBRARIES).expect("write the libraries");
        }
        let library = |elements: &str| {
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE library:library PUBLIC \"-//OpenOffice.org//DTD OfficeDocument 1.0//EN\" \"library.dtd\">\n<library:library xmlns:library=\"http://openoffice.org/2000/library\" library:name=\"Standard\" library:readonly=\"false\" library:passwordprotected=\"false\">{elements}</library:library>\n"
            )
        };
        let module = "\n <library:element library:name=\"Klantwaarde\"/>\n";
        std::fs::write(standard.join("script.xlb"), library(module)).expect("write the library");
        std::fs::write(standard.join("dialog.xlb"), library("")).expect("write the library");
        let escaped = FILL_MACRO
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;");
        std::fs::write(
            standard.join("Klantwaarde.xba"),
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE script:module PUBLIC \"-//OpenOffice.org//DTD OfficeDocument 1.0//EN\" \"module.dtd\">\n<script:module xmlns:script=\"http://openoffice.org/2000/script\" script:name=\"Klantwaarde\" script:language=\"StarBasic\">{escaped}</script:module>\n"
            ),
        )
        .expect("write the macro");
        LibreOffice { soffice, profile }
    }

    /// Runs soffice headless with this profile, killing its whole process group after
    /// `SOFFICE_TIMEOUT`; returns what it printed.
    fn run<S: AsRef<OsStr>>(&self, args: &[S], what: &str) -> String {
        let log_path = self.profile.path().join("soffice.log");
        let log = File::create(&log_path).expect("create the log");
        let mut child = Command::new(self.soffice)
            .arg(format!(
                "-env:UserInstallation=file://{}",
                self.profile.path().display()
            ))
            .args(["--headless", "--norestore", "--nolockcheck"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("the log"))
            .stderr(log)
            .process_group(0)
            .spawn()
            .expect("soffice starts");
        let deadline = Instant::now() + SOFFICE_TIMEOUT;
        let status = loop {
            if let Some(status) = child.try_wait().expect("soffice runs") {
                break status;
            }
            if Instant::now() > deadline {
                // soffice is a script starting oosplash starting soffice.bin: end the group
                let group = format!("-{}", child.id());
                let _ = Command::new("kill")
                    .args(["-s", "KILL", "--", &group])
                    .status();
                let _ = child.wait();
                panic!(
                    "soffice did not finish {what} within {SOFFICE_TIMEOUT:?}:\n{}",
                    std::fs::read_to_string(&log_path).unwrap_or_default()
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        };
        let output = std::fs::read_to_string(&log_path).unwrap_or_default();
        assert!(
            status.success(),
            "soffice failed {what} ({status}):\n{output}"
        );
        output
    }

    /// `soffice --convert-to FORMAT --outdir OUTDIR FILES…`; checks every file came out (soffice
    /// exits 0 also when it could not load a file).
    fn convert(&self, format: &str, outdir: &Path, files: &[PathBuf]) -> Vec<PathBuf> {
        let mut args = vec![
            "--convert-to".into(),
            format.into(),
            "--outdir".into(),
            outdir.as_os_str().to_owned(),
        ];
        args.extend(files.iter().map(|f| f.as_os_str().to_owned()));
        let output = self.run(&args, &format!("converting to {format}"));
        let extension = format.split(':').next().unwrap_or(format);
        files
            .iter()
            .map(|file| {
                let converted = outdir
                    .join(file.file_stem().expect("a file name"))
                    .with_extension(extension);
                assert!(
                    std::fs::metadata(&converted).is_ok_and(|m| m.len() > 0),
                    "LibreOffice did not write {}:\n{output}",
                    converted.display()
                );
                converted
            })
            .collect()
    }

    /// Runs `FILL_MACRO` on the commands in `spec` (see there).
    fn macro_run(&self, spec: &str) {
        let spec_path = self.profile.path().join("spec.txt");
        std::fs::write(&spec_path, spec).expect("write the spec");
        let output = self.run(
            &[format!(
                "macro:///Standard.Klantwaarde.FillAll(\"{}\")",
                spec_path.display()
            )],
            "running the Basic macro",
        );
        let done =
            std::fs::read_to_string(spec_path.with_extension("txt.done")).unwrap_or_else(|_| {
                panic!("the LibreOffice macro did not run to its end:\n{output}");
            });
        assert_eq!(done, "ok", "the LibreOffice macro failed:\n{output}");
    }
}

/// A generated questionnaire, as its `meta` sheet describes it.
struct Questionnaire {
    path: PathBuf,
    initials: String,
    keys: BTreeMap<String, String>,
    /// (question id, score cell, relevance cell)
    questions: Vec<(String, String, String)>,
}

fn questionnaire(path: PathBuf) -> Questionnaire {
    let (pairs, rows) = common::meta(&path);
    let keys: BTreeMap<String, String> = pairs.into_iter().collect();
    let questions = rows
        .into_iter()
        .filter(|row| row.first().is_some_and(|id| !id.is_empty()))
        .map(|row| (row[0].clone(), row[2].clone(), row[3].clone()))
        .collect();
    Questionnaire {
        initials: keys["respondent"].clone(),
        path,
        keys,
        questions,
    }
}

/// One respondent's answers: varied, deterministic (from `seed`), with an empty question or two.
struct Answers {
    /// (question id, score, relevance mark typed over the pre-filled neutral one)
    scores: Vec<(String, u32, Option<&'static str>)>,
    nps: u32,
    /// closing texts by their `meta` key: remarks, NPS reason, anonymity
    texts: Vec<(&'static str, String)>,
}

fn answers(
    questionnaire: &Questionnaire,
    seed: usize,
    remarks: &str,
    nps_reason: &str,
    anonymous: &str,
) -> Answers {
    // the relevance marks respondents type or pick: less and more in both spellings, neutral
    const MARKS: [Option<&str>; 6] = [
        Some("<"),
        Some(">"),
        Some("minder"),
        Some("meer"),
        None,
        Some("neutraal"),
    ];
    let scores = questionnaire
        .questions
        .iter()
        .enumerate()
        .filter(|(i, _)| (i + seed) % 6 != 5)
        .map(|(i, (id, _, _))| {
            (
                id.clone(),
                1 + ((i * 3 + seed * 5) % 10) as u32,
                MARKS[(i + seed) % MARKS.len()],
            )
        })
        .collect();
    Answers {
        scores,
        nps: [9, 6, 10, 3, 8][seed % 5],
        texts: vec![
            ("remarks_cell", remarks.to_string()),
            ("nps_reason_cell", nps_reason.to_string()),
            ("anonymous_cell", anonymous.to_string()),
        ],
    }
}

/// Fills `questionnaire` with openpyxl into `target`: the answers through `scripts/fill.py`;
/// texts starting with `=` through `tests/py/type_as_text.py`, as text cells (fill.py, like
/// openpyxl, would write them as formulas: not what the respondent typed).
fn fill_with_openpyxl(questionnaire: &Questionnaire, answers: &Answers, target: &Path) {
    let scores: serde_json::Map<String, Value> = answers
        .scores
        .iter()
        .map(|(id, score, mark)| {
            (
                id.clone(),
                mark.map_or(json!(score), |mark| json!([score, mark])),
            )
        })
        .collect();
    let mut spec = json!({"scores": scores, "nps": answers.nps});
    let mut as_text: Vec<String> = Vec::new();
    for (key, text) in &answers.texts {
        if text.starts_with('=') {
            as_text.extend([questionnaire.keys[*key].clone(), text.clone()]);
        } else {
            spec[key.trim_end_matches("_cell")] = json!(text);
        }
    }
    common::fill(&questionnaire.path, target, &spec);
    if !as_text.is_empty() {
        let output = Command::new("python3")
            .arg(common::root().join("tests/py/type_as_text.py"))
            .arg(target)
            .args(&as_text)
            .output()
            .expect("python3 runs");
        assert!(
            output.status.success(),
            "type_as_text.py: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// The `FILL_MACRO` commands typing `answers` into `questionnaire` in LibreOffice and saving the
/// result as .xlsx, .ods and .xls into the given folders.
fn libreoffice_spec(
    questionnaire: &Questionnaire,
    answers: &Answers,
    saves: &[(&Path, &str, &str)],
) -> String {
    let mut spec = format!("open\t{}\n", questionnaire.path.display());
    let cell = |id: &str| {
        &questionnaire
            .questions
            .iter()
            .find(|(q, _, _)| q == id)
            .expect("the question")
            .1
    };
    for (id, score, mark) in &answers.scores {
        spec += &format!("number\t{}\t{score}\n", cell(id));
        if let Some(mark) = mark {
            let relevance = &questionnaire
                .questions
                .iter()
                .find(|(q, _, _)| q == id)
                .expect("the question")
                .2;
            spec += &format!("text\t{relevance}\t{mark}\n");
        }
    }
    spec += &format!(
        "number\t{}\t{}\n",
        questionnaire.keys["nps_cell"], answers.nps
    );
    for (key, text) in &answers.texts {
        assert!(
            !text.contains(['\t', '\n']),
            "the spec is tab- and line-separated"
        );
        spec += &format!("text\t{}\t{text}\n", questionnaire.keys[*key]);
    }
    let name = questionnaire
        .path
        .file_stem()
        .expect("a file name")
        .to_string_lossy();
    for (folder, extension, filter) in saves {
        spec += &format!(
            "save\t{}\t{filter}\n",
            folder.join(format!("{name}.{extension}")).display()
        );
    }
    spec + "close\n"
}

/// `ingest --json` on one folder of returned questionnaires.
fn ingest(dir: &Path, returned: &str) -> Value {
    let output = klantwaarde(dir)
        .args([
            "ingest",
            "master.toml",
            returned,
            "-o",
            &format!("{returned}-monitor.xlsx"),
            "--json",
        ])
        .output()
        .expect("klantwaarde runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(0),
        "ingest of {returned} accepts every file:\n{stderr}"
    );
    assert!(!stderr.contains("backtrace"), "{stderr}");
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("--json of {returned}: {e}\n{stderr}"))
}

/// What must survive any client: per respondent status, answered/assigned counts, NPS and
/// anonymity; per KWI every number and the per-respondent scores; the total; the NPS block.
/// (The file name is left out: it differs by design.)
fn summary(json: &Value) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    for respondent in json["respondents"].as_array().expect("respondents") {
        let initials = respondent["initials"].as_str().expect("initials");
        for field in ["status", "answered", "assigned", "nps", "anonymous"] {
            out.insert(
                format!("respondent {initials} {field}"),
                respondent[field].clone(),
            );
        }
    }
    for kwi in json["kwis"].as_array().expect("kwis") {
        let id = kwi["id"].as_str().expect("an id");
        for field in [
            "score",
            "average",
            "target",
            "weight_sum",
            "weighted_sum",
            "answers",
        ] {
            out.insert(format!("kwi {id} {field}"), kwi[field].clone());
        }
        for (initials, score) in kwi["by_respondent"].as_object().expect("by_respondent") {
            out.insert(format!("kwi {id} by_respondent {initials}"), score.clone());
        }
    }
    for (field, value) in json["total"].as_object().expect("total") {
        out.insert(format!("total {field}"), value.clone());
    }
    for (field, value) in json["nps"].as_object().expect("nps") {
        out.insert(format!("nps {field}"), value.clone());
    }
    out
}

/// Every difference between two summaries, one line each (numbers within 1e-9).
fn differences(
    expected: &BTreeMap<String, Value>,
    actual: &BTreeMap<String, Value>,
) -> Vec<String> {
    let keys: std::collections::BTreeSet<&String> = expected.keys().chain(actual.keys()).collect();
    keys.into_iter()
        .filter_map(|key| {
            let (a, b) = (expected.get(key), actual.get(key));
            let same = match (a.and_then(Value::as_f64), b.and_then(Value::as_f64)) {
                (Some(x), Some(y)) => (x - y).abs() < 1e-9,
                _ => a == b,
            };
            (!same).then(|| format!("{key}: {a:?} ≠ {b:?}"))
        })
        .collect()
}

/// Text of the session monitor's NPS and remarks sheet, and every formula in the monitor that mentions
/// HYPERLINK (there must be none: a remark is text).
fn monitor_texts(monitor: &Path) -> (Vec<Vec<String>>, Vec<String>) {
    let rows = common::sheet_cells(monitor, "NPS en opmerkingen");
    let mut workbook = calamine::open_workbook_auto(monitor).expect("calamine opens the monitor");
    let mut formulas = Vec::new();
    for sheet in workbook.sheet_names().to_vec() {
        let range = workbook.worksheet_formula(&sheet).expect("the formulas");
        formulas.extend(
            range
                .used_cells()
                .filter(|(_, _, f)| f.to_uppercase().contains("HYPERLINK"))
                .map(|(r, c, f)| format!("{sheet} {r},{c}: {f}")),
        );
    }
    (rows, formulas)
}

#[test]
fn answers_survive_libreoffice_as_xlsx_ods_and_xls_and_score_the_same() {
    let (Some(_), Some(soffice)) = (common::openpyxl(), common::soffice()) else {
        return;
    };
    let (dir, _) = example_dir();
    let root = dir.path();
    klantwaarde(root)
        .args(["generate", "master.toml", "-o", "blank", "--quiet"])
        .assert()
        .success();
    for folder in [
        "openpyxl",
        "libreoffice-xlsx",
        "libreoffice-ods",
        "libreoffice-xls",
    ] {
        std::fs::create_dir(root.join(folder)).expect("create the folder");
    }
    // (initials, seed, remarks, NPS reason, anonymous); DD is left out: the respondent the
    // account manager will phone
    let respondents = [
        (
            "AA",
            0,
            "Zoë en Chloé zijn tevreden; één punt: sneller reageren.",
            "Prima werk",
            "nee",
        ),
        (
            "BB",
            1,
            HYPERLINK,
            "Zoë antwoordt altijd binnen een dag",
            "nee",
        ),
        (
            "CC",
            2,
            "Samenwerking verloopt goed — dank aan Zoë",
            HYPERLINK,
            "nee",
        ),
        (
            "KK",
            4,
            "Geen opmerkingen",
            "Ruim voldoende, maar € 0,00 korting",
            "ja",
        ),
    ]
    .map(|(initials, seed, remarks, reason, anonymous)| {
        let blank = questionnaire(root.join(format!("blank/2011H2-KLANT_NV-{initials}.xlsx")));
        let answers = answers(&blank, seed, remarks, reason, anonymous);
        (blank, answers)
    });
    // (a) every questionnaire filled with openpyxl
    let mut openpyxl_files = Vec::new();
    for (questionnaire, answers) in &respondents {
        let target = root
            .join("openpyxl")
            .join(questionnaire.path.file_name().expect("a name"));
        fill_with_openpyxl(questionnaire, answers, &target);
        openpyxl_files.push(target);
    }
    // (b) CC's filled in LibreOffice itself and saved in each format by it; the others' openpyxl
    // files opened and saved again by LibreOffice in each format
    let (cc, cc_answers) = &respondents[2];
    assert_eq!(cc.initials, "CC");
    let (xlsx, ods, xls) = (
        root.join("libreoffice-xlsx"),
        root.join("libreoffice-ods"),
        root.join("libreoffice-xls"),
    );
    let spec = libreoffice_spec(
        cc,
        cc_answers,
        &[
            (&xlsx, "xlsx", XLSX),
            (&ods, "ods", ODS),
            (&xls, "xls", XLS),
        ],
    );
    let others: Vec<PathBuf> = openpyxl_files
        .iter()
        .filter(|f| !f.to_string_lossy().contains("-CC."))
        .cloned()
        .collect();
    std::thread::scope(|scope| {
        scope.spawn(|| LibreOffice::start(soffice).macro_run(&spec));
        for (format, folder) in [("xlsx", &xlsx), ("ods", &ods), ("xls", &xls)] {
            let others = &others;
            scope.spawn(move || LibreOffice::start(soffice).convert(format, folder, others));
        }
    });

    let reference = ingest(root, "openpyxl");
    let expected = summary(&reference);
    // the reference holds what was filled, so that equality below is not that of empty runs
    // (an anonymous respondent's count and NPS are never paired with their initials)
    for (questionnaire, answers) in &respondents {
        let initials = &questionnaire.initials;
        let shown = expected[&format!("respondent {initials} anonymous")] != true;
        assert_eq!(
            expected[&format!("respondent {initials} answered")],
            if shown {
                json!(answers.scores.len())
            } else {
                Value::Null
            },
            "{initials}"
        );
        assert_eq!(
            expected[&format!("respondent {initials} nps")],
            if shown {
                json!(answers.nps)
            } else {
                Value::Null
            },
            "{initials}"
        );
    }
    assert_eq!(expected["respondent DD status"], "missing");
    assert_eq!(expected["respondent KK anonymous"], true);
    assert!(expected["total score"].is_f64(), "{reference}");
    assert_eq!(
        reference["problems"],
        json!([]),
        "nothing left out of openpyxl's files"
    );
    let (reference_texts, formulas) = monitor_texts(&root.join("openpyxl-monitor.xlsx"));
    assert!(
        formulas.is_empty(),
        "a remark became a formula: {formulas:?}"
    );
    let text = reference_texts.concat().join("|");
    for expected_text in [
        HYPERLINK,
        "Zoë en Chloé zijn tevreden; één punt: sneller reageren.",
        "€ 0,00",
    ] {
        assert!(
            text.contains(expected_text),
            "{expected_text:?} not in the monitor: {text}"
        );
    }

    for folder in ["libreoffice-xlsx", "libreoffice-ods", "libreoffice-xls"] {
        let files = std::fs::read_dir(root.join(folder))
            .expect("the folder")
            .count();
        assert_eq!(files, 4, "{folder}: AA, BB, CC (filled in LibreOffice), KK");
        let json = ingest(root, folder);
        let differences = differences(&expected, &summary(&json));
        assert!(
            differences.is_empty(),
            "{folder} scores differently from openpyxl's files:\n{}",
            differences.join("\n")
        );
        assert_eq!(json["problems"], json!([]), "{folder}: nothing left out");
        let (texts, formulas) = monitor_texts(&root.join(format!("{folder}-monitor.xlsx")));
        assert!(
            formulas.is_empty(),
            "{folder}: a remark became a formula: {formulas:?}"
        );
        assert_eq!(
            texts, reference_texts,
            "{folder}: remarks and NPS reasons arrive unchanged"
        );
    }
}

/// Whether Gnumeric's `ssconvert` runs here.
fn ssconvert() -> bool {
    let present = Command::new("ssconvert")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    common::client_available("gnumeric (ssconvert)", present)
}

/// Copies `files` into `folder` as Gnumeric saves them in `extension` (`ods`, `xls`, `xlsx`).
fn gnumeric_convert(files: &[PathBuf], folder: &Path, extension: &str) {
    for file in files {
        let stem = file.file_stem().expect("a file name").to_string_lossy();
        let target = folder.join(format!("{stem}.{extension}"));
        let output = Command::new("ssconvert")
            .arg(file)
            .arg(&target)
            .output()
            .expect("ssconvert runs");
        assert!(
            output.status.success() && target.is_file(),
            "ssconvert {} {}: {}",
            file.display(),
            target.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

#[test]
fn a_questionnaire_saved_by_gnumeric_as_ods_reads_and_scores_like_its_source() {
    // Gnumeric indents content.xml: white space between rows and cells, which calamine 0.38
    // refused ("damaged or cut off"). fixtures/gnumeric/README.md says how the files were made.
    let (dir, _) = example_dir();
    let root = dir.path();
    for (folder, file) in [
        ("source", "kees-klant.xlsx"),
        ("gnumeric", "kees-klant.ods"),
    ] {
        std::fs::create_dir(root.join(folder)).expect("create the folder");
        std::fs::copy(
            common::root().join("fixtures/gnumeric").join(file),
            root.join(folder).join(file),
        )
        .expect("copy the fixture");
    }
    let content = {
        let bytes = std::fs::read(root.join("gnumeric/kees-klant.ods")).expect("the fixture");
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
        let mut text = String::new();
        std::io::Read::read_to_string(
            &mut archive.by_name("content.xml").expect("content.xml"),
            &mut text,
        )
        .expect("utf-8");
        text
    };
    assert!(
        content
            .contains("<table:table-row table:style-name=\"AROW-1\">\n          <table:table-cell"),
        "the fixture no longer shows the white space it pins"
    );
    let source = ingest(root, "source");
    let saved = ingest(root, "gnumeric");
    let expected = summary(&source);
    assert_eq!(expected["respondent KK answered"], json!(17));
    assert_eq!(expected["respondent KK nps"], json!(8));
    assert_eq!(expected["respondent KK status"], "returned");
    let differences = differences(&expected, &summary(&saved));
    assert!(
        differences.is_empty(),
        "Gnumeric's .ods scores differently from its source:\n{}",
        differences.join("\n")
    );
    assert_eq!(saved["problems"], json!([]), "nothing left out");
    let (source_texts, _) = monitor_texts(&root.join("source-monitor.xlsx"));
    let (saved_texts, _) = monitor_texts(&root.join("gnumeric-monitor.xlsx"));
    assert_eq!(saved_texts, source_texts, "remarks arrive unchanged");
    assert!(
        saved_texts
            .concat()
            .join("|")
            .contains("Prima samenwerking, graag vaker overleg."),
        "{saved_texts:?}"
    );
}

#[test]
fn answers_survive_gnumeric_as_ods_xls_and_xlsx_and_score_the_same() {
    if common::openpyxl().is_none() || !ssconvert() {
        return;
    }
    let (dir, _) = example_dir();
    let root = dir.path();
    klantwaarde(root)
        .args(["generate", "master.toml", "-o", "blank", "--quiet"])
        .assert()
        .success();
    let folders = ["openpyxl", "gnumeric-ods", "gnumeric-xls", "gnumeric-xlsx"];
    for folder in folders {
        std::fs::create_dir(root.join(folder)).expect("create the folder");
    }
    let respondents = [
        (
            "AA",
            0,
            "Zoë en Chloé zijn tevreden; één punt: sneller reageren.",
            "nee",
        ),
        ("BB", 1, "Samenwerking verloopt goed", "nee"),
        ("KK", 4, "Geen opmerkingen — € 0,00 korting", "ja"),
    ];
    let mut filled = Vec::new();
    for (initials, seed, remarks, anonymous) in respondents {
        let blank = questionnaire(root.join(format!("blank/2011H2-KLANT_NV-{initials}.xlsx")));
        let answers = answers(&blank, seed, remarks, "Prima werk", anonymous);
        let target = root
            .join("openpyxl")
            .join(blank.path.file_name().expect("a name"));
        fill_with_openpyxl(&blank, &answers, &target);
        filled.push(target);
    }
    std::thread::scope(|scope| {
        for extension in ["ods", "xls", "xlsx"] {
            let (filled, folder) = (&filled, root.join(format!("gnumeric-{extension}")));
            scope.spawn(move || gnumeric_convert(filled, &folder, extension));
        }
    });
    let reference = ingest(root, "openpyxl");
    let expected = summary(&reference);
    assert_eq!(expected["respondent KK anonymous"], true);
    assert!(expected["total score"].is_f64(), "{reference}");
    let (reference_texts, _) = monitor_texts(&root.join("openpyxl-monitor.xlsx"));
    for folder in &folders[1..] {
        let json = ingest(root, folder);
        let differences = differences(&expected, &summary(&json));
        assert!(
            differences.is_empty(),
            "{folder} scores differently from openpyxl's files:\n{}",
            differences.join("\n")
        );
        assert_eq!(json["problems"], json!([]), "{folder}: nothing left out");
        let (texts, _) = monitor_texts(&root.join(format!("{folder}-monitor.xlsx")));
        assert_eq!(texts, reference_texts, "{folder}: remarks arrive unchanged");
    }
}

#[test]
fn a_previous_monitor_saved_by_gnumeric_carries_its_trend() {
    if !ssconvert() {
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let root = dir.path();
    klantwaarde(root).args(["demo", "demo"]).assert().success();
    // a colleague opened the monitor in Gnumeric and saved it: its history still verifies
    gnumeric_convert(&[root.join("demo/monitor.xlsx")], root, "xlsx");
    std::fs::create_dir(root.join("returned")).expect("create the folder");
    let kees = "2011H2-KLANT_NV-KK.xlsx";
    std::fs::copy(
        root.join("demo/returned").join(kees),
        root.join("returned").join(kees),
    )
    .expect("copy Kees Klant's returned questionnaire");
    let output = klantwaarde(root)
        .args([
            "ingest",
            "demo/master.toml",
            "returned",
            "--previous",
            "monitor.xlsx",
            "-o",
            "new.xlsx",
            "--json",
        ])
        .output()
        .expect("klantwaarde runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let json: Value = serde_json::from_slice(&output.stdout).expect("--json");
    let periods: Vec<&str> = json["trend"]
        .as_array()
        .expect("the trend")
        .iter()
        .filter_map(|point| point["period"].as_str())
        .collect();
    assert_eq!(periods, ["2011H1", "2011H2"], "{stderr}");
}

/// What a spreadsheet app enforces on the `meta`-named cells, as compared across clients.
#[derive(Debug, PartialEq)]
struct Enforced {
    locked: bool,
    /// the dropdown's items, its error and input messages, whether the error alert shows
    validation: Option<(Vec<String>, String, String, bool)>,
    value: Value,
}

fn enforced(cell: &Value) -> Enforced {
    let validation = cell["validation"].as_object().map(|v| {
        let items = if let Some(condition) = v.get("condition").and_then(Value::as_str) {
            // ods: of:cell-content-is-in-list("1";"2";…)
            let list = condition
                .trim_start_matches("of:cell-content-is-in-list(")
                .trim_end_matches(')');
            list.split(';')
                .map(|item| item.trim_matches('"').to_string())
                .collect()
        } else {
            assert_eq!(v["type"], "list", "{cell}");
            let list = v["formula1"].as_str().expect("a list").trim_matches('"');
            list.split(',').map(str::to_string).collect()
        };
        let text = |key: &str| v[key].as_str().unwrap_or_default().to_string();
        (
            items,
            text("error"),
            text("prompt"),
            v["showErrorMessage"] == true,
        )
    });
    // an .xls read back gives whole numbers; keep numbers comparable
    let value = match cell["value"].as_f64() {
        Some(number) if number.fract() == 0.0 => json!(number as i64),
        _ => cell["value"].clone(),
    };
    Enforced {
        locked: cell["locked"] == true,
        validation,
        value,
    }
}

/// Checks an inspection (inspect_questionnaire.py or inspect_ods.py) against the original's.
fn assert_keeps(client: &str, original: &Value, resaved: &Value) {
    let sheets = resaved["sheets"].as_array().expect("sheets");
    assert_eq!(sheets.len(), 2, "{client}: {sheets:?}");
    assert_eq!(sheets[0], json!(["Vragenlijst", "visible"]), "{client}");
    assert!(
        sheets[1] == json!(["meta", "hidden"]) || sheets[1] == json!(["meta", "veryHidden"]),
        "{client}: the meta sheet is no longer hidden: {sheets:?}"
    );
    assert_eq!(
        resaved["protected"], true,
        "{client}: the questionnaire lost its sheet protection"
    );
    assert_eq!(resaved["keys"], original["keys"], "{client}: the meta keys");
    let questions = resaved["questions"].as_array().expect("questions");
    assert_eq!(
        questions.len(),
        original["questions"].as_array().expect("questions").len(),
        "{client}"
    );
    let originals = original["questions"].as_array().expect("questions");
    for (before, after) in originals.iter().zip(questions) {
        let question = &before["question"];
        assert_eq!(question, &after["question"], "{client}");
        for part in ["score", "relevance"] {
            let (before, after) = (enforced(&before[part]), enforced(&after[part]));
            assert!(
                !after.locked,
                "{client}: the {part} cell of question {question} is locked"
            );
            assert!(
                after.validation.is_some(),
                "{client}: the {part} cell of question {question} lost its dropdown"
            );
            assert_eq!(
                before, after,
                "{client}: the {part} cell of question {question} changed"
            );
        }
    }
    for key in [
        "nps_cell",
        "remarks_cell",
        "nps_reason_cell",
        "anonymous_cell",
    ] {
        let (before, after) = (
            enforced(&original["closing"][key]),
            enforced(&resaved["closing"][key]),
        );
        assert_eq!(before, after, "{client}: the {key} changed");
    }
}

#[test]
fn libreoffice_resave_keeps_protection_dropdowns_and_the_hidden_meta_sheet() {
    let (Some(_), Some(soffice)) = (common::openpyxl(), common::soffice()) else {
        return;
    };
    let (dir, _) = example_dir();
    let root = dir.path();
    klantwaarde(root)
        .args(["generate", "master.toml", "-o", "blank", "--quiet"])
        .assert()
        .success();
    let kk = questionnaire(root.join("blank/2011H2-KLANT_NV-KK.xlsx"));
    let filled = root.join("filled/2011H2-KLANT_NV-KK.xlsx");
    std::fs::create_dir(root.join("filled")).expect("create the folder");
    fill_with_openpyxl(
        &kk,
        &answers(&kk, 3, "Zoë: één opmerking", HYPERLINK, "nee"),
        &filled,
    );
    let original: Value = serde_json::from_str(&common::python(
        "tests/py/inspect_questionnaire.py",
        &[&filled],
    ))
    .expect("json");
    assert_eq!(
        original["sheets"][1],
        json!(["meta", "veryHidden"]),
        "what generate writes"
    );

    // one LibreOffice start opens the filled file and saves it as .xlsx, .ods and .xls, then
    // opens the .xls and saves it as .xlsx: there is no independent reader of .xls validations
    let name = "2011H2-KLANT_NV-KK";
    let converted: Vec<PathBuf> = ["xlsx/", "ods/", "xls/", "xls-back/"]
        .iter()
        .zip(["xlsx", "ods", "xls", "xlsx"])
        .map(|(folder, extension)| root.join(folder).join(format!("{name}.{extension}")))
        .collect();
    for path in &converted {
        std::fs::create_dir(path.parent().expect("a folder")).expect("create the folder");
    }
    let spec = format!(
        "open\t{}\nsave\t{}\t{XLSX}\nsave\t{}\t{ODS}\nsave\t{}\t{XLS}\nclose\nopen\t{}\nsave\t{}\t{XLSX}\nclose\n",
        filled.display(),
        converted[0].display(),
        converted[1].display(),
        converted[2].display(),
        converted[2].display(),
        converted[3].display(),
    );
    LibreOffice::start(soffice).macro_run(&spec);
    let back = &converted[3..];

    let xlsx: Value = serde_json::from_str(&common::python(
        "tests/py/inspect_questionnaire.py",
        &[&converted[0]],
    ))
    .expect("json");
    assert_keeps("LibreOffice .xlsx", &original, &xlsx);
    let ods: Value =
        serde_json::from_str(&common::python("tests/py/inspect_ods.py", &[&converted[1]]))
            .expect("json");
    assert_keeps("LibreOffice .ods", &original, &ods);
    let xls: Value = serde_json::from_str(&common::python(
        "tests/py/inspect_questionnaire.py",
        &[&back[0]],
    ))
    .expect("json");
    assert_keeps(
        "LibreOffice .xls (read back as .xlsx by LibreOffice)",
        &original,
        &xls,
    );
}

/// A cell value as compared: numbers within 1e-9, everything else by its text; an empty
/// formula result is the empty text whichever way a writer stores it.
fn same_value(ours: Option<&Data>, theirs: Option<&Data>) -> bool {
    let number = |d: Option<&Data>| match d {
        Some(Data::Float(f)) => Some(*f),
        Some(Data::Int(i)) => Some(*i as f64),
        _ => None,
    };
    let text = |d: Option<&Data>| d.map(ToString::to_string).unwrap_or_default();
    match (number(ours), number(theirs)) {
        (Some(a), Some(b)) => (a - b).abs() < 1e-9,
        _ => text(ours) == text(theirs),
    }
}

/// `Sheet!B4` for an absolute (row, col), for messages.
fn a1(sheet: &str, (row, col): (u32, u32)) -> String {
    let mut letters = String::new();
    let mut n = col + 1;
    while n > 0 {
        letters.insert(0, char::from(b'A' + ((n - 1) % 26) as u8));
        n = (n - 1) / 26;
    }
    format!("{sheet}!{letters}{}", row + 1)
}

/// The number of pages in a PDF: its `/Type /Page` objects (not `/Pages`).
fn pdf_pages(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    text.match_indices("/Type")
        .filter(|(at, _)| {
            let rest = text[at + 5..].trim_start();
            rest.starts_with("/Page") && !rest.starts_with("/Pages")
        })
        .count()
}

#[test]
fn the_monitor_prints_in_libreoffice_and_recalculates_to_its_cached_values() {
    prints_and_recalculates("monitor.xlsx");
}

#[test]
fn the_analysis_workbook_prints_in_libreoffice_and_recalculates_to_its_cached_values() {
    prints_and_recalculates("monitor-analyse.xlsx");
}

#[test]
fn the_dashboards_scores_survive_deleting_every_other_visible_sheet() {
    let (Some(_), Some(soffice)) = (common::openpyxl(), common::soffice()) else {
        return;
    };
    let dir = tempfile::tempdir().expect("a temporary folder");
    let root = dir.path();
    klantwaarde(root).args(["demo", "demo"]).assert().success();
    let monitor = root.join("demo/monitor.xlsx");
    for folder in ["deleted", "recalculated"] {
        std::fs::create_dir(root.join(folder)).expect("create the folder");
    }
    let deleted = root.join("deleted/monitor.xlsx");
    let count: usize = common::python(
        "tests/py/keep_sheets.py",
        &[&monitor, &deleted, Path::new("Voorblad")],
    )
    .trim()
    .parse()
    .expect("a count");
    assert_eq!(count, 7, "every visible sheet but the dashboard");
    let recalculated = LibreOffice::start(soffice).convert(
        "xlsx",
        &root.join("recalculated"),
        std::slice::from_ref(&deleted),
    );
    let mut ours = calamine::open_workbook_auto(&monitor).expect("our monitor");
    let mut theirs = calamine::open_workbook_auto(&recalculated[0]).expect("LibreOffice's");
    let formulas = ours.worksheet_formula("Voorblad").expect("the formulas");
    let cached = ours.worksheet_range("Voorblad").expect("our values");
    let after = theirs
        .worksheet_range("Voorblad")
        .expect("LibreOffice's values");
    let (top, left) = formulas.start().unwrap_or((0, 0));
    let mut compared = 0;
    for (row, col, formula) in formulas.used_cells() {
        let position = (top + row as u32, left + col as u32);
        let (a, b) = (cached.get_value(position), after.get_value(position));
        assert!(
            same_value(a, b),
            "{} {formula}: {a:?} before, {b:?} with the other sheets deleted",
            a1("Voorblad", position)
        );
        compared += 1;
    }
    assert!(compared >= 20, "{compared} formulas");
}

/// The demo's workbook `file` prints in LibreOffice, and every formula recalculated by it gives
/// the result cached with it.
fn prints_and_recalculates(file: &str) {
    // python3 only for tamper_cached.py, which needs nothing beyond the standard library
    let python3 = Command::new("python3").arg("--version").output();
    let python3 = common::client_available("python3", python3.is_ok_and(|o| o.status.success()));
    let (true, Some(soffice)) = (python3, common::soffice()) else {
        return;
    };
    let dir = tempfile::tempdir().expect("a temporary folder");
    let root = dir.path();
    klantwaarde(root).args(["demo", "demo"]).assert().success();
    let monitor = root.join("demo").join(file);
    // every cached formula result replaced by nonsense: only a real recalculation gives them back
    std::fs::create_dir(root.join("tampered")).expect("create the folder");
    let tampered = root.join("tampered").join(file);
    let changed: usize = common::python("tests/py/tamper_cached.py", &[&monitor, &tampered])
        .trim()
        .parse()
        .expect("a count");
    for folder in ["pdf", "recalculated"] {
        std::fs::create_dir(root.join(folder)).expect("create the folder");
    }
    let (pdf, recalculated) = std::thread::scope(|scope| {
        let pdf = scope.spawn(|| {
            LibreOffice::start(soffice).convert(
                "pdf",
                &root.join("pdf"),
                std::slice::from_ref(&monitor),
            )
        });
        let recalculated = scope.spawn(|| {
            LibreOffice::start(soffice).convert(
                "xlsx",
                &root.join("recalculated"),
                std::slice::from_ref(&tampered),
            )
        });
        (
            pdf.join().expect("the pdf"),
            recalculated.join().expect("the recalculation"),
        )
    });

    let pdf = std::fs::read(&pdf[0]).expect("the pdf");
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF: {} bytes", pdf.len());
    let pages = pdf_pages(&pdf);

    let mut ours = calamine::open_workbook_auto(&monitor).expect("calamine opens our monitor");
    let mut theirs = calamine::open_workbook_auto(&recalculated[0])
        .expect("calamine opens LibreOffice's monitor");
    assert_eq!(
        ours.sheet_names(),
        theirs.sheet_names(),
        "LibreOffice keeps the sheets"
    );
    let visible = ours
        .sheets_metadata()
        .iter()
        .filter(|sheet| sheet.visible == calamine::SheetVisible::Visible)
        .count();
    assert!(
        pages >= visible,
        "every visible sheet prints: {pages} pages for {visible} visible sheets"
    );
    let (mut compared, mut per_sheet, mut mismatches) = (0, Vec::new(), Vec::new());
    for sheet in ours.sheet_names().to_vec() {
        let formulas = ours.worksheet_formula(&sheet).expect("our formulas");
        let cached = ours.worksheet_range(&sheet).expect("our cached values");
        let recalculated = theirs
            .worksheet_range(&sheet)
            .expect("LibreOffice's values");
        let their_formulas = theirs
            .worksheet_formula(&sheet)
            .expect("LibreOffice's formulas");
        let (top, left) = formulas.start().unwrap_or((0, 0));
        let mut count = 0;
        for (row, col, formula) in formulas.used_cells() {
            let position = (top + row as u32, left + col as u32);
            let (a, b) = (cached.get_value(position), recalculated.get_value(position));
            if !same_value(a, b) {
                let cell = a1(&sheet, position);
                mismatches.push(format!("{cell} {formula}: cached {a:?}, LibreOffice {b:?}"));
            }
            if their_formulas
                .get_value(position)
                .is_none_or(String::is_empty)
            {
                let cell = a1(&sheet, position);
                mismatches.push(format!("{cell} {formula}: LibreOffice kept no formula"));
            }
            count += 1;
        }
        if count > 0 {
            per_sheet.push(format!("{sheet}: {count}"));
        }
        compared += count;
    }
    let report = format!(
        "compared {compared} formula cells ({})",
        per_sheet.join(", ")
    );
    assert!(
        mismatches.is_empty(),
        "{report}; recalculated values differ:\n{}",
        mismatches.join("\n")
    );
    assert_eq!(
        compared, changed,
        "{report}; every tampered cell was compared"
    );
    assert!(compared > 100, "{report}");
    eprintln!("{report}; {file} printed on {pages} PDF pages");
}
