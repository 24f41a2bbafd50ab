//! The one placeholder engine: `{name}` in texts, filled from named values.
//!
//! Two dialects share one scanner. Mail texts are strict ([`split_strict`]): `{{` and `}}` are
//! literal braces and every other brace must open or close a placeholder, so that a typo is
//! reported rather than mailed. Texts of the master and of the label files are lenient
//! ([`fill`]): a brace that does not enclose a plain name stays as text, since a question may well
//! say "{ … }". This module knows no placeholder names; its callers do. It does no I/O.

/// One piece of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'t> {
    /// Text as it stands.
    Text(&'t str),
    /// The name between the braces of a placeholder, as written.
    Placeholder(&'t str),
}

/// A brace that opens or closes nothing, in a strict text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Brace {
    /// A `{` with no `}` after it on the same line.
    Unclosed,
    /// A `}` that closes nothing.
    Unopened,
}

/// Splits one line of a strict text into pieces, with every unmatched brace.
///
/// # Examples
/// ```
/// use klantwaarde::template::{Brace, Piece, split_strict};
/// let (pieces, problems) = split_strict("Dear {name}, {{literal}}");
/// assert_eq!(
///     pieces,
///     [Piece::Text("Dear "), Piece::Placeholder("name"), Piece::Text(", "),
///      Piece::Text("{"), Piece::Text("literal"), Piece::Text("}")]
/// );
/// assert!(problems.is_empty());
/// assert_eq!(split_strict("a } b {c").1, [Brace::Unopened, Brace::Unclosed]);
/// ```
pub fn split_strict(line: &str) -> (Vec<Piece<'_>>, Vec<Brace>) {
    let mut pieces = Vec::new();
    let mut problems = Vec::new();
    let mut rest = line;
    while let Some(position) = rest.find(['{', '}']) {
        if position > 0 {
            pieces.push(Piece::Text(&rest[..position]));
        }
        let at = &rest[position..];
        let after = &rest[position + 1..];
        if at.starts_with("{{") {
            pieces.push(Piece::Text("{"));
            rest = &rest[position + 2..];
        } else if at.starts_with("}}") {
            pieces.push(Piece::Text("}"));
            rest = &rest[position + 2..];
        } else if at.starts_with('}') {
            problems.push(Brace::Unopened);
            rest = after;
        } else if let Some(end) = after.find('}') {
            pieces.push(Piece::Placeholder(&after[..end]));
            rest = &after[end + 1..];
        } else {
            problems.push(Brace::Unclosed);
            rest = "";
        }
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest));
    }
    (pieces, problems)
}

/// Splits a lenient text: only `{name}` with a plain name (letters, digits, `_`) is a
/// placeholder; any other brace is text.
fn split_lenient(text: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut rest = text;
    let mut start = 0;
    while let Some(open) = rest[start..].find('{').map(|i| i + start) {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close)
                if close > 0
                    && after[..close]
                        .chars()
                        .all(|c| c.is_alphanumeric() || c == '_') =>
            {
                if open > 0 {
                    pieces.push(Piece::Text(&rest[..open]));
                }
                pieces.push(Piece::Placeholder(&after[..close]));
                rest = &after[close + 1..];
                start = 0;
            }
            _ => start = open + 1,
        }
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest));
    }
    pieces
}

/// Fills the placeholders of a lenient text from `values` (name, value).
///
/// # Errors
/// The name of the first placeholder that `values` does not hold.
///
/// # Examples
/// ```
/// use klantwaarde::template::fill;
/// let values = [("supplier", "BESTSELLER B.V."), ("client", "KLANT NV")];
/// assert_eq!(fill("{supplier} helpt {client} { zo }", &values).unwrap(), "BESTSELLER B.V. helpt KLANT NV { zo }");
/// assert_eq!(fill("{leverancier}", &values).unwrap_err(), "leverancier");
/// ```
pub fn fill(text: &str, values: &[(&str, &str)]) -> Result<String, String> {
    let mut out = String::with_capacity(text.len() + 16);
    for piece in split_lenient(text) {
        match piece {
            Piece::Text(part) => out.push_str(part),
            Piece::Placeholder(name) => match values.iter().find(|(key, _)| *key == name) {
                Some((_, value)) => out.push_str(value),
                None => return Err(name.to_string()),
            },
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, expected: Result<&str, &str>) {
        let values = [("supplier", "S"), ("client", "C")];
        assert_eq!(
            fill(text, &values),
            expected.map(str::to_string).map_err(str::to_string),
            "{text:?}"
        );
    }

    #[test]
    fn lenient_texts_fill_plain_names_and_keep_other_braces() {
        check("", Ok(""));
        check("no braces", Ok("no braces"));
        check("{supplier}", Ok("S"));
        check("{supplier} en {client}.", Ok("S en C."));
        check("{supplier}{client}", Ok("SC"));
        check("{ supplier }", Ok("{ supplier }"));
        check("{}", Ok("{}"));
        check("{{supplier}}", Ok("{S}"));
        check("open { only", Ok("open { only"));
        check("close } only", Ok("close } only"));
        check("a {b-c} d", Ok("a {b-c} d"));
        check("{x {supplier}", Ok("{x S"));
        check("é{client}ü", Ok("éCü"));
        check("{klant}", Err("klant"));
        check("{supplier} {leverancier} {x}", Err("leverancier"));
    }

    #[test]
    fn strict_lines_report_every_unmatched_brace() {
        let (pieces, problems) = split_strict("}{a}{");
        assert_eq!(pieces, [Piece::Placeholder("a")]);
        assert_eq!(problems, [Brace::Unopened, Brace::Unclosed]);
        let (pieces, problems) = split_strict("{ spaced name }");
        assert_eq!(pieces, [Piece::Placeholder(" spaced name ")]);
        assert!(problems.is_empty());
    }
}
