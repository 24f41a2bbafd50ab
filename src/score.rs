//! Pure scoring: weighted KWI, question and total scores and the Net Promoter Score, computed from
//! already validated answers; it never reads files, the clock or the environment, and never prints.
//!
//! The method (DOMAIN.md, "The scoring algorithm"): every answered question weighs 1, 2 or 3 by its
//! relevance mark; a score over any set of answers is Σ score × weight ÷ Σ weight over that set.
//! So the KWI score over all respondents is *not* the mean of the respondents' KWI scores; that mean
//! is reported beside it as the KWI average.
//!
//! Invariants this module keeps:
//! - sums are integers ([`Sum`]), so the order of the answers cannot change any result; the one
//!   floating-point sum (the KWI average) runs in respondent order;
//! - outputs follow the master's order, never the order of the answers;
//! - the work is O(n log n) in the number of answers: one pass over them, through hash indexes.

use std::collections::BTreeMap;
use std::collections::HashMap;
use std::collections::hash_map::Entry;

/// Relevance mark of one answer: how much the respondent wants this question to count.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum Relevance {
    /// Less relevant (`<`, "minder"): weight 1.
    Less,
    /// Neutral, also an empty mark: weight 2.
    #[default]
    Neutral,
    /// More relevant (`>`, "meer"): weight 3.
    More,
}

impl Relevance {
    /// The weight of this mark in the scoring algorithm: 1, 2 or 3.
    ///
    /// # Examples
    /// ```
    /// use klantwaarde::score::Relevance;
    /// assert_eq!(Relevance::Less.weight(), 1);
    /// assert_eq!(Relevance::Neutral.weight(), 2);
    /// assert_eq!(Relevance::More.weight(), 3);
    /// ```
    #[must_use]
    pub const fn weight(self) -> u32 {
        match self {
            Relevance::Less => 1,
            Relevance::Neutral => 2,
            Relevance::More => 3,
        }
    }

    /// Interprets a respondent's mark.
    ///
    /// - `<`, `-`, `minder`, `less` → [`Relevance::Less`];
    /// - empty, `=`, `<>`, `n`, `neutraal`, `neutral` → [`Relevance::Neutral`];
    /// - `>`, `+`, `meer`, `more` → [`Relevance::More`].
    ///
    /// Case is ignored, and so is every whitespace character anywhere in the text (non-breaking
    /// spaces included, and zero-width spaces, which pasted text sometimes carries): `" < > "`
    /// reads as `<>`. Anything else gives `None`; the caller then uses
    /// [`Relevance::Neutral`] (the [`Default`]) and warns, because a mark it cannot read must not
    /// reject a whole questionnaire.
    ///
    /// # Examples
    /// ```
    /// use klantwaarde::score::Relevance;
    /// assert_eq!(Relevance::parse(" Meer "), Some(Relevance::More));
    /// assert_eq!(Relevance::parse("\u{a0}<\u{a0}"), Some(Relevance::Less));
    /// assert_eq!(Relevance::parse(""), Some(Relevance::Neutral));
    /// assert_eq!(Relevance::parse("meh"), None);
    /// ```
    #[must_use]
    pub fn parse(text: &str) -> Option<Relevance> {
        let folded: String = text
            .chars()
            .filter(|&character| !character.is_whitespace() && !is_invisible(character))
            .flat_map(char::to_lowercase)
            .collect();
        match folded.as_str() {
            "<" | "-" | "minder" | "less" => Some(Relevance::Less),
            "" | "=" | "<>" | "n" | "neutraal" | "neutral" => Some(Relevance::Neutral),
            ">" | "+" | "meer" | "more" => Some(Relevance::More),
            _ => None,
        }
    }
}

/// Format characters that are not `char::is_whitespace` but show as nothing in a cell.
fn is_invisible(character: char) -> bool {
    matches!(
        character,
        '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}'
    )
}

/// One answered question. An unanswered question is not an `Answer`: it counts nowhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Answer<'a> {
    /// The respondent's id (initials) from the master.
    pub respondent: &'a str,
    /// The id of the KWI the question belongs to.
    pub kwi: &'a str,
    /// The question's id.
    pub question: &'a str,
    /// The score, a whole number 1..=10, already validated by the caller.
    pub score: u8,
    /// The relevance mark, which gives the weight.
    pub relevance: Relevance,
}

/// Σ weighted scores, Σ weights and the number of answers behind them.
///
/// Integer sums make every result independent of the order in which answers are added; the
/// score is one division at the end, at full `f64` precision.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Sum {
    /// Σ score × weight.
    pub weighted: u64,
    /// Σ weight.
    pub weights: u64,
    /// Number of answers added.
    pub count: u64,
}

impl Sum {
    /// Adds one answer's score with its weight.
    ///
    /// # Examples
    /// ```
    /// use klantwaarde::score::Sum;
    /// let mut sum = Sum::default();
    /// sum.add(6, 1);
    /// sum.add(9, 3);
    /// assert_eq!((sum.weighted, sum.weights, sum.count), (33, 4, 2));
    /// ```
    pub fn add(&mut self, score: u8, weight: u32) {
        self.weighted += u64::from(score) * u64::from(weight);
        self.weights += u64::from(weight);
        self.count += 1;
    }

    /// Σ weighted ÷ Σ weights, or `None` when there are no weights (nothing answered).
    ///
    /// # Examples
    /// ```
    /// use klantwaarde::score::Sum;
    /// let mut sum = Sum::default();
    /// assert_eq!(sum.score(), None);
    /// sum.add(6, 1);
    /// sum.add(9, 3);
    /// assert_eq!(sum.score(), Some(8.25));
    /// ```
    #[must_use]
    pub fn score(&self) -> Option<f64> {
        // Both sums stay far below 2^53, so the conversions are exact and the quotient is the
        // correctly rounded value of the exact fraction.
        (self.weights != 0).then(|| self.weighted as f64 / self.weights as f64)
    }

