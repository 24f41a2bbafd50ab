//! Writes one respondent's questionnaire: only their questions, protected, with dropdowns and
//! validation, and the hidden `meta` sheet that ingest reads back.
//!
//! The writer returns bytes and never touches the file system or the clock: the same master
//! gives the same bytes. Cell positions come from [`crate::layout`].

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DocProperties, ExcelDateTime, Format,
    FormatAlign, FormatBorder, Formula, Workbook, Worksheet, XlsxError,
};

use crate::labels::{Labels, Language};
use crate::layout::{self, Line, column, keys};
use crate::master::Master;

/// The fixed creation time stamped into every workbook, so that outputs are byte-identical.
pub const CREATED: (u16, u8, u8) = (2000, 1, 1);

/// One written questionnaire.
#[derive(Debug, Clone)]
pub struct Questionnaire {
    /// Index of the respondent in the master.
    pub respondent: usize,
    /// The file name, safe on every file system: `<period>-<client>-<initials>.xlsx`.
    pub file_name: String,
    /// The number of questions it holds.
    pub questions: usize,
    /// The .xlsx bytes.
    pub bytes: Vec<u8>,
}

/// Writes the questionnaire of respondent `respondent` (an index into `master.respondents`).
///
/// # Errors
/// A [`XlsxError`] from the writer; with a validated master this means a limit of the format
/// was hit (e.g. a text longer than Excel allows in a cell).
///
/// # Examples
/// ```
/// let master = klantwaarde::master::parse(klantwaarde::EXAMPLE_MASTER_NL.as_bytes()).unwrap().master;
/// let kees = master.respondent_index("KK").unwrap();
/// let written = klantwaarde::questionnaire::write(&master, kees).unwrap();
/// assert_eq!(written.file_name, "2011H2-KLANT_NV-KK.xlsx");
/// assert_eq!(written.questions, 17);
/// ```
pub fn write(master: &Master, respondent: usize) -> Result<Questionnaire, XlsxError> {
    write_filled(master, respondent, &Answers::default())
}

/// Answers to write into the input cells, as a respondent would type them: for the demo and
/// for tests. An empty set gives the blank questionnaire of [`write`].
#[derive(Debug, Clone, Default)]
pub struct Answers {
    /// Question id → score and relevance text (e.g. `minder`, `neutraal`, `meer`).
    pub scores: std::collections::HashMap<String, (u8, String)>,
    /// The NPS answer.
    pub nps: Option<u8>,
    /// Why that NPS answer.
    pub nps_reason: Option<String>,
    /// Free remarks.
    pub remarks: Option<String>,
    /// The anonymity answer as typed (`ja`, `nee`, `yes`, `no`).
    pub anonymous: Option<String>,
    /// When the respondent saved the file (year, month, day); the fixed [`CREATED`] otherwise.
    pub saved: Option<(u16, u8, u8)>,
}

