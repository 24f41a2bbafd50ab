//! The flat answers table that every score formula sums over: one row per answer in the plan's
//! order, respondents by the name shown. Its only formula is the weighted score.

use rust_xlsxwriter::{Formula, Worksheet, XlsxError, column_number_to_name};

use crate::monitor::plan::{FIRST_ROW, HEADER_ROW, Plan, answer_column};
use crate::monitor::styles::Styles;
use crate::monitor::text::Widths;
use crate::score::Relevance;

use super::{begin, header, page};

pub(in crate::monitor) fn write(
    plan: &Plan<'_>,
    sheet: &mut Worksheet,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let labels = plan.labels;
    let withheld = super::withheld(plan).filter(|_| !plan.answers.is_empty());
    let note = if plan.answers.is_empty() {
        Some(labels.monitor_no_answers.as_str())
    } else {
        withheld.as_ref().map(|_| "")
    };
    begin(plan, sheet, &plan.names.answers, note, styles)?;
    if let Some(withheld) = &withheld {
        super::wide_note(sheet, withheld, answer_column::WEIGHTED, styles)?;
    }
    let mut widths = Widths::default();
    header(
        sheet,
        HEADER_ROW,
        &[
            &labels.respondent,
            &labels.monitor_kwi,
            &labels.column_question,
            &labels.column_score,
            &labels.column_relevance,
            &labels.monitor_weight,
            &labels.monitor_weighted,
        ],
        &mut widths,
        styles,
    )?;
    // Master index → the name shown; the table's rows look it up by index. Its cells carry
    // no format: looking a format up costs a hash of it per cell, 500,000 times at 72,000
    // answers, and the column widths come from the few distinct texts instead.
    // Where the minimum-group rule withholds figures per respondent, no row says whose it is
    // (and the plan sorts the rows by KWI, question and score instead of by respondent).
    let per_respondent = plan.disclosure.per_respondent();
    let mut shown: Vec<&str> =
        vec![if per_respondent { "?" } else { "" }; plan.master.respondents.len()];
    if per_respondent {
        for result in &plan.report.respondents {
            if let Some(slot) = shown.get_mut(result.index.index()) {
                *slot = &result.shown_as;
            }
        }
    }
    for text in &shown {
        widths.see(answer_column::RESPONDENT, text);
    }
    for kwi in &plan.master.kwis {
        widths.see(answer_column::KWI, &kwi.id);
        for question in &kwi.questions {
            widths.see(answer_column::QUESTION, &question.id);
        }
    }
    for relevance in [Relevance::Less, Relevance::Neutral, Relevance::More] {
        widths.see(answer_column::RELEVANCE, plan.relevance_text(relevance));
    }
    let (score, weight) = (
        column_number_to_name(answer_column::SCORE),
        column_number_to_name(answer_column::WEIGHT),
    );
    for (offset, answer) in plan.answers.iter().enumerate() {
        let row = FIRST_ROW + offset as u32;
        let who = shown.get(answer.respondent.index()).copied().unwrap_or("?");
        if !who.is_empty() {
            sheet.write_string(row, answer_column::RESPONDENT, who)?;
        }
        sheet.write_string(row, answer_column::KWI, &answer.kwi)?;
        sheet.write_string(row, answer_column::QUESTION, &answer.question)?;
        sheet.write_number(row, answer_column::SCORE, answer.score)?;
        sheet.write_string(
            row,
            answer_column::RELEVANCE,
            plan.relevance_text(answer.relevance),
        )?;
        let factor = answer.relevance.weight();
        sheet.write_number(row, answer_column::WEIGHT, factor)?;
        // A formula, so that a corrected score or weight flows into every score in the
        // workbook; LibreOffice loads 72,000 of these in well under a second.
        let excel_row = row + 1;
        let weighted = Formula::new(format!("={score}{excel_row}*{weight}{excel_row}"))
            .set_result((u32::from(answer.score) * factor).to_string());
        sheet.write_formula(row, answer_column::WEIGHTED, weighted)?;
    }
    if !plan.answers.is_empty() {
        sheet.autofilter(HEADER_ROW, 0, plan.answers_last, answer_column::WEIGHTED)?;
    }
    widths.apply(sheet, 10.0, 30.0)?;
    page(plan, sheet, false, HEADER_ROW, 1)
}
