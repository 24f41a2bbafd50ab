//! NPS and remarks: the three NPS groups and the score as formulas over the data sheet, a
//! doughnut chart, then the NPS reasons and the free remarks without names, sorted by answer and
//! text so that their order follows no respondent. Texts are written as text, never as formulas.

use rust_xlsxwriter::{
    Chart, ChartDataLabel, ChartFormat, ChartLegendPosition, ChartPatternFill,
    ChartPatternFillType, ChartPoint, ChartSolidFill, ChartType, Color, Formula, Worksheet,
    XlsxError, row_col_to_cell,
};

use crate::monitor::DATA_SHEET;
use crate::monitor::plan::{FIRST_ROW, HEADER_ROW, Plan};
use crate::monitor::styles::Styles;
use crate::monitor::text::{cell_text, row_height};

use super::data::{Data, chart};
use super::{begin, page};

/// Columns: the texts on the left, the groups on the right.
const ANSWER: u16 = 0;
const TEXT: u16 = 1;
const GROUP: u16 = 3;
const COUNT: u16 = 4;
const SHARE: u16 = 5;
const TEXT_WIDTH: f64 = 72.0;

pub(in crate::monitor) fn write(
    plan: &Plan<'_>,
    data: &Data<'_>,
    sheet: &mut Worksheet,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let labels = plan.labels;
    let note = format!(
        "{} — {} — {}",
        plan.master.client, plan.master.period, labels.monitor_unnamed_note
    );
    begin(plan, sheet, &plan.names.nps_remarks, Some(&note), styles)?;

    // Right: the groups, their shares and the score.
    for (col, text) in [
        (GROUP, &labels.monitor_nps),
        (COUNT, &labels.monitor_count),
        (SHARE, &labels.monitor_share),
    ] {
        sheet.write_string_with_format(HEADER_ROW, col, text, &styles.header)?;
    }
    let nps = &plan.report.nps;
    let [promoters, passives, detractors, responses] = data.nps_groups();
    let total_cell = row_col_to_cell(FIRST_ROW + 3, COUNT);
    let groups = [
        (&labels.monitor_promoters, promoters, nps.promoters),
        (&labels.monitor_passives, passives, nps.passives),
        (&labels.monitor_detractors, detractors, nps.detractors),
    ];
    for (offset, (text, formula, number)) in groups.into_iter().enumerate() {
        let row = FIRST_ROW + offset as u32;
        sheet.write_string_with_format(row, GROUP, text, &styles.text)?;
        sheet.write_formula_with_format(row, COUNT, formula, &styles.integer)?;
        let count_cell = row_col_to_cell(row, COUNT);
        let share = (nps.responses > 0).then(|| f64::from(number) / f64::from(nps.responses));
        sheet.write_formula_with_format(
            row,
            SHARE,
            Formula::new(format!("=IFERROR({count_cell}/{total_cell},\"\")"))
                .set_result(share.map_or_else(String::new, |s| s.to_string())),
            &styles.percent,
        )?;
    }
    let responses_row = FIRST_ROW + 3;
    sheet.write_string_with_format(
        responses_row,
        GROUP,
        &labels.monitor_answer_count,
        &styles.total_label,
    )?;
    sheet.write_formula_with_format(responses_row, COUNT, responses, &styles.total_integer)?;
    sheet.write_blank(responses_row, SHARE, &styles.total_label)?;
    let score_row = FIRST_ROW + 5;
    sheet.write_string_with_format(score_row, GROUP, "NPS", &styles.label)?;
    sheet.write_formula_with_format(score_row, COUNT, data.nps(), &styles.big_integer)?;
    sheet.set_row_height(score_row, 28)?;
    if nps.indicative {
        sheet.write_string_with_format(
            score_row + 1,
            GROUP,
            &labels.monitor_indicative,
            &styles.note,
        )?;
    }
    if nps.responses > 0 {
        sheet.insert_chart(score_row + 3, GROUP, &doughnut(plan))?;
    }

    // Left: reasons, then remarks, without names.
    sheet.write_string_with_format(
        HEADER_ROW,
        ANSWER,
        &labels.monitor_nps_answer,
        &styles.header,
    )?;
    sheet.write_string_with_format(HEADER_ROW, TEXT, &labels.monitor_reason, &styles.header)?;
    let mut reasons: Vec<(Option<u8>, &str)> = plan
        .report
        .respondents
        .iter()
        .filter_map(|r| r.nps_reason.as_deref().map(|reason| (r.nps, reason)))
        .collect();
    reasons.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    let mut row = FIRST_ROW;
    for (answer, reason) in &reasons {
        match answer {
            Some(answer) => {
                sheet.write_number_with_format(row, ANSWER, *answer, &styles.integer_top)?
            }
            None => sheet.write_blank(row, ANSWER, &styles.integer_top)?,
        };
        sheet.write_string_with_format(row, TEXT, cell_text(reason), &styles.wrap)?;
        sheet.set_row_height(row, row_height(reason, TEXT_WIDTH))?;
        row += 1;
    }
    let mut row = row + 1;
    sheet.write_string_with_format(row, ANSWER, "", &styles.header)?;
    sheet.write_string_with_format(row, TEXT, &labels.remarks, &styles.header)?;
    row += 1;
    let mut remarks: Vec<&str> = plan
        .report
        .respondents
        .iter()
        .filter_map(|r| r.remarks.as_deref())
        .collect();
    remarks.sort_unstable();
    if remarks.is_empty() {
        sheet.write_string_with_format(row, TEXT, &labels.monitor_no_remarks, &styles.note)?;
    }
    for remark in remarks {
        sheet.write_blank(row, ANSWER, &styles.text_top)?;
        sheet.write_string_with_format(row, TEXT, cell_text(remark), &styles.wrap)?;
        sheet.set_row_height(row, row_height(remark, TEXT_WIDTH))?;
        row += 1;
    }
    sheet.set_column_width(ANSWER, 11)?;
    sheet.set_column_width(TEXT, TEXT_WIDTH)?;
    sheet.set_column_width(2, 3)?;
    sheet.set_column_width(GROUP, 24)?;
    sheet.set_column_width(COUNT, 10)?;
    sheet.set_column_width(SHARE, 10)?;
    page(plan, sheet, true, HEADER_ROW, 0)
}

