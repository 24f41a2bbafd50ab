//! The dashboard, the session monitor's first page, on one A4 landscape page: total score and NPS
//! now and before, the response rate, per KWI its score against its target and the previous
//! measurement with the change (▲▼ and the difference) and its open actions, and a bar chart of
//! the same that reads in black and white (grey, black and striped bars, value labels). Every
//! score is a formula over the hidden data sheet; it names no respondent.

use rust_xlsxwriter::{
    Chart, ChartDataLabel, ChartDataLabelPosition, ChartFont, ChartFormat, ChartLegendPosition,
    ChartLine, ChartSolidFill, ChartType, Color, Format, FormatAlign, FormatBorder, Formula,
    Worksheet, XlsxError, row_col_to_cell,
};

use crate::master::Action;
use crate::monitor::DATA_SHEET;
use crate::monitor::plan::{NOTE_ROW, Plan, TITLE_ROW};
use crate::monitor::styles::Styles;

use super::add_target_bars;
use super::data::{Data, chart};

/// Columns of the dashboard's tables.
mod col {
    pub const LABEL: u16 = 0;
    pub const NOW: u16 = 1;
    pub const TARGET: u16 = 2;
    pub const VS_TARGET: u16 = 3;
    pub const PREVIOUS: u16 = 4;
    pub const ARROW: u16 = 5;
    pub const CHANGE: u16 = 6;
    pub const ACTIONS: u16 = 7;
    pub const LAST: u16 = 7;
}

