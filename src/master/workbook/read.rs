//! Cells → the TOML master they stand for, with a [`CellMap`] back to the cells. Problems only a
//! workbook can have (a text where a number belongs, a mark other than X, a missing sheet) are
//! reported here with their cell; everything else is left to the checks every master passes.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::{Days, NaiveDate};

use super::{CellMap, Kind, Sheet, reference};
use crate::labels::Language;
use crate::master::diagnostic::{Diagnostic, Position, Severity};
use crate::master::{fold, nearest};
use crate::reader::{CellValue, SheetCells};

/// The TOML a workbook stands for, where each part came from, and the workbook's own problems.
pub(in crate::master) struct Read {
    pub(in crate::master) toml: String,
    pub(in crate::master) cells: CellMap,
    pub(in crate::master) diagnostics: Vec<Diagnostic>,
}

/// The language a workbook master speaks, read before anything is checked: the value beside
/// `language` on its master sheet; Dutch (the master's default) when there is none or it is
/// neither "nl" nor "en".
pub(in crate::master) fn language(sheets: &[SheetCells]) -> Language {
    let is_master_sheet = |sheet: &&SheetCells| {
        let wanted = fold(&sheet.name);
        [Language::Dutch, Language::English]
            .iter()
            .any(|&language| fold(Sheet::Master.name(language)) == wanted)
    };
    let Some(sheet) = sheets.iter().find(is_master_sheet) else {
        return Language::Dutch;
    };
    by_row(sheet)
        .values()
        .find(|cells| {
            cells
                .get(&0)
                .is_some_and(|key| fold(&text_of(key)) == "language")
        })
        .and_then(|cells| cells.get(&1))
        .and_then(|value| Language::from_code(text_of(value).trim()))
        .unwrap_or(Language::Dutch)
}

/// Reads a workbook master's sheets; its messages are in `language`, the master's.
pub(in crate::master) fn read(sheets: &[SheetCells], language: Language) -> Read {
    let mut reader = Reader {
        out: Emitter::default(),
        diagnostics: Vec::new(),
        language,
    };
    let mut found: BTreeMap<usize, &SheetCells> = BTreeMap::new();
    for sheet in sheets {
        let wanted = fold(&sheet.name);
        match Sheet::ALL.iter().position(|known| {
            [Language::Dutch, Language::English]
                .iter()
                .any(|&language| fold(known.name(language)) == wanted)
        }) {
            Some(index) if !found.contains_key(&index) => {
                found.insert(index, sheet);
            }
            _ => {
                let names = all_names();
                let unknown = &sheet.name;
                let message = match nearest(unknown, names.iter().copied()) {
                    Some(suggestion) => crate::msg!(
                        language,
                        "master.sheet_unknown_did_you_mean",
                        unknown,
                        suggestion
                    ),
                    None => {
                        let sheets = Sheet::ALL.map(|sheet| sheet.name(language)).join(", ");
                        crate::msg!(language, "master.sheet_unknown", unknown, sheets)
                    }
                };
                reader.diagnostics.push(Diagnostic {
                    severity: Severity::Warning,
                    position: Some(Position::Cell(reference(&sheet.name, 0, 0))),
                    message,
                    language,
                });
            }
        }
    }
    for (index, sheet) in Sheet::ALL.iter().enumerate() {
        if *sheet != Sheet::Actions && !found.contains_key(&index) {
            let (nl, en) = (sheet.name(Language::Dutch), sheet.name(Language::English));
            let (name, other) = match language {
                Language::Dutch => (nl, en),
                Language::English => (en, nl),
            };
            reader.diagnostics.push(Diagnostic {
                severity: Severity::Error,
                position: None,
                message: crate::msg!(language, "master.sheet_missing", name, other),
                language,
            });
        }
    }
    let get = |sheet: Sheet| {
        let index = Sheet::ALL.iter().position(|s| *s == sheet).unwrap_or(0);
        found.get(&index).copied()
    };
    if let Some(sheet) = get(Sheet::Master) {
        reader.master(sheet);
    }
    // The respondents' initials, for the matrix's column headers; `None` without the sheet.
    let mut known: Option<Vec<String>> = None;
    if let Some(sheet) = get(Sheet::Respondents) {
        let rows = reader.table(sheet, Sheet::Respondents);
        let initials: Vec<String> = rows.iter().filter_map(|row| row.text("initials")).collect();
        // Initials given twice or left out are reported on that sheet; the matrix is then not
        // held to them, so that one mistake does not cascade.
        let mut folded: Vec<String> = initials.iter().map(|i| fold(i)).collect();
        folded.sort_unstable();
        folded.dedup();
        if folded.len() == initials.len() && initials.len() == rows.len() {
            known = Some(initials);
        }
        for row in rows {
            reader.item(Sheet::Respondents, &row);
        }
    }
    let kwis = get(Sheet::Kwis).map_or_else(Vec::new, |sheet| reader.table(sheet, Sheet::Kwis));
    let questions = get(Sheet::Questions)
        .map_or_else(Vec::new, |sheet| reader.questions(sheet, known.as_deref()));
    let ids: Vec<String> = kwis.iter().filter_map(|row| row.text("id")).collect();
    let mut by_kwi: BTreeMap<usize, Vec<&Row>> = BTreeMap::new();
    for question in &questions {
        let Some((kwi, cell)) = question.kwi.as_ref() else {
            continue;
        };
        match ids.iter().position(|id| fold(id) == fold(kwi)) {
            Some(index) => by_kwi.entry(index).or_default().push(question),
            None => {
                let sheet = Sheet::Kwis.name(language);
                let message = match nearest(kwi, ids.iter().map(String::as_str)) {
                    Some(suggestion) => crate::msg!(
                        language,
                        "master.question_unknown_kwi_did_you_mean",
                        kwi,
                        sheet,
                        suggestion
                    ),
                    None => crate::msg!(
                        language,
                        "master.question_unknown_kwi",
                        kwi,
                        sheet,
                        known = ids.join(", ")
                    ),
                };
                reader.error(cell, message);
            }
        }
    }
    for (index, kwi) in kwis.iter().enumerate() {
        reader.item(Sheet::Kwis, kwi);
        for question in by_kwi.get(&index).into_iter().flatten() {
            reader.item(Sheet::Questions, question);
        }
    }
    if let Some(sheet) = get(Sheet::Actions) {
        for row in reader.table(sheet, Sheet::Actions) {
            reader.item(Sheet::Actions, &row);
        }
    }
    Read {
        toml: reader.out.text,
        cells: reader.out.cells,
        diagnostics: reader.diagnostics,
    }
}

