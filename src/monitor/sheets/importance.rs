//! Importance against performance: per question its mean weight and mean score as plain numbers,
//! plotted per KWI with the quadrant lines. No formulas: a chart caches only numbers.

use rust_xlsxwriter::{
    Chart, ChartAxisCrossing, ChartAxisLabelPosition, ChartDataLabel, ChartDataLabelPosition,
    ChartFormat, ChartLegendPosition, ChartLine, ChartPoint, ChartSolidFill, ChartType, Color,
    Worksheet, XlsxError, quote_sheet_name, row_col_to_cell_absolute,
};

use crate::monitor::plan::{FIRST_ROW, HEADER_ROW, Plan};
use crate::monitor::styles::Styles;
use crate::monitor::text::{Widths, write_text};

use super::{begin, header, page};

/// Marker colours of the importance chart, one per KWI.
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

    // The quadrants are drawn by the axes themselves: the value axis crosses at neutral
    // importance (2) and the category axis at the mean target (or the total score). No line
    // series: rust_xlsxwriter 0.102 writes a scatter series' custom marker before its shape
    // properties, which the schema forbids (Excel repairs the file and drops the drawing); so
    // every series here keeps its automatic marker, which also varies the symbol per KWI for a
    // black-and-white print, and only its line is switched off.
    let level = match (plan.mean_target, plan.report.scores.total_score) {
        (Some(target), _) => target,
        (None, Some(total)) => total,
        (None, None) => 7.0,
    };
    let mut chart = Chart::new(ChartType::Scatter);
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
        // The colour per point: a point's marker format is written inside its own c:dPt,
        // where the schema has it, unlike a series' custom marker.
        let colour = Color::RGB(PALETTE[series % PALETTE.len()]);
        let points = vec![
            ChartPoint::new().set_format(
                ChartFormat::new()
                    .set_solid_fill(ChartSolidFill::new().set_color(colour))
                    .set_border(ChartLine::new().set_color(colour))
            );
            (last - first + 1) as usize
        ];
        chart
            .add_series()
            .set_name((name, first, 1))
            .set_categories((name, first, 2, last, 2))
            .set_values((name, first, 3, last, 3))
            .set_format(ChartFormat::new().set_no_line())
            .set_points(&points)
            .set_custom_data_labels(&labels_of_points);
    }
    chart.title().set_name(&labels.monitor_chart_importance);
    chart
        .x_axis()
        .set_name(&labels.monitor_importance_axis)
        .set_min(1)
        .set_max(3)
        .set_major_unit(0.5)
        .set_crossing(ChartAxisCrossing::AxisValue(2.0))
        .set_label_position(ChartAxisLabelPosition::Low);
    chart
        .y_axis()
        .set_name(&labels.monitor_performance_axis)
        .set_min(1)
        .set_max(10)
        .set_major_unit(1)
        .set_crossing(ChartAxisCrossing::AxisValue(level))
        .set_label_position(ChartAxisLabelPosition::Low);
    chart.legend().set_position(ChartLegendPosition::Bottom);
    chart.set_width(720).set_height(520);
    if !runs.is_empty() {
        sheet.insert_chart(HEADER_ROW, 5, &chart)?;
    }
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
