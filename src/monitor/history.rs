//! The hidden history sheet that carries the trend from one monitor to the next: writes it and
//! reads it back. It knows only the history layout and never the visible sheets.

use std::collections::{BTreeMap, HashMap};
use std::io::Cursor;

use calamine::{Data, Reader};
use rust_xlsxwriter::{Worksheet, XlsxError, row_col_to_cell};

use crate::report::TrendPoint;

use super::{HISTORY_SHEET, HistoryError};

/// The value in `history!B1`: the version of the history layout.
const HISTORY_FORMAT: &str = "klantwaarde-history/1";
/// The header row of the history table (row 2 of the sheet).
const HISTORY_HEADER: [&str; 4] = ["period", "kind", "id", "value"];

/// The trend lineage in long form, one value per row: `period | kind | id | value`, kind
/// `total`, `nps` or `kwi`; an empty value is a measurement without that score.
pub(super) fn write(sheet: &mut Worksheet, trend: &[TrendPoint]) -> Result<(), XlsxError> {
    sheet.set_name(HISTORY_SHEET)?;
    sheet.write_string(0, 0, "format")?;
    sheet.write_string(0, 1, HISTORY_FORMAT)?;
    for (col, text) in HISTORY_HEADER.iter().enumerate() {
        sheet.write_string(1, col as u16, *text)?;
    }
    let mut row = 2;
    for point in trend {
        let mut line = |kind: &str, id: &str, value: Option<f64>| -> Result<(), XlsxError> {
            sheet.write_string(row, 0, &point.period)?;
            sheet.write_string(row, 1, kind)?;
            if !id.is_empty() {
                sheet.write_string(row, 2, id)?;
            }
            if let Some(value) = value {
                sheet.write_number(row, 3, value)?;
            }
            row += 1;
            Ok(())
        };
        line("total", "", point.total)?;
        line("nps", "", point.nps.map(f64::from))?;
        for (id, value) in &point.kwis {
            line("kwi", id, *value)?;
        }
    }
    sheet.set_column_width(0, 12)?;
    sheet.set_column_width(1, 8)?;
    sheet.set_column_width(2, 16)?;
    sheet.set_column_width(3, 20)?;
    sheet.set_hidden(true);
    Ok(())
}

/// The trend points in the history sheet of a monitor's `bytes` (see [`super::read_history`]).
pub(super) fn read(bytes: &[u8]) -> Result<Vec<TrendPoint>, HistoryError> {
    let mut workbook = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|error| HistoryError::NotAWorkbook(error.to_string()))?;
    if !workbook
        .sheet_names()
        .iter()
        .any(|name| name == HISTORY_SHEET)
    {
        return Err(HistoryError::NoHistorySheet);
    }
    let range = workbook
        .worksheet_range(HISTORY_SHEET)
        .map_err(|error| HistoryError::Unreadable(error.to_string()))?;
    let text = |row: u32, col: u32| -> String {
        match range.get_value((row, col)) {
            Some(Data::String(text)) => text.trim().to_string(),
            Some(Data::Float(number)) => number.to_string(),
            Some(Data::Int(number)) => number.to_string(),
            _ => String::new(),
        }
    };
    let format = text(0, 1);
    if text(0, 0) != "format" || format != HISTORY_FORMAT {
        return Err(HistoryError::UnknownFormat(if format.is_empty() {
            "(none)".to_string()
        } else {
            format
        }));
    }
    let bad = |row: u32, col: u32, problem: String| HistoryError::BadCell {
        cell: row_col_to_cell(row, col as u16),
        problem,
    };
    let mut points: Vec<TrendPoint> = Vec::new();
    let mut position: HashMap<String, usize> = HashMap::new();
    let last = range.end().map_or(0, |(row, _)| row);
    for row in 2..=last {
        let period = text(row, 0);
        let kind = text(row, 1);
        if period.is_empty() && kind.is_empty() {
            continue;
        }
        if period.is_empty() {
            return Err(bad(row, 0, "the period is empty".to_string()));
        }
        let value = match range.get_value((row, 3)) {
            None | Some(Data::Empty) => None,
            Some(Data::Float(number)) => Some(*number),
            Some(Data::Int(number)) => Some(*number as f64),
            Some(Data::String(text)) if text.trim().is_empty() => None,
            Some(other) => {
                return Err(bad(row, 3, format!("`{other}` is not a number")));
            }
        };
        if value.is_some_and(|value| !value.is_finite()) {
            return Err(bad(row, 3, "the value is not a finite number".to_string()));
        }
        let index = *position.entry(period.clone()).or_insert_with(|| {
            points.push(TrendPoint {
                period: period.clone(),
                kwis: BTreeMap::new(),
                total: None,
                nps: None,
            });
            points.len() - 1
        });
        let point = &mut points[index];
        match kind.as_str() {
            "total" => point.total = value,
            "nps" => {
                point.nps = match value {
                    None => None,
                    Some(nps) if nps.fract() == 0.0 && (-100.0..=100.0).contains(&nps) => {
                        Some(nps as i32)
                    }
                    Some(nps) => {
                        return Err(bad(
                            row,
                            3,
                            format!("NPS {nps} is not a whole number from -100 to 100"),
                        ));
                    }
                }
            }
            "kwi" => {
                let id = text(row, 2);
                if id.is_empty() {
                    return Err(bad(row, 2, "the KWI id is empty".to_string()));
                }
                point.kwis.insert(id, value);
            }
            other => {
                return Err(bad(
                    row,
                    1,
                    format!("`{other}` is not a kind; expected total, nps or kwi"),
                ));
            }
        }
    }
    Ok(points)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::monitor::test_reports::{example_master, example_report};
    use crate::monitor::{read_history, write};
    use rust_xlsxwriter::Workbook;

    #[test]
    fn the_history_reads_back_as_the_trend() {
        let master = example_master(crate::EXAMPLE_MASTER_NL);
        let report = example_report(&master);
        let bytes = write(&report).unwrap();
        assert_eq!(read_history(&bytes).unwrap(), report.trend);
        // A monitor built on that history carries every point forward.
        let mut next = report.clone();
        next.trend = read_history(&bytes).unwrap();
        next.trend.push(TrendPoint {
            period: "2012H1".into(),
            kwis: BTreeMap::new(),
            total: None,
            nps: None,
        });
        let again = write(&next).unwrap();
        assert_eq!(read_history(&again).unwrap(), next.trend);
    }

    #[test]
    fn read_history_says_what_is_wrong() {
        let not_a_workbook = read_history(b"hello").unwrap_err();
        assert!(
            matches!(not_a_workbook, HistoryError::NotAWorkbook(_)),
            "{not_a_workbook}"
        );
        let master = example_master(crate::EXAMPLE_MASTER_NL);
        let questionnaire =
            crate::questionnaire::write(&master, crate::master::RespondentId::nth(0))
                .unwrap()
                .bytes;
        let error = read_history(&questionnaire).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("is not a klantwaarde monitor (no `history` sheet)"),
            "{error}"
        );

        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet().set_name(HISTORY_SHEET).unwrap();
        sheet.write_string(0, 0, "format").unwrap();
        sheet.write_string(0, 1, HISTORY_FORMAT).unwrap();
        sheet.write_string(2, 0, "2011H1").unwrap();
        sheet.write_string(2, 1, "nps").unwrap();
        sheet.write_string(2, 3, "veel").unwrap();
        let error = read_history(&workbook.save_to_buffer().unwrap()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "history!D3: `veel` is not a number; the hidden sheet was edited by hand: undo the edit, or give the monitor as klantwaarde ingest wrote it"
        );
    }
}
