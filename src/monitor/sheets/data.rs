//! The session monitor's hidden, protected data sheet ([`crate::monitor::DATA_SHEET`]) that its
//! score formulas read, and the formulas that read it. It holds no name, initials, question id or
//! file, and its rows follow no respondent: the answers sorted by KWI and score, each
//! respondent's KWI score as an unnamed list sorted by value, the NPS answers sorted, and the
//! plain numbers the charts draw. So a visible sheet can be deleted or hidden for the session
//! and every score still computes, and unhiding this sheet shows nothing the totals do not.

use rust_xlsxwriter::{Format, Formula, Worksheet, XlsxError};

use crate::monitor::DATA_SHEET;
use crate::monitor::formulas::{self, Match, number_result};
use crate::monitor::plan::Plan;
use crate::monitor::styles::Styles;

/// The header row of every table on the data sheet; data from the row below.
const HEADER: u32 = 1;
const FIRST: u32 = 2;

/// Columns of the data sheet.
mod col {
    /// Answers: KWI, score, weighting factor, weighted score (a formula).
    pub const KWI: u16 = 0;
    pub const SCORE: u16 = 1;
    pub const WEIGHT: u16 = 2;
    pub const WEIGHTED: u16 = 3;
    /// Respondents' KWI scores: KWI, score.
    pub const PERSON_KWI: u16 = 5;
    pub const PERSON_SCORE: u16 = 6;
    /// NPS answers.
    pub const NPS: u16 = 8;
    /// Chart block, one row per KWI: title, previous, average, score, target.
    pub const CHART: u16 = 10;
    /// NPS chart block: group, count.
    pub const NPS_CHART: u16 = 16;
}

/// Where the chart series find their plain numbers on the data sheet.
pub(in crate::monitor) mod chart {
    /// Rows of the KWI chart block: `FIRST + index`.
    pub const FIRST: u32 = super::FIRST;
    pub const HEADER: u32 = super::HEADER;
    pub const TITLE: u16 = super::col::CHART;
    pub const PREVIOUS: u16 = super::col::CHART + 1;
    pub const AVERAGE: u16 = super::col::CHART + 2;
    pub const SCORE: u16 = super::col::CHART + 3;
    pub const TARGET: u16 = super::col::CHART + 4;
    pub const NPS_GROUP: u16 = super::col::NPS_CHART;
    pub const NPS_COUNT: u16 = super::col::NPS_CHART + 1;
}

/// The formulas over the data sheet, with the row counts they range over.
pub(in crate::monitor) struct Data<'p> {
    plan: &'p Plan<'p>,
    answers_last: u32,
    persons_last: u32,
    nps_last: u32,
    /// Per KWI (master order): its respondents' KWI scores, sorted.
    persons: Vec<Vec<f64>>,
    nps: Vec<u8>,
}