/// Writes the questionnaire of `respondent` with `answers` already in its input cells.
///
/// # Errors
/// As [`write`].
pub fn write_filled(
    master: &Master,
    respondent: usize,
    answers: &Answers,
) -> Result<Questionnaire, XlsxError> {
    let labels = Labels::for_language(master.language);
    let person = &master.respondents[respondent];
    let groups = master.questions_for(respondent);
    let shape: Vec<(usize, bool)> = groups
        .iter()
        .map(|(kwi, questions)| (questions.len(), kwi.description.is_some()))
        .collect();
    let layout = layout::Questionnaire::new(&shape);
    let total: usize = shape.iter().map(|(count, _)| count).sum();
    let styles = Styles::new();
    let sheet_name = labels.questionnaire_sheet.as_str();

    let mut workbook = Workbook::new();
    let (year, month, day) = answers.saved.unwrap_or(CREATED);
    let created = ExcelDateTime::from_ymd(year, month, day)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!(
                "{} {} {}",
                master.title, master.period, master.client
            ))
            .set_subject(format!(
                "{} — {}",
                labels.questionnaire_heading, person.name
            ))
            .set_author(&master.supplier)
            .set_company(&master.supplier)
            .set_creation_datetime(&created),
    );

    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_name)?;
    for (col, width) in layout::WIDTHS.iter().enumerate() {
        sheet.set_column_width(col as u16, *width)?;
    }

    // Cover
    sheet.merge_range(
        layout.title,
        0,
        layout.title,
        column::LAST,
        &format!("{} — {}", master.title, labels.questionnaire_heading),
        &styles.title,
    )?;
    sheet.set_row_height(layout.title, 24)?;
    let deadline = deadline_text(master);
    let cover = [
        (layout.client, &labels.client, master.client.clone()),
        (layout.supplier, &labels.supplier, master.supplier.clone()),
        (layout.period, &labels.period, master.period.clone()),
        (
            layout.respondent,
            &labels.respondent,
            format!("{} ({})", person.name, person.initials),
        ),
    ];
    for (row, label, value) in cover {
        sheet.write_string_with_format(row, column::ID, label, &styles.label)?;
        sheet.merge_range(row, column::TEXT, row, column::LAST, &value, &styles.value)?;
    }
    if let Some(deadline) = &deadline {
        sheet.write_string_with_format(
            layout.deadline,
            column::ID,
            &labels.deadline,
            &styles.label,
        )?;
        sheet.merge_range(
            layout.deadline,
            column::TEXT,
            layout.deadline,
            column::LAST,
            deadline,
            &styles.deadline,
        )?;
    }
    let (first, last) = layout.question_rows();
    let progress = Formula::new(format!(
        "=COUNT({}:{})&\" {} {total}\"",
        layout::cell(first, column::SCORE),
        layout::cell(last, column::SCORE),
        labels.progress_of
    ))
    .set_result(format!(
        "{} {} {total}",
        answers.scores.len(),
        labels.progress_of
    ));
    sheet.write_string_with_format(layout.progress, column::ID, &labels.progress, &styles.label)?;
    sheet.write_formula_with_format(layout.progress, column::TEXT, progress, &styles.progress)?;
    sheet.merge_range(
        layout.instruction,
        0,
        layout.instruction,
        column::LAST,
        &labels.instruction,
        &styles.instruction,
    )?;
    sheet.set_row_height(
        layout.instruction,
        row_height(&labels.instruction, 105.0) + 4.0,
    )?;

    // Question block
    let header = [
        &labels.column_id,
        &labels.column_question,
        &labels.column_score,
        &labels.column_relevance,
    ];
    for (col, text) in header.into_iter().enumerate() {
        sheet.write_string_with_format(layout.header, col as u16, text, &styles.header)?;
    }
    let mut meta_rows = Vec::with_capacity(total);
    let mut score_rows = Vec::with_capacity(total);
    for &(row, line) in &layout.lines {
        match line {
            Line::Kwi(index) => {
                let kwi = groups[index].0;
                sheet.write_string_with_format(row, column::ID, &kwi.id, &styles.kwi)?;
                sheet.merge_range(
                    row,
                    column::TEXT,
                    row,
                    column::LAST,
                    &kwi.title,
                    &styles.kwi,
                )?;
            }
            Line::Description(index) => {
                let description = groups[index].0.description.as_deref().unwrap_or_default();
                sheet.write_blank(row, column::ID, &styles.description)?;
                sheet.merge_range(
                    row,
                    column::TEXT,
                    row,
                    column::LAST,
                    description,
                    &styles.description,
                )?;
                sheet.set_row_height(row, row_height(description, 100.0))?;
            }
            Line::Question(kwi, index) => {
                let (kwi, questions) = &groups[kwi];
                let question = questions[index];
                sheet.write_string_with_format(row, column::ID, &question.id, &styles.id)?;
                sheet.write_string_with_format(row, column::TEXT, &question.text, &styles.text)?;
                match answers.scores.get(&question.id) {
                    Some((score, relevance)) => {
                        sheet.write_number_with_format(
                            row,
                            column::SCORE,
                            *score,
                            &styles.input_number,
                        )?;
                        sheet.write_string_with_format(
                            row,
                            column::RELEVANCE,
                            relevance,
                            &styles.input_text,
                        )?;
                    }
                    None => {
                        sheet.write_blank(row, column::SCORE, &styles.input_number)?;
                        sheet.write_string_with_format(
                            row,
                            column::RELEVANCE,
                            &labels.relevance_neutral,
                            &styles.input_text,
                        )?;
                    }
                }
                sheet.set_row_height(row, row_height(&question.text, layout::WIDTHS[1]))?;
                score_rows.push(row);
                meta_rows.push([
                    question.id.clone(),
                    kwi.id.clone(),
                    layout::sheet_cell(sheet_name, row, column::SCORE),
                    layout::sheet_cell(sheet_name, row, column::RELEVANCE),
                    layout::sheet_cell(sheet_name, row, column::ID),
                ]);
            }
        }
    }
    validations(sheet, labels, &score_rows)?;

    // Closing questions
    sheet.merge_range(
        layout.remarks_label,
        column::ID,
        layout.remarks_label,
        column::LAST,
        &labels.remarks,
        &styles.kwi,
    )?;
    sheet.merge_range(
        layout.remarks,
        column::ID,
        layout.remarks,
        column::LAST,
        answers.remarks.as_deref().unwrap_or_default(),
        &styles.input_block,
    )?;
    sheet.set_row_height(layout.remarks, 90)?;
    let nps_question = labels.nps_question.replace("{supplier}", &master.supplier);
    sheet.write_string_with_format(layout.nps, column::TEXT, &nps_question, &styles.text)?;
    sheet.set_row_height(layout.nps, row_height(&nps_question, layout::WIDTHS[1]))?;
    match answers.nps {
        Some(nps) => {
            sheet.write_number_with_format(layout.nps, column::SCORE, nps, &styles.input_number)?
        }
        None => sheet.write_blank(layout.nps, column::SCORE, &styles.input_number)?,
    };
    sheet.write_string_with_format(
        layout.nps_reason_label,
        column::TEXT,
        &labels.nps_reason,
        &styles.text,
    )?;
    sheet.merge_range(
        layout.nps_reason,
        column::ID,
        layout.nps_reason,
        column::LAST,
        answers.nps_reason.as_deref().unwrap_or_default(),
        &styles.input_block,
    )?;
    sheet.set_row_height(layout.nps_reason, 60)?;
    sheet.write_string_with_format(
        layout.anonymous,
        column::TEXT,
        &labels.anonymous_question,
        &styles.text,
    )?;
    match &answers.anonymous {
        Some(anonymous) => sheet.write_string_with_format(
            layout.anonymous,
            column::SCORE,
            anonymous,
            &styles.input_text,
        )?,
        None => sheet.write_blank(layout.anonymous, column::SCORE, &styles.input_text)?,
    };
    let numbers: Vec<String> = (0..=10).map(|n| n.to_string()).collect();
    let nps = DataValidation::new()
        .allow_list_strings(&numbers)?
        .set_input_title(&labels.nps_reason)?
        .set_input_message(&labels.nps_prompt)?
        .set_error_title(&labels.score_error_title)?
        .set_error_message(&labels.nps_error)?;
    sheet.add_data_validation(layout.nps, column::SCORE, layout.nps, column::SCORE, &nps)?;
    let anonymous = DataValidation::new()
        .allow_list_strings(&[labels.yes.as_str(), labels.no.as_str()])?
        .set_input_message(&labels.anonymous_prompt)?
        .set_error_message(&labels.anonymous_error)?;
    sheet.add_data_validation(
        layout.anonymous,
        column::SCORE,
        layout.anonymous,
        column::SCORE,
        &anonymous,
    )?;

    // Print and view
    sheet.set_paper_size(9);
    sheet.set_portrait();
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(layout.header, layout.header)?;
    sheet.set_footer(format!("&L{}&R{}", person.initials, labels.page_footer));
    sheet.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    sheet.set_freeze_panes(layout.header + 1, 0)?;
    sheet.set_selection(first, column::SCORE, first, column::SCORE)?;
    match &master.password {
        Some(password) => sheet.protect_with_password(password),
        None => sheet.protect(),
    };

    // The contract
    let meta = workbook.add_worksheet();
    meta.set_name(layout::META_SHEET)?;
    let fingerprint = master.fingerprint(respondent);
    let pairs = [
        (keys::FORMAT, layout::FORMAT.to_string()),
        (keys::CLIENT, master.client.clone()),
        (keys::SUPPLIER, master.supplier.clone()),
        (keys::PERIOD, master.period.clone()),
        (keys::RESPONDENT, person.initials.clone()),
        (keys::NAME, person.name.clone()),
        (keys::FINGERPRINT, fingerprint),
        (
            keys::NPS_CELL,
            layout::sheet_cell(sheet_name, layout.nps, column::SCORE),
        ),
        (
            keys::REMARKS_CELL,
            layout::sheet_cell(sheet_name, layout.remarks, column::ID),
        ),
        (
            keys::NPS_REASON_CELL,
            layout::sheet_cell(sheet_name, layout.nps_reason, column::ID),
        ),
        (
            keys::ANONYMOUS_CELL,
            layout::sheet_cell(sheet_name, layout.anonymous, column::SCORE),
        ),
    ];
    for (row, (key, value)) in pairs.iter().enumerate() {
        meta.write_string(row as u32, 0, *key)?;
        meta.write_string(row as u32, 1, value)?;
    }
    let table = pairs.len() as u32 + 1;
    for (col, name) in keys::TABLE_HEADER.iter().enumerate() {
        meta.write_string(table, col as u16, *name)?;
    }
    for (offset, row) in meta_rows.iter().enumerate() {
        for (col, value) in row.iter().enumerate() {
            meta.write_string(table + 1 + offset as u32, col as u16, value)?;
        }
    }
    meta.set_column_width(0, 16)?;
    meta.set_column_width(1, 36)?;
    meta.set_column_width(2, 18)?;
    meta.set_column_width(3, 18)?;
    meta.set_column_width(4, 18)?;
    meta.set_very_hidden(true);
    meta.protect();

    let bytes = workbook.save_to_buffer()?;
    Ok(Questionnaire {
        respondent,
        file_name: file_name(master, respondent),
        questions: total,
        bytes,
    })
}

