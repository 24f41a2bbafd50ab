//! The writing floor: the least work that produces what `klantwaarde generate` produces, done
//! directly over rust_xlsxwriter, for `scripts/bench.py` to measure the product against.
//!
//! It reads the master with the `toml` crate into a bare struct (no validation, no diagnostics,
//! no fingerprint digest) and writes, per respondent and in parallel over respondents, one
//! workbook with the same cells, merges, formats, row heights, data validations, print set-up,
//! protection and very hidden `meta` sheet as `src/questionnaire/` — the same count of each, so
//! that the difference in time is what the product spends beyond the library. Like the product it
//! gives every KWI the "works actively on this KWI" standard question; the master's other
//! features (descriptions, deadlines, actions, English labels) are not read.
//!
//! Each file is written with a plain `std::fs::write` from the thread that built it; `--sync`
//! adds an `fsync` per file, which is what the product's atomic write costs beyond that.
//! `--level N` sets the zip compression level (the library's default, 6, otherwise, as the
//! product's questionnaires use).
//!
//! ```sh
//! cargo build --release --examples
//! target/release/examples/floor_write MASTER.toml OUT_DIR [--sync] [--level N]
//! ```

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DocProperties, ExcelDateTime, Format,
    FormatAlign, FormatBorder, Formula, Workbook, XlsxError,
};
use serde::Deserialize;

#[derive(Deserialize)]
struct RawMaster {
    client: String,
    supplier: String,
    period: String,
    title: Option<String>,
    standard_questions: Option<bool>,
    respondents: Vec<RawRespondent>,
    kwis: Vec<RawKwi>,
}

#[derive(Deserialize)]
struct RawRespondent {
    initials: String,
    name: String,
}

#[derive(Deserialize)]
struct RawKwi {
    id: String,
    title: String,
    standard_questions: Option<bool>,
    #[serde(default)]
    questions: Vec<RawQuestion>,
}

#[derive(Deserialize)]
struct RawQuestion {
    id: String,
    text: String,
    respondents: Vec<String>,
}

struct Question {
    id: String,
    text: String,
    /// Indexes of the respondents who answer it, ascending.
    respondents: Vec<usize>,
}

struct Kwi {
    id: String,
    title: String,
    questions: Vec<Question>,
}

// The Dutch labels the product writes (templates/labels/nl.toml), so that the strings match.
const SHEET: &str = "Vragenlijst";
const INSTRUCTION: &str = "Geef per vraag een cijfer van 1 (slecht) tot 10 (uitstekend) in de gele cellen. Geef met de relevantie aan of de vraag voor u minder, even (neutraal) of meer belangrijk is. Kunt u een vraag niet beoordelen? Laat het cijfer dan leeg. Sla het bestand op en stuur het terug.";
const STANDARD_ACTIVE: &str = "{supplier} gaf blijk actief aan deze KWI-doelstelling te werken";
const NPS_QUESTION: &str = "Hoe waarschijnlijk is het, op een schaal van 0 tot 10, dat u {supplier} zou aanbevelen bij een collega?";
const WIDTHS: [f64; 4] = [8.0, 72.0, 14.0, 14.0];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let sync = args.iter().any(|a| a == "--sync");
    let level_at = args.iter().position(|a| a == "--level");
    let level: Option<u8> = level_at.map(|at| {
        args.get(at + 1)
            .and_then(|l| l.parse().ok())
            .filter(|l| *l <= 9)
            .unwrap_or_else(|| usage())
    });
    let paths: Vec<&String> = args
        .iter()
        .enumerate()
        .filter(|(i, a)| !a.starts_with("--") && level_at.is_none_or(|at| *i != at + 1))
        .map(|(_, a)| a)
        .collect();
    let [master_path, out_dir] = paths.as_slice() else {
        usage()
    };
    let text = std::fs::read_to_string(master_path).expect("read the master");
    let raw: RawMaster = toml::from_str(&text).expect("parse the master");
    let kwis = resolve(&raw);
    let out = PathBuf::from(out_dir);
    std::fs::create_dir_all(&out).expect("create the output folder");

    let written: usize = (0..raw.respondents.len())
        .into_par_iter()
        .map(|respondent| {
            let bytes =
                questionnaire(&raw, &kwis, respondent, level).expect("write a questionnaire");
            let person = &raw.respondents[respondent];
            let name = format!(
                "{}-{}-{}.xlsx",
                safe(&raw.period),
                safe(&raw.client),
                safe(&person.initials)
            );
            write(&out.join(name), &bytes, sync);
            1
        })
        .sum();
    println!("{written} questionnaires");
}