    /// Adds another sum to this one, as if its answers had been added here.
    ///
    /// # Examples
    /// ```
    /// use klantwaarde::score::Sum;
    /// let mut first = Sum::default();
    /// first.add(6, 2);
    /// let mut second = Sum::default();
    /// second.add(8, 2);
    /// first.merge(&second);
    /// assert_eq!(first.score(), Some(7.0));
    /// ```
    pub fn merge(&mut self, other: &Sum) {
        self.weighted += other.weighted;
        self.weights += other.weights;
        self.count += other.count;
    }
}

/// The scores of one KWI.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct KwiScore {
    /// The KWI's id.
    pub kwi: String,
    /// The sums over every respondent's answers of this KWI.
    pub sum: Sum,
    /// The KWI score: `sum.score()`, Σ all weighted ÷ Σ all weights; `None` when nobody answered.
    pub score: Option<f64>,
    /// The KWI average: the plain mean of the respondents' KWI scores; `None` when nobody answered.
    pub average: Option<f64>,
    /// Each respondent's KWI score, by respondent id; only respondents who answered at least one
    /// question of this KWI appear (their score always exists, as every answer weighs at least 1).
    pub by_respondent: BTreeMap<String, f64>,
    /// The number of respondents in `by_respondent`.
    pub respondents: usize,
}

/// The scores of one question.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct QuestionScore {
    /// The question's id.
    pub question: String,
    /// The id of the KWI the question belongs to.
    pub kwi: String,
    /// The sums over every respondent's answer to this question.
    pub sum: Sum,
    /// The weighted score, `sum.score()`; `None` when nobody answered.
    pub score: Option<f64>,
    /// The mean relevance weight (1..=3), the importance axis of the importance–performance
    /// chart; `None` when nobody answered.
    pub mean_weight: Option<f64>,
    /// The plain, unweighted mean of the scores; `None` when nobody answered.
    pub mean_score: Option<f64>,
}

/// Every score of one measurement, in the master's order.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Scores {
    /// One entry per KWI of `kwi_order`, in that order.
    pub kwis: Vec<KwiScore>,
    /// One entry per question of `question_order`, in that order.
    pub questions: Vec<QuestionScore>,
    /// The sums over all answers that counted.
    pub total: Sum,
    /// The total score, `total.score()`: Σ all weighted ÷ Σ all weights over all KWIs.
    pub total_score: Option<f64>,
}

/// Scores the answers of one measurement.
///
/// `kwi_order` and `question_order` (question id, KWI id) give the output order, the master's
/// order; every listed KWI and question appears in the output, answered or not, and an id listed
/// twice appears once, at its first place. An answer counts only when its KWI is in `kwi_order` and
/// its (question, KWI) pair is in `question_order`; others are ignored, as the caller has already
/// reported them. Each answer counts once: the caller removes duplicate answers.
///
/// The result depends only on the set of answers, not on their order.
///
/// # Examples
/// The worked example of DOMAIN.md:
/// ```
/// use klantwaarde::score::{Answer, Relevance, score};
/// use Relevance::{Less, More, Neutral};
/// let questions = [("1", "K"), ("2", "K"), ("3", "K"), ("4", "K")];
/// let mut answers = Vec::new();
/// for (respondent, marks) in [("R1", [Neutral; 4]), ("R2", [Less, Less, Neutral, More])] {
///     for ((question, score), relevance) in ["1", "2", "3", "4"].into_iter().zip(6..).zip(marks) {
///         answers.push(Answer { respondent, kwi: "K", question, score, relevance });
///     }
/// }
/// let scores = score(&["K"], &questions, &answers);
/// let kwi = &scores.kwis[0];
/// assert_eq!(kwi.by_respondent["R1"], 7.5);
/// assert_eq!(kwi.by_respondent["R2"], 8.0);
/// assert_eq!(kwi.score, Some(116.0 / 15.0));
/// assert_eq!(kwi.average, Some(7.75));
/// ```
#[must_use]
pub fn score(
    kwi_order: &[&str],
    question_order: &[(&str, &str)],
    answers: &[Answer<'_>],
) -> Scores {
    let mut kwi_index: HashMap<&str, usize> = HashMap::with_capacity(kwi_order.len());
    let mut kwi_ids: Vec<&str> = Vec::with_capacity(kwi_order.len());
    for &kwi in kwi_order {
        if let Entry::Vacant(slot) = kwi_index.entry(kwi) {
            slot.insert(kwi_ids.len());
            kwi_ids.push(kwi);
        }
    }
    let mut question_index: HashMap<(&str, &str), usize> =
        HashMap::with_capacity(question_order.len());
    let mut question_ids: Vec<(&str, &str)> = Vec::with_capacity(question_order.len());
    for &(question, kwi) in question_order {
        if let Entry::Vacant(slot) = question_index.entry((question, kwi)) {
            slot.insert(question_ids.len());
            question_ids.push((question, kwi));
        }
    }

    let mut kwi_sums = vec![Sum::default(); kwi_ids.len()];
    let mut kwi_respondents: Vec<BTreeMap<&str, Sum>> = vec![BTreeMap::new(); kwi_ids.len()];
    let mut question_sums = vec![Sum::default(); question_ids.len()];
    // Σ unweighted scores per question, for the plain mean.
    let mut question_plain = vec![0_u64; question_ids.len()];
    let mut total = Sum::default();

    for answer in answers {
        let Some(&kwi) = kwi_index.get(answer.kwi) else {
            continue;
        };
        let Some(&question) = question_index.get(&(answer.question, answer.kwi)) else {
            continue;
        };
        let weight = answer.relevance.weight();
        kwi_sums[kwi].add(answer.score, weight);
        kwi_respondents[kwi]
            .entry(answer.respondent)
            .or_default()
            .add(answer.score, weight);
        question_sums[question].add(answer.score, weight);
        question_plain[question] += u64::from(answer.score);
        total.add(answer.score, weight);
    }

    let kwis = kwi_ids
        .iter()
        .zip(kwi_sums)
        .zip(kwi_respondents)
        .map(|((&kwi, sum), respondents)| {
            // BTreeMap order: the floating-point mean below is summed in a fixed order.
            let by_respondent: BTreeMap<String, f64> = respondents
                .into_iter()
                .filter_map(|(respondent, sum)| Some((respondent.to_owned(), sum.score()?)))
                .collect();
            let average = (!by_respondent.is_empty())
                .then(|| by_respondent.values().sum::<f64>() / by_respondent.len() as f64);
            KwiScore {
                kwi: kwi.to_owned(),
                sum,
                score: sum.score(),
                average,
                respondents: by_respondent.len(),
                by_respondent,
            }
        })
        .collect();

    let questions = question_ids
        .iter()
        .zip(question_sums)
        .zip(question_plain)
        .map(|((&(question, kwi), sum), plain)| {
            let answered = sum.count != 0;
            QuestionScore {
                question: question.to_owned(),
                kwi: kwi.to_owned(),
                sum,
                score: sum.score(),
                mean_weight: answered.then(|| sum.weights as f64 / sum.count as f64),
                mean_score: answered.then(|| plain as f64 / sum.count as f64),
            }
        })
        .collect();

    Scores {
        kwis,
        questions,
        total,
        total_score: total.score(),
    }
}

/// Below this many responses an NPS is only indicative: one answer moves it by 20 points or more.
pub const NPS_INDICATIVE_BELOW: u32 = 5;

/// The Net Promoter Score of one measurement.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Nps {
    /// Answers 9 and 10.
    pub promoters: u32,
    /// Answers 7 and 8.
    pub passives: u32,
    /// Answers 0 to 6.
    pub detractors: u32,
    /// All counted answers: promoters + passives + detractors.
    pub responses: u32,
    /// % promoters − % detractors, rounded to a whole number (half away from zero), −100..=100;
    /// `None` when there are no responses.
    pub score: Option<i32>,
    /// Fewer than [`NPS_INDICATIVE_BELOW`] responses (true also for none at all).
    pub indicative: bool,
}