fn validations(sheet: &mut Worksheet, labels: &Labels, rows: &[u32]) -> Result<(), XlsxError> {
    let Some(&first) = rows.first() else {
        return Ok(());
    };
    let numbers: Vec<String> = (1..=10).map(|n| n.to_string()).collect();
    let score = DataValidation::new()
        .allow_list_strings(&numbers)?
        .set_input_title(&labels.score_prompt_title)?
        .set_input_message(&labels.score_prompt)?
        .set_error_title(&labels.score_error_title)?
        .set_error_message(&labels.score_error)?
        .set_error_style(DataValidationErrorStyle::Stop)
        .set_multi_range(runs(rows, column::SCORE));
    sheet.add_data_validation(first, column::SCORE, first, column::SCORE, &score)?;
    let relevance = DataValidation::new()
        .allow_list_strings(&[
            labels.relevance_less.as_str(),
            labels.relevance_neutral.as_str(),
            labels.relevance_more.as_str(),
        ])?
        .set_input_title(&labels.relevance_prompt_title)?
        .set_input_message(&labels.relevance_prompt)?
        .set_error_title(&labels.relevance_error_title)?
        .set_error_message(&labels.relevance_error)?
        .set_multi_range(runs(rows, column::RELEVANCE));
    sheet.add_data_validation(
        first,
        column::RELEVANCE,
        first,
        column::RELEVANCE,
        &relevance,
    )?;
    Ok(())
}

