//! The sheet writers, one file per visible sheet, and what they share: the title and note rows,
//! the header row, page setup and the target colours. A writer fills the sheet it is given and
//! never adds, names or reorders another.

pub(super) mod actions;
pub(super) mod answers;
pub(super) mod assignment;
pub(super) mod cover;
pub(super) mod data;
pub(super) mod importance;
pub(super) mod kwis;
pub(super) mod matrix;
pub(super) mod nps;
pub(super) mod problems;
pub(super) mod questions;
pub(super) mod respondents;
pub(super) mod scores;
pub(super) mod trend;

use rust_xlsxwriter::{
    Chart, ChartFormat, ChartLine, ChartPatternFill, ChartPatternFillType, Color,
    ConditionalFormatFormula, Worksheet, XlsxError, column_number_to_name,
};

use super::DATA_SHEET;
use super::plan::{NOTE_ROW, Plan, TITLE_ROW};
use super::styles::Styles;
use super::text::{Widths, header_text};

/// Page setup shared by every visible sheet: A4, fitted to the page width, the rows up to
/// `header` repeated on every page and frozen on screen, header and footer with page numbers.
fn page(
    plan: &Plan<'_>,
    sheet: &mut Worksheet,
    landscape: bool,
    header: u32,
    freeze_columns: u16,
) -> Result<(), XlsxError> {
    page_unfitted(plan, sheet, landscape, header, freeze_columns)?;
    sheet.set_print_fit_to_pages(1, 0);
    Ok(())
}

/// [`page`] for a table that may be wider than the page: printed at full size (text stays
/// legible however many columns), across as many pages as it needs, with the first
/// `freeze_columns` columns repeated on each. Narrow tables still fit the page width.
fn page_wide(
    plan: &Plan<'_>,
    sheet: &mut Worksheet,
    header: u32,
    freeze_columns: u16,
    width_chars: f64,
) -> Result<(), XlsxError> {
    page_unfitted(plan, sheet, true, header, freeze_columns)?;
    // A4 landscape within the margins holds about 140 characters of Calibri 11.
    if width_chars <= 150.0 {
        sheet.set_print_fit_to_pages(1, 0);
    } else if freeze_columns > 0 {
        // The ids only: repeating the question texts too would leave room for a handful of
        // respondents per page.
        sheet.set_repeat_columns(0, freeze_columns.min(2) - 1)?;
    }
    Ok(())
}

fn page_unfitted(
    plan: &Plan<'_>,
    sheet: &mut Worksheet,
    landscape: bool,
    header: u32,
    freeze_columns: u16,
) -> Result<(), XlsxError> {
    sheet.set_paper_size(9);
    if landscape {
        sheet.set_landscape();
    } else {
        sheet.set_portrait();
    }
    sheet.set_repeat_rows(0, header)?;
    sheet.set_freeze_panes(header + 1, freeze_columns)?;
    sheet.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    let title = header_text(
        &format!("{} — {}", plan.master.title, plan.master.client),
        100,
    );
    let period = header_text(&plan.master.period, 40);
    sheet.set_header(format!("&L{title}&R{period}"));
    let date = header_text(&plan.as_of().unwrap_or_default(), 40);
    sheet.set_footer(format!("&L&A&C{}&R{date}", plan.labels.page_footer));
    Ok(())
}

/// Why a sheet shows no figure per respondent, when the minimum-group rule withholds them.
fn withheld(plan: &Plan<'_>) -> Option<String> {
    if plan.disclosure.per_respondent() {
        return None;
    }
    let text = &plan.labels.monitor_withheld;
    let anonymous = plan.anonymous_answered.to_string();
    let min_group = plan.master.min_group.to_string();
    Some(
        crate::template::fill(
            text,
            &[("anonymous", &anonymous), ("min_group", &min_group)],
        )
        .unwrap_or_else(|_| text.clone()),
    )
}

