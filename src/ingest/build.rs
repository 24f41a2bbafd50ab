//! Building the report of a measurement: one file per respondent and period, the scores, the
//! trend and the problems, independent of the order of the files. No file system, no printing.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::{Assessed, Filled, Verdict, lossless_warning, problem};
use crate::anonymity;
use crate::labels::Language;
use crate::master::{Master, RespondentId, fold, period};
use crate::report::{
    AnswerRow, Problem, Report, RespondentResult, ResponseStatus, Severity, TrendPoint,
};
use crate::score::{self, Answer};

/// One file that may count for a respondent and period.
type Candidate<'a> = (&'a Assessed, &'a Filled);

/// When a file was saved, for messages: "saved 2011-11-20 10:00 UTC".
fn saved(language: Language, item: &Assessed) -> String {
    match item.saved_at {
        Some(time) => crate::msg!(
            language,
            "ingest.saved_at",
            time = time.format("%Y-%m-%d %H:%M UTC")
        ),
        None => crate::msg!(language, "ingest.saved_unknown"),
    }
}

/// The chosen file per respondent and period, with notes on the duplicates set aside.
fn choose<'a>(
    language: Language,
    candidates: Vec<Candidate<'a>>,
    problems: &mut Vec<Problem>,
) -> Option<Candidate<'a>> {
    let mut candidates = candidates;
    // Latest save first; file name breaks ties so that the choice never depends on input order.
    candidates.sort_by(|(a, fa), (b, fb)| {
        fb.holds_anything()
            .cmp(&fa.holds_anything())
            .then_with(|| b.saved_at.cmp(&a.saved_at))
            .then_with(|| a.file.cmp(&b.file))
    });
    let chosen = *candidates.first()?;
    for (other, filled) in &candidates[1..] {
        let chosen_file = &chosen.0.file;
        let message = if !filled.holds_anything() {
            crate::msg!(language, "ingest.copy_empty", chosen = chosen_file)
        } else if *filled == chosen.1 {
            crate::msg!(language, "ingest.copy_same", chosen = chosen_file)
        } else {
            crate::msg!(
                language,
                "ingest.copy_different",
                chosen = chosen_file,
                chosen_saved = saved(language, chosen.0),
                other_saved = saved(language, other),
            )
        };
        let severity = if filled.holds_anything() && *filled != chosen.1 {
            Severity::Warning
        } else {
            Severity::Note
        };
        problems.push(problem(&other.file, severity, None, message));
    }
    Some(chosen)
}

