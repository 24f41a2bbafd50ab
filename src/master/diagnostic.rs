//! Diagnostics of a master file: where (line and column) and what to do, in the words of someone
//! who edits the master in Notepad rather than those of the TOML parser.

use std::fmt;
use std::path::Path;

use super::nearest;

/// How serious a [`Diagnostic`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The master cannot be used until it is fixed.
    Error,
    /// The master works, but probably not as meant.
    Warning,
}

/// One problem found in a master file, with where it is and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Where in the file, when known: a TOML line and column, or a workbook's sheet and cell.
    pub position: Option<Position>,
    /// What is wrong and what to do, lowercase, no trailing period.
    pub message: String,
}

/// Where a [`Diagnostic`] applies.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Position {
    /// 1-based line and column of a TOML master.
    Line {
        /// The line, from 1.
        line: usize,
        /// The column in characters, from 1.
        column: usize,
    },
    /// A cell of a workbook master, as `Sheet!B4`.
    Cell(String),
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Position::Line { line, column } => write!(f, "{line}:{column}"),
            Position::Cell(cell) => write!(f, "{cell}"),
        }
    }
}

impl Diagnostic {
    /// Formats the diagnostic the way compilers do: `file:line:column: error: message`, or
    /// `file: Sheet!B4: error: message` for a workbook master.
    pub fn display<'a>(&'a self, file: &'a Path) -> impl fmt::Display + 'a {
        DisplayDiagnostic {
            diagnostic: self,
            file,
        }
    }
}

struct DisplayDiagnostic<'a> {
    diagnostic: &'a Diagnostic,
    file: &'a Path,
}

impl fmt::Display for DisplayDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        match &self.diagnostic.position {
            Some(position @ Position::Line { .. }) => write!(f, ":{position}")?,
            Some(position @ Position::Cell(_)) => write!(f, ": {position}")?,
            None => {}
        }
        let severity = match self.diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, ": {severity}: {}", self.diagnostic.message)
    }
}

pub(super) fn syntax_diagnostic(source: &str, error: &toml::de::Error) -> Diagnostic {
    let line = error.span().map_or("", |span| line_at(source, span.start));
    Diagnostic {
        severity: Severity::Error,
        position: error.span().map(|span| {
            let (line, column) = line_column(source, span.start);
            Position::Line { line, column }
        }),
        message: explain_toml_error(error.message().trim().trim_end_matches('.'), line),
    }
}

/// The text of the line holding `offset`, without its line ending.
pub(super) fn line_at(source: &str, offset: usize) -> &str {
    let offset = offset.min(source.len());
    let start = source[..offset].rfind('\n').map_or(0, |p| p + 1);
    let end = source[offset..]
        .find('\n')
        .map_or(source.len(), |p| offset + p);
    source[start..end].trim_end_matches('\r')
}

/// The unknown key and the keys allowed beside it, from serde's "unknown field `clinet`,
/// expected one of `client`, `supplier`, …".
pub(super) fn unknown_field(message: &str) -> Option<(&str, Vec<&str>)> {
    let (unknown, rest) = message
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split_once('`'))?;
    Some((unknown, rest.split('`').skip(1).step_by(2).collect()))
}

