//! Pseudonyms and what may be shown beside whom: the minimum-group rule that decides whether
//! figures per respondent may appear at all, pseudonyms keyed by the account manager's secret,
//! and the redactor that keeps an anonymous respondent's name and initials out of the texts the
//! tool itself made (file names, problem messages). Pure: it never reads a file, a workbook or
//! the clock.

use std::borrow::Cow;
use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;

use crate::master::{Master, RespondentId, fold};

/// What a workbook may show per respondent, by the minimum-group rule (DOMAIN.md, "Anonymity").
///
/// Readers of a monitor know every respondent, the assignment and the totals, so one anonymous
/// respondent beside named ones is found by subtraction (the total minus the named figures) or by
/// elimination (the one name missing from a per-person table). Figures per respondent are
/// therefore shown for no one while fewer than `k` of the respondents who answered stay
/// anonymous.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disclosure {
    /// No one who answered asked to stay anonymous: figures per respondent, by name.
    Named,
    /// At least `k` anonymous respondents: named ones by name, the anonymous ones only under
    /// pseudonyms or as one pooled group.
    NamedAndGroup,
    /// Between one and `k - 1` anonymous respondents: no figure per respondent for anyone, only
    /// figures over everyone.
    Pooled,
}

impl Disclosure {
    /// The rule for `anonymous` anonymous respondents among those who answered, with minimum
    /// group size `min_group` (the master's `min_group`).
    ///
    /// # Examples
    /// ```
    /// use klantwaarde::anonymity::Disclosure;
    /// assert_eq!(Disclosure::of(0, 3), Disclosure::Named);
    /// assert_eq!(Disclosure::of(2, 3), Disclosure::Pooled);
    /// assert_eq!(Disclosure::of(3, 3), Disclosure::NamedAndGroup);
    /// ```
    #[must_use]
    pub fn of(anonymous: usize, min_group: usize) -> Disclosure {
        if anonymous == 0 {
            Disclosure::Named
        } else if anonymous >= min_group.max(1) {
            Disclosure::NamedAndGroup
        } else {
            Disclosure::Pooled
        }
    }

    /// Whether figures per respondent may appear.
    #[must_use]
    pub fn per_respondent(self) -> bool {
        self != Disclosure::Pooled
    }
}

/// Pseudonyms that cannot be computed from what a workbook shows: numbered in the order of a tag
/// keyed by the account manager's secret over the client and the folded initials (`tag` is
/// `|parts| secret.tag(parts)`). Whoever lacks the secret cannot tell which initials sort first,
/// so "Respondent 1" names no one; the same secret gives the same numbers run after run.
pub fn keyed_pseudonyms(
    master: &Master,
    tag: impl Fn(&[&[u8]]) -> [u8; 32],
    anonymous: impl Iterator<Item = RespondentId>,
) -> HashMap<RespondentId, String> {
    let mut keyed: Vec<([u8; 32], RespondentId)> = anonymous
        .map(|index| {
            let initials = fold(&master.respondent(index).initials);
            (
                tag(&[
                    b"klantwaarde pseudonym",
                    master.client.as_bytes(),
                    initials.as_bytes(),
                ]),
                index,
            )
        })
        .collect();
    keyed.sort();
    let word = &crate::labels::Labels::for_language(master.language).respondent;
    keyed
        .into_iter()
        .enumerate()
        .map(|(n, (_, index))| (index, format!("{word} {}", n + 1)))
        .collect()
}

/// Stable pseudonyms for anonymous respondents: numbered in the order of a digest of their
/// initials, so that the number reveals neither the master's order nor the initials.
pub fn pseudonyms(
    master: &Master,
    anonymous: impl Iterator<Item = RespondentId>,
) -> HashMap<RespondentId, String> {
    use sha2::{Digest, Sha256};
    let mut keyed: Vec<(Vec<u8>, RespondentId)> = anonymous
        .map(|index| {
            let digest = Sha256::digest(format!(
                "{}\u{0}{}",
                master.client,
                fold(&master.respondent(index).initials)
            ));
            (digest.to_vec(), index)
        })
        .collect();
    keyed.sort();
    let word = crate::labels::Labels::for_language(master.language)
        .respondent
        .clone();
    keyed
        .into_iter()
        .enumerate()
        .map(|(n, (_, index))| (index, format!("{word} {}", n + 1)))
        .collect()
}

/// Replaces an anonymous respondent's name and initials in tool-made texts (file names, problem
/// messages) with their pseudonym: a file name such as `2011H2-KLANT_NV-KK.xlsx` or
/// `kees-klant.xlsx` names its sender.
///
/// One pass over the text whatever the number of anonymous respondents, and a pseudonym once
/// written is never read again, so one respondent's initials cannot rewrite another's pseudonym.
#[derive(Debug)]
pub struct Redactor {
    /// Folded first word → (the folded words of a name or of initials, pseudonym), most words
    /// first. They match whole words in order, whatever separates them: `Kees Klant` matches
    /// `kees-klant`, initials `J.K.` match `J-K`.
    names: HashMap<String, Vec<(Vec<String>, String)>>,
}

