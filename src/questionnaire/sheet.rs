//! The visible sheet of a questionnaire: the cover, the question block with its dropdowns, the
//! closing questions, and how it prints. Positions come from [`super::layout`]; it never writes
//! the `meta` sheet.

use rust_xlsxwriter::utility::row_col_to_cell;
use rust_xlsxwriter::{DataValidation, DataValidationErrorStyle, Formula, Worksheet, XlsxError};

use super::layout::{self, Line, column};
use super::{Context, deadline_text};
use crate::contract::sheet_cell;
use crate::labels::Labels;
use crate::template;

/// One row of the `meta` question table: question id, KWI id, and the references of its score,
/// relevance and id cells.
pub(super) type TableRow = [String; 5];

impl Context<'_> {
    /// Writes the questionnaire sheet; returns the rows of the `meta` question table.
    pub(super) fn write_sheet(&self, sheet: &mut Worksheet) -> Result<Vec<TableRow>, XlsxError> {
        sheet.set_name(self.sheet_name)?;
        for (col, width) in layout::WIDTHS.iter().enumerate() {
            sheet.set_column_width(col as u16, *width)?;
        }
        self.cover(sheet)?;
        let table = self.questions(sheet)?;
        self.closing(sheet)?;
        self.print(sheet)?;
        Ok(table)
    }

    /// The title, who and when, the live count and the instruction.
    fn cover(&self, sheet: &mut Worksheet) -> Result<(), XlsxError> {
        let master = self.master;
        let labels = self.labels;
        let styles = &self.styles;
        let layout = &self.layout;
        let person = self.person;
        let answers = self.answers;
        let total = self.total;
        sheet.merge_range(
            layout.title,
            0,
            layout.title,
            column::LAST,
            &format!("{} — {}", master.title, labels.questionnaire_heading),
            &styles.title,
        )?;
        sheet.set_row_height(layout.title, 24)?;
        let deadline = deadline_text(master);
        let cover = [
            (layout.client, &labels.client, master.client.clone()),
            (layout.supplier, &labels.supplier, master.supplier.clone()),
            (layout.period, &labels.period, master.period.clone()),
            (
                layout.respondent,
                &labels.respondent,
                format!("{} ({})", person.name, person.initials),
            ),
        ];
        for (row, label, value) in cover {
            sheet.write_string_with_format(row, column::ID, label, &styles.label)?;
            sheet.merge_range(row, column::TEXT, row, column::LAST, &value, &styles.value)?;
        }
        if let Some(deadline) = &deadline {
            sheet.write_string_with_format(
                layout.deadline,
                column::ID,
                &labels.deadline,
                &styles.label,
            )?;
            sheet.merge_range(
                layout.deadline,
                column::TEXT,
                layout.deadline,
                column::LAST,
                deadline,
                &styles.deadline,
            )?;
        }
        let (first, last) = layout.question_rows();
        let progress = Formula::new(format!(
            "=COUNT({}:{})&\" {} {total}\"",
            row_col_to_cell(first, column::SCORE),
            row_col_to_cell(last, column::SCORE),
            labels.progress_of
        ))
        .set_result(format!(
            "{} {} {total}",
            answers.scores.len(),
            labels.progress_of
        ));
        sheet.write_string_with_format(
            layout.progress,
            column::ID,
            &labels.progress,
            &styles.label,
        )?;
        sheet.write_formula_with_format(
            layout.progress,
            column::TEXT,
            progress,
            &styles.progress,
        )?;
        sheet.merge_range(
            layout.instruction,
            0,
            layout.instruction,
            column::LAST,
            &labels.instruction,
            &styles.instruction,
        )?;
        sheet.set_row_height(
            layout.instruction,
            row_height(&labels.instruction, 105.0) + 4.0,
        )?;
        Ok(())
    }

    /// The KWIs with their descriptions and questions, and the input cells.
    fn questions(&self, sheet: &mut Worksheet) -> Result<Vec<TableRow>, XlsxError> {
        let labels = self.labels;
        let styles = &self.styles;
        let layout = &self.layout;
        let answers = self.answers;
        let total = self.total;
        let header = [
            &labels.column_id,
            &labels.column_question,
            &labels.column_score,
            &labels.column_relevance,
        ];
        for (col, text) in header.into_iter().enumerate() {
            sheet.write_string_with_format(layout.header, col as u16, text, &styles.header)?;
        }
        let mut meta_rows = Vec::with_capacity(total);
        let mut score_rows = Vec::with_capacity(total);
        for &(row, line) in &layout.lines {
            match line {
                Line::Kwi(index) => {
                    let kwi = self.groups[index].0;
                    sheet.write_string_with_format(row, column::ID, &kwi.id, &styles.kwi)?;
                    sheet.merge_range(
                        row,
                        column::TEXT,
                        row,
                        column::LAST,
                        &kwi.title,
                        &styles.kwi,
                    )?;
                }
                Line::Description(index) => {
                    let description = self.groups[index]
                        .0
                        .description
                        .as_deref()
                        .unwrap_or_default();
                    sheet.write_blank(row, column::ID, &styles.description)?;
                    sheet.merge_range(
                        row,
                        column::TEXT,
                        row,
                        column::LAST,
                        description,
                        &styles.description,
                    )?;
                    sheet.set_row_height(row, row_height(description, 100.0))?;
                }
                Line::Question(kwi, index) => {
                    let (kwi, questions) = &self.groups[kwi];
                    let question = questions[index];
                    sheet.write_string_with_format(row, column::ID, &question.id, &styles.id)?;
                    sheet.write_string_with_format(
                        row,
                        column::TEXT,
                        &question.text,
                        &styles.text,
                    )?;
                    match answers.scores.get(&question.id) {
                        Some((score, relevance)) => {
                            sheet.write_number_with_format(
                                row,
                                column::SCORE,
                                *score,
                                &styles.input_number,
                            )?;
                            sheet.write_string_with_format(
                                row,
                                column::RELEVANCE,
                                relevance,
                                &styles.input_text,
                            )?;
                        }
                        None => {
                            sheet.write_blank(row, column::SCORE, &styles.input_number)?;
                            sheet.write_string_with_format(
                                row,
                                column::RELEVANCE,
                                &labels.relevance_neutral,
                                &styles.input_text,
                            )?;
                        }
                    }
                    sheet.set_row_height(row, row_height(&question.text, layout::WIDTHS[1]))?;
                    score_rows.push(row);
                    meta_rows.push([
                        question.id.clone(),
                        kwi.id.clone(),
                        sheet_cell(self.sheet_name, row, column::SCORE),
                        sheet_cell(self.sheet_name, row, column::RELEVANCE),
                        sheet_cell(self.sheet_name, row, column::ID),
                    ]);
                }
            }
        }
        validations(sheet, labels, &score_rows)?;
        Ok(meta_rows)
    }

    /// Remarks, the Net Promoter question and its reason, and the anonymity question.
    fn closing(&self, sheet: &mut Worksheet) -> Result<(), XlsxError> {
        let master = self.master;
        let labels = self.labels;
        let styles = &self.styles;
        let layout = &self.layout;
        let answers = self.answers;
        sheet.merge_range(
            layout.remarks_label,
            column::ID,
            layout.remarks_label,
            column::LAST,
            &labels.remarks,
            &styles.kwi,
        )?;
        sheet.merge_range(
            layout.remarks,
            column::ID,
            layout.remarks,
            column::LAST,
            answers.remarks.as_deref().unwrap_or_default(),
            &styles.input_block,
        )?;
        sheet.set_row_height(layout.remarks, 90)?;
        let nps_question = template::fill(&labels.nps_question, &[("supplier", &master.supplier)])
            .unwrap_or_else(|_| labels.nps_question.clone());
        sheet.write_string_with_format(layout.nps, column::TEXT, &nps_question, &styles.text)?;
        sheet.set_row_height(layout.nps, row_height(&nps_question, layout::WIDTHS[1]))?;
        match answers.nps {
            Some(nps) => sheet.write_number_with_format(
                layout.nps,
                column::SCORE,
                nps,
                &styles.input_number,
            )?,
            None => sheet.write_blank(layout.nps, column::SCORE, &styles.input_number)?,
        };
        sheet.write_string_with_format(
            layout.nps_reason_label,
            column::TEXT,
            &labels.nps_reason,
            &styles.text,
        )?;
        sheet.merge_range(
            layout.nps_reason,
            column::ID,
            layout.nps_reason,
            column::LAST,
            answers.nps_reason.as_deref().unwrap_or_default(),
            &styles.input_block,
        )?;
        sheet.set_row_height(layout.nps_reason, 60)?;
        sheet.write_string_with_format(
            layout.anonymous,
            column::TEXT,
            &labels.anonymous_question,
            &styles.text,
        )?;
        match &answers.anonymous {
            Some(anonymous) => sheet.write_string_with_format(
                layout.anonymous,
                column::SCORE,
                anonymous,
                &styles.input_text,
            )?,
            None => sheet.write_blank(layout.anonymous, column::SCORE, &styles.input_text)?,
        };
        let numbers: Vec<String> = (0..=10).map(|n| n.to_string()).collect();
        let nps = DataValidation::new()
            .allow_list_strings(&numbers)?
            .set_input_title(&labels.nps_reason)?
            .set_input_message(&labels.nps_prompt)?
            .set_error_title(&labels.score_error_title)?
            .set_error_message(&labels.nps_error)?;
        sheet.add_data_validation(layout.nps, column::SCORE, layout.nps, column::SCORE, &nps)?;
        let anonymous = DataValidation::new()
            .allow_list_strings(&[labels.yes.as_str(), labels.no.as_str()])?
            .set_input_message(&labels.anonymous_prompt)?
            .set_error_message(&labels.anonymous_error)?;
        sheet.add_data_validation(
            layout.anonymous,
            column::SCORE,
            layout.anonymous,
            column::SCORE,
            &anonymous,
        )?;
        Ok(())
    }

    /// A4 portrait, one page wide, the header repeated, panes frozen, and the protection.
    fn print(&self, sheet: &mut Worksheet) -> Result<(), XlsxError> {
        let master = self.master;
        let labels = self.labels;
        let layout = &self.layout;
        let person = self.person;
        sheet.set_paper_size(9);
        sheet.set_portrait();
        sheet.set_print_fit_to_pages(1, 0);
        sheet.set_repeat_rows(layout.header, layout.header)?;
        sheet.set_footer(format!("&L{}&R{}", person.initials, labels.page_footer));
        sheet.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
        sheet.set_freeze_panes(layout.header + 1, 0)?;
        let (first, _) = layout.question_rows();
        sheet.set_selection(first, column::SCORE, first, column::SCORE)?;
        match &master.password {
            Some(password) => sheet.protect_with_password(password),
            None => sheet.protect(),
        };
        Ok(())
    }
}