/// Computes the Net Promoter Score from the answers to the NPS question, each 0..=10.
///
/// Values above 10 are not answers the caller lets through; should one arrive, it is not counted.
/// The score is computed from the exact fractions, not from rounded percentages, in integers.
///
/// # Examples
/// DOMAIN.md's example: 3 promoters, 7 passives, 2 detractors (25 %, 58 %, 17 %) give NPS 8.
/// ```
/// use klantwaarde::score::nps;
/// let result = nps(&[9, 10, 9, 7, 7, 7, 8, 8, 8, 7, 3, 6]);
/// assert_eq!((result.promoters, result.passives, result.detractors), (3, 7, 2));
/// assert_eq!(result.score, Some(8));
/// assert!(!result.indicative);
/// ```
#[must_use]
pub fn nps(answers: &[u8]) -> Nps {
    let mut result = Nps::default();
    for &answer in answers {
        match answer {
            9..=10 => result.promoters += 1,
            7..=8 => result.passives += 1,
            0..=6 => result.detractors += 1,
            _ => continue,
        }
        result.responses += 1;
    }
    result.score = (result.responses != 0).then(|| {
        let numerator = 100 * (i64::from(result.promoters) - i64::from(result.detractors));
        let denominator = i64::from(result.responses);
        // round(|n| / d) half up, then the sign back: half away from zero.
        let magnitude = (2 * numerator.abs() + denominator) / (2 * denominator);
        let rounded = numerator.signum() * magnitude;
        i32::try_from(rounded).expect("an NPS lies within -100..=100")
    });
    result.indicative = result.responses < NPS_INDICATIVE_BELOW;
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use Relevance::{Less, More, Neutral};
    use proptest::prelude::*;

    // ---- Relevance::parse -------------------------------------------------------------------

    fn check_parse(text: &str, expected: Option<Relevance>) {
        assert_eq!(Relevance::parse(text), expected, "parsing {text:?}");
    }

    #[test]
    fn parse_every_listed_spelling() {
        check_parse("<", Some(Less));
        check_parse("-", Some(Less));
        check_parse("minder", Some(Less));
        check_parse("less", Some(Less));
        check_parse("", Some(Neutral));
        check_parse("=", Some(Neutral));
        check_parse("<>", Some(Neutral));
        check_parse("n", Some(Neutral));
        check_parse("N", Some(Neutral));
        check_parse("neutraal", Some(Neutral));
        check_parse("neutral", Some(Neutral));
        check_parse(">", Some(More));
        check_parse("+", Some(More));
        check_parse("meer", Some(More));
        check_parse("more", Some(More));
    }

    #[test]
    fn parse_ignores_case_and_whitespace() {
        check_parse("MINDER", Some(Less));
        check_parse("Less", Some(Less));
        check_parse(" < ", Some(Less));
        check_parse("\t-\n", Some(Less));
        check_parse("\u{a0}<\u{a0}", Some(Less));
        check_parse("m i n d e r", Some(Less));
        check_parse("   ", Some(Neutral));
        check_parse("\u{a0}", Some(Neutral));
        check_parse("\u{202f}\u{2007}", Some(Neutral));
        check_parse("\u{feff}", Some(Neutral));
        check_parse("\u{200b}=", Some(Neutral));
        check_parse("< >", Some(Neutral));
        check_parse(" <\u{a0}> ", Some(Neutral));
        check_parse(" n ", Some(Neutral));
        check_parse("Neutraal", Some(Neutral));
        check_parse("NEUTRAL ", Some(Neutral));
        check_parse("neu traal", Some(Neutral));
        check_parse("\r\n>", Some(More));
        check_parse(" + ", Some(More));
        check_parse("Meer", Some(More));
        check_parse("MORE\u{a0}", Some(More));
    }

    #[test]
    fn parse_rejects_anything_else() {
        check_parse("x", None);
        check_parse("meh", None);
        check_parse("7", None);
        check_parse("<<", None);
        check_parse(">>", None);
        check_parse("><", None);
        check_parse("<=", None);
        check_parse("++", None);
        check_parse("--", None);
        check_parse("no", None);
        check_parse("neutraal!", None);
        check_parse("meer relevant", None);
        check_parse("0", None);
    }

    #[test]
    fn weights_are_one_two_three_and_neutral_is_the_default() {
        assert_eq!([Less, Neutral, More].map(Relevance::weight), [1, 2, 3]);
        assert_eq!(Relevance::default(), Neutral);
    }

    // ---- Sum --------------------------------------------------------------------------------

    #[test]
    fn sum_adds_merges_and_divides() {
        let mut sum = Sum::default();
        assert_eq!(sum.score(), None);
        sum.add(10, 3);
        sum.add(1, 1);
        assert_eq!(
            sum,
            Sum {
                weighted: 31,
                weights: 4,
                count: 2
            }
        );
        assert_eq!(sum.score(), Some(7.75));
        let mut other = Sum::default();
        other.add(5, 2);
        sum.merge(&other);
        assert_eq!(
            sum,
            Sum {
                weighted: 41,
                weights: 6,
                count: 3
            }
        );
        assert_eq!(sum.score(), Some(41.0 / 6.0));
        sum.merge(&Sum::default());
        assert_eq!(sum.count, 3);
    }

    // ---- score: one KWI, in a compact notation -----------------------------------------------

    /// One KWI "K"; each respondent's answers are tokens such as `6`, `7<`, `8>`, `9N`: the
    /// score, then the mark. The i-th token answers question `q{i}`; `_` skips a question.
    fn one_kwi(respondents: &[(&'static str, &str)]) -> Scores {
        let questions: Vec<String> = (0..10).map(|index| format!("q{index}")).collect();
        let order: Vec<(&str, &str)> = questions.iter().map(|id| (id.as_str(), "K")).collect();
        let mut answers = Vec::new();
        for &(respondent, tokens) in respondents {
            for (index, token) in tokens.split_whitespace().enumerate() {
                if token == "_" {
                    continue;
                }
                let digits = token
                    .find(|c: char| !c.is_ascii_digit())
                    .unwrap_or(token.len());
                answers.push(Answer {
                    respondent,
                    kwi: "K",
                    question: &questions[index],
                    score: token[..digits].parse().expect("a score"),
                    relevance: Relevance::parse(&token[digits..]).expect("a mark"),
                });
            }
        }
        score(&["K"], &order, &answers)
    }

    fn check_kwi(respondents: &[(&'static str, &str)], kwi_score: f64, average: f64) {
        let scores = one_kwi(respondents);
        let kwi = &scores.kwis[0];
        assert_eq!(kwi.score, Some(kwi_score), "KWI score of {respondents:?}");
        assert_eq!(kwi.average, Some(average), "KWI average of {respondents:?}");
        assert_eq!(
            scores.total_score,
            Some(kwi_score),
            "total of {respondents:?}"
        );
    }

    #[test]
    fn kwi_scores() {
        check_kwi(&[("R1", "6 7 8 9")], 7.5, 7.5);
        check_kwi(&[("R1", "6N 7n 8= 9<>")], 7.5, 7.5);
        check_kwi(&[("R1", "6< 7< 8 9>")], 56.0 / 7.0, 8.0);
        check_kwi(&[("R1", "6< 7< 8< 9<")], 7.5, 7.5);
        check_kwi(&[("R1", "6> 7> 8> 9>")], 7.5, 7.5);
        check_kwi(&[("R1", "10")], 10.0, 10.0);
        check_kwi(&[("R1", "1>")], 1.0, 1.0);
        check_kwi(&[("R1", "1< 10>")], 31.0 / 4.0, 7.75);
        check_kwi(&[("R1", "1> 10<")], 13.0 / 4.0, 3.25);
        check_kwi(&[("R1", "_ _ 8")], 8.0, 8.0);
        check_kwi(&[("R1", "4 _ 8<")], 16.0 / 3.0, 16.0 / 3.0);
        check_kwi(&[("R1", "6"), ("R2", "8")], 7.0, 7.0);
        check_kwi(&[("R1", "6"), ("R2", "8 8")], 22.0 / 3.0, 7.0);
        check_kwi(&[("R1", "6<"), ("R2", "9>")], 33.0 / 4.0, 7.5);
        check_kwi(&[("R1", "5"), ("R2", "5>"), ("R3", "5<")], 5.0, 5.0);
    }

    #[test]
    fn worked_example_of_the_domain() {
        // R1: 6,7,8,9 all neutral: Σ weighted 60, Σ weights 8 → 7.50.
        // R2: 6<,7<,8,9>: weights 1,1,2,3 → Σ weighted 6+7+16+27 = 56, Σ weights 7 → 8.00.
        // Together: 116 ÷ 15 = 7.733…, while the mean of 7.50 and 8.00 is 7.75.
        let scores = one_kwi(&[("R1", "6N 7N 8N 9N"), ("R2", "6< 7< 8N 9>")]);
        let kwi = &scores.kwis[0];
        assert_eq!(kwi.by_respondent["R1"], 7.5);
        assert_eq!(kwi.by_respondent["R2"], 8.0);
        assert_eq!(
            kwi.sum,
            Sum {
                weighted: 116,
                weights: 15,
                count: 8
            }
        );
        assert_eq!(kwi.score, Some(116.0 / 15.0));
        assert_eq!(kwi.average, Some(7.75));
        assert_eq!(kwi.respondents, 2);
        assert_eq!(format!("{:.2}", kwi.score.unwrap()), "7.73");
    }

    #[test]
    fn question_scores_give_weighted_and_plain_means() {
        // q0: 6< and 9> → weighted (6+27)/4 = 8.25, plain 7.5, mean weight 2.
        // q1: 7 only → 7, weight 2. q2: nobody.
        let scores = one_kwi(&[("R1", "6< 7"), ("R2", "9>")]);
        let q0 = &scores.questions[0];
        assert_eq!((q0.question.as_str(), q0.kwi.as_str()), ("q0", "K"));
        assert_eq!(q0.score, Some(8.25));
        assert_eq!(q0.mean_score, Some(7.5));
        assert_eq!(q0.mean_weight, Some(2.0));
        let q1 = &scores.questions[1];
        assert_eq!(
            (q1.score, q1.mean_score, q1.mean_weight),
            (Some(7.0), Some(7.0), Some(2.0))
        );
        let q2 = &scores.questions[2];
        assert_eq!(q2.sum, Sum::default());
        assert_eq!(
            (q2.score, q2.mean_score, q2.mean_weight),
            (None, None, None)
        );
    }

    // ---- score: Kees Klant, the method's own example --------------------------------------

    const KEES_QUESTIONS: [(&str, &str); 22] = [
        ("1.01", "KWI-01"),
        ("1.02", "KWI-01"),
        ("1.03", "KWI-01"),
        ("1.04", "KWI-01"),
        ("2.01", "KWI-02"),
        ("2.02", "KWI-02"),
        ("2.03", "KWI-02"),
        ("2.04", "KWI-02"),
        ("3.01", "KWI-03"),
        ("3.02", "KWI-03"),
        ("3.03", "KWI-03"),
        ("3.04", "KWI-03"),
        ("3.05", "KWI-03"),
        ("3.06", "KWI-03"),
        ("4.01", "KWI-04"),
        ("4.02", "KWI-04"),
        ("4.03", "KWI-04"),
        ("4.04", "KWI-04"),
        ("5.01", "KWI-05"),
        ("5.02", "KWI-05"),
        ("5.03", "KWI-05"),
        ("5.04", "KWI-05"),
    ];
    const KEES_KWIS: [&str; 5] = ["KWI-01", "KWI-02", "KWI-03", "KWI-04", "KWI-05"];

    #[test]
    fn kees_klant_example_of_the_domain() {
        // (question, score, mark); 3.06 was left empty, so it is no answer at all.
        let returned = [
            ("1.02", 6, Neutral),
            ("1.03", 7, Neutral),
            ("1.04", 8, Neutral),
            ("2.01", 7, Neutral),
            ("2.02", 7, Neutral),
            ("2.03", 8, Less),
            ("2.04", 8, Neutral),
            ("3.02", 8, Neutral),
            ("3.04", 8, Neutral),
            ("3.05", 8, Neutral),
            ("4.01", 6, Neutral),
            ("4.03", 6, Neutral),
            ("5.01", 6, Neutral),
            ("5.02", 7, Neutral),
            ("5.03", 7, Neutral),
            ("5.04", 7, Neutral),
        ];
        let answers: Vec<Answer> = returned
            .iter()
            .map(|&(question, score, relevance)| Answer {
                respondent: "KK",
                kwi: KEES_QUESTIONS
                    .iter()
                    .find(|(id, _)| *id == question)
                    .unwrap()
                    .1,
                question,
                score,
                relevance,
            })
            .collect();
        let scores = score(&KEES_KWIS, &KEES_QUESTIONS, &answers);

        // By hand (weight 2 unless marked):
        // KWI-01: (6·2 + 7·2 + 8·2) / 6 = 42 / 6 = 7.0
        // KWI-02: (7·2 + 7·2 + 8·1 + 8·2) / 7 = 52 / 7 = 7.428571…
        // KWI-03: (8·2 + 8·2 + 8·2) / 6 = 48 / 6 = 8.0 (3.06 counts nowhere)
        // KWI-04: (6·2 + 6·2) / 4 = 24 / 4 = 6.0
        // KWI-05: (6·2 + 7·2 + 7·2 + 7·2) / 8 = 54 / 8 = 6.75
        // Total: (42 + 52 + 48 + 24 + 54) / (6 + 7 + 6 + 4 + 8) = 220 / 31 = 7.096774…
        let expected = [
            ("KWI-01", 42, 6, 3),
            ("KWI-02", 52, 7, 4),
            ("KWI-03", 48, 6, 3),
            ("KWI-04", 24, 4, 2),
            ("KWI-05", 54, 8, 4),
        ];
        assert_eq!(scores.kwis.len(), expected.len());
        for (kwi, (id, weighted, weights, count)) in scores.kwis.iter().zip(expected) {
            let value = weighted as f64 / weights as f64;
            assert_eq!(kwi.kwi, id);
            assert_eq!(
                kwi.sum,
                Sum {
                    weighted,
                    weights,
                    count
                },
                "{id}"
            );
            assert_eq!(kwi.score, Some(value), "{id}");
            // One respondent: the average is his own score.
            assert_eq!(kwi.average, Some(value), "{id}");
            assert_eq!(
                kwi.by_respondent,
                BTreeMap::from([("KK".to_owned(), value)])
            );
            assert_eq!(kwi.respondents, 1);
        }
        assert_eq!(scores.kwis[0].score, Some(7.0));
        assert_eq!(format!("{:.2}", scores.kwis[1].score.unwrap()), "7.43");
        assert_eq!(scores.kwis[4].score, Some(6.75));
        assert_eq!(
            scores.total,
            Sum {
                weighted: 220,
                weights: 31,
                count: 16
            }
        );
        assert_eq!(scores.total_score, Some(220.0 / 31.0));
        assert_eq!(format!("{:.2}", scores.total_score.unwrap()), "7.10");

        // Every question of the master appears, in the master's order; unasked ones are empty.
        let ids: Vec<&str> = scores
            .questions
            .iter()
            .map(|q| q.question.as_str())
            .collect();
        let master: Vec<&str> = KEES_QUESTIONS.iter().map(|(id, _)| *id).collect();
        assert_eq!(ids, master);
        let empty: Vec<&str> = scores
            .questions
            .iter()
            .filter(|q| q.score.is_none())
            .map(|q| q.question.as_str())
            .collect();
        assert_eq!(empty, ["1.01", "3.01", "3.03", "3.06", "4.02", "4.04"]);
        let q203 = &scores.questions[6];
        assert_eq!((q203.question.as_str(), q203.score), ("2.03", Some(8.0)));
        assert_eq!(q203.mean_weight, Some(1.0));
    }

    // ---- score: edges -----------------------------------------------------------------------

    #[test]
    fn nothing_answered_gives_empty_scores_in_master_order() {
        let scores = score(&["B", "A"], &[("2", "A"), ("1", "B")], &[]);
        let kwis: Vec<&str> = scores.kwis.iter().map(|k| k.kwi.as_str()).collect();
        assert_eq!(kwis, ["B", "A"]);
        let questions: Vec<&str> = scores
            .questions
            .iter()
            .map(|q| q.question.as_str())
            .collect();
        assert_eq!(questions, ["2", "1"]);
        for kwi in &scores.kwis {
            assert_eq!((kwi.score, kwi.average, kwi.respondents), (None, None, 0));
            assert!(kwi.by_respondent.is_empty());
        }
        assert_eq!((scores.total, scores.total_score), (Sum::default(), None));
        assert_eq!(score(&[], &[], &[]), Scores::default());
    }

    #[test]
    fn answers_outside_the_orders_are_ignored() {
        let answer = |kwi, question| Answer {
            respondent: "R",
            kwi,
            question,
            score: 10,
            relevance: More,
        };
        let answers = [
            answer("A", "1"),
            answer("X", "1"), // unknown KWI
            answer("A", "9"), // unknown question
            answer("A", "2"), // question of another KWI
            answer("X", "3"), // question listed under a KWI that is not
        ];
        let scores = score(&["A", "B"], &[("1", "A"), ("2", "B"), ("3", "X")], &answers);
        assert_eq!(scores.total.count, 1);
        assert_eq!(scores.kwis[0].sum.count, 1);
        assert_eq!(scores.kwis[1].sum.count, 0);
        let counts: Vec<u64> = scores.questions.iter().map(|q| q.sum.count).collect();
        assert_eq!(counts, [1, 0, 0]);
    }

    #[test]
    fn ids_listed_twice_appear_once_at_their_first_place() {
        let answers = [Answer {
            respondent: "R",
            kwi: "A",
            question: "1",
            score: 7,
            relevance: Neutral,
        }];
        let scores = score(&["A", "B", "A"], &[("1", "A"), ("1", "A")], &answers);
        let kwis: Vec<&str> = scores.kwis.iter().map(|k| k.kwi.as_str()).collect();
        assert_eq!(kwis, ["A", "B"]);
        assert_eq!(scores.questions.len(), 1);
        assert_eq!(scores.kwis[0].score, Some(7.0));
        assert_eq!(scores.total.count, 1);
    }

    #[test]
    fn two_thousand_respondents_times_36_questions_score_in_one_pass() {
        // The size of a large measurement; a nested scan over answers × respondents would make
        // this test take minutes instead of milliseconds.
        let respondents: Vec<String> = (0..2000).map(|index| format!("R{index:04}")).collect();
        let kwis: Vec<String> = (0..6).map(|index| format!("KWI-{index:02}")).collect();
        let questions: Vec<(String, &str)> = (0..36)
            .map(|index| {
                (
                    format!("{}.{:02}", index / 6, index % 6),
                    kwis[index / 6].as_str(),
                )
            })
            .collect();
        let kwi_order: Vec<&str> = kwis.iter().map(String::as_str).collect();
        let question_order: Vec<(&str, &str)> = questions
            .iter()
            .map(|(question, kwi)| (question.as_str(), *kwi))
            .collect();
        let mut answers = Vec::with_capacity(72_000);
        for (r, respondent) in respondents.iter().enumerate() {
            for (q, &(question, kwi)) in question_order.iter().enumerate() {
                answers.push(Answer {
                    respondent,
                    kwi,
                    question,
                    score: u8::try_from((r + q) % 10 + 1).unwrap(),
                    relevance: [Less, Neutral, More][(r * q) % 3],
                });
            }
        }
        let scores = score(&kwi_order, &question_order, &answers);
        assert_eq!(scores.total.count, 72_000);
        assert!(scores.kwis.iter().all(|kwi| kwi.respondents == 2000));
        assert!(
            scores
                .questions
                .iter()
                .all(|question| question.sum.count == 2000)
        );
    }

    // ---- NPS --------------------------------------------------------------------------------

    fn check_nps(answers: &[u8], counts: (u32, u32, u32), expected: Option<i32>, indicative: bool) {
        let result = nps(answers);
        assert_eq!(
            (result.promoters, result.passives, result.detractors),
            counts,
            "counts of {answers:?}"
        );
        assert_eq!(result.responses, counts.0 + counts.1 + counts.2);
        assert_eq!(result.score, expected, "NPS of {answers:?}");
        assert_eq!(result.indicative, indicative, "indicative for {answers:?}");
    }

    #[test]
    fn nps_cases() {
        check_nps(&[], (0, 0, 0), None, true);
        check_nps(&[10], (1, 0, 0), Some(100), true);
        check_nps(&[9, 10, 9, 10, 9], (5, 0, 0), Some(100), false);
        check_nps(&[0, 6, 1, 5, 3], (0, 0, 5), Some(-100), false);
        check_nps(&[0], (0, 0, 1), Some(-100), true);
        check_nps(&[7, 8, 7, 8, 7], (0, 5, 0), Some(0), false);
        check_nps(&[9, 6], (1, 0, 1), Some(0), true);
        check_nps(&[9, 7, 8, 7], (1, 3, 0), Some(25), true);
        check_nps(&[9, 8, 7, 6], (1, 2, 1), Some(0), true);
        // Borders of the three groups.
        check_nps(&[6, 7, 8, 9, 10, 0], (2, 2, 2), Some(0), false);
        // 1/8 = 12.5 % rounds away from zero: 13 and −13.
        check_nps(&[9, 7, 7, 7, 7, 7, 7, 7], (1, 7, 0), Some(13), false);
        check_nps(&[6, 7, 7, 7, 7, 7, 7, 7], (0, 7, 1), Some(-13), false);
        // 1/3 = 33.3 % → 33; 2/3 = 66.7 % → 67.
        check_nps(&[9, 7, 7], (1, 2, 0), Some(33), true);
        check_nps(&[9, 9, 7], (2, 1, 0), Some(67), true);
        check_nps(&[1, 1, 8], (0, 1, 2), Some(-67), true);
        // Four responses is indicative, five is not.
        check_nps(&[9, 9, 9, 9], (4, 0, 0), Some(100), true);
        // Out of range: not counted.
        check_nps(&[11, 255, 9], (1, 0, 0), Some(100), true);
    }

    #[test]
    fn nps_example_of_the_domain() {
        // 12 answers: 3 promoters (25 %), 7 passives (58.3 %), 2 detractors (16.7 %).
        // NPS = 25 − 16.7 = 8.3 → 8; from the rounded percentages 25 − 17 = 8 too.
        let answers = [10, 9, 9, 8, 8, 7, 7, 7, 8, 7, 6, 2];
        check_nps(&answers, (3, 7, 2), Some(8), false);
        let percent = |count: u32| (100.0 * f64::from(count) / 12.0).round();
        assert_eq!([percent(3), percent(7), percent(2)], [25.0, 58.0, 17.0]);
    }

    // ---- properties -------------------------------------------------------------------------

    const RESPONDENTS: [&str; 6] = ["AA", "BB", "CC", "DD", "EE", "KK"];
    const KWIS: [&str; 3] = ["K1", "K2", "K3"];
    /// Question `Qi` belongs to KWI `i % 3`.
    const QUESTIONS: [&str; 9] = ["Q0", "Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7", "Q8"];

    fn question_order() -> Vec<(&'static str, &'static str)> {
        QUESTIONS
            .iter()
            .enumerate()
            .map(|(index, &question)| (question, KWIS[index % 3]))
            .collect()
    }

    fn relevance() -> impl Strategy<Value = Relevance> {
        prop_oneof![Just(Less), Just(Neutral), Just(More)]
    }

    fn answer(
        relevance: impl Strategy<Value = Relevance>,
    ) -> impl Strategy<Value = Answer<'static>> {
        (
            0..RESPONDENTS.len(),
            0..QUESTIONS.len(),
            1..=10_u8,
            relevance,
        )
            .prop_map(|(respondent, question, score, relevance)| Answer {
                respondent: RESPONDENTS[respondent],
                kwi: KWIS[question % 3],
                question: QUESTIONS[question],
                score,
                relevance,
            })
    }

    fn answers() -> impl Strategy<Value = Vec<Answer<'static>>> {
        prop::collection::vec(answer(relevance()), 0..60)
    }

    fn score_all(answers: &[Answer]) -> Scores {
        score(&KWIS, &question_order(), answers)
    }

    /// The plain mean of the scores of the answers that match.
    fn plain_mean(answers: &[Answer], keep: impl Fn(&Answer) -> bool) -> Option<f64> {
        let scores: Vec<u64> = answers
            .iter()
            .filter(|a| keep(a))
            .map(|a| u64::from(a.score))
            .collect();
        (!scores.is_empty()).then(|| scores.iter().sum::<u64>() as f64 / scores.len() as f64)
    }

    proptest! {
        #[test]
        fn a_kwi_score_lies_between_the_lowest_and_highest_score(answers in answers()) {
            let scores = score_all(&answers);
            for kwi in &scores.kwis {
                let given: Vec<f64> = answers
                    .iter()
                    .filter(|a| a.kwi == kwi.kwi)
                    .map(|a| f64::from(a.score))
                    .collect();
                let low = given.iter().copied().fold(f64::INFINITY, f64::min);
                let high = given.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                prop_assert_eq!(kwi.score.is_some(), !given.is_empty());
                prop_assert_eq!(kwi.average.is_some(), !given.is_empty());
                let each = kwi.by_respondent.values().copied();
                for value in kwi.score.into_iter().chain(kwi.average).chain(each) {
                    prop_assert!((low..=high).contains(&value), "{value} not in {low}..={high}");
                }
            }
            for question in &scores.questions {
                if let (Some(score), Some(weight)) = (question.score, question.mean_weight) {
                    prop_assert!((1.0..=10.0).contains(&score));
                    prop_assert!((1.0..=3.0).contains(&weight));
                }
            }
        }

        #[test]
        fn equal_weights_give_the_plain_mean(
            mark in relevance(),
            answers in prop::collection::vec(answer(Just(Neutral)), 0..60),
        ) {
            // The same mark everywhere scales every weight alike, so the weights cancel exactly:
            // (w·S)/(w·n) and S/n are the same fraction, hence the same correctly rounded f64.
            let answers: Vec<Answer> = answers
                .into_iter()
                .map(|a| Answer { relevance: mark, ..a })
                .collect();
            let scores = score_all(&answers);
            for kwi in &scores.kwis {
                prop_assert_eq!(kwi.score, plain_mean(&answers, |a| a.kwi == kwi.kwi));
                for (respondent, &value) in &kwi.by_respondent {
                    let mean = plain_mean(&answers, |a| a.kwi == kwi.kwi && a.respondent == respondent);
                    prop_assert_eq!(Some(value), mean);
                }
            }
            for question in &scores.questions {
                prop_assert_eq!(question.score, question.mean_score);
                prop_assert_eq!(question.score, plain_mean(&answers, |a| a.question == question.question));
                prop_assert_eq!(question.mean_weight, question.score.map(|_| f64::from(mark.weight())));
            }
            prop_assert_eq!(scores.total_score, plain_mean(&answers, |_| true));
        }

        #[test]
        fn one_respondent_with_one_mark_scores_the_plain_mean(
            mark in relevance(),
            given in prop::collection::vec(1..=10_u8, 1..20),
        ) {
            let order: Vec<(&str, &str)> = QUESTIONS.iter().map(|&q| (q, "K")).collect();
            let answers: Vec<Answer> = given
                .iter()
                .enumerate()
                .map(|(index, &score)| Answer {
                    respondent: "R",
                    kwi: "K",
                    question: QUESTIONS[index % QUESTIONS.len()],
                    score,
                    relevance: mark,
                })
                .collect();
            let scores = score(&["K"], &order, &answers);
            let mean = given.iter().map(|&s| u64::from(s)).sum::<u64>() as f64 / given.len() as f64;
            let kwi = &scores.kwis[0];
            prop_assert_eq!(kwi.by_respondent.get("R").copied(), Some(mean));
            prop_assert_eq!(kwi.score, Some(mean));
            prop_assert_eq!(kwi.average, Some(mean));
        }

        #[test]
        fn the_total_is_the_weight_averaged_kwi_scores(answers in answers()) {
            let scores = score_all(&answers);
            let (numerator, denominator) = scores
                .kwis
                .iter()
                .filter_map(|kwi| Some((kwi.score?, kwi.sum.weights as f64)))
                .fold((0.0, 0.0), |(n, d), (score, weights)| (n + score * weights, d + weights));
            match scores.total_score {
                None => prop_assert!(answers.is_empty()),
                Some(total) => prop_assert!((total - numerator / denominator).abs() < 1e-9),
            }
            let mut merged = Sum::default();
            scores.kwis.iter().for_each(|kwi| merged.merge(&kwi.sum));
            prop_assert_eq!(merged, scores.total);
            let mut by_question = Sum::default();
            scores.questions.iter().for_each(|question| by_question.merge(&question.sum));
            prop_assert_eq!(by_question, scores.total);
            prop_assert_eq!(scores.total.count, answers.len() as u64);
        }

        #[test]
        fn the_average_is_the_mean_of_the_respondents_scores(answers in answers()) {
            let scores = score_all(&answers);
            for kwi in &scores.kwis {
                prop_assert_eq!(kwi.respondents, kwi.by_respondent.len());
                if let Some(average) = kwi.average {
                    let mean = kwi.by_respondent.values().sum::<f64>() / kwi.respondents as f64;
                    prop_assert!((average - mean).abs() < 1e-12);
                }
            }
        }

        #[test]
        fn the_order_of_the_answers_never_changes_a_result(
            (answers, shuffled) in answers().prop_flat_map(|answers| {
                let shuffled = Just(answers.clone()).prop_shuffle();
                (Just(answers), shuffled)
            }),
        ) {
            prop_assert_eq!(score_all(&answers), score_all(&shuffled));
        }

        #[test]
        fn the_nps_lies_within_minus_100_and_100(answers in prop::collection::vec(0..=10_u8, 0..200)) {
            let result = nps(&answers);
            prop_assert_eq!(result.responses as usize, answers.len());
            prop_assert_eq!(result.promoters + result.passives + result.detractors, result.responses);
            prop_assert_eq!(result.indicative, answers.len() < 5);
            match result.score {
                None => prop_assert!(answers.is_empty()),
                Some(value) => {
                    prop_assert!((-100..=100).contains(&value));
                    // f64::round rounds half away from zero; exact halves are exact in f64.
                    let exact = 100.0 * (f64::from(result.promoters) - f64::from(result.detractors))
                        / f64::from(result.responses);
                    prop_assert_eq!(f64::from(value), exact.round());
                }
            }
        }
    }
}
