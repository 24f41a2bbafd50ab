//! The one pattern of a measurement period, so that the trend always sorts right: a year
//! (`2011`), a half year (`2011H1`, `2011H2`) or a quarter (`2011Q1` … `2011Q4`), the year
//! from 1900 to 2999 in four digits and the letter a capital.

use std::cmp::Ordering;

/// A period that follows the pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// The year.
    pub year: u16,
    /// Which part of it.
    pub part: Part,
}

/// The part of a year a period covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The whole year.
    Year,
    /// Half year 1 or 2.
    Half(u8),
    /// Quarter 1 to 4.
    Quarter(u8),
}

impl Period {
    /// The period in `text`, when it follows the pattern exactly.
    #[must_use]
    pub fn parse(text: &str) -> Option<Period> {
        let bytes = text.as_bytes();
        if bytes.len() < 4 || !bytes[..4].iter().all(u8::is_ascii_digit) {
            return None;
        }
        let year: u16 = text[..4].parse().ok()?;
        if !(1900..=2999).contains(&year) {
            return None;
        }
        let part = match &bytes[4..] {
            [] => Part::Year,
            [b'H', n @ b'1'..=b'2'] => Part::Half(n - b'0'),
            [b'Q', n @ b'1'..=b'4'] => Part::Quarter(n - b'0'),
            _ => return None,
        };
        Some(Period { year, part })
    }

    /// The first month the period covers, 1–12.
    #[must_use]
    pub fn start_month(&self) -> u8 {
        match self.part {
            Part::Year => 1,
            Part::Half(n) => 1 + (n - 1) * 6,
            Part::Quarter(n) => 1 + (n - 1) * 3,
        }
    }

    /// The key the trend sorts by: year, first month, then year before half before quarter.
    #[must_use]
    pub fn sort_key(&self) -> (u16, u8, u8) {
        let rank = match self.part {
            Part::Year => 0,
            Part::Half(_) => 1,
            Part::Quarter(_) => 2,
        };
        (self.year, self.start_month(), rank)
    }

    /// Whether this period starts after `other` starts.
    #[must_use]
    pub fn starts_after(&self, other: &Period) -> bool {
        (self.year, self.start_month()) > (other.year, other.start_month())
    }
}

/// Orders two period texts as the trend shows them: by [`Period::sort_key`], texts that do
/// not follow the pattern after those that do, by their text.
#[must_use]
pub fn compare(a: &str, b: &str) -> Ordering {
    match (Period::parse(a), Period::parse(b)) {
        (Some(x), Some(y)) => x.sort_key().cmp(&y.sort_key()).then_with(|| a.cmp(b)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => a.cmp(b),
    }
}

/// What a period that does not follow the pattern was probably meant to be: `2011h1`,
/// `2011-H1`, `H1 2011`, `2011 H1`, `2011S1` (semester), `2011-2` (ambiguous: both readings,
/// the half year first); none when nothing near is a period.
#[must_use]
pub fn suggest(text: &str) -> Vec<String> {
    let squeezed: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '_' | '/' | '.'))
        .collect::<String>()
        .to_uppercase();
    let (digits, letters): (String, String) = squeezed.chars().partition(char::is_ascii_digit);
    let year_first = squeezed.starts_with(|c: char| c.is_ascii_digit());
    let (year, number) = match digits.len() {
        4 => (digits.clone(), None),
        5 if year_first => (digits[..4].to_string(), Some(digits[4..].to_string())),
        5 => (digits[1..].to_string(), Some(digits[..1].to_string())),
        _ => return Vec::new(),
    };
    let candidate = match (letters.as_str(), number.as_deref()) {
        ("", None) => year.clone(),
        ("H" | "S" | "HJ", Some(n)) => format!("{year}H{n}"),
        ("Q" | "K" | "KW", Some(n)) => format!("{year}Q{n}"),
        ("", Some(n @ ("1" | "2"))) => {
            return vec![format!("{year}H{n}"), format!("{year}Q{n}")];
        }
        ("", Some(n @ ("3" | "4"))) => format!("{year}Q{n}"),
        _ => return Vec::new(),
    };
    if Period::parse(&candidate).is_some() && candidate != text {
        vec![candidate]
    } else {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pattern_and_its_order() {
        for good in ["2011", "2011H1", "2011H2", "2011Q1", "2011Q4"] {
            assert!(Period::parse(good).is_some(), "{good}");
        }
        for bad in [
            "2011h1", "2011H3", "2011Q5", "2011-2", "11H1", "H1 2011", "2011 H1", "", "2011H",
            "0999", "20111",
        ] {
            assert!(Period::parse(bad).is_none(), "{bad}");
        }
        let mut periods = vec!["2012H1", "2011Q3", "2011H2", "2011", "2011H1", "2010Q4"];
        periods.sort_by(|a, b| compare(a, b));
        assert_eq!(
            periods,
            ["2010Q4", "2011", "2011H1", "2011H2", "2011Q3", "2012H1"]
        );
        let h2 = Period::parse("2011H2").unwrap();
        assert!(Period::parse("2012H1").unwrap().starts_after(&h2));
        assert!(!Period::parse("2011Q3").unwrap().starts_after(&h2));
    }

    #[test]
    fn suggestions() {
        assert_eq!(suggest("2011h1"), ["2011H1"]);
        assert_eq!(suggest("2011-H1"), ["2011H1"]);
        assert_eq!(suggest("H1 2011"), ["2011H1"]);
        assert_eq!(suggest("2011 S2"), ["2011H2"]);
        assert_eq!(suggest("2011-q3"), ["2011Q3"]);
        assert_eq!(suggest("2024-2"), ["2024H2", "2024Q2"]);
        assert!(suggest("voorjaar").is_empty());
    }
}
