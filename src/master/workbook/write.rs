//! A TOML master → the same master as a workbook, with dropdowns where a column has a few
//! choices and a note on every header. Deterministic: the same master gives the same bytes.

use rust_xlsxwriter::{
    DataValidation, DataValidationRule, DocProperties, ExcelDateTime, Format, FormatAlign, Formula,
    Note, Workbook, Worksheet, XlsxError,
};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{Column, Kind, Sheet, respondent_column_note};
use crate::labels::Language;

/// Rows the dropdowns and formats reach beyond the written ones, for rows people add.
const SPARE_ROWS: u32 = 200;

/// Writes the master in `source` (TOML, already checked) as a workbook in `language`.
///
/// # Errors
/// When `source` is not TOML, or the workbook cannot be written.
pub fn write(source: &str, language: Language) -> Result<Vec<u8>, String> {
    let document = DeTable::parse(source).map_err(|error| error.to_string())?;
    build(document.get_ref(), language).map_err(|error| error.to_string())
}

struct Formats {
    header: Format,
    text: Format,
    wrap: Format,
    date: Format,
    number: Format,
    explanation: Format,
}

fn build(document: &DeTable<'_>, language: Language) -> Result<Vec<u8>, XlsxError> {
    let formats = Formats {
        header: Format::new().set_bold().set_background_color("#DDEBF7"),
        text: Format::new()
            .set_num_format("@")
            .set_align(FormatAlign::Top),
        wrap: Format::new()
            .set_num_format("@")
            .set_text_wrap()
            .set_align(FormatAlign::Top),
        date: Format::new()
            .set_num_format("yyyy-mm-dd")
            .set_align(FormatAlign::Top)
            .set_align(FormatAlign::Left),
        number: Format::new()
            .set_align(FormatAlign::Top)
            .set_align(FormatAlign::Left),
        explanation: Format::new()
            .set_text_wrap()
            .set_italic()
            .set_font_color("#595959")
            .set_align(FormatAlign::Top),
    };
    let mut workbook = Workbook::new();
    // no clock: a master workbook says nothing of when it was written
    workbook.set_properties(
        &DocProperties::new()
            .set_title("klantwaarde master")
            .set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1)?),
    );
    let kwi_sheet = Sheet::Kwis.name(language);
    let kwi_list = Formula::new(format!(
        "={}!$A$2:$A${}",
        quoted(kwi_sheet),
        2 + SPARE_ROWS + items(document, "kwis").len() as u32
    ));
    master_sheet(workbook.add_worksheet(), document, language, &formats)?;
    let respondents = items(document, "respondents");
    let initials: Vec<String> = respondents
        .iter()
        .map(|r| text(r.get("initials").map(Spanned::get_ref)))
        .collect();
    table_sheet(
        workbook.add_worksheet(),
        Sheet::Respondents,
        &respondents,
        language,
        &formats,
        None,
    )?;
    let kwis = items(document, "kwis");
    table_sheet(
        workbook.add_worksheet(),
        Sheet::Kwis,
        &kwis,
        language,
        &formats,
        None,
    )?;
    questions_sheet(
        workbook.add_worksheet(),
        &kwis,
        &initials,
        language,
        &formats,
        &kwi_list,
    )?;
    table_sheet(
        workbook.add_worksheet(),
        Sheet::Actions,
        &items(document, "actions"),
        language,
        &formats,
        Some(&kwi_list),
    )?;
    workbook.save_to_buffer()
}