fn all_names() -> Vec<&'static str> {
    [Language::Dutch, Language::English]
        .iter()
        .flat_map(|&language| Sheet::ALL.iter().map(move |sheet| sheet.name(language)))
        .collect()
}

/// A TOML value as written, with the cell (or cells, for a list) it came from.
enum Value {
    Scalar(String, String),
    List(Vec<(String, String)>, String),
}

/// One item of a table sheet: its keys in column order, and for a question its KWI.
struct Row {
    first_cell: String,
    entries: Vec<(String, String, Value)>,
    kwi: Option<(String, String)>,
}

impl Row {
    /// The text of a key, as written (for the KWI ids questions are matched against).
    fn text(&self, key: &str) -> Option<String> {
        self.entries.iter().find_map(|(k, _, value)| match value {
            Value::Scalar(toml, _) if k == key => {
                toml::from_str::<toml::Value>(&format!("v = {toml}"))
                    .ok()
                    .and_then(|v| v.get("v").and_then(|v| v.as_str()).map(str::to_string))
            }
            _ => None,
        })
    }
}

struct Reader {
    out: Emitter,
    diagnostics: Vec<Diagnostic>,
    /// The master's language, of every message.
    language: Language,
}

impl Reader {
    fn error(&mut self, cell: &str, message: String) {
        self.diagnostics.push(Diagnostic {
            severity: Severity::Error,
            position: Some(Position::Cell(cell.to_string())),
            message,
            language: self.language,
        });
    }

    /// Column A keys, column B values, from the second row on.
    fn master(&mut self, sheet: &SheetCells) {
        let rows = by_row(sheet);
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        for (&row, cells) in rows.iter().skip(1) {
            let Some(key_value) = cells.get(&0) else {
                if cells.contains_key(&1) {
                    let message = crate::msg!(self.language, "master.value_without_name");
                    self.error(&reference(&sheet.name, row, 0), message);
                }
                continue;
            };
            let key = text_of(key_value).trim().to_string();
            let key_cell = reference(&sheet.name, row, 0);
            let Some(value) = cells.get(&1) else {
                continue;
            };
            if let Some(first) = seen.get(&key) {
                let message = crate::msg!(self.language, "master.name_twice", key, first);
                self.error(&key_cell, message);
                continue;
            }
            seen.insert(key.clone(), key_cell.clone());
            let value_cell = reference(&sheet.name, row, 1);
            let kind = Sheet::Master.kind_of(&key);
            if let Some(value) = self.value(value, kind, &key, &value_cell) {
                self.out
                    .entry(&key, &key_cell, &Value::Scalar(value, value_cell));
            }
        }
    }