pub(in crate::monitor) fn write(
    plan: &Plan<'_>,
    data: &Data<'_>,
    sheet: &mut Worksheet,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let labels = plan.labels;
    let master = plan.master;
    sheet.set_name(&plan.names.cover)?;
    sheet.set_formula_result_default("");
    let big = 12;
    let cell = |format: Format| {
        format
            .set_font_size(big)
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(0x808080))
    };
    let text = cell(Format::new());
    let bold = cell(Format::new().set_bold());
    let score = cell(
        Format::new()
            .set_num_format("0.00")
            .set_align(FormatAlign::Center),
    );
    let score_bold = cell(
        Format::new()
            .set_num_format("0.00")
            .set_bold()
            .set_align(FormatAlign::Center),
    );
    let integer = cell(
        Format::new()
            .set_num_format("0")
            .set_align(FormatAlign::Center),
    );
    let integer_bold = cell(
        Format::new()
            .set_num_format("0")
            .set_bold()
            .set_align(FormatAlign::Center),
    );
    let change = cell(
        Format::new()
            .set_num_format("+0.00;-0.00;0.00")
            .set_align(FormatAlign::Left),
    );
    let change_integer = cell(
        Format::new()
            .set_num_format("+0;-0;0")
            .set_align(FormatAlign::Left),
    );
    let arrow = cell(Format::new().set_bold().set_align(FormatAlign::Right));
    let header = styles.header.clone().set_font_size(big);
    let header_center = styles.header_center.clone().set_font_size(big);

    sheet.merge_range(
        TITLE_ROW,
        0,
        TITLE_ROW,
        col::LAST,
        &master.title,
        &styles.cover_title,
    )?;
    sheet.set_row_height(TITLE_ROW, 36)?;
    let mut subtitle = format!(
        "{} — {} — {}",
        master.client, master.supplier, master.period
    );
    if let Some(date) = plan.as_of() {
        subtitle.push_str(&format!(" — {date}"));
    }
    sheet.merge_range(
        NOTE_ROW,
        0,
        NOTE_ROW,
        col::LAST,
        &subtitle,
        &styles.cover_subtitle,
    )?;
    sheet.set_row_height(NOTE_ROW, 24)?;

    // Total, NPS and response: now, before and the change.
    let previous = plan.previous;
    let before = match previous {
        Some(point) => format!("{} ({})", labels.monitor_previous, point.period),
        None => labels.monitor_previous.clone(),
    };
    let top = 3;
    sheet.write_blank(top, col::LABEL, &header)?;
    sheet.write_string_with_format(top, col::NOW, &labels.monitor_now, &header_center)?;
    sheet.merge_range(top, col::TARGET, top, col::VS_TARGET, "", &header_center)?;
    sheet.write_string_with_format(top, col::PREVIOUS, &before, &header_center)?;
    sheet.merge_range(
        top,
        col::ARROW,
        top,
        col::CHANGE,
        &labels.monitor_change,
        &header_center,
    )?;
    sheet.write_blank(top, col::ACTIONS, &header)?;
    sheet.set_row_height(top, 32)?;

    let total_row = top + 1;
    sheet.write_string_with_format(total_row, col::LABEL, &labels.monitor_total_score, &bold)?;
    sheet.write_formula_with_format(total_row, col::NOW, data.total(), &score_bold)?;
    let total_before = previous.and_then(|point| point.total);
    compare(
        sheet,
        total_row,
        plan.report.scores.total_score,
        total_before,
        (&score, &arrow, &change),
    )?;

    let nps_row = total_row + 1;
    let mut nps_label = labels.monitor_nps.clone();
    if plan.report.nps.indicative && plan.report.nps.responses > 0 {
        nps_label = format!("{nps_label} *");
    }
    sheet.write_string_with_format(nps_row, col::LABEL, &nps_label, &bold)?;
    sheet.write_formula_with_format(nps_row, col::NOW, data.nps(), &integer_bold)?;
    compare(
        sheet,
        nps_row,
        plan.report.nps.score.map(f64::from),
        previous.and_then(|point| point.nps).map(f64::from),
        (&integer, &arrow, &change_integer),
    )?;

    let rate_row = nps_row + 1;
    let (returned, respondents) = plan.response();
    sheet.write_string_with_format(rate_row, col::LABEL, &labels.monitor_response_rate, &bold)?;
    if respondents > 0 {
        let percent = cell(
            Format::new()
                .set_num_format("0%")
                .set_align(FormatAlign::Center),
        );
        sheet.write_number_with_format(
            rate_row,
            col::NOW,
            returned as f64 / respondents as f64,
            &percent,
        )?;
    } else {
        sheet.write_blank(rate_row, col::NOW, &integer)?;
    }
    sheet.merge_range(
        rate_row,
        col::TARGET,
        rate_row,
        col::CHANGE,
        &format!("{returned} {} {respondents}", labels.progress_of),
        &text,
    )?;
    for row in [total_row, nps_row] {
        for col in [col::TARGET, col::VS_TARGET, col::ACTIONS] {
            sheet.write_blank(row, col, &text)?;
        }
    }
    sheet.write_blank(rate_row, col::ACTIONS, &text)?;

    // Per KWI.
    let head = rate_row + 2;
    let texts = [
        (col::LABEL, labels.monitor_kwi.as_str()),
        (col::NOW, &labels.monitor_score),
        (col::TARGET, &labels.monitor_target),
        (col::VS_TARGET, &labels.monitor_vs_target),
        (col::PREVIOUS, &before),
        (col::ACTIONS, &labels.monitor_open_actions),
    ];
    for (col, text) in texts {
        sheet.write_string_with_format(head, col, text, &header_center)?;
    }
    sheet.merge_range(
        head,
        col::ARROW,
        head,
        col::CHANGE,
        &labels.monitor_change,
        &header_center,
    )?;
    sheet.set_row_height(head, 32)?;
    let done = done_words(&labels.monitor_done_words);
    let first = head + 1;
    for (index, kwi) in master.kwis.iter().enumerate() {
        let row = first + index as u32;
        let scored = plan.kwi_scores.get(kwi.id.as_str()).and_then(|k| k.score);
        sheet.write_string_with_format(
            row,
            col::LABEL,
            format!("{} {}", kwi.id, kwi.title),
            &text,
        )?;
        sheet.write_formula_with_format(row, col::NOW, data.kwi_score(index), &score_bold)?;
        match kwi.target {
            Some(target) => sheet.write_number_with_format(row, col::TARGET, target, &score)?,
            None => sheet.write_blank(row, col::TARGET, &score)?,
        };
        let (b, c) = (
            row_col_to_cell(row, col::NOW),
            row_col_to_cell(row, col::TARGET),
        );
        let versus = match (scored, kwi.target) {
            (Some(score), Some(target)) if score >= target => "▲",
            (Some(_), Some(_)) => "▼",
            _ => "",
        };
        sheet.write_formula_with_format(
            row,
            col::VS_TARGET,
            Formula::new(format!(
                "=IF(AND(ISNUMBER({b}),ISNUMBER({c})),IF({b}>={c},\"▲\",\"▼\"),\"\")"
            ))
            .set_result(versus),
            &cell(Format::new().set_bold().set_align(FormatAlign::Center)),
        )?;
        let before = previous.and_then(|point| point.kwis.get(&kwi.id).copied().flatten());
        compare(sheet, row, scored, before, (&score, &arrow, &change))?;
        let open = open_actions(&master.actions, &kwi.id, &done);
        sheet.write_number_with_format(row, col::ACTIONS, open as f64, &integer)?;
    }
    let mut below = first + master.kwis.len() as u32;
    if previous.is_none() {
        sheet.write_string_with_format(
            below,
            col::LABEL,
            &labels.monitor_no_previous,
            &styles.note,
        )?;
        below += 1;
    }
    if plan.report.nps.indicative && plan.report.nps.responses > 0 {
        sheet.write_string_with_format(
            below,
            col::LABEL,
            format!("* {}", labels.monitor_indicative),
            &styles.note,
        )?;
        below += 1;
    }
    if !master.kwis.is_empty() {
        let last = first + master.kwis.len() as u32 - 1;
        super::target_colours(
            sheet,
            first,
            last,
            col::NOW,
            col::TARGET,
            &[col::VS_TARGET],
            styles,
        )?;
        sheet.insert_chart(below + 1, 0, &bar_chart(plan)?)?;
    }

    for (col, width) in [
        (col::LABEL, 40.0),
        (col::NOW, 12.0),
        (col::TARGET, 12.0),
        (col::VS_TARGET, 9.0),
        (col::PREVIOUS, 18.0),
        (col::ARROW, 4.0),
        (col::CHANGE, 9.0),
        (col::ACTIONS, 11.0),
    ] {
        sheet.set_column_width(col, width)?;
    }
    sheet.set_paper_size(9);
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 1);
    sheet.set_print_center_horizontally(true);
    sheet.set_margins(0.5, 0.5, 0.5, 0.5, 0.3, 0.3);
    sheet.set_footer(format!("&L&A&C{}", labels.page_footer));
    sheet.set_screen_gridlines(false);
    Ok(())
}

