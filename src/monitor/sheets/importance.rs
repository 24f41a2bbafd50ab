//! Importance against performance: per question its mean weight and mean score as plain numbers,
//! plotted per KWI with the quadrant lines. No formulas: a chart caches only numbers.

use rust_xlsxwriter::{
    Chart, ChartDataLabel, ChartDataLabelPosition, ChartFormat, ChartLegendPosition, ChartLine,
    ChartLineDashType, ChartMarker, ChartMarkerType, ChartSolidFill, ChartType, Color, Worksheet,
    XlsxError, quote_sheet_name, row_col_to_cell_absolute,
};

use crate::monitor::plan::{FIRST_ROW, HEADER_ROW, NOTE_ROW, Plan};
use crate::monitor::styles::Styles;
use crate::monitor::text::{Widths, write_text};

use super::{begin, header, page};

/// Series colours of the importance chart, one per KWI.
const PALETTE: [u32; 10] = [
    0x1F77B4, 0xFF7F0E, 0x2CA02C, 0xD62728, 0x9467BD, 0x8C564B, 0xE377C2, 0x7F7F7F, 0xBCBD22,
    0x17BECF,
];

pub(in crate::monitor) fn write(
    plan: &Plan<'_>,
    sheet: &mut Worksheet,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let labels = plan.labels;
    let name = plan.names.importance.as_str();
    begin(plan, sheet, name, None, styles)?;
    let mut widths = Widths::default();
    header(
        sheet,
        HEADER_ROW,
        &[
            &labels.column_id,
            &labels.monitor_kwi,
            &labels.monitor_mean_weight,
            &labels.monitor_mean_score,
        ],
        &mut widths,
        styles,
    )?;
    sheet.set_row_height(HEADER_ROW, 32)?;
    // Plain numbers: they are the chart's data, and a chart caches only numbers.
    let mut row = FIRST_ROW;
    let mut runs: Vec<(usize, u32, u32)> = Vec::new();
    for (index, kwi) in plan.master.kwis.iter().enumerate() {
        let first = row;
        for question in &kwi.questions {
            let scored = plan.question_scores.get(question.id.as_str());
            write_text(sheet, row, 0, &question.id, &styles.text, &mut widths)?;
            write_text(sheet, row, 1, &kwi.id, &styles.text, &mut widths)?;
            if let (Some(weight), Some(score)) = (
                scored.and_then(|q| q.mean_weight),
                scored.and_then(|q| q.mean_score),
            ) {
                sheet.write_number_with_format(row, 2, weight, &styles.score)?;
                sheet.write_number_with_format(row, 3, score, &styles.score)?;
            }
            row += 1;
        }
        if row > first {
            runs.push((index, first, row - 1));
        }
    }
    widths.apply(sheet, 8.0, 14.0)?;

    // The quadrant lines, two points each: x = 2 (neutral) across the scores, and y = the
    // mean target (or the total score) across the weights.
    let (line_label, level) = match (plan.mean_target, plan.report.scores.total_score) {
        (Some(target), _) => (&labels.monitor_line_target, target),
        (None, Some(total)) => (&labels.monitor_total_score, total),
        (None, None) => (&labels.monitor_line_target, 7.0),
    };
    let data: u16 = 20;
    sheet.write_string_with_format(NOTE_ROW, data, &labels.monitor_chart_data, &styles.note)?;
    sheet.write_string(HEADER_ROW, data, &labels.monitor_line_neutral)?;
    sheet.write_string(HEADER_ROW, data + 2, line_label)?;
    let lines = [[2.0, 1.0, 1.0, level], [2.0, 10.0, 3.0, level]];
    for (offset, values) in lines.iter().enumerate() {
        for (col, value) in values.iter().enumerate() {
            sheet.write_number(FIRST_ROW + offset as u32, data + col as u16, *value)?;
        }
    }
    for col in data..data + 4 {
        sheet.set_column_hidden(col)?;
    }

    let mut chart = Chart::new(ChartType::ScatterStraightWithMarkers);
    let this = quote_sheet_name(name);
    for (series, &(index, first, last)) in runs.iter().enumerate() {
        // Each point is labelled with its question id. As fixed text, because LibreOffice
        // shows the y value instead of a label taken from a cell; an id that starts with `=`
        // would read as a formula there, so that one label points at its cell.
        let labels_of_points: Vec<ChartDataLabel> = plan.master.kwis[index]
            .questions
            .iter()
            .zip(first..=last)
            .map(|(question, row)| {
                let text = if question.id.starts_with('=') {
                    format!("={this}!{}", row_col_to_cell_absolute(row, 0))
                } else {
                    question.id.clone()
                };
                ChartDataLabel::new()
                    .set_value(&text)
                    .set_position(ChartDataLabelPosition::Right)
                    .to_custom()
            })
            .collect();
        let colour = Color::RGB(PALETTE[series % PALETTE.len()]);
        chart
            .add_series()
            .set_name((name, first, 1))
            .set_categories((name, first, 2, last, 2))
            .set_values((name, first, 3, last, 3))
            .set_marker(
                ChartMarker::new()
                    .set_type(ChartMarkerType::Circle)
                    .set_size(8)
                    .set_format(
                        ChartFormat::new()
                            .set_solid_fill(ChartSolidFill::new().set_color(colour))
                            .set_border(ChartLine::new().set_color(colour)),
                    ),
            )
            .set_format(ChartFormat::new().set_no_line())
            .set_custom_data_labels(&labels_of_points);
    }
    let grey = |dash| {
        ChartFormat::new()
            .set_line(
                ChartLine::new()
                    .set_color(Color::RGB(0x7F7F7F))
                    .set_width(1.5)
                    .set_dash_type(dash),
            )
            .clone()
    };
    chart
        .add_series()
        .set_name((name, HEADER_ROW, data))
        .set_categories((name, FIRST_ROW, data, FIRST_ROW + 1, data))
        .set_values((name, FIRST_ROW, data + 1, FIRST_ROW + 1, data + 1))
        .set_marker(ChartMarker::new().set_none())
        .set_format(&mut grey(ChartLineDashType::Dash));
    chart
        .add_series()
        .set_name((name, HEADER_ROW, data + 2))
        .set_categories((name, FIRST_ROW, data + 2, FIRST_ROW + 1, data + 2))
        .set_values((name, FIRST_ROW, data + 3, FIRST_ROW + 1, data + 3))
        .set_marker(ChartMarker::new().set_none())
        .set_format(&mut grey(ChartLineDashType::RoundDot));
    chart.title().set_name(&labels.monitor_chart_importance);
    chart
        .x_axis()
        .set_name(&labels.monitor_importance_axis)
        .set_min(1)
        .set_max(3)
        .set_major_unit(0.5);
    chart
        .y_axis()
        .set_name(&labels.monitor_performance_axis)
        .set_min(1)
        .set_max(10)
        .set_major_unit(1);
    chart.legend().set_position(ChartLegendPosition::Bottom);
    chart.show_hidden_data();
    chart.set_width(720).set_height(520);
    sheet.insert_chart(HEADER_ROW, 5, &chart)?;
    let notes = [
        &labels.monitor_quadrant_keep,
        &labels.monitor_quadrant_improve,
        &labels.monitor_quadrant_overkill,
        &labels.monitor_quadrant_low,
    ];
    for (offset, note) in notes.into_iter().enumerate() {
        sheet.write_string_with_format(HEADER_ROW + 28 + offset as u32, 5, note, &styles.note)?;
    }
    page(plan, sheet, true, HEADER_ROW, 0)
}
