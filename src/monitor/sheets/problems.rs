//! The problems ingest found, with an anonymous respondent's name and initials replaced by their
//! pseudonym. It never shows what the redactor hides.

use rust_xlsxwriter::{Worksheet, XlsxError};

use crate::anonymity::Redactor;
use crate::monitor::plan::{FIRST_ROW, HEADER_ROW, Plan};
use crate::monitor::styles::Styles;
use crate::monitor::text::{Widths, cell_text, row_height, write_text};
use crate::report::{Report, Severity};

use super::{begin, header, page};

pub(in crate::monitor) fn write(
    plan: &Plan<'_>,
    sheet: &mut Worksheet,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let labels = plan.labels;
    let note = plan
        .report
        .problems
        .is_empty()
        .then_some(labels.monitor_no_problems.as_str());
    begin(plan, sheet, &plan.names.problems, note, styles)?;
    let mut widths = Widths::default();
    header(
        sheet,
        HEADER_ROW,
        &[
            &labels.monitor_file,
            &labels.monitor_severity,
            &labels.monitor_cell,
            &labels.monitor_message,
        ],
        &mut widths,
        styles,
    )?;
    let redactor = redactor(plan);
    for (offset, problem) in plan.report.problems.iter().enumerate() {
        let row = FIRST_ROW + offset as u32;
        let severity = match problem.severity {
            Severity::Rejected => &labels.monitor_status_rejected,
            Severity::Warning => &labels.monitor_severity_warning,
            Severity::Note => &labels.monitor_severity_note,
        };
        let file = redactor.apply(&problem.file);
        let message = redactor.apply(&problem.message);
        write_text(sheet, row, 0, &file, &styles.text_top, &mut widths)?;
        write_text(sheet, row, 1, severity, &styles.text_top, &mut widths)?;
        write_text(
            sheet,
            row,
            2,
            problem.cell.as_deref().unwrap_or_default(),
            &styles.text_top,
            &mut widths,
        )?;
        sheet.write_string_with_format(row, 3, cell_text(&message), &styles.wrap)?;
        sheet.set_row_height(row, row_height(&message, 80.0).min(409.0))?;
    }
    widths.apply(sheet, 8.0, 40.0)?;
    sheet.set_column_width(3, 80)?;
    page(plan, sheet, true, HEADER_ROW, 1)
}

/// The redactor of the report's anonymous respondents: their names (from the master) and
/// initials become their pseudonyms, or, where the minimum-group rule shows no one's figures,
/// the one word "anonymous" for all of them: a numbered pseudonym of the only anonymous
/// respondent would name them.
fn redactor(plan: &Plan<'_>) -> Redactor {
    let report: &Report<'_> = plan.report;
    let pooled = !plan.disclosure.per_respondent();
    let anonymous = report.respondents.iter().filter(|result| result.anonymous);
    Redactor::new(anonymous.map(|result| {
        let name = report.master.respondent(result.index).name.as_str();
        let shown = if pooled {
            plan.labels.monitor_anonymous.as_str()
        } else {
            result.shown_as.as_str()
        };
        (name, result.initials.as_str(), shown)
    }))
}
