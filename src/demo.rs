//! The answers of the demo: how the method's example respondents fill in their questionnaires.
//!
//! Kees Klant answers exactly as in the method's book, the others from a fixed seed; one
//! respondent stays missing. Pure data and a seeded generator: the `demo` command does the files.

use std::collections::HashMap;

use crate::master::Master;
use crate::questionnaire::Answers;

/// Kees Klant's returned questionnaire in the method's example: question → score, with 2.03
/// marked less relevant and 3.06 left empty.
pub const KEES_KLANT: [(&str, u8); 16] = [
    ("1.02", 6),
    ("1.03", 7),
    ("1.04", 8),
    ("2.01", 7),
    ("2.02", 7),
    ("2.03", 8),
    ("2.04", 8),
    ("3.02", 8),
    ("3.04", 8),
    ("3.05", 8),
    ("4.01", 6),
    ("4.03", 6),
    ("5.01", 6),
    ("5.02", 7),
    ("5.03", 7),
    ("5.04", 7),
];

/// The respondent who does not answer in the demo, so the monitor shows a missing one.
pub const MISSING: &str = "DD";

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
pub fn answers_for(master: &Master, respondent: usize, lift: i8) -> Answers {
    let labels = crate::labels::Labels::for_language(master.language);
    let initials = &master.respondents[respondent].initials;
    if initials == "KK" && lift >= 0 {
        let scores: HashMap<String, (u8, String)> = KEES_KLANT
            .iter()
            .map(|(question, score)| {
                let relevance = if *question == "2.03" {
                    &labels.relevance_less
                } else {
                    &labels.relevance_neutral
                };
                (question.to_string(), (*score, relevance.clone()))
            })
            .collect();
        return Answers {
            scores,
            nps: Some(9),
            nps_reason: Some(match master.language {
                crate::labels::Language::Dutch => "Betrouwbare partner die meedenkt.".into(),
                crate::labels::Language::English => "A reliable partner who thinks along.".into(),
            }),
            remarks: Some(match master.language {
                crate::labels::Language::Dutch => {
                    "Graag meer aandacht voor kostenreductie in het komende jaar.".into()
                }
                crate::labels::Language::English => {
                    "Please pay more attention to cost reduction in the coming year.".into()
                }
            }),
            anonymous: Some(labels.no.clone()),
            saved: Some((2011, 11, 24)),
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
        anonymous: Some(if initials == "BB" {
            labels.yes.clone()
        } else {
            labels.no.clone()
        }),
        saved: Some(if lift < 0 {
            (2011, 5, 20)
        } else {
            (2011, 11, 21 + random.below(7) as u8)
        }),
    }
}