/// `C11:C14 C16:C19`: the rows as contiguous ranges of one column.
fn runs(rows: &[u32], col: u16) -> String {
    let mut ranges: Vec<(u32, u32)> = Vec::new();
    for &row in rows {
        match ranges.last_mut() {
            Some((_, end)) if *end + 1 == row => *end = row,
            _ => ranges.push((row, row)),
        }
    }
    ranges
        .iter()
        .map(|&(start, end)| {
            if start == end {
                layout::cell(start, col)
            } else {
                format!("{}:{}", layout::cell(start, col), layout::cell(end, col))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A row height in points that shows `text` wrapped in a column `width` characters wide.
/// Spreadsheet apps do not grow rows for wrapped text written by a library, so we estimate.
fn row_height(text: &str, width: f64) -> f64 {
    let per_line = (width * 1.05).max(10.0) as usize;
    let lines: usize = text
        .split('\n')
        .map(|paragraph| paragraph.chars().count().div_ceil(per_line).max(1))
        .sum();
    15.0 * lines as f64 + 2.0
}

/// The deadline as people of the master's language write a date: `30-11-2011`, `30 November 2011`.
pub fn deadline_text(master: &Master) -> Option<String> {
    master.deadline.map(|date| match master.language {
        Language::Dutch => date.format("%d-%m-%Y").to_string(),
        Language::English => date.format("%-d %B %Y").to_string(),
    })
}

/// `<period>-<client>-<initials>.xlsx`, safe on every file system.
pub fn file_name(master: &Master, respondent: usize) -> String {
    format!(
        "{}-{}-{}.xlsx",
        safe_component(&master.period),
        safe_component(&master.client),
        safe_component(&master.respondents[respondent].initials)
    )
}

/// One part of a file name: letters, digits, `.`, `-` and `_`; no leading dots, no reserved
/// Windows device names, at most 60 characters.
pub fn safe_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let keep = c.is_alphanumeric() || matches!(c, '.' | '-' | '_');
        let c = if keep { c } else { '_' };
        if !(c == '_' && out.ends_with('_')) {
            out.push(c);
        }
    }
    let trimmed: String = out
        .trim_matches(|c| c == '.' || c == '_' || c == '-')
        .chars()
        .take(60)
        .collect();
    let stem = trimmed
        .split('.')
        .next()
        .unwrap_or_default()
        .to_ascii_uppercase();
    let reserved = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit());
    match (trimmed.is_empty(), reserved) {
        (true, _) => "_".to_string(),
        (false, true) => format!("{trimmed}_"),
        (false, false) => trimmed,
    }
}

struct Styles {
    title: Format,
    label: Format,
    value: Format,
    deadline: Format,
    progress: Format,
    instruction: Format,
    header: Format,
    kwi: Format,
    description: Format,
    id: Format,
    text: Format,
    input_number: Format,
    input_text: Format,
    input_block: Format,
}

impl Styles {
    fn new() -> Styles {
        let input = Format::new()
            .set_unlocked()
            .set_background_color(Color::RGB(0xFFF2CC))
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(0xBF9000));
        Styles {
            title: Format::new()
                .set_bold()
                .set_font_size(16)
                .set_font_color(Color::RGB(0x1F3864)),
            label: Format::new().set_bold(),
            value: Format::new().set_align(FormatAlign::Left),
            deadline: Format::new()
                .set_bold()
                .set_font_color(Color::RGB(0xC00000)),
            progress: Format::new()
                .set_bold()
                .set_font_color(Color::RGB(0x1F3864)),
            instruction: Format::new()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_italic(),
            header: Format::new()
                .set_bold()
                .set_font_color(Color::White)
                .set_background_color(Color::RGB(0x1F3864))
                .set_align(FormatAlign::VerticalCenter),
            kwi: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xD9E1F2)),
            description: Format::new()
                .set_italic()
                .set_font_color(Color::RGB(0x595959))
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            id: Format::new().set_align(FormatAlign::Top),
            text: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            input_number: input
                .clone()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::Top),
            input_text: input
                .clone()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::Top),
            input_block: input.set_text_wrap().set_align(FormatAlign::Top),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_stay_inside_the_folder() {
        for (input, expected) in [
            ("KLANT NV", "KLANT_NV"),
            ("../../x", "x"),
            ("a/b\\c", "a_b_c"),
            ("..", "_"),
            ("", "_"),
            ("CON", "CON_"),
            ("com1", "com1_"),
            ("Zoë & Co", "Zoë_Co"),
            ("2011H2", "2011H2"),
        ] {
            assert_eq!(safe_component(input), expected, "{input:?}");
        }
    }

    #[test]
    fn runs_join_contiguous_rows() {
        assert_eq!(runs(&[10, 11, 12, 14, 16, 17], 2), "C11:C13 C15 C17:C18");
        assert_eq!(runs(&[3], 3), "D4");
    }

    #[test]
    fn long_texts_get_taller_rows() {
        assert!(row_height(&"x".repeat(300), 72.0) > row_height("short", 72.0));
    }

    /// The label files as they are committed, read independently of [`Labels`], so that a
    /// mix-up in how `labels` loads them cannot hide here.
    fn label_file(language: &str) -> toml::Table {
        let text = match language {
            "en" => include_str!("../templates/labels/en.toml"),
            _ => include_str!("../templates/labels/nl.toml"),
        };
        toml::from_str(text).expect("a valid label file")
    }

    /// Labels written as whole cells of the questionnaire sheet (`{supplier}` filled in).
    const IN_CELLS: &[&str] = &[
        "client",
        "supplier",
        "period",
        "respondent",
        "deadline",
        "progress",
        "instruction",
        "column_id",
        "column_question",
        "column_score",
        "column_relevance",
        "relevance_neutral",
        "remarks",
        "nps_question",
        "nps_reason",
        "anonymous_question",
        "standard_active",
        "standard_agreements",
    ];

    /// Labels written into the data validations' titles and messages, as XML attributes.
    const IN_VALIDATIONS: &[&str] = &[
        "score_prompt_title",
        "score_prompt",
        "score_error_title",
        "score_error",
        "relevance_prompt_title",
        "relevance_prompt",
        "relevance_error_title",
        "relevance_error",
        "nps_prompt",
        "nps_error",
        "anonymous_prompt",
        "anonymous_error",
    ];

    fn xml_attribute(text: &str) -> String {
        let escaped = text
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;");
        format!("=\"{escaped}\"")
    }

    #[test]
    fn english_questionnaire_uses_english_labels() {
        use calamine::{DataType, Reader, Xlsx};
        use std::io::{Cursor, Read};

        let master = crate::master::parse(crate::EXAMPLE_MASTER_EN.as_bytes())
            .unwrap()
            .master;
        assert_eq!(Language::English, master.language);
        let written = write(&master, master.respondent_index("KK").unwrap()).unwrap();
        let (english, dutch) = (label_file("en"), label_file("nl"));
        let label = |table: &toml::Table, key: &str| {
            table[key]
                .as_str()
                .expect("labels are strings")
                .replace("{supplier}", &master.supplier)
        };

        let mut workbook: Xlsx<_> =
            calamine::open_workbook_from_rs(Cursor::new(written.bytes.clone())).unwrap();
        let sheet_name = label(&english, "questionnaire_sheet");
        assert_eq!(workbook.sheet_names(), [sheet_name.as_str(), "meta"]);
        let range = workbook.worksheet_range(&sheet_name).unwrap();
        let cells: Vec<String> = range
            .used_cells()
            .filter_map(|(_, _, value)| value.get_string().map(str::to_string))
            .collect();
        let mut wrong = Vec::new();
        for key in IN_CELLS {
            let (en, nl) = (label(&english, key), label(&dutch, key));
            if !cells.contains(&en) {
                wrong.push(format!("{key}: no cell reads {en:?}"));
            }
            if nl != en && cells.contains(&nl) {
                wrong.push(format!("{key}: a cell reads the Dutch {nl:?}"));
            }
        }
        // the title cell ends in the heading; the progress cell's cached result reads "0 of 17"
        let ends_title =
            |heading: &str| cells.iter().any(|c| c.ends_with(&format!(" — {heading}")));
        let in_progress = |of: &str| cells.iter().any(|c| c == &format!("0 {of} 17"));
        for (key, check) in [
            (
                "questionnaire_heading",
                &ends_title as &dyn Fn(&str) -> bool,
            ),
            ("progress_of", &in_progress),
        ] {
            let (en, nl) = (label(&english, key), label(&dutch, key));
            if !check(&en) {
                wrong.push(format!("{key}: {en:?} is not on the sheet"));
            }
            if check(&nl) {
                wrong.push(format!("{key}: the Dutch {nl:?} is on the sheet"));
            }
        }

        let mut sheet_xml = String::new();
        zip::ZipArchive::new(Cursor::new(&written.bytes))
            .unwrap()
            .by_name("xl/worksheets/sheet1.xml")
            .unwrap()
            .read_to_string(&mut sheet_xml)
            .unwrap();
        for key in IN_VALIDATIONS {
            let (en, nl) = (label(&english, key), label(&dutch, key));
            if !sheet_xml.contains(&xml_attribute(&en)) {
                wrong.push(format!("{key}: no validation says {en:?}"));
            }
            if sheet_xml.contains(&xml_attribute(&nl)) {
                wrong.push(format!("{key}: a validation says the Dutch {nl:?}"));
            }
        }
        let lists = |table: &toml::Table| {
            [
                format!("\"{},{}\"", label(table, "yes"), label(table, "no")),
                format!(
                    "\"{},{},{}\"",
                    label(table, "relevance_less"),
                    label(table, "relevance_neutral"),
                    label(table, "relevance_more")
                ),
            ]
        };
        for (en, nl) in lists(&english).iter().zip(lists(&dutch).iter()) {
            if !sheet_xml.contains(&format!("<formula1>{en}</formula1>")) {
                wrong.push(format!("no dropdown lists {en}"));
            }
            if sheet_xml.contains(&format!("<formula1>{nl}</formula1>")) {
                wrong.push(format!("a dropdown lists the Dutch {nl}"));
            }
        }
        let footer = |table: &toml::Table| {
            let text = label(table, "page_footer").replace('&', "&amp;");
            format!("&amp;R{text}</oddFooter>")
        };
        if !sheet_xml.contains(&footer(&english)) {
            wrong.push(format!("the footer is not {}", footer(&english)));
        }
        if sheet_xml.contains(&footer(&dutch)) {
            wrong.push(format!("the footer is the Dutch {}", footer(&dutch)));
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }
}