fn validations(sheet: &mut Worksheet, labels: &Labels, rows: &[u32]) -> Result<(), XlsxError> {
    let Some(&first) = rows.first() else {
        return Ok(());
    };
    let numbers: Vec<String> = (1..=10).map(|n| n.to_string()).collect();
    let score = DataValidation::new()
        .allow_list_strings(&numbers)?
        .set_input_title(&labels.score_prompt_title)?
        .set_input_message(&labels.score_prompt)?
        .set_error_title(&labels.score_error_title)?
        .set_error_message(&labels.score_error)?
        .set_error_style(DataValidationErrorStyle::Stop)
        .set_multi_range(runs(rows, column::SCORE));
    sheet.add_data_validation(first, column::SCORE, first, column::SCORE, &score)?;
    let relevance = DataValidation::new()
        .allow_list_strings(&[
            labels.relevance_less.as_str(),
            labels.relevance_neutral.as_str(),
            labels.relevance_more.as_str(),
        ])?
        .set_input_title(&labels.relevance_prompt_title)?
        .set_input_message(&labels.relevance_prompt)?
        .set_error_title(&labels.relevance_error_title)?
        .set_error_message(&labels.relevance_error)?
        .set_multi_range(runs(rows, column::RELEVANCE));
    sheet.add_data_validation(
        first,
        column::RELEVANCE,
        first,
        column::RELEVANCE,
        &relevance,
    )?;
    Ok(())
}