    /// The rows of a table sheet (respondents, KWIs, actions), headers from the first row.
    fn table(&mut self, sheet: &SheetCells, kind: Sheet) -> Vec<Row> {
        let rows = by_row(sheet);
        let headers = self.headers(sheet, &rows, usize::MAX);
        let mut items = Vec::new();
        for (&row, cells) in rows.iter().skip(1) {
            let mut item = Row {
                first_cell: reference(&sheet.name, row, 0),
                entries: Vec::new(),
                kwi: None,
            };
            for (&column, value) in cells {
                let Some((key, key_cell)) = headers.get(&column) else {
                    let message = crate::msg!(self.language, "master.column_without_name");
                    self.error(&reference(&sheet.name, row, column), message);
                    continue;
                };
                let cell = reference(&sheet.name, row, column);
                let column_kind = kind.kind_of(key);
                if column_kind == Some(Kind::List) {
                    let items: Vec<(String, String)> = list_items(value)
                        .into_iter()
                        .map(|initials| (quote(&initials), cell.clone()))
                        .collect();
                    item.entries
                        .push((key.clone(), key_cell.clone(), Value::List(items, cell)));
                } else if let Some(toml) = self.value(value, column_kind, key, &cell) {
                    item.entries
                        .push((key.clone(), key_cell.clone(), Value::Scalar(toml, cell)));
                }
            }
            if !item.entries.is_empty() {
                items.push(item);
            }
        }
        items
    }

    /// The assignment matrix: the question's keys up to `text`, then one column per respondent.
    /// A column whose header names none of the `known` initials is reported once, at its
    /// header, and its X marks are not read (rather than one error for every X under a typo).
    fn questions(&mut self, sheet: &SheetCells, known: Option<&[String]>) -> Vec<Row> {
        let rows = by_row(sheet);
        let header_row = rows.values().next();
        let text_column = header_row.and_then(|cells| {
            cells
                .iter()
                .find(|(_, value)| fold(&text_of(value)) == "text")
                .map(|(&column, _)| column)
        });
        let Some(text_column) = text_column else {
            let message = crate::msg!(self.language, "master.no_text_column");
            self.error(&reference(&sheet.name, 0, 0), message);
            return Vec::new();
        };
        let headers = self.headers(sheet, &rows, text_column as usize);
        let mut initials: BTreeMap<u32, String> = BTreeMap::new();
        let mut unknown_columns = Vec::new();
        if let Some(cells) = header_row {
            for (&column, value) in cells.range(text_column + 1..) {
                let who = text_of(value).trim().to_string();
                if let Some(known) = known
                    && !who.is_empty()
                    && !known.iter().any(|k| fold(k) == fold(&who))
                {
                    let marks = rows
                        .values()
                        .skip(1)
                        .filter(|cells| {
                            cells
                                .get(&column)
                                .is_some_and(|v| !text_of(v).trim().is_empty())
                        })
                        .count();
                    let sheet_name = Sheet::Respondents.name(self.language);
                    let message = match nearest(&who, known.iter().map(String::as_str)) {
                        Some(suggestion) => crate::msg!(
                            self.language,
                            "master.matrix_unknown_initials_did_you_mean",
                            who,
                            sheet = sheet_name,
                            suggestion,
                            marks
                        ),
                        None => crate::msg!(
                            self.language,
                            "master.matrix_unknown_initials",
                            who,
                            sheet = sheet_name,
                            known = known.join(", "),
                            marks
                        ),
                    };
                    self.error(&reference(&sheet.name, 0, column), message);
                    unknown_columns.push(column);
                }
                initials.insert(column, who);
            }
        }
        let mut items = Vec::new();
        let mut last_kwi: Option<String> = None;
        for (&row, cells) in rows.iter().skip(1) {
            let mut item = Row {
                first_cell: reference(&sheet.name, row, 0),
                entries: Vec::new(),
                kwi: None,
            };
            let mut marks = Vec::new();
            for (&column, value) in cells {
                let cell = reference(&sheet.name, row, column);
                if column > text_column {
                    let unknown = unknown_columns.contains(&column);
                    let Some(who) = initials.get(&column).filter(|w| !w.is_empty()) else {
                        let message = crate::msg!(self.language, "master.column_without_initials");
                        self.error(&cell, message);
                        continue;
                    };
                    match text_of(value).trim() {
                        // under a header that names no respondent: reported once, not read
                        "x" | "X" if unknown => {}
                        "x" | "X" => marks.push((quote(who), cell)),
                        other => {
                            let message = crate::msg!(self.language, "master.not_an_x", other);
                            self.error(&cell, message);
                        }
                    }
                    continue;
                }
                let Some((key, key_cell)) = headers.get(&column) else {
                    let message = crate::msg!(self.language, "master.column_without_name");
                    self.error(&cell, message);
                    continue;
                };
                if key == "kwi" {
                    last_kwi = Some(text_of(value).trim().to_string());
                    item.kwi = Some((text_of(value).trim().to_string(), cell));
                    continue;
                }
                if let Some(toml) = self.value(value, Sheet::Questions.kind_of(key), key, &cell) {
                    item.entries
                        .push((key.clone(), key_cell.clone(), Value::Scalar(toml, cell)));
                }
            }
            if item.entries.is_empty() && marks.is_empty() && item.kwi.is_none() {
                continue;
            }
            if item.kwi.is_none() {
                // an empty KWI cell belongs to the KWI of the rows above, as people group rows
                match &last_kwi {
                    Some(kwi) => item.kwi = Some((kwi.clone(), item.first_cell.clone())),
                    None => {
                        let message = crate::msg!(self.language, "master.question_without_kwi");
                        self.error(&item.first_cell, message);
                        continue;
                    }
                }
            }
            let list_cell = marks
                .first()
                .map_or_else(|| item.first_cell.clone(), |(_, cell)| cell.clone());
            item.entries.push((
                "respondents".to_string(),
                list_cell.clone(),
                Value::List(marks, list_cell),
            ));
            items.push(item);
        }
        items
    }

