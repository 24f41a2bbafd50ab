//! Every message the tool words — command output, errors, diagnostics, the problems of a read
//! file, the `--help` texts — in Dutch and English.
//!
//! The messages live in `templates/messages/*.toml`, one file per part of the tool, each message
//! a table with its `en` and `nl` text side by side, so that no message exists in one language
//! only. They are compiled in. A message's key is its file's name and its table's name:
//! `ingest.rejected` is `[rejected]` in `ingest.toml`. Texts use the strict placeholder dialect
//! of [`crate::template`]: `{name}` is filled, `{{` and `}}` are literal braces.
//!
//! Callers word a message with [`msg!`](crate::msg): the key is a literal, so the tests find
//! every key the code uses and check that both languages have it, with the same placeholders as
//! the call fills.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::labels::Language;
use crate::template::{Piece, split_strict};

/// The message files: the part of the tool (the key's prefix) and the file's text.
const FILES: &[(&str, &str)] = &[
    ("cli", include_str!("../templates/messages/cli.toml")),
    (
        "commands",
        include_str!("../templates/messages/commands.toml"),
    ),
    ("master", include_str!("../templates/messages/master.toml")),
    ("reader", include_str!("../templates/messages/reader.toml")),
    ("ingest", include_str!("../templates/messages/ingest.toml")),
    (
        "outputs",
        include_str!("../templates/messages/outputs.toml"),
    ),
    ("base", include_str!("../templates/messages/base.toml")),
];

/// One message in both languages.
#[derive(Debug)]
struct Texts {
    en: String,
    nl: String,
}

/// Every message, by key; the problems found reading the files (empty when they are sound, which
/// the tests hold to).
struct Catalogue {
    texts: BTreeMap<String, Texts>,
    #[cfg_attr(
        not(test),
        expect(dead_code, reason = "the tests hold the files to it")
    )]
    problems: Vec<String>,
}

fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| {
        let mut texts = BTreeMap::new();
        let mut problems = Vec::new();
        for (part, source) in FILES {
            read_file(part, source, &mut texts, &mut problems);
        }
        Catalogue { texts, problems }
    })
}

/// Reads one message file into `texts`; every problem (not TOML, a message without both
/// languages, a stray key) goes to `problems`.
fn read_file(
    part: &str,
    source: &str,
    texts: &mut BTreeMap<String, Texts>,
    problems: &mut Vec<String>,
) {
    let table: toml::Table = match toml::from_str(source) {
        Ok(table) => table,
        Err(error) => {
            problems.push(format!("{part}.toml: {}", error.message()));
            return;
        }
    };
    for (name, value) in table {
        let key = format!("{part}.{name}");
        let toml::Value::Table(mut entry) = value else {
            problems.push(format!("{key}: not a table with `en` and `nl`"));
            continue;
        };
        let mut take = |language: &str| match entry.remove(language) {
            Some(toml::Value::String(text)) => text,
            _ => {
                problems.push(format!("{key}: no `{language}` text"));
                String::new()
            }
        };
        let en = take("en");
        let nl = take("nl");
        problems.extend(
            entry
                .keys()
                .map(|stray| format!("{key}: unknown `{stray}`")),
        );
        texts.insert(key, Texts { en, nl });
    }
}

/// The text of `key` in `language`, placeholders unfilled; `None` for a key no file holds.
pub fn text(language: Language, key: &str) -> Option<&'static str> {
    catalogue().texts.get(key).map(|texts| match language {
        Language::Dutch => texts.nl.as_str(),
        Language::English => texts.en.as_str(),
    })
}

