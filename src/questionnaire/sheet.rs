//! The visible sheet of a questionnaire: the cover, the question block with its dropdowns, the
//! closing questions, and how it prints. Positions come from [`super::layout`]; it never writes
//! the `meta` sheet.

use rust_xlsxwriter::utility::row_col_to_cell;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, Format, Formula, Worksheet, XlsxError,
};

use super::layout::{self, Line, column};
use super::{Context, deadline_text, measure};
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
        let mut heights = Heights(vec![15.0; self.layout.last_row() as usize + 1]);
        for row in self.layout.spacers() {
            heights.set(sheet, row, layout::SPACER)?;
        }
        self.cover(sheet, &mut heights)?;
        let table = self.questions(sheet, &mut heights)?;
        self.closing(sheet, &mut heights)?;
        self.print(sheet, &heights)?;
        Ok(table)
    }

    /// The title, who and when, the live count and the instruction.
    fn cover(&self, sheet: &mut Worksheet, heights: &mut Heights) -> Result<(), XlsxError> {
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
        heights.set(sheet, layout.title, 21.0)?;
        // Label and value pairs on one line each, the labels bold.
        let deadline = deadline_text(master);
        let respondent = format!("{} ({})", person.name, person.initials);
        let return_address = self.return_address();
        let mut lines: Vec<(u32, Vec<CoverPair>)> = vec![
            (
                layout.parties,
                vec![
                    (&labels.client, &master.client, &styles.value),
                    (&labels.supplier, &master.supplier, &styles.value),
                    (&labels.period, &master.period, &styles.value),
                ],
            ),
            (
                layout.respondent,
                vec![(&labels.respondent, &respondent, &styles.value)],
            ),
            (
                layout.return_to,
                vec![(&labels.return_to, &return_address, &styles.value)],
            ),
        ];
        if let Some(deadline) = &deadline {
            lines[1]
                .1
                .push((&labels.deadline, deadline, &styles.deadline));
        }
        for (row, pairs) in lines {
            let mut pieces: Vec<(&Format, String)> = Vec::new();
            for (index, (label, value, format)) in pairs.into_iter().enumerate() {
                let gap = if index == 0 { "" } else { "     " };
                pieces.push((&styles.label, format!("{gap}{label}: ")));
                pieces.push((format, value.to_owned()));
            }
            let pieces: Vec<(&Format, &str)> = pieces
                .iter()
                .map(|(format, text)| (*format, text.as_str()))
                .collect();
            sheet.merge_range(row, column::ID, row, column::LAST, "", &styles.value)?;
            sheet.write_rich_string_with_format(row, column::ID, &pieces, &styles.value)?;
            // Long names wrap; measured as if all bold, the wider face.
            let line: String = pieces.iter().map(|(_, text)| *text).collect();
            heights.fit(
                sheet,
                row,
                &line,
                span(column::ID, column::LAST),
                11.0,
                true,
            )?;
        }
        let (first, last) = layout.question_rows();
        let label = labels.progress.replace('"', "\"\"");
        let progress = Formula::new(format!(
            "=\"{label}: \"&COUNT({}:{})&\" {} {total}\"",
            row_col_to_cell(first, column::SCORE),
            row_col_to_cell(last, column::SCORE),
            labels.progress_of
        ))
        .set_result(format!(
            "{}: {} {} {total}",
            labels.progress,
            answers.scores.len(),
            labels.progress_of
        ));
        sheet.merge_range(
            layout.progress,
            column::ID,
            layout.progress,
            column::LAST,
            "",
            &styles.progress,
        )?;
        sheet.write_formula_with_format(layout.progress, column::ID, progress, &styles.progress)?;
        let instruction = self.fill(&labels.instruction);
        sheet.merge_range(
            layout.instruction,
            0,
            layout.instruction,
            column::LAST,
            &instruction,
            &styles.instruction,
        )?;
        heights.fit(
            sheet,
            layout.instruction,
            &instruction,
            span(column::ID, column::LAST),
            SMALL,
            false,
        )?;
        Ok(())
    }

    /// `{supplier}` and `{client}` filled in; a label without placeholders stays as it is.
    fn fill(&self, label: &str) -> String {
        let master = self.master;
        template::fill(
            label,
            &[("supplier", &master.supplier), ("client", &master.client)],
        )
        .unwrap_or_else(|_| label.to_owned())
    }

    /// Who gets the questionnaire back: the sender's name and address from the master, or,
    /// without one, the sender of the e-mail it came with.
    fn return_address(&self) -> String {
        match &self.master.sender {
            Some(sender) => format!("{} ({})", sender.name, sender.email),
            None => self.labels.return_to_unknown.clone(),
        }
    }

    /// The KWIs with their descriptions and questions, and the input cells.
    fn questions(
        &self,
        sheet: &mut Worksheet,
        heights: &mut Heights,
    ) -> Result<Vec<TableRow>, XlsxError> {
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
        let mut lines = 1;
        for (col, text) in header.into_iter().enumerate() {
            let pixels = span(col as u16, col as u16);
            let text = measure::wrap(text, pixels, 11.0, true);
            sheet.write_string_with_format(layout.header, col as u16, &text, &styles.header)?;
            lines = lines.max(text.lines().count());
        }
        heights.set(sheet, layout.header, measure::row_height(lines, 11.0))?;
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
                    heights.fit(
                        sheet,
                        row,
                        &kwi.title,
                        span(column::TEXT, column::LAST),
                        11.0,
                        true,
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
                    heights.fit(
                        sheet,
                        row,
                        description,
                        span(column::TEXT, column::LAST),
                        SMALL,
                        false,
                    )?;
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
                    heights.fit(
                        sheet,
                        row,
                        &question.text,
                        span(column::TEXT, column::TEXT),
                        11.0,
                        false,
                    )?;
                    score_rows.push(row);
                    meta_rows.push([
                        question.id.clone(),
                        kwi.id.clone(),
                        sheet_cell(self.sheet_name, row, column::SCORE),
                        sheet_cell(self.sheet_name, row, column::RELEVANCE),
                        sheet_cell(self.sheet_name, row, column::ID),
                    ]);
                }
                Line::Action(kwi, index) => {
                    let action = self.actions[kwi][index];
                    sheet.write_string_with_format(row, column::ID, &action.id, &styles.action)?;
                    sheet.merge_range(
                        row,
                        column::TEXT,
                        row,
                        column::SCORE,
                        &action.description,
                        &styles.action,
                    )?;
                    sheet.write_string_with_format(
                        row,
                        column::RELEVANCE,
                        &action.status,
                        &styles.action_status,
                    )?;
                    let lines = measure::lines(
                        &action.description,
                        span(column::TEXT, column::SCORE),
                        SMALL,
                        false,
                    )
                    .max(measure::lines(
                        &action.status,
                        span(column::LAST, column::LAST),
                        SMALL,
                        false,
                    ));
                    heights.set(sheet, row, measure::row_height(lines, SMALL))?;
                }
            }
        }
        validations(sheet, labels, &score_rows)?;
        Ok(meta_rows)
    }

    /// Remarks, the Net Promoter question and its reason, and the anonymity question.
    fn closing(&self, sheet: &mut Worksheet, heights: &mut Heights) -> Result<(), XlsxError> {
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
        heights.set(sheet, layout.remarks, 45.0)?;
        let nps_question = self.fill(&labels.nps_question);
        sheet.write_string_with_format(layout.nps, column::TEXT, &nps_question, &styles.text)?;
        heights.fit(
            sheet,
            layout.nps,
            &nps_question,
            span(column::TEXT, column::TEXT),
            11.0,
            false,
        )?;
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
        heights.set(sheet, layout.nps_reason, 30.0)?;
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
            .set_input_title(&labels.nps_prompt_title)?
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
        let thanks = match &master.sender {
            Some(sender) => template::fill(
                &labels.thanks,
                &[("sender", &format!("{} ({})", sender.name, sender.email))],
            )
            .unwrap_or_else(|_| labels.thanks.clone()),
            None => labels.thanks_no_sender.clone(),
        };
        sheet.merge_range(
            layout.thanks,
            column::ID,
            layout.thanks,
            column::LAST,
            &thanks,
            &styles.thanks,
        )?;
        heights.fit(
            sheet,
            layout.thanks,
            &thanks,
            span(column::ID, column::LAST),
            SMALL,
            true,
        )?;
        Ok(())
    }

    /// A4 portrait at the scale and with the page breaks [`layout::Questionnaire::pages`]
    /// chose, the header repeated, panes frozen, and the protection.
    fn print(&self, sheet: &mut Worksheet, heights: &Heights) -> Result<(), XlsxError> {
        let master = self.master;
        let labels = self.labels;
        let layout = &self.layout;
        let person = self.person;
        sheet.set_paper_size(9);
        sheet.set_portrait();
        let pages = layout.pages(&heights.0);
        sheet.set_print_scale(pages.scale);
        sheet.set_page_breaks(&pages.breaks)?;
        sheet.set_repeat_rows(layout.header, layout.header)?;
        // The footer's own codes (&P, &N) stay; an & in the initials is text.
        sheet.set_footer(format!(
            "&L{}&R{}",
            header_footer_text(&person.initials),
            labels.page_footer
        ));
        sheet.set_margins(0.5, 0.5, layout::MARGIN, layout::MARGIN, 0.3, 0.3);
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

/// The width in pixels of the cells from column `first` to `last`, which texts wrap in.
fn span(first: u16, last: u16) -> f64 {
    (first..=last)
        .map(|col| measure::column_pixels(layout::WIDTHS[usize::from(col)]))
        .sum()
}

/// The font size of the instruction, the KWI descriptions and the action rows.
const SMALL: f64 = 10.0;

/// A label, its value and the value's format, on a cover line.
type CoverPair<'a> = (&'a str, &'a str, &'a Format);

