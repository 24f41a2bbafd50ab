//! The NPS: each respondent's answer and reason, the three groups, the score and a doughnut chart.
//! A reason is written as text, never as a formula.

use rust_xlsxwriter::{
    Chart, ChartDataLabel, ChartFormat, ChartLegendPosition, ChartPoint, ChartSolidFill, ChartType,
    Color, Worksheet, XlsxError,
};

use crate::monitor::plan::{FIRST_ROW, HEADER_ROW, Plan};
use crate::monitor::styles::Styles;
use crate::monitor::text::{Widths, cell_text, write_text};

use super::{begin, header, page};

pub(in crate::monitor) fn write(
    plan: &Plan<'_>,
    sheet: &mut Worksheet,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let labels = plan.labels;
    let name = plan.names.nps.as_str();
    begin(plan, sheet, name, None, styles)?;
    let mut widths = Widths::default();
    // Left: one row per respondent with an answer or a reason; rows run down unbounded.
    header(
        sheet,
        HEADER_ROW,
        &[
            &labels.respondent,
            &labels.monitor_nps_answer,
            &labels.monitor_reason,
        ],
        &mut widths,
        styles,
    )?;
    let mut row = FIRST_ROW;
    for &position in &plan.order {
        let result = &plan.report.respondents[position];
        if result.nps.is_none() && result.nps_reason.is_none() {
            continue;
        }
        write_text(
            sheet,
            row,
            0,
            &result.shown_as,
            &styles.text_top,
            &mut widths,
        )?;
        match result.nps {
            Some(answer) => sheet.write_number_with_format(row, 1, answer, &styles.integer_top)?,
            None => sheet.write_blank(row, 1, &styles.integer_top)?,
        };
        let reason = result.nps_reason.as_deref().unwrap_or_default();
        sheet.write_string_with_format(row, 2, cell_text(reason), &styles.wrap)?;
        row += 1;
    }
    widths.apply(sheet, 12.0, 30.0)?;
    sheet.set_column_width(2, 60)?;

    // Right: the three groups (plain numbers: they feed the chart) and the score.
    let nps = &plan.report.nps;
    let (label, count, share) = (4, 5, 6);
    for (col, text) in [
        (label, &labels.monitor_nps),
        (count, &labels.monitor_count),
        (share, &labels.monitor_share),
    ] {
        sheet.write_string_with_format(HEADER_ROW, col, text, &styles.header)?;
    }
    let groups = [
        (&labels.monitor_promoters, nps.promoters),
        (&labels.monitor_passives, nps.passives),
        (&labels.monitor_detractors, nps.detractors),
    ];
    for (offset, (text, number)) in groups.iter().enumerate() {
        let row = FIRST_ROW + offset as u32;
        sheet.write_string_with_format(row, label, *text, &styles.text)?;
        sheet.write_number_with_format(row, count, *number, &styles.integer)?;
        if nps.responses > 0 {
            sheet.write_number_with_format(
                row,
                share,
                f64::from(*number) / f64::from(nps.responses),
                &styles.percent,
            )?;
        }
    }
    let responses_row = FIRST_ROW + 3;
    sheet.write_string_with_format(
        responses_row,
        label,
        &labels.monitor_answer_count,
        &styles.total_label,
    )?;
    sheet.write_number_with_format(responses_row, count, nps.responses, &styles.total_integer)?;
    sheet.write_blank(responses_row, share, &styles.total_label)?;
    let score_row = FIRST_ROW + 5;
    sheet.write_string_with_format(score_row, label, "NPS", &styles.label)?;
    if let Some(score) = nps.score {
        sheet.write_number_with_format(score_row, count, score, &styles.big_integer)?;
    }
    if nps.indicative {
        sheet.write_string_with_format(
            score_row + 1,
            label,
            &labels.monitor_indicative,
            &styles.note,
        )?;
    }
    sheet.set_column_width(3, 3)?;
    sheet.set_column_width(label, 24)?;
    sheet.set_column_width(count, 10)?;
    sheet.set_column_width(share, 10)?;

    let mut chart = Chart::new(ChartType::Doughnut);
    let colours = [0x63BE7B, 0xBFBFBF, 0xF8696B];
    let points: Vec<ChartPoint> = colours
        .iter()
        .map(|&colour| {
            ChartPoint::new().set_format(
                ChartFormat::new()
                    .set_solid_fill(ChartSolidFill::new().set_color(Color::RGB(colour))),
            )
        })
        .collect();
    chart
        .add_series()
        .set_categories((name, FIRST_ROW, label, FIRST_ROW + 2, label))
        .set_values((name, FIRST_ROW, count, FIRST_ROW + 2, count))
        .set_points(&points)
        .set_data_label(ChartDataLabel::new().show_value());
    chart.title().set_name(&labels.monitor_chart_nps);
    chart.legend().set_position(ChartLegendPosition::Right);
    chart.set_width(440).set_height(280);
    sheet.insert_chart(score_row + 3, label, &chart)?;
    page(plan, sheet, true, HEADER_ROW, 0)
}