/// The message `key` in `language`, its placeholders filled from `values` (name, value).
///
/// A key no file holds, or a placeholder `values` lacks, cannot happen for a key written in
/// [`msg!`](crate::msg) (the tests check every one); should it all the same, the key or the
/// placeholder is shown as it stands rather than a message lost.
pub fn render(language: Language, key: &str, values: &[(&str, &str)]) -> String {
    let Some(text) = text(language, key) else {
        debug_assert!(false, "no message `{key}`");
        return key.to_string();
    };
    let mut out = String::with_capacity(text.len() + 32);
    for (index, line) in text.split('\n').enumerate() {
        if index > 0 {
            out.push('\n');
        }
        for piece in split_strict(line).0 {
            match piece {
                Piece::Text(part) => out.push_str(part),
                Piece::Placeholder(name) => match values.iter().find(|(n, _)| *n == name) {
                    Some((_, value)) => out.push_str(value),
                    None => {
                        debug_assert!(false, "message `{key}` lacks a value for `{name}`");
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                },
            }
        }
    }
    out
}

/// A number as a reader of `language` writes it: a decimal comma in Dutch (7,50), a point in
/// English (7.50); with `places` decimals, else as few as show it exactly.
///
/// ```
/// use klantwaarde::labels::Language;
/// use klantwaarde::messages::decimal;
/// assert_eq!(decimal(Language::Dutch, 7.5, Some(2)), "7,50");
/// assert_eq!(decimal(Language::English, 7.5, Some(2)), "7.50");
/// assert_eq!(decimal(Language::Dutch, -3.25, None), "-3,25");
/// assert_eq!(decimal(Language::Dutch, 8.0, None), "8");
/// ```
pub fn decimal(language: Language, value: f64, places: Option<usize>) -> String {
    let text = match places {
        Some(places) => format!("{value:.places$}"),
        None => value.to_string(),
    };
    decimal_text(language, &text)
}

/// A number already written with a decimal point (`7.5`, `1e308`), as a reader of `language`
/// writes it; any other text as it stands.
pub fn decimal_text(language: Language, text: &str) -> String {
    if language == Language::Dutch && text.parse::<f64>().is_ok() {
        text.replace('.', ",")
    } else {
        text.to_string()
    }
}

/// `Display` for types that word themselves with `message(language)`: the English message, so
/// that `to_string()` and `{}` still give a text where no language is known.
macro_rules! english_display {
    ($($name:ident),+ $(,)?) => {$(
        impl ::std::fmt::Display for $name {
            fn fmt(&self, formatter: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                formatter.write_str(&self.message($crate::labels::Language::English))
            }
        }
    )+};
}
pub(crate) use english_display;

/// Words a message: `msg!(language, "part.name", value = expression, name)`, where a bare `name`
/// fills `{name}` from the variable of that name. Every value is shown with its `Display`.
///
/// ```
/// use klantwaarde::labels::Language;
/// let text = "7 december";
/// assert_eq!(
///     klantwaarde::msg!(Language::Dutch, "cli.bad_date", text),
///     "`7 december` is geen datum; schrijf hem als 2011-12-07"
/// );
/// assert_eq!(
///     klantwaarde::msg!(Language::English, "cli.bad_date", text, ),
///     "`7 december` is not a date; write it as 2011-12-07"
/// );
/// ```
#[macro_export]
macro_rules! msg {
    ($language:expr, $key:literal $(,)?) => {
        $crate::messages::render($language, $key, &[])
    };
    ($language:expr, $key:literal, $($name:ident $(= $value:expr)?),+ $(,)?) => {
        $crate::messages::render(
            $language,
            $key,
            &[$((stringify!($name), $crate::msg!(@value $name $(= $value)?).as_str())),+],
        )
    };
    (@value $name:ident = $value:expr) => {
        ::std::string::ToString::to_string(&$value)
    };
    (@value $name:ident) => {
        ::std::string::ToString::to_string(&$name)
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// The placeholders of a text, in order of first use.
    fn placeholders(text: &str) -> Vec<&str> {
        let mut names = Vec::new();
        for line in text.split('\n') {
            for piece in split_strict(line).0 {
                if let Piece::Placeholder(name) = piece
                    && !names.contains(&name)
                {
                    names.push(name);
                }
            }
        }
        names
    }

    #[test]
    fn every_message_file_is_sound() {
        let catalogue = catalogue();
        assert!(
            catalogue.problems.is_empty(),
            "{}",
            catalogue.problems.join("\n")
        );
        assert!(!catalogue.texts.is_empty());
    }

    #[test]
    fn both_languages_of_every_message_have_the_same_placeholders_and_words() {
        let mut problems = Vec::new();
        for (key, texts) in &catalogue().texts {
            let mut en = placeholders(&texts.en);
            let mut nl = placeholders(&texts.nl);
            en.sort_unstable();
            nl.sort_unstable();
            if en != nl {
                problems.push(format!("{key}: en has {en:?}, nl has {nl:?}"));
            }
            if texts.en.trim().is_empty() || texts.nl.trim().is_empty() {
                problems.push(format!("{key}: an empty text"));
            }
            for (language, text) in [("en", &texts.en), ("nl", &texts.nl)] {
                for line in text.split('\n') {
                    if !split_strict(line).1.is_empty() {
                        problems.push(format!("{key}.{language}: a brace that opens or closes nothing (write {{{{ or }}}} for a brace)"));
                    }
                }
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    /// One `msg!` call found in the source: its key and the names it fills.
    #[derive(Debug)]
    struct Call {
        file: String,
        key: String,
        names: Vec<String>,
    }

    /// Every `msg!(` call in `src/`, read the simple way: the key is the first string literal
    /// after it, the names are the identifiers that start an argument after the key.
    fn calls() -> Vec<Call> {
        let mut calls = Vec::new();
        let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs")
                    && !path.ends_with("src/messages.rs")
                {
                    let source = std::fs::read_to_string(&path).unwrap();
                    let file = path.display().to_string();
                    calls.extend(calls_in(&source).into_iter().map(|(key, names)| Call {
                        file: file.clone(),
                        key,
                        names,
                    }));
                }
            }
        }
        calls
    }

    /// The calls of one source text, as (key, names).
    fn calls_in(source: &str) -> Vec<(String, Vec<String>)> {
        let mut found = Vec::new();
        for (start, _) in source.match_indices("msg!(") {
            let rest = &source[start + 5..];
            // The macro's own definition and documentation hold `msg!(` with no literal key.
            let Some(open) = rest.find('"') else { continue };
            let Some(close) = rest[open + 1..].find('"') else {
                continue;
            };
            let key = &rest[open + 1..open + 1 + close];
            if !key.contains('.') || key.contains(' ') {
                continue;
            }
            // The arguments after the key, up to the call's closing parenthesis.
            let mut depth = 1usize;
            let mut end = open + close + 2;
            let bytes = rest.as_bytes();
            let mut in_string = false;
            while end < bytes.len() && depth > 0 {
                match bytes[end] {
                    b'"' if bytes[end - 1] != b'\\' => in_string = !in_string,
                    b'(' | b'[' | b'{' if !in_string => depth += 1,
                    b')' | b']' | b'}' if !in_string => depth -= 1,
                    _ => {}
                }
                end += 1;
            }
            let arguments = &rest[open + close + 2..end.saturating_sub(1)];
            let names = top_level_arguments(arguments)
                .into_iter()
                .filter_map(|argument| {
                    let name: String = argument
                        .trim()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    (!name.is_empty()).then_some(name)
                })
                .collect();
            found.push((key.to_string(), names));
        }
        found
    }

    /// Splits a call's arguments at the commas outside brackets and strings.
    fn top_level_arguments(text: &str) -> Vec<&str> {
        let mut arguments = Vec::new();
        let (mut depth, mut in_string, mut start) = (0usize, false, 0usize);
        let bytes = text.as_bytes();
        for (index, &byte) in bytes.iter().enumerate() {
            match byte {
                b'"' if index == 0 || bytes[index - 1] != b'\\' => in_string = !in_string,
                b'(' | b'[' | b'{' if !in_string => depth += 1,
                b')' | b']' | b'}' if !in_string => depth = depth.saturating_sub(1),
                b',' if !in_string && depth == 0 => {
                    arguments.push(&text[start..index]);
                    start = index + 1;
                }
                _ => {}
            }
        }
        arguments.push(&text[start..]);
        arguments.retain(|argument| !argument.trim().is_empty());
        arguments
    }

    #[test]
    fn every_message_the_code_words_exists_with_the_placeholders_it_fills() {
        let catalogue = catalogue();
        let calls = calls();
        assert!(!calls.is_empty(), "the scan finds the calls");
        let mut problems = Vec::new();
        for call in &calls {
            let Some(texts) = catalogue.texts.get(&call.key) else {
                problems.push(format!("{}: no message `{}`", call.file, call.key));
                continue;
            };
            let mut wanted: Vec<String> = placeholders(&texts.en)
                .into_iter()
                .map(str::to_string)
                .collect();
            let mut given = call.names.clone();
            wanted.sort_unstable();
            given.sort_unstable();
            if wanted != given {
                problems.push(format!(
                    "{}: `{}` fills {given:?}, its text has {wanted:?}",
                    call.file, call.key
                ));
            }
        }
        // A message no code words is dead; the `--help` texts are looked up by the command
        // tree's names rather than written in `msg!`, and the binary's tests check those.
        for key in catalogue.texts.keys() {
            if !key.starts_with("cli.help_") && !calls.iter().any(|call| &call.key == key) {
                problems.push(format!("`{key}` is worded by no code"));
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn the_scan_reads_keys_and_names() {
        let source = r#"let a = msg!(lang, "x.y", file, count = f(a, b), why = "a, b");"#;
        let found = calls_in(source);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "x.y");
        assert_eq!(found[0].1, ["file", "count", "why"]);
    }

    #[test]
    fn rendering_fills_placeholders_and_literal_braces() {
        assert_eq!(
            crate::msg!(Language::English, "cli.bad_date", text = "{x}"),
            "`{x}` is not a date; write it as 2011-12-07"
        );
        assert_eq!(text(Language::Dutch, "no.such"), None);
    }
}