/// The words of `text` after NFC (file names from a Mac come decomposed): runs of letters and
/// digits, lower case, with their byte ranges in the normalised text.
fn words(text: &str) -> Vec<(String, usize, usize)> {
    let mut found = Vec::new();
    let mut start = None;
    for (at, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (start, c.is_alphanumeric()) {
            (None, true) => start = Some(at),
            (Some(from), false) => {
                found.push((text[from..at].to_lowercase(), from, at));
                start = None;
            }
            _ => {}
        }
    }
    found
}

impl Redactor {
    /// A redactor for the anonymous respondents, each given as `(name, initials, pseudonym)`.
    ///
    /// # Examples
    /// ```
    /// use klantwaarde::anonymity::Redactor;
    /// let redactor = Redactor::new([("Kees Klant", "KK", "Respondent 1")]);
    /// assert_eq!(redactor.apply("2011H2-KLANT_NV-KK.xlsx"), "2011H2-KLANT_NV-Respondent 1.xlsx");
    /// assert_eq!(redactor.apply("kees-klant.xlsx"), "Respondent 1.xlsx");
    /// ```
    pub fn new<'a>(anonymous: impl IntoIterator<Item = (&'a str, &'a str, &'a str)>) -> Redactor {
        let mut names: HashMap<String, Vec<(Vec<String>, String)>> = HashMap::new();
        for (name, initials, shown_as) in anonymous {
            for key in [name, initials] {
                let key: String = key.nfc().collect();
                let key: Vec<String> = words(&key).into_iter().map(|(word, ..)| word).collect();
                if let Some(first) = key.first() {
                    names
                        .entry(first.clone())
                        .or_default()
                        .push((key, shown_as.to_string()));
                }
            }
        }
        for candidates in names.values_mut() {
            candidates.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.cmp(b)));
            candidates.dedup();
        }
        Redactor { names }
    }

    /// `text` with every anonymous respondent's name and initials, as whole words in order
    /// whatever separates them and whatever their case, replaced by their pseudonym; borrowed
    /// when nothing was replaced.
    ///
    /// # Examples
    /// See [`Redactor::new`].
    pub fn apply<'t>(&self, text: &'t str) -> Cow<'t, str> {
        if self.names.is_empty() {
            return Cow::Borrowed(text);
        }
        let normalised: String = text.nfc().collect();
        let words = words(&normalised);
        let mut out = String::with_capacity(normalised.len());
        let mut copied = 0;
        let mut replaced = false;
        let mut index = 0;
        while index < words.len() {
            let found = self.names.get(&words[index].0).and_then(|candidates| {
                candidates.iter().find(|(key, _)| {
                    words.len() - index >= key.len()
                        && key.iter().zip(&words[index..]).all(|(a, b)| *a == b.0)
                })
            });
            let Some((key, shown_as)) = found else {
                index += 1;
                continue;
            };
            out.push_str(&normalised[copied..words[index].1]);
            out.push_str(shown_as);
            copied = words[index + key.len() - 1].2;
            index += key.len();
            replaced = true;
        }
        if !replaced {
            return Cow::Borrowed(text);
        }
        out.push_str(&normalised[copied..]);
        Cow::Owned(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redactor(anonymous: &[(&str, &str, &str)]) -> Redactor {
        Redactor::new(anonymous.iter().copied())
    }

    #[test]
    fn redaction_replaces_whole_initials_and_names() {
        let redactor = redactor(&[("Kees Klant", "KK", "R1"), ("Anna", "AB", "R2")]);
        assert_eq!(
            redactor.apply("2011H2-KLANT_NV-KK.xlsx"),
            "2011H2-KLANT_NV-R1.xlsx"
        );
        assert_eq!(redactor.apply("KKB kk"), "KKB R1");
        assert_eq!(redactor.apply("From KEES klant: hi"), "From R1: hi");
        assert_eq!(
            redactor.apply("returned/kees-klant-secret.xlsx"),
            "returned/R1-secret.xlsx"
        );
        assert_eq!(redactor.apply("Kees"), "Kees");
        // Initials with punctuation, and a name written decomposed (as macOS file names are).
        let accented = Redactor::new([("José Ørsted", "J.Ø.", "R3")]);
        assert_eq!(accented.apply("2011H2-X-J-Ø.xlsx"), "2011H2-X-R3.xlsx");
        assert_eq!(accented.apply("jose\u{301}-ørsted.xlsx"), "R3.xlsx");
        // A name inside a longer word is someone else's word.
        assert_eq!(redactor.apply("Annabel, Anna."), "Annabel, R2.");
        assert!(matches!(redactor.apply("nothing here"), Cow::Borrowed(_)));
    }

    #[test]
    fn redaction_never_rewrites_a_pseudonym_it_wrote() {
        // Respondent `R1`'s pseudonym is another respondent's initials.
        let redactor = redactor(&[("Kees Klant", "KK", "R1"), ("Rob Een", "R1", "R2")]);
        assert_eq!(redactor.apply("KK and R1"), "R1 and R2");
    }
}
