//! Text in cells, headers and footers: cutting to a cell's limit, row heights for wrapped text,
//! column widths that fit, the natural order of pseudonyms. It measures and cuts text and never
//! decides what a sheet shows.

use std::borrow::Cow;

use rust_xlsxwriter::{Format, Worksheet, XlsxError};

/// Excel's limit is 32,767 characters in a cell; keep well below it.
const MAX_CELL_CHARS: usize = 32_000;

/// A text cut to what a cell holds.
pub(super) fn cell_text(text: &str) -> Cow<'_, str> {
    match text.char_indices().nth(MAX_CELL_CHARS) {
        Some((end, _)) => Cow::Owned(format!("{}…", &text[..end])),
        None => Cow::Borrowed(text),
    }
}

/// A text for a page header or footer: `&` doubled (it starts a code there), cut to `max` chars.
pub(super) fn header_text(text: &str, max: usize) -> String {
    text.chars()
        .take(max)
        .collect::<String>()
        .replace('&', "&&")
}

/// A row height in points that shows `text` wrapped in a column `width` characters wide.
/// Spreadsheet apps do not grow rows for wrapped text written by a library, so we estimate.
pub(super) fn row_height(text: &str, width: f64) -> f64 {
    let per_line = (width * 1.1).max(10.0) as usize;
    let lines: usize = text
        .split('\n')
        .map(|paragraph| paragraph.chars().count().div_ceil(per_line).max(1))
        .sum();
    (15.0 * lines as f64 + 3.0).min(409.0)
}

/// Sorts `Respondent 2` before `Respondent 10`.
pub(super) fn natural_key(text: &str) -> (String, u64, String) {
    let stem = text.trim_end_matches(|c: char| c.is_ascii_digit());
    let number = text[stem.len()..].parse().unwrap_or(0);
    (stem.to_string(), number, text.to_string())
}

/// Writes a text cell and remembers its width.
pub(super) fn write_text(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    format: &Format,
    widths: &mut Widths,
) -> Result<(), XlsxError> {
    let text = cell_text(text);
    widths.see(col, &text);
    sheet.write_string_with_format(row, col, text.as_ref(), format)?;
    Ok(())
}

/// The widest text seen per column, for column widths that fit.
#[derive(Default)]
pub(super) struct Widths(Vec<usize>);

impl Widths {
    pub(super) fn see(&mut self, col: u16, text: &str) {
        let col = usize::from(col);
        if self.0.len() <= col {
            self.0.resize(col + 1, 0);
        }
        let width = text
            .lines()
            .map(|line| line.chars().count())
            .max()
            .unwrap_or(0);
        self.0[col] = self.0[col].max(width);
    }

    /// Headers wrap, so they ask for the width of their longest word, not all of them.
    pub(super) fn see_header(&mut self, col: u16, text: &str) {
        let word = text
            .split_whitespace()
            .map(|word| word.chars().count())
            .max()
            .unwrap_or(0);
        self.see(col, &"x".repeat(word.max(text.chars().count().min(14))));
    }

    pub(super) fn apply(&self, sheet: &mut Worksheet, min: f64, max: f64) -> Result<(), XlsxError> {
        for (col, &chars) in self.0.iter().enumerate() {
            let width = (chars as f64 * 1.1 + 2.0).clamp(min, max);
            sheet.set_column_width(col as u16, width)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_text_doubles_ampersands_and_stays_short() {
        assert_eq!(header_text("Zoë & Co", 100), "Zoë && Co");
        assert_eq!(header_text(&"x".repeat(300), 100).len(), 100);
    }
}