    /// The keys in the first row, by column, up to `last` (inclusive); a key given twice is
    /// reported and its second column not read.
    fn headers(
        &mut self,
        sheet: &SheetCells,
        rows: &BTreeMap<u32, BTreeMap<u32, CellValue>>,
        last: usize,
    ) -> BTreeMap<u32, (String, String)> {
        let mut headers = BTreeMap::new();
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        let Some((&header_row, cells)) = rows.iter().next() else {
            return headers;
        };
        if header_row != 0 {
            return headers;
        }
        for (&column, value) in cells {
            if column as usize > last {
                break;
            }
            let key = text_of(value).trim().to_string();
            let cell = reference(&sheet.name, 0, column);
            if let Some(first) = seen.get(&key) {
                let message = crate::msg!(self.language, "master.column_twice", key, first);
                self.error(&cell, message);
                continue;
            }
            seen.insert(key.clone(), cell.clone());
            headers.insert(column, (key, cell));
        }
        headers
    }

    /// A cell as a TOML value of the kind its key wants; `None`, reported, when it cannot be.
    fn value(
        &mut self,
        value: &CellValue,
        kind: Option<Kind>,
        key: &str,
        cell: &str,
    ) -> Option<String> {
        let language = self.language;
        match (kind, value) {
            (_, CellValue::Error(error)) => {
                let message = crate::msg!(language, "master.cell_error", key, error);
                self.error(cell, message);
                None
            }
            (Some(Kind::Text | Kind::List), value) => Some(quote(&text_of(value))),
            (Some(Kind::Number), CellValue::Number(number)) => Some(format!("{number:?}")),
            (Some(Kind::Whole), CellValue::Number(number))
                if number.fract() == 0.0 && number.abs() < 1e9 =>
            {
                Some(format!("{}", *number as i64))
            }
            (Some(Kind::Whole), other) => {
                let text = text_of(other);
                let message = crate::msg!(language, "master.not_whole", key, text = text.trim());
                self.error(cell, message);
                None
            }
            (Some(Kind::Number), other) => {
                let text = text_of(other);
                let message = crate::msg!(language, "master.not_number", key, text = text.trim());
                self.error(cell, message);
                None
            }
            // a date whose format the reader does not know as one (Gnumeric's xlsx) is its
            // serial day number
            (Some(Kind::Date), CellValue::DateTime(serial) | CellValue::Number(serial)) => {
                match date_of(*serial) {
                    Some(date) => Some(date.to_string()),
                    None => {
                        let message = crate::msg!(language, "master.not_date_number", key);
                        self.error(cell, message);
                        None
                    }
                }
            }
            (Some(Kind::Date), other) => {
                let text = text_of(other);
                match NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d") {
                    Ok(date) => Some(date.to_string()),
                    Err(_) => {
                        let message =
                            crate::msg!(language, "master.not_date", key, text = text.trim());
                        self.error(cell, message);
                        None
                    }
                }
            }
            (Some(Kind::Bool), CellValue::Bool(yes)) => Some(yes.to_string()),
            (Some(Kind::Bool), other) => {
                let text = text_of(other);
                match fold(&text).as_str() {
                    "ja" | "yes" | "true" | "waar" | "1" => Some("true".into()),
                    "nee" | "no" | "false" | "onwaar" | "0" => Some("false".into()),
                    _ => {
                        let message =
                            crate::msg!(language, "master.not_yes_no", key, text = text.trim());
                        self.error(cell, message);
                        None
                    }
                }
            }
            // a key this version does not know: written as the cell holds it, so that the
            // checks can say what it should be
            // a whole number as an integer, which a count (or a number) setting takes
            (None, CellValue::Number(number)) if number.fract() == 0.0 && number.abs() < 1e15 => {
                Some(format!("{number:.0}"))
            }
            (None, CellValue::Number(number)) => Some(format!("{number:?}")),
            (None, CellValue::Bool(yes)) => Some(yes.to_string()),
            (None, CellValue::DateTime(serial)) => date_of(*serial).map(|d| d.to_string()),
            (None, other) => Some(quote(&text_of(other))),
        }
    }

    /// Writes one item of a table sheet.
    fn item(&mut self, sheet: Sheet, row: &Row) {
        self.out.header(sheet.table(), &row.first_cell);
        for (key, key_cell, value) in &row.entries {
            self.out.entry(key, key_cell, value);
        }
    }
}