fn usage() -> ! {
    eprintln!("usage: floor_write MASTER.toml OUT_DIR [--sync] [--level 0-9]");
    std::process::exit(2);
}

fn write(path: &Path, bytes: &[u8], sync: bool) {
    if sync {
        use std::io::Write;
        let mut file = std::fs::File::create(path).expect("create a questionnaire file");
        file.write_all(bytes).expect("write a questionnaire file");
        file.sync_all().expect("sync a questionnaire file");
    } else {
        std::fs::write(path, bytes).expect("write a questionnaire file");
    }
}

/// Assignments as respondent indexes, placeholders filled in, one standard question per KWI.
fn resolve(raw: &RawMaster) -> Vec<Kwi> {
    let index: HashMap<&str, usize> = raw
        .respondents
        .iter()
        .enumerate()
        .map(|(i, r)| (r.initials.as_str(), i))
        .collect();
    let fill = |text: &str| {
        text.replace("{supplier}", &raw.supplier)
            .replace("{client}", &raw.client)
    };
    raw.kwis
        .iter()
        .map(|kwi| {
            let mut questions: Vec<Question> = kwi
                .questions
                .iter()
                .map(|q| {
                    let mut respondents: Vec<usize> = if q.respondents.iter().any(|r| r == "*") {
                        (0..raw.respondents.len()).collect()
                    } else {
                        q.respondents
                            .iter()
                            .filter_map(|r| index.get(r.as_str()).copied())
                            .collect()
                    };
                    respondents.sort_unstable();
                    respondents.dedup();
                    Question {
                        id: q.id.clone(),
                        text: fill(&q.text),
                        respondents,
                    }
                })
                .collect();
            let standard = kwi
                .standard_questions
                .or(raw.standard_questions)
                .unwrap_or(true);
            if standard && !questions.is_empty() {
                let mut answerers: Vec<usize> = questions
                    .iter()
                    .flat_map(|q| q.respondents.iter().copied())
                    .collect();
                answerers.sort_unstable();
                answerers.dedup();
                questions.push(Question {
                    id: format!("{}-active", kwi.id),
                    text: fill(STANDARD_ACTIVE),
                    respondents: answerers,
                });
            }
            Kwi {
                id: kwi.id.clone(),
                title: kwi.title.clone(),
                questions,
            }
        })
        .collect()
}

