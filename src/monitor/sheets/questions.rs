//! The questions (analysis workbook): per question its count, score, mean score and mean weight as
//! formulas, and, where the minimum-group rule allows and respondents are few, each one's answer. Respondents appear by the name shown, never by file or initials.

use std::collections::HashMap;

use rust_xlsxwriter::{Formula, Worksheet, XlsxError, row_col_to_cell};

use crate::master::RespondentId;
use crate::monitor::formulas::{Match, number_result};
use crate::monitor::plan::{FIRST_ROW, HEADER_ROW, Plan, answer_column};
use crate::monitor::styles::Styles;
use crate::monitor::text::{Widths, cell_text, row_height, write_text};
use crate::score::Relevance;
use crate::template;

use super::{begin, header, page};

/// Up to this many respondents with answers, the questions sheet shows one column per respondent.
const DETAIL_RESPONDENT_LIMIT: usize = 30;

pub(in crate::monitor) fn write(
    plan: &Plan<'_>,
    sheet: &mut Worksheet,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let labels = plan.labels;
    // Respondents with at least one answer, in the sheets' order.
    let answering: Vec<usize> = plan.answering();
    let per_respondent =
        plan.disclosure.per_respondent() && answering.len() <= DETAIL_RESPONDENT_LIMIT;
    let withheld = super::withheld(plan);
    let note = withheld.as_ref().map(|_| String::new()).or_else(|| {
        (!per_respondent).then(|| {
            let text = &labels.monitor_many_respondents;
            template::fill(text, &[("sheet", &plan.names.answers)]).unwrap_or_else(|_| text.clone())
        })
    });
    begin(plan, sheet, &plan.names.questions, note.as_deref(), styles)?;
    if let Some(withheld) = &withheld {
        super::wide_note(sheet, withheld, 6, styles)?;
    }
    let mut widths = Widths::default();
    let mut texts: Vec<&str> = vec![
        &labels.monitor_kwi,
        &labels.column_id,
        &labels.column_question,
        &labels.monitor_answer_count,
        &labels.monitor_question_score,
        &labels.monitor_mean_score,
        &labels.monitor_mean_weight,
    ];
    if per_respondent {
        texts.extend(
            answering
                .iter()
                .map(|&position| plan.report.respondents[position].shown_as.as_str()),
        );
    }
    header(sheet, HEADER_ROW, &texts, &mut widths, styles)?;
    sheet.set_row_height(HEADER_ROW, 32)?;

    // (respondent position, question id) → "8 >", only built for the few-respondents layout.
    let mut marks: HashMap<(usize, &str), String> = HashMap::new();
    if per_respondent {
        let position_of: HashMap<RespondentId, usize> = answering
            .iter()
            .map(|&position| (plan.report.respondents[position].index, position))
            .collect();
        for answer in &plan.answers {
            if let Some(&position) = position_of.get(&answer.respondent) {
                let mark = match answer.relevance {
                    Relevance::Less => " <",
                    Relevance::Neutral => "",
                    Relevance::More => " >",
                };
                marks.insert(
                    (position, answer.question.as_str()),
                    format!("{}{mark}", answer.score),
                );
            }
        }
    }

    let mut row = FIRST_ROW;
    for kwi in &plan.master.kwis {
        for question in &kwi.questions {
            let id = question.id.as_str();
            let scored = plan.question_scores.get(id);
            let how = plan.question_match.get(id).copied().unwrap_or(Match::Exact);
            write_text(sheet, row, 0, &kwi.id, &styles.text_top, &mut widths)?;
            write_text(sheet, row, 1, id, &styles.text_top, &mut widths)?;
            sheet.write_string_with_format(row, 2, cell_text(&question.text), &styles.wrap)?;
            sheet.set_row_height(row, row_height(&question.text, 60.0))?;
            let count = plan.count_where(answer_column::QUESTION, id, how);
            let answered = scored.map_or(0, |q| q.sum.count);
            sheet.write_formula_with_format(
                row,
                3,
                Formula::new(format!("={count}")).set_result(answered.to_string()),
                &styles.integer_top,
            )?;
            let weighted =
                plan.sum_where(answer_column::QUESTION, id, answer_column::WEIGHTED, how);
            let weights = plan.sum_where(answer_column::QUESTION, id, answer_column::WEIGHT, how);
            let scores = plan.sum_where(answer_column::QUESTION, id, answer_column::SCORE, how);
            // The means divide by the count beside them: with 72,000 answers each sum over
            // the table costs LibreOffice about 0.1 s to recalculate, so none is done twice.
            let answered_cell = row_col_to_cell(row, 3);
            let cells = [
                (
                    format!("{weighted}/{weights}"),
                    scored.and_then(|q| q.score),
                ),
                (
                    format!("{scores}/{answered_cell}"),
                    scored.and_then(|q| q.mean_score),
                ),
                (
                    format!("{weights}/{answered_cell}"),
                    scored.and_then(|q| q.mean_weight),
                ),
            ];
            for (offset, (formula, value)) in cells.into_iter().enumerate() {
                let style = if offset == 0 {
                    &styles.score_top_bold
                } else {
                    &styles.score_top
                };
                sheet.write_formula_with_format(
                    row,
                    4 + offset as u16,
                    Formula::new(format!("=IFERROR({formula},\"\")"))
                        .set_result(number_result(value)),
                    style,
                )?;
            }
            if per_respondent {
                for (offset, &position) in answering.iter().enumerate() {
                    let col = 7 + offset as u16;
                    match marks.get(&(position, id)) {
                        Some(mark) => {
                            sheet.write_string_with_format(row, col, mark, &styles.center_top)?
                        }
                        None => sheet.write_blank(row, col, &styles.center_top)?,
                    };
                }
            }
            row += 1;
        }
    }
    widths.apply(sheet, 8.0, 16.0)?;
    sheet.set_column_width(2, 60)?;
    for offset in 0..answering.len().min(DETAIL_RESPONDENT_LIMIT) {
        if per_respondent {
            sheet.set_column_width(7 + offset as u16, 11)?;
        }
    }
    page(plan, sheet, true, HEADER_ROW, 3)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::monitor::test_reports::{
        check_close, example_master, example_report, number, range, text,
    };
    use crate::monitor::write_analysis;

    #[test]
    fn question_cells_cache_the_question_scores() {
        // The example's one anonymous respondent may appear only with a minimum group of 1.
        let mut master = example_master(crate::EXAMPLE_MASTER_NL);
        master.min_group = 1;
        let report = example_report(&master);
        let bytes = write_analysis(&report).unwrap();
        let sheet = range(&bytes, "Vragen");
        for (offset, question) in report.scores.questions.iter().enumerate() {
            let row = FIRST_ROW + offset as u32;
            assert_eq!(text(&sheet, row, 1), question.question);
            check_close(
                number(&sheet, row, 3),
                Some(question.sum.count as f64),
                "count",
            );
            check_close(number(&sheet, row, 4), question.score, "score");
            check_close(number(&sheet, row, 5), question.mean_score, "mean score");
            check_close(number(&sheet, row, 6), question.mean_weight, "mean weight");
        }
        // Kees Klant's 2.03: 8, marked less relevant.
        let kees = (7..20)
            .find(|&col| text(&sheet, HEADER_ROW, col) == "Kees Klant")
            .unwrap();
        let row = (FIRST_ROW..100)
            .find(|&row| text(&sheet, row, 1) == "2.03")
            .unwrap();
        assert_eq!(text(&sheet, row, kees), "8 <");
    }
}