fn by_row(sheet: &SheetCells) -> BTreeMap<u32, BTreeMap<u32, CellValue>> {
    let mut rows: BTreeMap<u32, BTreeMap<u32, CellValue>> = BTreeMap::new();
    for (row, column, value) in &sheet.cells {
        rows.entry(*row).or_default().insert(*column, value.clone());
    }
    rows
}

/// A cell's text: numbers as people write them (`2011`, not `2011.0`).
fn text_of(value: &CellValue) -> String {
    match value {
        CellValue::Empty => String::new(),
        CellValue::Number(number) if number.fract() == 0.0 && number.abs() < 1e15 => {
            format!("{number:.0}")
        }
        CellValue::Number(number) => number.to_string(),
        CellValue::Text(text) | CellValue::Error(text) => text.clone(),
        CellValue::Bool(yes) => yes.to_string(),
        CellValue::DateTime(serial) => {
            date_of(*serial).map_or_else(|| serial.to_string(), |d| d.to_string())
        }
    }
}

/// Initials in one cell, separated by commas or semicolons.
fn list_items(value: &CellValue) -> Vec<String> {
    text_of(value)
        .split([',', ';'])
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_string)
        .collect()
}

/// An Excel serial day (1899-12-30 is day 0) as a date; times of day are ignored.
fn date_of(serial: f64) -> Option<NaiveDate> {
    if !(0.0..3_000_000.0).contains(&serial) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(Days::new(serial.floor() as u64))
}

/// A TOML basic string.
pub(super) fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A TOML key: bare where it may be, quoted otherwise; dotted keys (`sender.name`) per part.
pub(super) fn key(text: &str) -> String {
    text.split('.')
        .map(|part| {
            if !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            {
                part.to_string()
            } else {
                quote(part)
            }
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// TOML text being written, remembering which cell each key and value came from.
#[derive(Default)]
struct Emitter {
    text: String,
    line: usize,
    cells: CellMap,
}

impl Emitter {
    fn push_line(&mut self, text: &str) {
        self.text.push_str(text);
        self.text.push('\n');
        self.line += 1;
    }

    fn header(&mut self, table: &str, cell: &str) {
        self.push_line("");
        self.cells.record(self.line + 1, 1, cell.to_string());
        self.push_line(&format!("[[{table}]]"));
    }

    fn entry(&mut self, name: &str, key_cell: &str, value: &Value) {
        let line = self.line + 1;
        let name = key(name);
        self.cells.record(line, 1, key_cell.to_string());
        let mut text = format!("{name} = ");
        match value {
            Value::Scalar(toml, cell) => {
                self.cells
                    .record(line, text.chars().count() + 1, cell.clone());
                text.push_str(toml);
            }
            Value::List(items, cell) => {
                self.cells
                    .record(line, text.chars().count() + 1, cell.clone());
                text.push('[');
                for (index, (toml, cell)) in items.iter().enumerate() {
                    if index > 0 {
                        text.push_str(", ");
                    }
                    self.cells
                        .record(line, text.chars().count() + 1, cell.clone());
                    text.push_str(toml);
                }
                text.push(']');
            }
        }
        self.push_line(&text);
    }
}