/// The groups as a doughnut: each slice in its own shade and pattern, labelled with its group
/// and count, so that it reads without colour.
fn doughnut(plan: &Plan<'_>) -> Chart {
    let labels = plan.labels;
    let mut chart = Chart::new(ChartType::Doughnut);
    let border = rust_xlsxwriter::ChartLine::new()
        .set_color(Color::Black)
        .clone();
    let mut fills = [ChartFormat::new(), ChartFormat::new(), ChartFormat::new()];
    fills[0].set_solid_fill(ChartSolidFill::new().set_color(Color::RGB(0x8EA9DB)));
    fills[1].set_solid_fill(ChartSolidFill::new().set_color(Color::RGB(0xE7E6E6)));
    fills[2].set_pattern_fill(
        ChartPatternFill::new()
            .set_pattern(ChartPatternFillType::DiagonalStripesWideUpwards)
            .set_foreground_color(Color::RGB(0xC00000))
            .set_background_color(Color::White),
    );
    let points: Vec<ChartPoint> = fills
        .iter_mut()
        .map(|format| ChartPoint::new().set_format(format.set_border(&border)))
        .collect();
    let last = chart::FIRST + 2;
    chart
        .add_series()
        .set_categories((
            DATA_SHEET,
            chart::FIRST,
            chart::NPS_GROUP,
            last,
            chart::NPS_GROUP,
        ))
        .set_values((
            DATA_SHEET,
            chart::FIRST,
            chart::NPS_COUNT,
            last,
            chart::NPS_COUNT,
        ))
        .set_points(&points)
        .set_data_label(ChartDataLabel::new().show_value().show_category_name());
    chart.title().set_name(&labels.monitor_chart_nps);
    chart.legend().set_position(ChartLegendPosition::Bottom);
    chart.set_width(440).set_height(300);
    chart
}