fn questionnaire(
    raw: &RawMaster,
    kwis: &[Kwi],
    respondent: usize,
    level: Option<u8>,
) -> Result<Vec<u8>, XlsxError> {
    let person = &raw.respondents[respondent];
    let groups: Vec<(&Kwi, Vec<&Question>)> = kwis
        .iter()
        .filter_map(|kwi| {
            let questions: Vec<&Question> = kwi
                .questions
                .iter()
                .filter(|q| q.respondents.binary_search(&respondent).is_ok())
                .collect();
            (!questions.is_empty()).then_some((kwi, questions))
        })
        .collect();
    let title = raw.title.as_deref().unwrap_or("KlantwaardeMonitor");
    let input = Format::new()
        .set_unlocked()
        .set_background_color(Color::RGB(0xFFF2CC))
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(0xBF9000));
    let input_cell = input
        .clone()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::Top);
    let input_block = input.set_text_wrap().set_align(FormatAlign::Top);
    let bold = Format::new().set_bold();
    let heading = Format::new()
        .set_bold()
        .set_font_size(16)
        .set_font_color(Color::RGB(0x1F3864));
    let header = Format::new()
        .set_bold()
        .set_font_color(Color::White)
        .set_background_color(Color::RGB(0x1F3864));
    let band = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xD9E1F2));
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let top = Format::new().set_align(FormatAlign::Top);
    let italic = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_italic();

    let mut workbook = Workbook::new();
    if let Some(level) = level {
        workbook.set_zip_compression_level(level);
    }
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!("{title} {} {}", raw.period, raw.client))
            .set_subject(format!("Vragenlijst — {}", person.name))
            .set_author(&raw.supplier)
            .set_company(&raw.supplier)
            .set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1)?),
    );
    let sheet = workbook.add_worksheet();
    sheet.set_name(SHEET)?;
    for (col, width) in WIDTHS.iter().enumerate() {
        sheet.set_column_width(col as u16, *width)?;
    }

    // Cover: title, four fields, progress formula, instruction, table header.
    sheet.merge_range(0, 0, 0, 3, &format!("{title} — Vragenlijst"), &heading)?;
    sheet.set_row_height(0, 24)?;
    let respondent_text = format!("{} ({})", person.name, person.initials);
    let cover = [
        ("Klant", raw.client.as_str()),
        ("Leverancier", raw.supplier.as_str()),
        ("Periode", raw.period.as_str()),
        ("Respondent", respondent_text.as_str()),
    ];
    for (row, (label, value)) in cover.into_iter().enumerate() {
        sheet.write_string_with_format(row as u32 + 1, 0, label, &bold)?;
        sheet.merge_range(row as u32 + 1, 1, row as u32 + 1, 3, value, &top)?;
    }
    let total: usize = groups.iter().map(|(_, q)| q.len()).sum();
    let first = 10;
    let last = first + (groups.len() + total) as u32 - 1;
    let progress = Formula::new(format!(
        "=COUNT(C{}:C{})&\" van {total}\"",
        first + 1,
        last + 1
    ))
    .set_result(format!("0 van {total}"));
    sheet.write_string_with_format(6, 0, "Beantwoord", &bold)?;
    sheet.write_formula_with_format(6, 1, progress, &bold)?;
    sheet.merge_range(7, 0, 7, 3, INSTRUCTION, &italic)?;
    sheet.set_row_height(7, 64)?;
    for (col, text) in ["Nr", "Vraag", "Cijfer (1-10)", "Relevantie"]
        .into_iter()
        .enumerate()
    {
        sheet.write_string_with_format(9, col as u16, text, &header)?;
    }

    // Question block.
    let mut row = first;
    let mut runs: Vec<(u32, u32)> = Vec::new();
    let mut meta_rows: Vec<[String; 4]> = Vec::with_capacity(total);
    for (kwi, questions) in &groups {
        sheet.write_string_with_format(row, 0, &kwi.id, &band)?;
        sheet.merge_range(row, 1, row, 3, &kwi.title, &band)?;
        row += 1;
        runs.push((row, row + questions.len() as u32 - 1));
        for question in questions {
            sheet.write_string_with_format(row, 0, &question.id, &top)?;
            sheet.write_string_with_format(row, 1, &question.text, &wrap)?;
            sheet.write_blank(row, 2, &input_cell)?;
            sheet.write_string_with_format(row, 3, "neutraal", &input_cell)?;
            sheet.set_row_height(row, 17)?;
            meta_rows.push([
                question.id.clone(),
                kwi.id.clone(),
                format!("{SHEET}!C{}", row + 1),
                format!("{SHEET}!D{}", row + 1),
            ]);
            row += 1;
        }
    }
    let multi_range = |col: char| {
        runs.iter()
            .map(|(a, b)| format!("{col}{}:{col}{}", a + 1, b + 1))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let scores: Vec<String> = (1..=10).map(|n| n.to_string()).collect();
    let score = DataValidation::new()
        .allow_list_strings(&scores)?
        .set_input_title("Cijfer")?
        .set_input_message("Een heel getal van 1 (slecht) tot 10 (uitstekend).")?
        .set_error_title("Ongeldig cijfer")?
        .set_error_message("Vul een heel getal van 1 tot 10 in, of laat de cel leeg.")?
        .set_error_style(DataValidationErrorStyle::Stop)
        .set_multi_range(multi_range('C'));
    sheet.add_data_validation(first + 1, 2, first + 1, 2, &score)?;
    let relevance = DataValidation::new()
        .allow_list_strings(&["minder", "neutraal", "meer"])?
        .set_input_title("Relevantie")?
        .set_input_message("Is deze vraag voor u minder, even (neutraal) of meer belangrijk?")?
        .set_error_title("Ongeldige relevantie")?
        .set_error_message("Kies minder, neutraal of meer uit de lijst.")?
        .set_multi_range(multi_range('D'));
    sheet.add_data_validation(first + 1, 3, first + 1, 3, &relevance)?;

    // Closing questions: remarks, NPS, its reason, anonymity.
    let remarks_label = row + 1;
    let (remarks, nps, reason_label, reason, anonymous) = (
        remarks_label + 1,
        remarks_label + 3,
        remarks_label + 4,
        remarks_label + 5,
        remarks_label + 7,
    );
    sheet.merge_range(remarks_label, 0, remarks_label, 3, "Opmerkingen", &band)?;
    sheet.merge_range(remarks, 0, remarks, 3, "", &input_block)?;
    sheet.set_row_height(remarks, 90)?;
    sheet.write_string_with_format(
        nps,
        1,
        NPS_QUESTION.replace("{supplier}", &raw.supplier),
        &wrap,
    )?;
    sheet.set_row_height(nps, 32)?;
    sheet.write_blank(nps, 2, &input_cell)?;
    sheet.write_string_with_format(reason_label, 1, "Waarom dit cijfer?", &wrap)?;
    sheet.merge_range(reason, 0, reason, 3, "", &input_block)?;
    sheet.set_row_height(reason, 60)?;
    sheet.write_string_with_format(
        anonymous,
        1,
        "Wilt u anoniem blijven in de rapportage?",
        &wrap,
    )?;
    sheet.write_blank(anonymous, 2, &input_cell)?;
    let numbers: Vec<String> = (0..=10).map(|n| n.to_string()).collect();
    let nps_rule = DataValidation::new()
        .allow_list_strings(&numbers)?
        .set_input_title("Waarom dit cijfer?")?
        .set_input_message("Een heel getal van 0 (zeer onwaarschijnlijk) tot 10.")?
        .set_error_title("Ongeldig cijfer")?
        .set_error_message("Vul een heel getal van 0 tot 10 in.")?;
    sheet.add_data_validation(nps, 2, nps, 2, &nps_rule)?;
    let anonymous_rule = DataValidation::new()
        .allow_list_strings(&["ja", "nee"])?
        .set_input_message("Kies ja of nee.")?
        .set_error_message("Kies ja of nee uit de lijst.")?;
    sheet.add_data_validation(anonymous, 2, anonymous, 2, &anonymous_rule)?;

    // Print set-up, view, protection.
    sheet.set_paper_size(9);
    sheet.set_portrait();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(9, 9)?;
    sheet.set_footer(format!("&L{}&RPagina &P van &N", person.initials));
    sheet.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    sheet.set_freeze_panes(10, 0)?;
    sheet.set_selection(first + 1, 2, first + 1, 2)?;
    sheet.protect();

    // The very hidden `meta` sheet: eleven keys, an empty row, the header, one row per question.
    let meta = workbook.add_worksheet();
    meta.set_name("meta")?;
    let pairs = [
        ("format", "klantwaarde-questionnaire/1".to_string()),
        ("client", raw.client.clone()),
        ("supplier", raw.supplier.clone()),
        ("period", raw.period.clone()),
        ("respondent", person.initials.clone()),
        ("name", person.name.clone()),
        (
            "fingerprint",
            "0123456789abcdef0123456789abcdef".to_string(),
        ),
        ("nps_cell", format!("{SHEET}!C{}", nps + 1)),
        ("remarks_cell", format!("{SHEET}!A{}", remarks + 1)),
        ("nps_reason_cell", format!("{SHEET}!A{}", reason + 1)),
        ("anonymous_cell", format!("{SHEET}!C{}", anonymous + 1)),
    ];
    for (row, (key, value)) in pairs.iter().enumerate() {
        meta.write_string(row as u32, 0, *key)?;
        meta.write_string(row as u32, 1, value)?;
    }
    let table = pairs.len() as u32 + 1;
    for (col, name) in ["question", "kwi", "score_cell", "relevance_cell"]
        .into_iter()
        .enumerate()
    {
        meta.write_string(table, col as u16, name)?;
    }
    for (offset, cells) in meta_rows.iter().enumerate() {
        for (col, value) in cells.iter().enumerate() {
            meta.write_string(table + 1 + offset as u32, col as u16, value)?;
        }
    }
    for (col, width) in [16.0, 36.0, 18.0, 18.0].into_iter().enumerate() {
        meta.set_column_width(col as u16, width)?;
    }
    meta.set_very_hidden(true);
    meta.protect();

    workbook.save_to_buffer()
}

/// A file-name component: letters, digits, `.`, `-`, `_`; anything else becomes `_`.
fn safe(text: &str) -> String {
    let out: String = text
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    out.trim_matches(|c| c == '.' || c == '_' || c == '-')
        .to_string()
}