/// The previous value, the arrow and the difference (`now − before`), each only when both are
/// known; the difference is a formula over the two cells beside it.
fn compare(
    sheet: &mut Worksheet,
    row: u32,
    now: Option<f64>,
    before: Option<f64>,
    (value, arrow, change): (&Format, &Format, &Format),
) -> Result<(), XlsxError> {
    match before {
        Some(before) => sheet.write_number_with_format(row, col::PREVIOUS, before, value)?,
        None => sheet.write_blank(row, col::PREVIOUS, value)?,
    };
    let (n, p) = (
        row_col_to_cell(row, col::NOW),
        row_col_to_cell(row, col::PREVIOUS),
    );
    let difference = match (now, before) {
        (Some(now), Some(before)) => Some(now - before),
        _ => None,
    };
    let symbol = match difference {
        Some(d) if d > 0.0 => "▲",
        Some(d) if d < 0.0 => "▼",
        Some(_) => "=",
        None => "",
    };
    let both = format!("AND(ISNUMBER({n}),ISNUMBER({p}))");
    sheet.write_formula_with_format(
        row,
        col::ARROW,
        Formula::new(format!(
            "=IF({both},IF({n}>{p},\"▲\",IF({n}<{p},\"▼\",\"=\")),\"\")"
        ))
        .set_result(symbol),
        arrow,
    )?;
    sheet.write_formula_with_format(
        row,
        col::CHANGE,
        Formula::new(format!("=IF({both},{n}-{p},\"\")"))
            .set_result(difference.map_or_else(String::new, |d| d.to_string())),
        change,
    )?;
    Ok(())
}