/// A long note in row 2, wrapped across the table's columns up to `last_col` so that it never
/// widens the printed page.
fn wide_note(
    sheet: &mut Worksheet,
    note: &str,
    last_col: u16,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let format = styles
        .note
        .clone()
        .set_text_wrap()
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    if last_col == 0 {
        sheet.write_string_with_format(NOTE_ROW, 0, note, &format)?;
    } else {
        sheet.merge_range(NOTE_ROW, 0, NOTE_ROW, last_col, note, &format)?;
    }
    sheet.set_row_height(NOTE_ROW, 48)?;
    Ok(())
}

/// A sheet's name, its title in row 1 and, where given, a note in row 2.
fn begin(
    plan: &Plan<'_>,
    sheet: &mut Worksheet,
    name: &str,
    note: Option<&str>,
    styles: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name(name)?;
    // A formula without a value (no answers) caches empty text, as its IFERROR gives.
    sheet.set_formula_result_default("");
    sheet.write_string_with_format(TITLE_ROW, 0, name, &styles.title)?;
    sheet.set_row_height(TITLE_ROW, 24)?;
    let subtitle = format!("{} — {}", plan.master.client, plan.master.period);
    sheet.write_string_with_format(NOTE_ROW, 0, note.unwrap_or(&subtitle), &styles.note)?;
    Ok(())
}

/// The header row of a table, its texts counted into `widths`.
fn header(
    sheet: &mut Worksheet,
    row: u32,
    texts: &[&str],
    widths: &mut Widths,
    styles: &Styles,
) -> Result<(), XlsxError> {
    for (col, text) in texts.iter().enumerate() {
        sheet.write_string_with_format(row, col as u16, *text, &styles.header)?;
        widths.see_header(col as u16, text);
    }
    Ok(())
}

/// The KWI targets as a bar series of `chart` over the data sheet's chart rows up to `last`:
/// another colour and a hatched pattern, so the target reads on a grey print too.
fn add_target_bars(chart: &mut Chart, last: u32) {
    use data::chart as rows;
    chart
        .add_series()
        .set_name((DATA_SHEET, rows::HEADER, rows::TARGET))
        .set_categories((DATA_SHEET, rows::FIRST, rows::TITLE, last, rows::TITLE))
        .set_values((DATA_SHEET, rows::FIRST, rows::TARGET, last, rows::TARGET))
        .set_format(
            ChartFormat::new()
                .set_pattern_fill(
                    ChartPatternFill::new()
                        .set_pattern(ChartPatternFillType::DiagonalStripesWideUpwards)
                        .set_foreground_color(Color::RGB(0xC55A11))
                        .set_background_color(Color::White),
                )
                .set_border(
                    ChartLine::new()
                        .set_color(Color::RGB(0xC55A11))
                        .set_width(1.25),
                ),
        );
}

/// Green when a score reaches its target, red when it falls short, on the columns `paint`.
fn target_colours(
    sheet: &mut Worksheet,
    first: u32,
    last: u32,
    score: u16,
    target: u16,
    paint: &[u16],
    styles: &Styles,
) -> Result<(), XlsxError> {
    let (s, t) = (column_number_to_name(score), column_number_to_name(target));
    let row = first + 1;
    let good = ConditionalFormatFormula::new()
        .set_rule(
            format!("=AND(ISNUMBER(${s}{row}),ISNUMBER(${t}{row}),${s}{row}>=${t}{row})").as_str(),
        )
        .set_format(&styles.good);
    let bad = ConditionalFormatFormula::new()
        .set_rule(
            format!("=AND(ISNUMBER(${s}{row}),ISNUMBER(${t}{row}),${s}{row}<${t}{row})").as_str(),
        )
        .set_format(&styles.bad);
    for &col in paint {
        sheet.add_conditional_format(first, col, last, col, &good)?;
        sheet.add_conditional_format(first, col, last, col, &bad)?;
    }
    Ok(())
}
