//! The assignment matrix as the book has it: the questions down with their texts, the
//! respondents across by initials, a mark where the master asks a respondent a question (with
//! more respondents than fit across a page: respondents down, question ids across). It
//! shows the master's plan, never an answer or who answered.

use rust_xlsxwriter::{Format, FormatAlign, Worksheet, XlsxError};

use crate::monitor::plan::{FIRST_ROW, HEADER_ROW, Plan};
use crate::monitor::styles::Styles;
use crate::monitor::text::{cell_text, row_height};

use super::{begin, page_wide};

/// The width of the question text column, in characters.
const TEXT_WIDTH: f64 = 85.0;

/// Up to this many respondents the matrix is the book's: questions down, respondents across, on
/// one page's width. More would print a handful of respondents per page across hundreds of
/// pages, so then the respondents run down and the questions across by their ids.
const ACROSS_LIMIT: usize = 16;

pub(in crate::monitor) fn write(
    plan: &Plan<'_>,
    sheet: &mut Worksheet,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let labels = plan.labels;
    let master = plan.master;
    if master.respondents.len() > ACROSS_LIMIT {
        return write_down(plan, sheet, styles);
    }
    begin(plan, sheet, &plan.names.assignment, None, styles)?;
    for (col, text) in [
        labels.monitor_kwi.as_str(),
        &labels.column_id,
        &labels.column_question,
    ]
    .into_iter()
    .enumerate()
    {
        sheet.write_string_with_format(HEADER_ROW, col as u16, text, &styles.header)?;
    }
    let first_person: u16 = 3;
    let mut person_width: f64 = 5.0;
    for (offset, person) in master.respondents.iter().enumerate() {
        let col = first_person + offset as u16;
        sheet.write_string_with_format(HEADER_ROW, col, &person.initials, &styles.header_center)?;
        person_width = person_width.max(person.initials.chars().count() as f64 * 1.2 + 2.0);
        // The column carries the format, so the marks are written without a format lookup each.
        sheet.set_column_format(col, &styles.mark)?;
    }
    let mark = Format::new()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::Top)
        .set_bold();
    let mut row = FIRST_ROW;
    for kwi in &master.kwis {
        for question in &kwi.questions {
            sheet.write_string_with_format(row, 0, &kwi.id, &styles.text_top)?;
            sheet.write_string_with_format(row, 1, &question.id, &styles.text_top)?;
            sheet.write_string_with_format(row, 2, cell_text(&question.text), &styles.wrap)?;
            sheet.set_row_height(row, row_height(&question.text, TEXT_WIDTH))?;
            for respondent in &question.respondents {
                let col = first_person + respondent.index() as u16;
                sheet.write_string_with_format(row, col, "x", &mark)?;
            }
            row += 1;
        }
    }
    let id_width = master
        .kwis
        .iter()
        .flat_map(|kwi| {
            std::iter::once(kwi.id.chars().count())
                .chain(kwi.questions.iter().map(|q| q.id.chars().count()))
        })
        .max()
        .unwrap_or(4) as f64
        * 1.1
        + 2.0;
    let id_width = id_width.clamp(6.0, 14.0);
    sheet.set_column_width(0, id_width)?;
    sheet.set_column_width(1, id_width)?;
    sheet.set_column_width(2, TEXT_WIDTH)?;
    for offset in 0..master.respondents.len() {
        sheet.set_column_width(first_person + offset as u16, person_width)?;
    }
    let total = 2.0 * id_width + TEXT_WIDTH + person_width * master.respondents.len() as f64;
    page_wide(plan, sheet, HEADER_ROW, first_person, total)
}

/// Many respondents: one row per respondent (name and initials), one narrow column per question
/// (its id turned upright), a mark where the master asks it.
fn write_down(plan: &Plan<'_>, sheet: &mut Worksheet, styles: &Styles) -> Result<(), XlsxError> {
    let labels = plan.labels;
    let master = plan.master;
    begin(
        plan,
        sheet,
        &plan.names.assignment,
        Some(&labels.monitor_assignment_down),
        styles,
    )?;
    sheet.write_string_with_format(HEADER_ROW, 0, &labels.monitor_name, &styles.header)?;
    sheet.write_string_with_format(HEADER_ROW, 1, &labels.monitor_initials, &styles.header)?;
    let upright = styles.header_center.clone().set_rotation(90);
    let mut name_width: f64 = 12.0;
    for (offset, person) in master.respondents.iter().enumerate() {
        let row = FIRST_ROW + offset as u32;
        sheet.write_string(row, 0, &person.name)?;
        sheet.write_string(row, 1, &person.initials)?;
        name_width = name_width.max(person.name.chars().count() as f64 * 1.1 + 2.0);
    }
    let mut col: u16 = 2;
    let mut id_length = 4;
    for kwi in &master.kwis {
        for question in &kwi.questions {
            sheet.write_string_with_format(HEADER_ROW, col, &question.id, &upright)?;
            sheet.set_column_format(col, &styles.mark)?;
            sheet.set_column_width(col, 3.5)?;
            id_length = id_length.max(question.id.chars().count());
            for respondent in &question.respondents {
                sheet.write_string(FIRST_ROW + respondent.index() as u32, col, "x")?;
            }
            col += 1;
        }
    }
    sheet.set_row_height(HEADER_ROW, (id_length as f64 * 7.0 + 8.0).min(120.0))?;
    sheet.set_column_width(0, name_width.min(30.0))?;
    sheet.set_column_width(1, 9)?;
    let total = name_width.min(30.0) + 9.0 + 3.5 * f64::from(col - 2);
    page_wide(plan, sheet, HEADER_ROW, 2, total)
}
