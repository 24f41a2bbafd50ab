//! Turns calamine's cell values into [`CellValue`]; never interprets them (a score or a mark is
//! the caller's business).

use calamine::{Data, DataRef};

/// A cell's value as the workbook stores it, before any interpretation.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum CellValue {
    /// No value. An empty string is returned as `Empty` too: some writers store one, others
    /// leave the cell out.
    #[default]
    Empty,
    /// A number; calamine reports integers and floats alike as numbers, whatever the writer.
    Number(f64),
    /// Text exactly as stored, untrimmed. (xlsx writers that do not mark surrounding spaces as
    /// preserved lose them: calamine trims those.)
    Text(String),
    /// A boolean.
    Bool(bool),
    /// An Excel error value such as `#DIV/0!`. ods stores errors as text, so from an ods they
    /// arrive as [`CellValue::Text`].
    Error(String),
    /// A date or time as an Excel serial number (days since 1899-12-30).
    DateTime(f64),
}

fn text(value: &str) -> CellValue {
    if value.is_empty() {
        CellValue::Empty
    } else {
        CellValue::Text(value.to_string())
    }
}

pub(crate) fn from_data_ref(value: &DataRef<'_>) -> CellValue {
    match value {
        DataRef::Int(number) => CellValue::Number(*number as f64),
        DataRef::Float(number) => CellValue::Number(*number),
        DataRef::String(value) => text(value),
        DataRef::SharedString(value) => text(value),
        DataRef::Bool(value) => CellValue::Bool(*value),
        DataRef::DateTime(value) => CellValue::DateTime(value.as_f64()),
        DataRef::DateTimeIso(value) => from_iso(value),
        DataRef::DurationIso(value) => text(value),
        DataRef::Error(error) => CellValue::Error(error.to_string()),
        DataRef::Empty => CellValue::Empty,
    }
}

pub(crate) fn from_data(value: &Data) -> CellValue {
    match value {
        Data::Int(number) => CellValue::Number(*number as f64),
        Data::Float(number) => CellValue::Number(*number),
        Data::String(value) => text(value),
        Data::Bool(value) => CellValue::Bool(*value),
        Data::DateTime(value) => CellValue::DateTime(value.as_f64()),
        Data::DateTimeIso(value) => from_iso(value),
        Data::DurationIso(value) => text(value),
        Data::Error(error) => CellValue::Error(error.to_string()),
        Data::Empty => CellValue::Empty,
    }
}

/// An ods date (`2024-05-06` or `2024-05-06T07:08:09`) as an Excel serial; text when it is not one.
fn from_iso(value: &str) -> CellValue {
    use chrono::{NaiveDate, NaiveDateTime};
    let moment = value.parse::<NaiveDateTime>().ok().or_else(|| {
        value
            .parse::<NaiveDate>()
            .ok()
            .and_then(|date| date.and_hms_opt(0, 0, 0))
    });
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).and_then(|date| date.and_hms_opt(0, 0, 0));
    match (moment, epoch) {
        (Some(moment), Some(epoch)) => {
            let seconds = (moment - epoch).num_milliseconds() as f64 / 1000.0;
            CellValue::DateTime(seconds / 86_400.0)
        }
        _ => text(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turns_ods_dates_into_excel_serials() {
        assert_eq!(from_iso("2024-05-06"), CellValue::DateTime(45_418.0));
        assert_eq!(from_iso("1899-12-31T12:00:00"), CellValue::DateTime(1.5));
        assert_eq!(
            from_iso("PT12H00M00S"),
            CellValue::Text("PT12H00M00S".to_string())
        );
        assert_eq!(from_iso(""), CellValue::Empty);
    }
}
