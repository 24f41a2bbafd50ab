//! Diagnostics of a master file: where (line and column) and what to do, in the words of someone
//! who edits the master in Notepad rather than those of the TOML parser.

use std::fmt;
use std::path::Path;

use super::nearest;
use crate::labels::Language;

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
    /// What is wrong and what to do, lowercase, no trailing period, in `language`.
    pub message: String,
    /// The language of the master it was found in (Dutch when the master's `language` could not
    /// be read): the language of `message` and of [`Diagnostic::display`].
    pub language: Language,
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
    /// `file: Sheet!B4: error: message` for a workbook master, in the diagnostic's language
    /// (`fout`, `waarschuwing` in Dutch).
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
        let language = self.diagnostic.language;
        let severity = match self.diagnostic.severity {
            Severity::Error => crate::msg!(language, "master.severity_error"),
            Severity::Warning => crate::msg!(language, "master.severity_warning"),
        };
        write!(f, ": {severity}: {}", self.diagnostic.message)
    }
}

pub(super) fn syntax_diagnostic(
    source: &str,
    error: &toml::de::Error,
    language: Language,
    workbook: bool,
) -> Diagnostic {
    let line = error.span().map_or("", |span| line_at(source, span.start));
    Diagnostic {
        severity: Severity::Error,
        position: error.span().map(|span| {
            let (line, column) = line_column(source, span.start);
            Position::Line { line, column }
        }),
        message: explain_toml_error(
            error.message().trim().trim_end_matches('.'),
            line,
            language,
            workbook,
        ),
        language,
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

/// The known key a misspelt one stands for, from serde's message: `client` for `clinet`.
pub(super) fn suggested_key(message: &str) -> Option<String> {
    let (unknown, known) = unknown_field(message)?;
    nearest(unknown, known.iter().copied())
}

/// toml and serde say what is wrong in their own terms ("expected f64"); add what to do, in the
/// terms of someone who edits the master in Notepad (or, for a workbook master, in a
/// spreadsheet), in the master's language.
pub(super) fn explain_toml_error(
    message: &str,
    line: &str,
    language: Language,
    workbook: bool,
) -> String {
    if let Some((unknown, known)) = unknown_field(message) {
        let suggestion = nearest(unknown, known.iter().copied());
        let known = known.join("`, `");
        return match (suggestion, known.is_empty(), workbook) {
            (Some(suggestion), _, false) => {
                crate::msg!(
                    language,
                    "master.unknown_key_did_you_mean",
                    unknown,
                    suggestion
                )
            }
            (Some(suggestion), _, true) => {
                crate::msg!(
                    language,
                    "master.unknown_column_did_you_mean",
                    unknown,
                    suggestion
                )
            }
            (None, true, false) => crate::msg!(language, "master.unknown_key_remove", unknown),
            (None, true, true) => crate::msg!(language, "master.unknown_column_remove", unknown),
            (None, false, false) => {
                crate::msg!(language, "master.unknown_key_allowed", unknown, known)
            }
            (None, false, true) => {
                crate::msg!(language, "master.unknown_column_allowed", unknown, known)
            }
        };
    }
    if let Some(key) = message.strip_prefix("missing field ") {
        return if workbook {
            crate::msg!(language, "master.missing_column", key)
        } else {
            crate::msg!(language, "master.missing_key", key)
        };
    }
    if let Some(number) = decimal_comma(message).or_else(|| decimal_comma(line)) {
        let point = number.replace(',', ".");
        return crate::msg!(language, "master.decimal_comma", number, point);
    }
    if message.starts_with("invalid type:") || message.starts_with("invalid value:") {
        if let Some((head, expected)) = message.split_once(", expected ")
            && let Some(hint) = expected_hint(expected, language)
        {
            let found = found_value(head, language);
            return if head.starts_with("invalid type:") {
                crate::msg!(language, "master.invalid_type", found, hint)
            } else {
                crate::msg!(language, "master.invalid_value", found, hint)
            };
        }
        return crate::msg!(language, "master.invalid_other", message);
    }
    let hint = if let Some(quote) = line
        .chars()
        .find(|c| matches!(c, '\u{2018}' | '\u{2019}' | '\u{201c}' | '\u{201d}'))
    {
        crate::msg!(language, "master.hint_typographic_quote", quote)
    } else if line.contains(['\u{a0}', '\u{2007}', '\u{202f}']) {
        crate::msg!(language, "master.hint_non_breaking_space")
    } else if line
        .chars()
        .any(|c| c.is_control() && c != '\t' && c != '\r')
    {
        crate::msg!(language, "master.hint_control_character")
    } else if message == "duplicate key" {
        crate::msg!(language, "master.hint_duplicate_key")
    } else if message.starts_with("invalid date") || message.starts_with("invalid time") {
        crate::msg!(language, "master.hint_invalid_date")
    } else {
        crate::msg!(language, "master.hint_syntax")
    };
    crate::msg!(language, "master.syntax", message, hint)
}

/// What serde expected, as what to write: "f64" is a number without quotes.
fn expected_hint(expected: &str, language: Language) -> Option<String> {
    Some(if expected.starts_with("f64") {
        crate::msg!(language, "master.expected_number")
    } else if expected.starts_with("a TOML datetime") {
        crate::msg!(language, "master.expected_date")
    } else if expected.starts_with("a boolean") {
        crate::msg!(language, "master.expected_bool")
    } else if expected.starts_with("a string") {
        crate::msg!(language, "master.expected_text")
    } else if expected.starts_with("a sequence") {
        crate::msg!(language, "master.expected_list")
    } else if expected.starts_with("struct ") || expected.starts_with("a map") {
        crate::msg!(language, "master.expected_table")
    } else {
        return None;
    })
}

/// What serde found, from its "invalid type: string \"7,5\"", in the master's words.
fn found_value(head: &str, language: Language) -> String {
    let found = head
        .strip_prefix("invalid type: ")
        .or_else(|| head.strip_prefix("invalid value: "))
        .unwrap_or(head);
    if let Some(value) = found.strip_prefix("string ") {
        crate::msg!(language, "master.found_text", value)
    } else if let Some(value) = found.strip_prefix("integer ") {
        crate::msg!(language, "master.found_integer", value)
    } else if let Some(value) = found.strip_prefix("floating point ") {
        crate::msg!(language, "master.found_float", value)
    } else if let Some(value) = found.strip_prefix("boolean ") {
        crate::msg!(language, "master.found_bool", value)
    } else if found == "sequence" {
        crate::msg!(language, "master.found_list")
    } else if found == "map" {
        crate::msg!(language, "master.found_table")
    } else {
        found.to_string()
    }
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