/// The tables of an array of tables (`[[kwis]]`), in file order.
fn items<'a, 'i>(document: &'a DeTable<'i>, key: &str) -> Vec<&'a DeTable<'i>> {
    let mut found: Vec<(usize, &DeTable<'i>)> = match document.get(key).map(Spanned::get_ref) {
        Some(DeValue::Array(array)) => array
            .iter()
            .filter_map(|item| match item.get_ref() {
                DeValue::Table(table) => Some((item.span().start, table)),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    found.sort_by_key(|(start, _)| *start);
    found.into_iter().map(|(_, table)| table).collect()
}

fn text(value: Option<&DeValue<'_>>) -> String {
    match value {
        Some(DeValue::String(text)) => text.to_string(),
        Some(DeValue::Integer(number)) => number.as_str().to_string(),
        Some(DeValue::Float(number)) => number.as_str().to_string(),
        Some(DeValue::Boolean(yes)) => yes.to_string(),
        Some(DeValue::Datetime(datetime)) => datetime.to_string(),
        Some(DeValue::Array(items)) => items
            .iter()
            .map(|item| text(Some(item.get_ref())))
            .collect::<Vec<_>>()
            .join(", "),
        Some(DeValue::Table(_)) | None => String::new(),
    }
}

/// Printed landscape, one page wide, the header row on every page.
fn page_setup(sheet: &mut Worksheet) -> Result<(), XlsxError> {
    sheet.set_landscape();
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, 0)?;
    Ok(())
}

fn quoted(sheet: &str) -> String {
    if sheet.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        sheet.to_string()
    } else {
        format!("'{}'", sheet.replace('\'', "''"))
    }
}

fn yes_no(language: Language) -> [&'static str; 2] {
    match language {
        Language::Dutch => ["ja", "nee"],
        Language::English => ["yes", "no"],
    }
}

/// The lines a wrapped text takes in a column `width` digits wide (Calibri 11 fits about 1.2
/// average characters per digit width), so that rows are as tall as their text: spreadsheet programs
/// do not grow a row for a text written by a program.
fn lines(text: &str, width: f64) -> usize {
    text.split('\n')
        .map(|line| {
            ((line.chars().count() as f64) / (width * 1.2))
                .ceil()
                .max(1.0) as usize
        })
        .sum()
}

/// The tallest wrapped text of each row.
#[derive(Default)]
struct Heights(std::collections::BTreeMap<u32, usize>);

impl Heights {
    fn note(&mut self, row: u32, lines: usize) {
        let tallest = self.0.entry(row).or_insert(1);
        *tallest = (*tallest).max(lines);
    }

    fn apply(&self, sheet: &mut Worksheet) -> Result<(), XlsxError> {
        for (&row, &lines) in &self.0 {
            if lines > 1 {
                sheet.set_row_height(row, 15.0 * lines as f64)?;
            }
        }
        Ok(())
    }
}

/// Writes one value into a cell as its column wants it; with `wrap` (the column's width) the
/// text wraps, and the lines it takes are returned.
fn put(
    sheet: &mut Worksheet,
    row: u32,
    column: u16,
    value: &DeValue<'_>,
    language: Language,
    formats: &Formats,
    wrap: Option<f64>,
) -> Result<usize, XlsxError> {
    let text_format = if wrap.is_some() {
        &formats.wrap
    } else {
        &formats.text
    };
    match value {
        DeValue::Integer(number) => {
            let number: f64 = number.as_str().replace('_', "").parse().unwrap_or_default();
            sheet.write_number_with_format(row, column, number, &formats.number)?;
        }
        DeValue::Float(number) => {
            let number: f64 = number.as_str().replace('_', "").parse().unwrap_or_default();
            sheet.write_number_with_format(row, column, number, &formats.number)?;
        }
        DeValue::Boolean(yes) => {
            let [y, n] = yes_no(language);
            sheet.write_string_with_format(row, column, if *yes { y } else { n }, text_format)?;
        }
        DeValue::Datetime(datetime) => match (datetime.date, datetime.time) {
            (Some(date), None) => {
                let date = ExcelDateTime::from_ymd(date.year, date.month, date.day)?;
                sheet.write_datetime_with_format(row, column, &date, &formats.date)?;
            }
            _ => {
                sheet.write_string_with_format(row, column, datetime.to_string(), text_format)?;
            }
        },
        other => {
            let text = text(Some(other));
            sheet.write_string_with_format(row, column, &text, text_format)?;
            return Ok(wrap.map_or(1, |width| lines(&text, width)));
        }
    }
    Ok(1)
}

fn master_sheet(
    sheet: &mut Worksheet,
    document: &DeTable<'_>,
    language: Language,
    formats: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name(Sheet::Master.name(language))?;
    page_setup(sheet)?;
    let (key_header, value_header, explanation_header) = match language {
        Language::Dutch => ("sleutel", "waarde", "toelichting"),
        Language::English => ("key", "value", "explanation"),
    };
    sheet.write_string_with_format(0, 0, key_header, &formats.header)?;
    sheet.write_string_with_format(0, 1, value_header, &formats.header)?;
    sheet.write_string_with_format(0, 2, explanation_header, &formats.header)?;
    sheet.set_column_width(0, 24)?;
    sheet.set_column_width(1, 60)?;
    sheet.set_column_width(2, 70)?;
    sheet.set_freeze_panes(1, 0)?;
    // every known key, so that the sheet shows what can be set; then keys this version does
    // not know (they are kept, and `check` names them)
    let mut rows: Vec<(String, Option<&DeValue<'_>>, Option<&Column>)> = Sheet::Master
        .columns()
        .iter()
        .map(|column| {
            (
                column.key.to_string(),
                lookup(document, column.key),
                Some(column),
            )
        })
        .collect();
    for (key, value) in document.iter() {
        let key = key.get_ref().as_ref();
        match value.get_ref() {
            DeValue::Table(table) => {
                for (inner, value) in table.iter() {
                    let dotted = format!("{key}.{}", inner.get_ref());
                    if Sheet::Master.kind_of(&dotted).is_none() {
                        rows.push((dotted, Some(value.get_ref()), None));
                    }
                }
            }
            DeValue::Array(_) => {}
            value => {
                if Sheet::Master.kind_of(key).is_none() {
                    rows.push((key.to_string(), Some(value), None));
                }
            }
        }
    }
    let mut heights = Heights::default();
    for (index, (key, value, column)) in rows.iter().enumerate() {
        let row = index as u32 + 1;
        sheet.write_string_with_format(row, 0, key, &formats.text)?;
        if let Some(value) = value {
            let wrap = key.ends_with("body").then_some(60.0);
            heights.note(row, put(sheet, row, 1, value, language, formats, wrap)?);
        } else if column.is_some_and(|c| c.kind == Kind::Text) {
            sheet.set_cell_format(row, 1, &formats.text)?;
        }
        if let Some(column) = column {
            sheet.write_string_with_format(
                row,
                2,
                column.explanation(language),
                &formats.explanation,
            )?;
            heights.note(row, lines(column.explanation(language), 70.0));
            let validation = match (column.key, column.kind) {
                ("language", _) => Some(DataValidation::new().allow_list_strings(&["nl", "en"])?),
                (_, Kind::Bool) => {
                    Some(DataValidation::new().allow_list_strings(&yes_no(language))?)
                }
                (_, Kind::Number) => Some(
                    DataValidation::new()
                        .allow_decimal_number(DataValidationRule::Between(1.0, 10.0)),
                ),
                (_, Kind::Whole) => Some(
                    DataValidation::new().allow_whole_number(DataValidationRule::Between(1, 100)),
                ),
                _ => None,
            };
            if let Some(validation) = validation {
                sheet.add_data_validation(row, 1, row, 1, &validation)?;
            }
        }
    }
    heights.apply(sheet)?;
    Ok(())
}

/// A top-level key, or a dotted one (`sender.name`) inside its table.
fn lookup<'a, 'i>(document: &'a DeTable<'i>, key: &str) -> Option<&'a DeValue<'i>> {
    match key.split_once('.') {
        None => document.get(key).map(Spanned::get_ref),
        Some((table, inner)) => match document.get(table).map(Spanned::get_ref) {
            Some(DeValue::Table(table)) => table.get(inner).map(Spanned::get_ref),
            _ => None,
        },
    }
}

/// The header row of a table sheet: the known columns, then any other key the items use.
fn header_keys(kind: Sheet, tables: &[&DeTable<'_>], skip: &[&str]) -> Vec<String> {
    let mut keys: Vec<String> = kind.columns().iter().map(|c| c.key.to_string()).collect();
    for table in tables {
        for (key, _) in table.iter() {
            let key = key.get_ref().to_string();
            if !keys.contains(&key) && !skip.contains(&key.as_str()) {
                keys.push(key);
            }
        }
    }
    keys
}

fn header(
    sheet: &mut Worksheet,
    column: u16,
    key: &str,
    explanation: Option<&str>,
    formats: &Formats,
) -> Result<(), XlsxError> {
    sheet.write_string_with_format(0, column, key, &formats.header)?;
    if let Some(explanation) = explanation {
        let note = Note::new(explanation)
            .add_author_prefix(false)
            .set_width(300);
        sheet.insert_note(0, column, &note)?;
    }
    Ok(())
}

fn validation_for(
    column: &Column,
    language: Language,
    kwi_list: Option<&Formula>,
) -> Result<Option<DataValidation>, XlsxError> {
    Ok(match (column.key, column.kind) {
        ("kwi", _) => kwi_list.map(|list| DataValidation::new().allow_list_formula(list.clone())),
        (_, Kind::Bool) => Some(DataValidation::new().allow_list_strings(&yes_no(language))?),
        (_, Kind::Number) => {
            Some(DataValidation::new().allow_decimal_number(DataValidationRule::Between(1.0, 10.0)))
        }
        _ => None,
    })
}

fn table_sheet(
    sheet: &mut Worksheet,
    kind: Sheet,
    tables: &[&DeTable<'_>],
    language: Language,
    formats: &Formats,
    kwi_list: Option<&Formula>,
) -> Result<(), XlsxError> {
    sheet.set_name(kind.name(language))?;
    page_setup(sheet)?;
    sheet.set_freeze_panes(1, 0)?;
    let keys = header_keys(kind, tables, &["questions"]);
    let mut heights = Heights::default();
    let last_row = tables.len() as u32 + SPARE_ROWS;
    for (index, key) in keys.iter().enumerate() {
        let column = index as u16;
        let known = kind.columns().iter().find(|c| c.key == key);
        header(
            sheet,
            column,
            key,
            known.map(|c| c.explanation(language)),
            formats,
        )?;
        sheet.set_column_width(column, known.map_or(16.0, |c| c.width))?;
        if let Some(known) = known {
            if let Some(validation) = validation_for(known, language, kwi_list)? {
                sheet.add_data_validation(1, column, last_row, column, &validation)?;
            }
            let format = match known.kind {
                Kind::Date => &formats.date,
                Kind::Number | Kind::Whole => &formats.number,
                _ if known.width >= 40.0 => &formats.wrap,
                _ => &formats.text,
            };
            sheet.set_column_format(column, format)?;
        }
        for (item, table) in tables.iter().enumerate() {
            if let Some(value) = table.get(key.as_str()) {
                let wrap = known.map(|c| c.width).filter(|width| *width >= 40.0);
                let row = item as u32 + 1;
                let lines = put(sheet, row, column, value.get_ref(), language, formats, wrap)?;
                heights.note(row, lines);
            }
        }
    }
    heights.apply(sheet)?;
    Ok(())
}

fn questions_sheet(
    sheet: &mut Worksheet,
    kwis: &[&DeTable<'_>],
    initials: &[String],
    language: Language,
    formats: &Formats,
    kwi_list: &Formula,
) -> Result<(), XlsxError> {
    sheet.set_name(Sheet::Questions.name(language))?;
    page_setup(sheet)?;
    sheet.set_freeze_panes(1, 3)?;
    let questions: Vec<(String, &DeTable<'_>)> = kwis
        .iter()
        .flat_map(|kwi| {
            let id = text(kwi.get("id").map(Spanned::get_ref));
            items(kwi, "questions")
                .into_iter()
                .map(move |q| (id.clone(), q))
        })
        .collect();
    let tables: Vec<&DeTable<'_>> = questions.iter().map(|(_, q)| *q).collect();
    let keys = header_keys(Sheet::Questions, &tables, &["respondents", "kwi"]);
    // the question's own keys must come before the initials: `text` closes them
    let mut keys: Vec<String> = keys.into_iter().filter(|k| k != "text").collect();
    keys.push("text".to_string());
    let last_row = questions.len() as u32 + SPARE_ROWS;
    let mut heights = Heights::default();
    for (index, key) in keys.iter().enumerate() {
        let column = index as u16;
        let known = Sheet::Questions.columns().iter().find(|c| c.key == key);
        header(
            sheet,
            column,
            key,
            known.map(|c| c.explanation(language)),
            formats,
        )?;
        sheet.set_column_width(column, known.map_or(16.0, |c| c.width))?;
        sheet.set_column_format(
            column,
            if key == "text" {
                &formats.wrap
            } else {
                &formats.text
            },
        )?;
        if key == "kwi" {
            let validation = DataValidation::new().allow_list_formula(kwi_list.clone());
            sheet.add_data_validation(1, column, last_row, column, &validation)?;
        }
        for (row, (kwi, table)) in questions.iter().enumerate() {
            let row = row as u32 + 1;
            if key == "kwi" {
                sheet.write_string_with_format(row, column, kwi, &formats.text)?;
            } else if let Some(value) = table.get(key.as_str()) {
                let wrap = (key == "text").then(|| known.map_or(16.0, |c| c.width));
                let lines = put(sheet, row, column, value.get_ref(), language, formats, wrap)?;
                heights.note(row, lines);
            }
        }
    }
    let first = keys.len() as u16;
    let mark = Format::new()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::Top);
    let validation = DataValidation::new().allow_list_strings(&["X"])?;
    for (index, who) in initials.iter().enumerate() {
        let column = first + index as u16;
        header(
            sheet,
            column,
            who,
            Some(respondent_column_note(language)),
            formats,
        )?;
        sheet.set_column_width(column, 6)?;
        sheet.add_data_validation(1, column, last_row, column, &validation)?;
        for (row, (_, table)) in questions.iter().enumerate() {
            let assigned = match table.get("respondents").map(Spanned::get_ref) {
                Some(DeValue::Array(list)) => list.iter().any(|item| {
                    let item = text(Some(item.get_ref()));
                    item.trim() == "*" || crate::master::fold(&item) == crate::master::fold(who)
                }),
                _ => false,
            };
            if assigned {
                sheet.write_string_with_format(row as u32 + 1, column, "X", &mark)?;
            }
        }
    }
    heights.apply(sheet)?;
    Ok(())
}
