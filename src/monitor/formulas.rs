//! The monitor's formula dialect: how a formula picks the rows of one KWI or question out of the
//! answers table, string literals, column ranges and cached results. It builds formula text and
//! never writes a cell or knows where a table sits.

use rust_xlsxwriter::{quote_sheet_name, row_col_to_cell_absolute};

/// How the formulas pick the answers of one KWI or question out of the answers table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Match {
    /// SUMIF and COUNTIF: the familiar form, for ids they match exactly.
    Sumif,
    /// SUMPRODUCT((range="id")*…): text compared as text, ignoring case.
    Equal,
    /// SUMPRODUCT(EXACT(range,"id")*…): for an id that differs from another only in case.
    Exact,
}

impl Match {
    /// SUMIF and COUNTIF read a criterion that looks like a number, date or boolean as one, and
    /// Excel then coerces the cells alike (`1.1` matches `1.10`) while LibreOffice does not; they
    /// treat `*?~` as wildcards and `<>=` as operators, and ignore case. So SUMIF only for ids
    /// that are plainly text; `=` for the rest (nearly as fast as SUMIF when LibreOffice
    /// recalculates 72,000 answers; EXACT took twice as long); EXACT only where case alone tells
    /// two ids apart, which the master's validation already forbids.
    pub(super) fn of(id: &str, siblings: &[&str]) -> Match {
        let lower = id.to_lowercase();
        let twins = siblings
            .iter()
            .filter(|sibling| sibling.to_lowercase() == lower)
            .count();
        if twins > 1 {
            Match::Exact
        } else if sumif_safe(id) {
            Match::Sumif
        } else {
            Match::Equal
        }
    }
}

/// Whether SUMIF and COUNTIF read `id` as plain text (see [`Match::of`]).
fn sumif_safe(id: &str) -> bool {
    const MONTHS: [&str; 17] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "januari",
        "februari",
        "maart",
        "mei",
        "augustus",
    ];
    let lower = id.to_lowercase();
    // Excel's criteria stop at 255 characters.
    let plain = !id.is_empty()
        && id.chars().count() <= 255
        && id.trim() == id
        && id.chars().any(|c| c.is_ascii_alphabetic())
        && !id.contains(['*', '?', '~', '<', '>', '=', '"'])
        && lower.parse::<f64>().is_err()
        && lower.replace(',', ".").parse::<f64>().is_err()
        && !matches!(lower.as_str(), "true" | "false" | "waar" | "onwaar");
    // An alphabetic run that starts a month's name may make the id a date ("jan-01", "1 mei").
    let date_like = lower
        .split(|c: char| !c.is_alphabetic())
        .filter(|run| run.len() >= 3 || matches!(*run, "am" | "pm"))
        .any(|run| {
            matches!(run, "am" | "pm")
                || MONTHS.iter().any(|month| month.starts_with(run))
                || run == "okt"
                || run == "mrt"
        });
    plain && !date_like
}

/// A text as an Excel formula string literal.
fn literal(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// `'Antwoorden'!$G$4:$G$72003`: column `col` of `sheet` from row `first` to row `last`.
///
/// Always `first:last`, also for a single row (where rust_xlsxwriter's
/// `worksheet_range_absolute` would give one cell), so that a formula keeps its shape whatever
/// the number of rows.
pub(super) fn column_range(sheet: &str, col: u16, first: u32, last: u32) -> String {
    format!(
        "{}!{}:{}",
        quote_sheet_name(sheet),
        row_col_to_cell_absolute(first, col),
        row_col_to_cell_absolute(last, col)
    )
}

/// Σ of the range `values` over the rows whose range `key` holds `id`.
pub(super) fn sum_where(key: &str, id: &str, values: &str, how: Match) -> String {
    let id = literal(id);
    match how {
        Match::Sumif => format!("SUMIF({key},{id},{values})"),
        Match::Equal => format!("SUMPRODUCT(({key}={id})*{values})"),
        Match::Exact => format!("SUMPRODUCT(EXACT({key},{id})*{values})"),
    }
}

/// The number of rows whose range `key` holds `id`.
pub(super) fn count_where(key: &str, id: &str, how: Match) -> String {
    let id = literal(id);
    match how {
        Match::Sumif => format!("COUNTIF({key},{id})"),
        Match::Equal => format!("SUMPRODUCT(--({key}={id}))"),
        Match::Exact => format!("SUMPRODUCT(--EXACT({key},{id}))"),
    }
}

/// A formula's cached result: the number at full precision, or empty text for no value, which
/// is what the formulas' `IFERROR(…, "")` gives.
pub(super) fn number_result(value: Option<f64>) -> String {
    value.map_or_else(String::new, |value| value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sumif_is_used_only_where_it_matches_exactly() {
        let ids = [
            "KWI-01",
            "1.01",
            "1.1",
            "1.10",
            "Jan-1",
            "a*b",
            "Kwaliteit",
            "kwaliteit",
            "TRUE",
            "1e5",
            "K 2",
        ];
        let how: Vec<Match> = ids.iter().map(|id| Match::of(id, &ids)).collect();
        use Match::{Equal, Exact, Sumif};
        assert_eq!(
            how,
            [
                Sumif, Equal, Equal, Equal, Equal, Equal, Exact, Exact, Equal, Equal, Sumif
            ]
        );
    }
}