/// `C11:C14 C16:C19`: the rows as contiguous ranges of one column.
fn runs(rows: &[u32], col: u16) -> String {
    let mut ranges: Vec<(u32, u32)> = Vec::new();
    for &row in rows {
        match ranges.last_mut() {
            Some((_, end)) if *end + 1 == row => *end = row,
            _ => ranges.push((row, row)),
        }
    }
    ranges
        .iter()
        .map(|&(start, end)| {
            if start == end {
                row_col_to_cell(start, col)
            } else {
                format!(
                    "{}:{}",
                    row_col_to_cell(start, col),
                    row_col_to_cell(end, col)
                )
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A row height in points that shows `text` wrapped in a column `width` characters wide.
/// Spreadsheet apps do not grow rows for wrapped text written by a library, so we estimate.
fn row_height(text: &str, width: f64) -> f64 {
    let per_line = (width * 1.05).max(10.0) as usize;
    let lines: usize = text
        .split('\n')
        .map(|paragraph| paragraph.chars().count().div_ceil(per_line).max(1))
        .sum();
    15.0 * lines as f64 + 2.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_join_contiguous_rows() {
        assert_eq!(runs(&[10, 11, 12, 14, 16, 17], 2), "C11:C13 C15 C17:C18");
        assert_eq!(runs(&[3], 3), "D4");
    }

    #[test]
    fn long_texts_get_taller_rows() {
        assert!(row_height(&"x".repeat(300), 72.0) > row_height("short", 72.0));
    }
}