/// The folded words that mark an action as done, from the label.
fn done_words(list: &str) -> Vec<String> {
    list.split(',')
        .map(|word| word.trim().to_lowercase())
        .filter(|word| !word.is_empty())
        .collect()
}

/// The actions of KWI `id` whose status is not one of the done words.
pub(in crate::monitor) fn open_actions(actions: &[Action], id: &str, done: &[String]) -> usize {
    actions
        .iter()
        .filter(|action| action.kwi.as_deref() == Some(id))
        .filter(|action| !done.contains(&action.status.trim().to_lowercase()))
        .count()
}

/// Score, target and previous per KWI as bars: black, striped and grey, so that they differ
/// without colour; the score bars carry their value.
fn bar_chart(plan: &Plan<'_>) -> Result<Chart, XlsxError> {
    let labels = plan.labels;
    let last = chart::FIRST + plan.master.kwis.len() as u32 - 1;
    let categories = (DATA_SHEET, chart::FIRST, chart::TITLE, last, chart::TITLE);
    let mut bars = Chart::new(ChartType::Column);
    let mut label_font = ChartFont::new();
    label_font.set_size(10).set_bold();
    if plan.previous.is_some() {
        bars.add_series()
            .set_name((DATA_SHEET, chart::HEADER, chart::PREVIOUS))
            .set_categories(categories)
            .set_values((
                DATA_SHEET,
                chart::FIRST,
                chart::PREVIOUS,
                last,
                chart::PREVIOUS,
            ))
            .set_format(
                ChartFormat::new()
                    .set_solid_fill(ChartSolidFill::new().set_color(Color::RGB(0xBFBFBF)))
                    .set_border(ChartLine::new().set_color(Color::RGB(0x595959))),
            )
            .set_data_label(
                ChartDataLabel::new()
                    .show_value()
                    .set_num_format("0.0")
                    .set_position(ChartDataLabelPosition::InsideEnd)
                    .set_font(ChartFont::new().set_size(9)),
            );
    }
    bars.add_series()
        .set_name((DATA_SHEET, chart::HEADER, chart::SCORE))
        .set_categories(categories)
        .set_values((DATA_SHEET, chart::FIRST, chart::SCORE, last, chart::SCORE))
        .set_format(
            ChartFormat::new()
                .set_solid_fill(ChartSolidFill::new().set_color(Color::RGB(0x1F3864))),
        )
        .set_data_label(
            ChartDataLabel::new()
                .show_value()
                .set_num_format("0.0")
                .set_position(ChartDataLabelPosition::OutsideEnd)
                .set_font(&label_font),
        );
    add_target_bars(&mut bars, last);
    bars.title()
        .set_name(&labels.monitor_chart_dashboard)
        .set_font(ChartFont::new().set_size(13).set_bold());
    bars.x_axis().set_font(ChartFont::new().set_size(11));
    bars.y_axis()
        .set_min(0)
        .set_max(10)
        .set_major_unit(2)
        .set_font(ChartFont::new().set_size(10));
    bars.legend()
        .set_position(ChartLegendPosition::Right)
        .set_font(ChartFont::new().set_size(11));
    bars.set_width(900).set_height(330);
    Ok(bars)
}