/// toml and serde say what is wrong in their own terms ("expected f64"); add what to do, in the
/// terms of someone who edits the master in Notepad.
pub(super) fn explain_toml_error(message: &str, line: &str) -> String {
    if let Some((unknown, known)) = unknown_field(message) {
        return match nearest(unknown, known.iter().copied()) {
            Some(suggestion) => format!("unknown key `{unknown}`; did you mean `{suggestion}`?"),
            None if known.is_empty() => format!("unknown key `{unknown}`; remove it"),
            None => format!(
                "unknown key `{unknown}`; remove it or use one of the keys allowed here: `{}`",
                known.join("`, `")
            ),
        };
    }
    if let Some(key) = message.strip_prefix("missing field ") {
        return format!(
            "missing key {key}; add it (see `klantwaarde init` for a commented example)"
        );
    }
    if let Some(number) = decimal_comma(message).or_else(|| decimal_comma(line)) {
        let point = number.replace(',', ".");
        return format!(
            "`{number}` has a decimal comma; write {point}, with a point and without quotes"
        );
    }
    if message.starts_with("invalid type:") || message.starts_with("invalid value:") {
        const EXPECTED: [(&str, &str); 7] = [
            ("f64", "a number; write it without quotes, e.g. 7.5"),
            (
                "a TOML datetime",
                "a date; write it without quotes, like 2011-11-30",
            ),
            ("a boolean", "true or false; write it without quotes"),
            ("a string", "text; put it between double quotes"),
            (
                "a sequence",
                "a list; write values as [\"AA\", \"KK\"] and tables as [[name]] with double brackets",
            ),
            (
                "struct ",
                "a table; write it as [name] with its keys on the lines below",
            ),
            (
                "a map",
                "a table; write it as [name] with its keys on the lines below",
            ),
        ];
        if let Some((head, expected)) = message.split_once(", expected ")
            && let Some((_, hint)) = EXPECTED.iter().find(|(rust, _)| expected.starts_with(rust))
        {
            return format!("{head}, expected {hint}");
        }
        return format!("{message}; check the value on this line against `klantwaarde init`");
    }
    let hint = if let Some(quote) = line
        .chars()
        .find(|c| matches!(c, '\u{2018}' | '\u{2019}' | '\u{201c}' | '\u{201d}'))
    {
        format!(
            "this line holds a typographic quote ({quote}), probably from a word processor; type straight quotes (\") instead"
        )
    } else if line.contains(['\u{a0}', '\u{2007}', '\u{202f}']) {
        "this line holds a non-breaking space; retype it as a normal space".to_string()
    } else if line
        .chars()
        .any(|c| c.is_control() && c != '\t' && c != '\r')
    {
        "this line holds an invisible control character; retype the line".to_string()
    } else if message == "duplicate key" {
        "a key may appear only once per table; remove one of the two".to_string()
    } else if message.starts_with("invalid date") || message.starts_with("invalid time") {
        "write an existing date like 2011-11-30".to_string()
    } else {
        "check the quotes, brackets, commas and `=` on this line (text goes between straight double quotes)".to_string()
    };
    format!("{message}; {hint}")
}

/// A number written with a decimal comma (`7,5`) in `text`, as a Dutch spreadsheet shows it.
fn decimal_comma(text: &str) -> Option<&str> {
    let bytes = text.as_bytes();
    let comma = (1..bytes.len().saturating_sub(1)).find(|&i| {
        bytes[i] == b','
            && bytes[i - 1].is_ascii_digit()
            && bytes[i + 1].is_ascii_digit()
            && text[..i]
                .trim_end_matches(|c: char| c.is_ascii_digit())
                .trim_end()
                .ends_with(['=', '"'])
    })?;
    let start = text[..comma]
        .rfind(|c: char| !c.is_ascii_digit())
        .map_or(0, |p| p + 1);
    let end = text[comma + 1..]
        .find(|c: char| !c.is_ascii_digit())
        .map_or(text.len(), |p| comma + 1 + p);
    Some(&text[start..end])
}

/// Where each line of a source starts, built once: a position is then found by a binary search
/// instead of a scan from the start (a master with 40,000 duplicate initials asked for one per
/// duplicate).
pub(super) struct LineIndex<'s> {
    source: &'s str,
    starts: Vec<usize>,
}

impl<'s> LineIndex<'s> {
    pub(super) fn new(source: &'s str) -> Self {
        let starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', source.as_bytes()).map(|at| at + 1))
            .collect();
        LineIndex { source, starts }
    }

    /// The same as [`line_column`].
    pub(super) fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.source.len());
        let line = self.starts.partition_point(|&start| start <= offset);
        let line_start = self.starts[line - 1];
        let column = self.source[line_start..offset].chars().count() + 1;
        (line, column)
    }
}

pub(super) fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |p| p + 1);
    let column = source[line_start..offset].chars().count() + 1;
    (line, column)
}

/// Control characters and zero-width characters, which a message must not print as they are.
pub(super) fn is_invisible(c: char) -> bool {
    c.is_control() || matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}')
}

/// `text` with its invisible characters written as `\u{…}`, so that a message shows them.
pub(super) fn visible(text: &str) -> String {
    text.chars()
        .map(|c| {
            if is_invisible(c) {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod line_index_tests {
    use super::{LineIndex, line_column};

    #[test]
    fn finds_every_position_as_the_scan_from_the_start_does() {
        let source = "a = 1\r\n\nnaam = \"Zoë\"\n  x\n";
        let index = LineIndex::new(source);
        for (offset, _) in source
            .char_indices()
            .chain([(source.len(), ' '), (999, ' ')])
        {
            assert_eq!(
                index.line_column(offset),
                line_column(source, offset),
                "{offset}"
            );
        }
    }
}
