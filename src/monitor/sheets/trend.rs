//! The trend: total, KWI scores and NPS per period, with line charts. It shows only the report's
//! trend, never the answers.

use std::collections::HashMap;

use rust_xlsxwriter::{
    Chart, ChartAxisLabelPosition, ChartDataLabel, ChartDataLabelPosition, ChartFormat,
    ChartLegendPosition, ChartLine, ChartLineDashType, ChartMarker, ChartMarkerType, ChartType,
    Color, Worksheet, XlsxError,
};

use crate::monitor::plan::{FIRST_ROW, HEADER_ROW, Plan};
use crate::monitor::styles::Styles;
use crate::monitor::text::{Widths, write_text};

use super::{begin, header, page};

pub(in crate::monitor) fn write(
    plan: &Plan<'_>,
    sheet: &mut Worksheet,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let labels = plan.labels;
    let name = plan.names.trend.as_str();
    begin(plan, sheet, name, None, styles)?;
    // The KWIs of this master first, in its order; KWIs only earlier measurements had after,
    // by id, so that a dropped KWI keeps its history.
    let mut ids: Vec<&str> = plan.master.kwis.iter().map(|kwi| kwi.id.as_str()).collect();
    let mut dropped: Vec<&str> = plan
        .report
        .trend
        .iter()
        .flat_map(|point| point.kwis.keys().map(String::as_str))
        .filter(|id| !ids.contains(id))
        .collect();
    dropped.sort_unstable();
    dropped.dedup();
    ids.extend(dropped);
    let titles: HashMap<&str, &str> = plan
        .master
        .kwis
        .iter()
        .map(|kwi| (kwi.id.as_str(), kwi.title.as_str()))
        .collect();

    let mut widths = Widths::default();
    let mut texts: Vec<String> = vec![labels.period.clone(), labels.monitor_total.clone()];
    texts.extend(ids.iter().map(|id| match titles.get(id) {
        Some(title) => format!("{id} {title}"),
        None => (*id).to_string(),
    }));
    texts.push("NPS".to_string());
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    header(sheet, HEADER_ROW, &refs, &mut widths, styles)?;
    sheet.set_row_height(HEADER_ROW, 32)?;
    let nps_col = 2 + ids.len() as u16;
    for (offset, point) in plan.report.trend.iter().enumerate() {
        let row = FIRST_ROW + offset as u32;
        write_text(sheet, row, 0, &point.period, &styles.text, &mut widths)?;
        if let Some(total) = point.total {
            sheet.write_number_with_format(row, 1, total, &styles.score_bold)?;
        }
        for (index, id) in ids.iter().enumerate() {
            if let Some(Some(value)) = point.kwis.get(*id) {
                sheet.write_number_with_format(row, 2 + index as u16, *value, &styles.score)?;
            }
        }
        if let Some(nps) = point.nps {
            sheet.write_number_with_format(row, nps_col, nps, &styles.integer)?;
        }
    }
    widths.apply(sheet, 10.0, 18.0)?;

    if !plan.report.trend.is_empty() {
        let last = FIRST_ROW + plan.report.trend.len() as u32 - 1;
        let below = last + 2;
        let mut chart = Chart::new(ChartType::Line);
        for col in 1..nps_col {
            let series = chart
                .add_series()
                .set_name((name, HEADER_ROW, col))
                .set_categories((name, FIRST_ROW, 0, last, 0))
                .set_values((name, FIRST_ROW, col, last, col))
                .set_marker(
                    ChartMarker::new()
                        .set_type(ChartMarkerType::Circle)
                        .set_size(7),
                );
            if col == 1 {
                series.set_format(
                    ChartFormat::new().set_line(
                        ChartLine::new()
                            .set_color(Color::Black)
                            .set_width(3.5)
                            .set_dash_type(ChartLineDashType::Solid),
                    ),
                );
            }
        }
        chart.title().set_name(&labels.monitor_chart_trend);
        chart.y_axis().set_min(1).set_max(10).set_major_unit(1);
        chart.legend().set_position(ChartLegendPosition::Bottom);
        chart.set_width(640).set_height(340);
        // Both charts on one page, after the table when the table is long.
        if below + 17 > 30 {
            sheet.set_page_breaks(&[below])?;
        }
        sheet.insert_chart(below, 0, &chart)?;

        let mut nps = Chart::new(ChartType::Line);
        nps.add_series()
            .set_name((name, HEADER_ROW, nps_col))
            .set_categories((name, FIRST_ROW, 0, last, 0))
            .set_values((name, FIRST_ROW, nps_col, last, nps_col))
            .set_marker(
                ChartMarker::new()
                    .set_type(ChartMarkerType::Diamond)
                    .set_size(8),
            )
            .set_data_label(
                ChartDataLabel::new()
                    .show_value()
                    .set_position(ChartDataLabelPosition::Above),
            );
        nps.title().set_name(&labels.monitor_chart_nps_trend);
        nps.y_axis().set_min(-100).set_max(100).set_major_unit(50);
        // The periods below the plot, not on the zero line among negative values.
        nps.x_axis().set_label_position(ChartAxisLabelPosition::Low);
        nps.legend().set_hidden();
        // Beside the KWI chart, so that neither is cut by a page break.
        nps.set_width(360).set_height(340);
        sheet.insert_chart_with_offset(below, 0, &nps, 660, 0)?;
    }
    page(plan, sheet, true, HEADER_ROW, 1)
}
