//! The answers of the demo: how the method's example respondents fill in their questionnaires.
//!
//! Kees Klant answers exactly as in the method's book, the others from a fixed seed; one
//! respondent stays missing. Pure data and a seeded generator: the `demo` command does the files.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use serde::Deserialize;
use toml::value::Datetime;

use crate::master::{Master, RespondentId};
use crate::questionnaire::Answers;

/// The demo's answers as `templates/demo/answers.toml` gives them.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoAnswers {
    /// Initials of the respondent who does not answer the current period.
    pub missing: String,
    /// Initials of those who ask to stay anonymous.
    pub anonymous: Vec<String>,
    /// When the earlier measurement was saved.
    earlier_saved: Datetime,
    /// The first save day of the current measurement.
    current_saved: Datetime,
    /// The returned questionnaire the method's book shows.
    pub book: Book,
}

/// One respondent's returned questionnaire as the method's book gives it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Book {
    /// Whose it is.
    pub initials: String,
    /// When it was saved.
    saved: Datetime,
    /// The NPS answer.
    pub nps: u8,
    /// Question id → score; a question not listed is left empty.
    pub scores: BTreeMap<String, u8>,
    /// The questions marked less relevant; every other mark is neutral.
    pub less_relevant: Vec<String>,
    /// Why that NPS answer, per language code.
    nps_reason: BTreeMap<String, String>,
    /// The remarks, per language code.
    remarks: BTreeMap<String, String>,
}

impl DemoAnswers {
    /// The compiled-in answers.
    pub fn builtin() -> &'static DemoAnswers {
        static ANSWERS: OnceLock<DemoAnswers> = OnceLock::new();
        // Part of the source; the test below proves it parses.
        ANSWERS.get_or_init(|| {
            toml::from_str(include_str!("../templates/demo/answers.toml"))
                .expect("the demo's answers parse")
        })
    }
}

/// `(year, month, day)` of a TOML date.
fn ymd(value: &Datetime) -> (u16, u8, u8) {
    value
        .date
        .map_or(crate::questionnaire::CREATED, |d| (d.year, d.month, d.day))
}

/// A small deterministic generator (SplitMix64): the demo's answers are the same on every run
/// and every machine, without a dependency.
struct Seeded(u64);

impl Seeded {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Plausible answers for one respondent of `master`; `lift` shifts the scores (the later
/// measurement scores a little higher, as the supplier worked on the KWIs).
pub fn answers_for(master: &Master, respondent: RespondentId, lift: i8) -> Answers {
    let labels = crate::labels::Labels::for_language(master.language);
    let demo = DemoAnswers::builtin();
    let initials = &master.respondent(respondent).initials;
    let code = master.language.code();
    if *initials == demo.book.initials && lift >= 0 {
        let book = &demo.book;
        let scores: HashMap<String, (u8, String)> = book
            .scores
            .iter()
            .map(|(question, score)| {
                let relevance = if book.less_relevant.contains(question) {
                    &labels.relevance_less
                } else {
                    &labels.relevance_neutral
                };
                (question.clone(), (*score, relevance.clone()))
            })
            .collect();
        return Answers {
            scores,
            nps: Some(book.nps),
            nps_reason: book.nps_reason.get(code).cloned(),
            remarks: book.remarks.get(code).cloned(),
            anonymous: Some(labels.no.clone()),
            saved: Some(ymd(&book.saved)),
        };
    }
    let mut random = Seeded(
        initials
            .bytes()
            .fold(0x5EED_u64 ^ (lift as u64), |seed, b| {
                seed.wrapping_mul(31).wrapping_add(u64::from(b))
            }),
    );
    let mut scores = HashMap::new();
    for (_, questions) in master.questions_for(respondent) {
        for question in questions {
            if random.below(12) == 0 {
                continue; // cannot judge this one
            }
            let score = (5 + random.below(5) as i8 + lift).clamp(1, 10) as u8;
            let relevance = match random.below(6) {
                0 => &labels.relevance_less,
                1 => &labels.relevance_more,
                _ => &labels.relevance_neutral,
            };
            scores.insert(question.id.clone(), (score, relevance.clone()));
        }
    }
    let nps = (6 + random.below(5) as i8 + lift).clamp(0, 10) as u8;
    Answers {
        scores,
        nps: Some(nps),
        nps_reason: None,
        remarks: None,
        anonymous: Some(if demo.anonymous.contains(initials) {
            labels.yes.clone()
        } else {
            labels.no.clone()
        }),
        saved: Some(if lift < 0 {
            ymd(&demo.earlier_saved)
        } else {
            let (year, month, day) = ymd(&demo.current_saved);
            (year, month, day + random.below(7) as u8)
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_answers_parse_and_hold_the_books_example() {
        let demo = DemoAnswers::builtin();
        assert_eq!(demo.missing, "DD");
        assert_eq!(demo.book.initials, "KK");
        assert_eq!(demo.book.scores.len(), 16);
        assert_eq!(demo.book.scores["2.03"], 8);
        assert!(!demo.book.scores.contains_key("3.06"));
        assert_eq!(ymd(&demo.book.saved), (2011, 11, 24));
        for code in ["nl", "en"] {
            assert!(demo.book.nps_reason.contains_key(code));
            assert!(demo.book.remarks.contains_key(code));
        }
    }
}