/// Builds the report of this measurement from the assessed files and the earlier history.
/// Pure: the same inputs in any order give the same report.
pub fn build_report<'m>(
    master: &'m Master,
    assessed: &[Assessed],
    history: Vec<TrendPoint>,
) -> Report<'m> {
    let language = master.language;
    let mut problems: Vec<Problem> = assessed
        .iter()
        .flat_map(|a| a.problems.iter().cloned())
        .collect();

    // This period: one file per respondent.
    let mut by_respondent: BTreeMap<RespondentId, Vec<Candidate>> = BTreeMap::new();
    let mut rejected_for: HashMap<RespondentId, &Assessed> = HashMap::new();
    let mut other_periods: BTreeMap<String, BTreeMap<String, Vec<Candidate>>> = BTreeMap::new();
    for item in assessed {
        match &item.verdict {
            // A questionnaire of this period always names its respondent.
            Verdict::Current(
                filled @ Filled {
                    respondent: Some(respondent),
                    ..
                },
            ) => by_respondent
                .entry(*respondent)
                .or_default()
                .push((item, filled)),
            Verdict::Current(_) => {}
            Verdict::OtherPeriod(filled) => other_periods
                .entry(filled.period.clone())
                .or_default()
                .entry(fold(&filled.initials))
                .or_default()
                .push((item, filled)),
            Verdict::Rejected(Some(index)) => {
                // The first file by name, so that input order never changes the report.
                rejected_for
                    .entry(*index)
                    .and_modify(|kept: &mut &Assessed| {
                        if item.file < kept.file {
                            *kept = item;
                        }
                    })
                    .or_insert(item);
            }
            Verdict::Rejected(None) => {}
        }
    }
    let mut chosen: BTreeMap<RespondentId, (&Assessed, &Filled)> = BTreeMap::new();
    for (respondent, candidates) in by_respondent {
        if let Some(pick) = choose(language, candidates, &mut problems) {
            chosen.insert(respondent, pick);
        }
    }

    let pseudonyms = anonymity::pseudonyms(
        master,
        chosen
            .iter()
            .filter(|(_, (_, f))| f.anonymous)
            .map(|(i, _)| *i),
    );
    let mut respondents = Vec::with_capacity(master.respondents.len());
    let mut answers = Vec::new();
    for index in master.respondent_ids() {
        let person = master.respondent(index);
        let assigned = master.question_count(index);
        let mut result = RespondentResult {
            index,
            initials: person.initials.clone(),
            status: ResponseStatus::Missing,
            file: None,
            reason: None,
            answered: 0,
            assigned,
            nps: None,
            nps_reason: None,
            remarks: None,
            anonymous: false,
            shown_as: person.name.clone(),
        };
        match chosen.get(&index) {
            Some((item, filled)) if !filled.holds_anything() => {
                result.status = ResponseStatus::Empty;
                result.file = Some(item.file.clone());
                let message = crate::msg!(
                    language,
                    "ingest.returned_empty",
                    initials = person.initials
                );
                problems.push(lossless_warning(&item.file, None, message));
            }
            Some((item, filled)) => {
                let answered = filled.answers.len();
                result.status = if answered >= assigned {
                    ResponseStatus::Returned
                } else {
                    ResponseStatus::Partial
                };
                result.file = Some(item.file.clone());
                result.answered = answered;
                result.nps = filled.nps;
                result.nps_reason = filled.nps_reason.clone();
                result.remarks = filled.remarks.clone();
                result.anonymous = filled.anonymous;
                if let Some(pseudonym) = pseudonyms.get(&index) {
                    result.shown_as = pseudonym.clone();
                }
                for (question, kwi, score, relevance) in &filled.answers {
                    answers.push(AnswerRow {
                        respondent: index,
                        kwi: kwi.clone(),
                        question: question.clone(),
                        score: *score,
                        relevance: *relevance,
                    });
                }
            }
            None => {
                if let Some(item) = rejected_for.get(&index) {
                    result.status = ResponseStatus::Rejected;
                    result.file = Some(item.file.clone());
                    result.reason = item
                        .problems
                        .iter()
                        .find(|p| p.severity == Severity::Rejected)
                        .map(|p| p.message.clone());
                }
            }
        }
        respondents.push(result);
    }

    // Answers in the monitor's order: respondent, then KWI and question in master order.
    let order: HashMap<&str, usize> = master
        .kwis
        .iter()
        .flat_map(|k| &k.questions)
        .enumerate()
        .map(|(position, q)| (q.id.as_str(), position))
        .collect();
    answers.sort_by_key(|a| {
        (
            a.respondent,
            order
                .get(a.question.as_str())
                .copied()
                .unwrap_or(usize::MAX),
        )
    });

    let kwi_order: Vec<&str> = master.kwis.iter().map(|k| k.id.as_str()).collect();
    let question_order: Vec<(&str, &str)> = master
        .kwis
        .iter()
        .flat_map(|k| {
            k.questions
                .iter()
                .map(move |q| (q.id.as_str(), k.id.as_str()))
        })
        .collect();
    let keys: Vec<String> = respondents
        .iter()
        .map(|r| {
            if r.anonymous {
                r.shown_as.clone()
            } else {
                r.initials.clone()
            }
        })
        .collect();
    let scored: Vec<Answer> = answers
        .iter()
        .map(|a| Answer {
            respondent: &keys[a.respondent.index()],
            kwi: &a.kwi,
            question: &a.question,
            score: a.score,
            relevance: a.relevance,
        })
        .collect();
    let scores = score::score(&kwi_order, &question_order, &scored);
    let nps_answers: Vec<u8> = respondents.iter().filter_map(|r| r.nps).collect();
    let nps = score::nps(&nps_answers);

    // Trend: earlier monitors, then questionnaires of periods no earlier monitor covers, then
    // this period.
    let answered = respondents
        .iter()
        .filter(|r| matches!(r.status, ResponseStatus::Returned | ResponseStatus::Partial))
        .count();
    lineage_notes(master, &history, &mut problems);
    let mut titles: BTreeMap<String, String> = BTreeMap::new();
    for point in &history {
        titles.extend(point.titles.clone());
    }
    for kwi in &master.kwis {
        titles.insert(kwi.id.clone(), kwi.title.clone());
    }
    let known: HashSet<String> = master
        .kwis
        .iter()
        .map(|k| k.id.clone())
        .chain(history.iter().flat_map(|p| p.kwis.keys().cloned()))
        .collect();
    let mut trend: BTreeMap<String, TrendPoint> =
        history.into_iter().map(|p| (p.period.clone(), p)).collect();
    for (period, by_initials) in other_periods {
        if trend.contains_key(&period) {
            for (item, filled) in by_initials.values().flatten() {
                problems.push(problem(
                    &item.file,
                    Severity::Warning,
                    None,
                    crate::msg!(
                        language,
                        "ingest.late_other_period",
                        period,
                        initials = filled.initials
                    ),
                ));
            }
            continue;
        }
        let chosen_here: Vec<Candidate> = by_initials
            .into_values()
            .filter_map(|c| choose(language, c, &mut problems))
            .collect();
        let picks: Vec<Filled> = chosen_here
            .into_iter()
            .map(|(item, filled)| known_only(language, item, filled, &known, &mut problems))
            .collect();
        let picks: Vec<&Filled> = picks.iter().collect();
        let mut point = point_of(&period, &picks);
        point.titles = point
            .kwis
            .keys()
            .filter_map(|id| titles.get(id).map(|t| (id.clone(), t.clone())))
            .collect();
        trend.insert(period.clone(), point);
    }
    trend.insert(
        master.period.clone(),
        TrendPoint::measured(master, &scores, &nps, answered),
    );
    let mut trend: Vec<TrendPoint> = trend.into_values().collect();
    trend.sort_by(|a, b| period::compare(&a.period, &b.period));

    let as_of = chosen
        .values()
        .filter_map(|(item, _)| item.saved_at)
        .max()
        .map(|t| t.format("%Y-%m-%d").to_string());
    problems.sort_by(|a, b| {
        a.severity
            .cmp(&b.severity)
            .then_with(|| a.file.cmp(&b.file))
    });
    Report {
        master,
        as_of,
        respondents,
        answers,
        scores,
        nps,
        trend,
        problems,
    }
}