/// The height of every row as written, for [`layout::Questionnaire::pages`].
struct Heights(Vec<f64>);

impl Heights {
    fn set(&mut self, sheet: &mut Worksheet, row: u32, height: f64) -> Result<(), XlsxError> {
        sheet.set_row_height(row, height)?;
        if let Some(slot) = self.0.get_mut(row as usize) {
            *slot = height;
        }
        Ok(())
    }

    /// The height that shows `text` wrapped in cells `pixels` wide, at `size` points (`bold`:
    /// measured in the bold face, which is wider).
    fn fit(
        &mut self,
        sheet: &mut Worksheet,
        row: u32,
        text: &str,
        pixels: f64,
        size: f64,
        bold: bool,
    ) -> Result<(), XlsxError> {
        let height = measure::row_height(measure::lines(text, pixels, size, bold), size);
        self.set(sheet, row, height)
    }
}

/// `text` as it reads in a page header or footer: `&` starts a code there (`&B` turns on bold),
/// so a literal one is written `&&`.
fn header_footer_text(text: &str) -> String {
    text.replace('&', "&&")
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
    fn ampersands_in_footer_texts_are_text() {
        assert_eq!(header_footer_text("A&B"), "A&&B");
        assert_eq!(header_footer_text("KK"), "KK");
        assert_eq!(header_footer_text("&&"), "&&&&");
    }

    #[test]
    fn spans_add_the_columns_pixels() {
        // Excel: 7 pixels a character and 5 of padding, truncated.
        assert_eq!(span(column::ID, column::ID), 61.0);
        assert_eq!(span(column::TEXT, column::TEXT), 432.0);
        assert_eq!(span(column::ID, column::LAST), 61.0 + 432.0 + 54.0 + 68.0);
    }
}