impl<'p> Data<'p> {
    pub(in crate::monitor) fn new(plan: &'p Plan<'p>) -> Data<'p> {
        let persons: Vec<Vec<f64>> = (0..plan.master.kwis.len())
            .map(|kwi| {
                let mut scores: Vec<f64> = plan
                    .blocks
                    .iter()
                    .filter_map(|blocks| blocks[kwi].and_then(|block| block.sum.score()))
                    .collect();
                scores.sort_by(f64::total_cmp);
                scores
            })
            .collect();
        let mut nps: Vec<u8> = plan
            .report
            .respondents
            .iter()
            .filter_map(|r| r.nps)
            .collect();
        nps.sort_unstable();
        let last = |count: usize| FIRST + (count as u32).saturating_sub(1);
        Data {
            plan,
            answers_last: last(plan.answers.len()),
            persons_last: last(persons.iter().map(Vec::len).sum()),
            nps_last: last(nps.len()),
            persons,
            nps,
        }
    }

    fn range(&self, col: u16, last: u32) -> String {
        formulas::column_range(DATA_SHEET, col, FIRST, last)
    }

    fn answers(&self, col: u16) -> String {
        self.range(col, self.answers_last)
    }

    fn persons(&self, col: u16) -> String {
        self.range(col, self.persons_last)
    }

    fn nps_range(&self) -> String {
        self.range(col::NPS, self.nps_last)
    }

    fn how(&self, index: usize) -> Match {
        self.plan.kwi_match[index]
    }

    /// `=IFERROR(Σ weighted ÷ Σ weights of KWI index,"")` with its cached score.
    pub(in crate::monitor) fn kwi_score(&self, index: usize) -> Formula {
        let id = &self.plan.master.kwis[index].id;
        let how = self.how(index);
        let score = self.plan.kwi_scores.get(id.as_str()).and_then(|k| k.score);
        Formula::new(format!(
            "=IFERROR({}/{},\"\")",
            formulas::sum_where(
                &self.answers(col::KWI),
                id,
                &self.answers(col::WEIGHTED),
                how
            ),
            formulas::sum_where(&self.answers(col::KWI), id, &self.answers(col::WEIGHT), how),
        ))
        .set_result(number_result(score))
    }

    /// The KWI average: the mean of the respondents' KWI scores.
    pub(in crate::monitor) fn kwi_average(&self, index: usize) -> Formula {
        let id = &self.plan.master.kwis[index].id;
        let how = self.how(index);
        let average = self
            .plan
            .kwi_scores
            .get(id.as_str())
            .and_then(|k| k.average);
        let key = self.persons(col::PERSON_KWI);
        Formula::new(format!(
            "=IFERROR({}/{},\"\")",
            formulas::sum_where(&key, id, &self.persons(col::PERSON_SCORE), how),
            formulas::count_where(&key, id, how),
        ))
        .set_result(number_result(average))
    }

    /// The number of answers to the KWI's questions.
    pub(in crate::monitor) fn kwi_answers(&self, index: usize) -> Formula {
        let id = &self.plan.master.kwis[index].id;
        let count = self
            .plan
            .kwi_scores
            .get(id.as_str())
            .map_or(0, |k| k.sum.count);
        Formula::new(format!(
            "={}",
            formulas::count_where(&self.answers(col::KWI), id, self.how(index))
        ))
        .set_result(count.to_string())
    }

    /// The number of respondents who answered a question of the KWI.
    pub(in crate::monitor) fn kwi_respondents(&self, index: usize) -> Formula {
        let id = &self.plan.master.kwis[index].id;
        Formula::new(format!(
            "={}",
            formulas::count_where(&self.persons(col::PERSON_KWI), id, self.how(index))
        ))
        .set_result(self.persons[index].len().to_string())
    }

    /// The total score over every answer.
    pub(in crate::monitor) fn total(&self) -> Formula {
        Formula::new(format!(
            "=IFERROR(SUM({})/SUM({}),\"\")",
            self.answers(col::WEIGHTED),
            self.answers(col::WEIGHT)
        ))
        .set_result(number_result(self.plan.report.scores.total_score))
    }

    /// The number of answers.
    pub(in crate::monitor) fn answer_count(&self) -> Formula {
        Formula::new(format!("=COUNT({})", self.answers(col::SCORE)))
            .set_result(self.plan.answers.len().to_string())
    }

    /// The NPS: % promoters − % detractors, rounded half away from zero as `score::nps` does.
    pub(in crate::monitor) fn nps(&self) -> Formula {
        let range = self.nps_range();
        Formula::new(format!(
            "=IFERROR(ROUND((COUNTIF({range},\">=9\")-COUNTIF({range},\"<=6\"))*100/COUNT({range}),0),\"\")"
        ))
        .set_result(
            self.plan
                .report
                .nps
                .score
                .map_or_else(String::new, |score| score.to_string()),
        )
    }

    /// The promoters (9–10), passives (7–8), detractors (0–6) and all NPS answers.
    pub(in crate::monitor) fn nps_groups(&self) -> [Formula; 4] {
        let range = self.nps_range();
        let nps = &self.plan.report.nps;
        [
            (format!("COUNTIF({range},\">=9\")"), nps.promoters),
            (
                format!("COUNTIF({range},\">=7\")-COUNTIF({range},\">8\")"),
                nps.passives,
            ),
            (format!("COUNTIF({range},\"<=6\")"), nps.detractors),
            (format!("COUNT({range})"), nps.responses),
        ]
        .map(|(formula, value)| Formula::new(format!("={formula}")).set_result(value.to_string()))
    }

    /// Writes the hidden, protected data sheet.
    pub(in crate::monitor) fn write(
        &self,
        sheet: &mut Worksheet,
        styles: &Styles,
    ) -> Result<(), XlsxError> {
        let plan = self.plan;
        let labels = plan.labels;
        sheet.set_name(DATA_SHEET)?;
        sheet.write_string_with_format(0, 0, &labels.monitor_data_note, &styles.note)?;
        let plain = Format::new();
        for (col, text) in [
            (col::KWI, labels.monitor_kwi.as_str()),
            (col::SCORE, &labels.column_score),
            (col::WEIGHT, &labels.monitor_weight),
            (col::WEIGHTED, &labels.monitor_weighted),
            (col::PERSON_KWI, &labels.monitor_kwi),
            (col::PERSON_SCORE, &labels.monitor_score),
            (col::NPS, &labels.monitor_nps_answer),
            (chart::TITLE, &labels.monitor_kwi_title),
            (chart::PREVIOUS, &labels.monitor_previous),
            (chart::AVERAGE, &labels.monitor_average),
            (chart::SCORE, &labels.monitor_score),
            (chart::TARGET, &labels.monitor_target),
            (chart::NPS_GROUP, &labels.monitor_nps),
            (chart::NPS_COUNT, &labels.monitor_count),
        ] {
            sheet.write_string_with_format(HEADER, col, text, &plain)?;
        }
        // The answers in an order that follows no respondent.
        let mut answers: Vec<(usize, u8, u32)> = Vec::with_capacity(plan.answers.len());
        let kwi_index: std::collections::HashMap<&str, usize> = plan
            .master
            .kwis
            .iter()
            .enumerate()
            .map(|(index, kwi)| (kwi.id.as_str(), index))
            .collect();
        for answer in &plan.answers {
            if let Some(&index) = kwi_index.get(answer.kwi.as_str()) {
                answers.push((index, answer.score, answer.relevance.weight()));
            }
        }
        answers.sort_unstable();
        for (offset, &(index, score, weight)) in answers.iter().enumerate() {
            let row = FIRST + offset as u32;
            sheet.write_string(row, col::KWI, &plan.master.kwis[index].id)?;
            sheet.write_number(row, col::SCORE, score)?;
            sheet.write_number(row, col::WEIGHT, weight)?;
            let excel_row = row + 1;
            sheet.write_formula(
                row,
                col::WEIGHTED,
                Formula::new(format!("=B{excel_row}*C{excel_row}"))
                    .set_result((u32::from(score) * weight).to_string()),
            )?;
        }
        let mut row = FIRST;
        for (index, scores) in self.persons.iter().enumerate() {
            for &score in scores {
                sheet.write_string(row, col::PERSON_KWI, &plan.master.kwis[index].id)?;
                sheet.write_number(row, col::PERSON_SCORE, score)?;
                row += 1;
            }
        }
        for (offset, &answer) in self.nps.iter().enumerate() {
            sheet.write_number(FIRST + offset as u32, col::NPS, answer)?;
        }
        // Plain numbers for the charts: a chart caches only number and text cells.
        let previous = plan.previous;
        for (index, kwi) in plan.master.kwis.iter().enumerate() {
            let row = FIRST + index as u32;
            let scored = plan.kwi_scores.get(kwi.id.as_str());
            sheet.write_string(row, chart::TITLE, &kwi.title)?;
            let values = [
                (
                    chart::PREVIOUS,
                    previous.and_then(|p| p.kwis.get(&kwi.id).copied().flatten()),
                ),
                (chart::AVERAGE, scored.and_then(|k| k.average)),
                (chart::SCORE, scored.and_then(|k| k.score)),
                (chart::TARGET, kwi.target),
            ];
            for (col, value) in values {
                if let Some(value) = value {
                    sheet.write_number(row, col, value)?;
                }
            }
        }
        let nps = &plan.report.nps;
        for (offset, (text, count)) in [
            (&labels.monitor_promoters, nps.promoters),
            (&labels.monitor_passives, nps.passives),
            (&labels.monitor_detractors, nps.detractors),
        ]
        .into_iter()
        .enumerate()
        {
            let row = FIRST + offset as u32;
            sheet.write_string(row, chart::NPS_GROUP, text)?;
            sheet.write_number(row, chart::NPS_COUNT, count)?;
        }
        sheet.set_column_width(chart::TITLE, 24)?;
        sheet.protect();
        sheet.set_hidden(true);
        Ok(())
    }
}