fn point_of(period: &str, filled: &[&Filled]) -> TrendPoint {
    let mut kwi_order: Vec<&str> = Vec::new();
    let mut question_order: Vec<(&str, &str)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut answers = Vec::new();
    for f in filled {
        for (question, kwi, score, relevance) in &f.answers {
            if !kwi_order.contains(&kwi.as_str()) {
                kwi_order.push(kwi);
            }
            if seen.insert((question.as_str(), kwi.as_str())) {
                question_order.push((question, kwi));
            }
            answers.push(Answer {
                respondent: &f.initials,
                kwi,
                question,
                score: *score,
                relevance: *relevance,
            });
        }
    }
    let scores = score::score(&kwi_order, &question_order, &answers);
    let nps: Vec<u8> = filled.iter().filter_map(|f| f.nps).collect();
    TrendPoint {
        period: period.to_string(),
        kwis: scores
            .kwis
            .iter()
            .map(|k| (k.kwi.clone(), k.score))
            .collect(),
        titles: BTreeMap::new(),
        respondents: Some(filled.iter().filter(|f| !f.answers.is_empty()).count()),
        total: scores.total_score,
        nps: score::nps(&nps).score,
    }
}

/// The answers of a questionnaire of another period that the trend can place: those of KWIs the
/// master or an earlier monitor knows; the others are reported, once per file.
fn known_only(
    language: Language,
    item: &Assessed,
    filled: &Filled,
    known: &HashSet<String>,
    problems: &mut Vec<Problem>,
) -> Filled {
    let mut unknown: Vec<&str> = filled
        .answers
        .iter()
        .map(|(_, kwi, _, _)| kwi.as_str())
        .filter(|kwi| !known.contains(*kwi))
        .collect();
    unknown.sort_unstable();
    unknown.dedup();
    if !unknown.is_empty() {
        let shown: Vec<&str> = unknown.iter().take(5).copied().collect();
        let more = unknown.len() - shown.len();
        let (count, period, kwis) = (unknown.len(), &filled.period, shown.join(", "));
        let message = if more > 0 {
            crate::msg!(
                language,
                "ingest.unknown_kwis_more",
                count,
                period,
                kwis,
                more
            )
        } else {
            crate::msg!(language, "ingest.unknown_kwis", count, period, kwis)
        };
        problems.push(problem(&item.file, Severity::Warning, None, message));
    }
    let mut kept = filled.clone();
    kept.answers.retain(|(_, kwi, _, _)| known.contains(kwi));
    kept
}

/// What changed in the KWIs since the latest earlier measurement: a title changed under the
/// same id, a KWI new in this master, a KWI no longer in it (its history stays in the trend).
fn lineage_notes(master: &Master, history: &[TrendPoint], problems: &mut Vec<Problem>) {
    let Some(latest) = history
        .iter()
        .filter(|p| period::compare(&p.period, &master.period).is_lt())
        .max_by(|a, b| period::compare(&a.period, &b.period))
    else {
        return;
    };
    let language = master.language;
    let note = |message: String| problem("--previous", Severity::Note, None, message);
    let (earlier, period) = (&latest.period, &master.period);
    for kwi in &master.kwis {
        let title = &kwi.title;
        match latest.titles.get(&kwi.id) {
            _ if !latest.kwis.contains_key(&kwi.id) => problems.push(note(crate::msg!(
                language,
                "ingest.kwi_new",
                kwi = kwi.id,
                title,
                period
            ))),
            Some(earlier_title) if earlier_title != title => {
                problems.push(note(crate::msg!(
                    language,
                    "ingest.kwi_retitled",
                    kwi = kwi.id,
                    earlier_title,
                    earlier,
                    title,
                    period
                )));
            }
            _ => {}
        }
    }
    for kwi in latest.kwis.keys() {
        if !master.kwis.iter().any(|k| &k.id == kwi) {
            problems.push(note(match latest.titles.get(kwi) {
                Some(title) => {
                    crate::msg!(language, "ingest.kwi_dropped_titled", kwi, title, earlier)
                }
                None => crate::msg!(language, "ingest.kwi_dropped", kwi, earlier),
            }));
        }
    }
}
