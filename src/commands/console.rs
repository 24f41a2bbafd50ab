//! The terminal: the only module that prints or draws progress.
//!
//! Every line passes through [`clean`] on its way out, because much of what the commands print
//! came from files (file names, `meta` fields, answers): a control character, a bidi override or a
//! newline in them must show as an escape, never act on the terminal or forge a line of its own.
//! JSON goes out untouched: serde already escapes it.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{IsTerminal, Write};

use klantwaarde::labels::Language;

/// The longest line printed; longer ones end in an ellipsis (a 20,000-character remark in a
/// warning helps nobody on a terminal, and the full text is in the monitor).
const MAX_LINE_CHARS: usize = 1_000;

/// Runs shorter than this get no progress bar: they finish before one would be read.
const PROGRESS_FROM: u64 = 50;

/// A line on standard output (the result of `check` and `status`); a closed pipe
/// (`klantwaarde check … | head`) is not an error.
pub fn out(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{}", clean(text));
}

/// Machine-readable output on standard output, as it is.
pub fn json(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(stdout, "{text}");
}

/// A message line on standard error.
pub fn say(text: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "{}", clean(text));
}

/// `warning: …` (`waarschuwing: …`) on standard error.
pub fn warn(language: Language, text: &str) {
    say(&klantwaarde::msg!(language, "commands.warning", text));
}

/// `error: …` (`fout: …`) on standard error.
pub fn error(language: Language, text: &str) {
    say(&klantwaarde::msg!(language, "commands.error", text));
}

/// A command's error and the language of the run when it stopped: the master's once it was
/// read, else the one of `--lang` or the environment.
#[derive(Debug)]
pub struct Failure {
    /// The language the error's line is worded in.
    pub language: Language,
    /// What went wrong, its chain worded in `language`.
    pub error: anyhow::Error,
}

/// Turns a command's `anyhow` result into one that knows the language it speaks.
pub trait Speak<T> {
    /// The result, an error as a [`Failure`] in `language`.
    fn speak(self, language: Language) -> Result<T, Failure>;
}

impl<T> Speak<T> for anyhow::Result<T> {
    fn speak(self, language: Language) -> Result<T, Failure> {
        self.map_err(|error| Failure { language, error })
    }
}

/// The whole chain of a command's error, once, on one line and never with a backtrace (`{:#}`).
pub fn error_chain(failure: &Failure) {
    self::error(failure.language, &format!("{:#}", failure.error));
}

/// A progress bar on standard error for long runs; hidden when standard error is not a terminal,
/// for short runs and with `--quiet`.
pub fn progress_bar(length: u64, quiet: bool) -> indicatif::ProgressBar {
    if quiet || length < PROGRESS_FROM || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(length);
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}") {
        bar.set_style(style);
    }
    bar
}

/// Whether a character would act on a terminal rather than show: C0 and C1 controls (ESC, CR,
/// LF, BEL, …), DEL, and the bidirectional overrides and isolates that reorder what follows.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

/// `text` as one safe line: unsafe characters as visible escapes (`\n`, `\e`, `\u{202e}`), and
/// cut at [`MAX_LINE_CHARS`] with an ellipsis.
pub fn clean(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) && text.len() <= MAX_LINE_CHARS {
        return Cow::Borrowed(text);
    }
    let mut line = String::with_capacity(text.len().min(MAX_LINE_CHARS + 16));
    for (count, c) in text.chars().enumerate() {
        if count == MAX_LINE_CHARS {
            line.push('…');
            break;
        }
        match c {
            '\n' => line.push_str("\\n"),
            '\r' => line.push_str("\\r"),
            '\t' => line.push_str("\\t"),
            '\u{1b}' => line.push_str("\\e"),
            c if is_unsafe(c) => {
                let _ = write!(line, "\\u{{{:x}}}", u32::from(c));
            }
            c => line.push(c),
        }
    }
    Cow::Owned(line)
}

#[cfg(test)]
mod tests {
    use super::clean;

    fn check(input: &str, expected: &str) {
        assert_eq!(clean(input), expected, "{input:?}");
    }

    #[test]
    fn terminal_controls_from_files_show_as_escapes() {
        check("plain text, é and ✓", "plain text, é and ✓");
        check(
            "a\u{1b}[2J\u{1b}[32mALL FILES ACCEPTED",
            "a\\e[2J\\e[32mALL FILES ACCEPTED",
        );
        check("title\u{1b}]0;owned\u{7}", "title\\e]0;owned\\u{7}");
        check(
            "x.xlsx: accepted\nforged.xlsx: accepted",
            "x.xlsx: accepted\\nforged.xlsx: accepted",
        );
        check("cr\rover", "cr\\rover");
        check("c1\u{9b}31m", "c1\\u{9b}31m");
        check("del\u{7f}", "del\\u{7f}");
        check("bidi \u{202e}xslx.exe", "bidi \\u{202e}xslx.exe");
        check("isolate \u{2066}x\u{2069}", "isolate \\u{2066}x\\u{2069}");
    }

    #[test]
    fn long_lines_end_in_an_ellipsis() {
        let long = "a".repeat(20_360);
        let cleaned = clean(&long);
        assert_eq!(cleaned.chars().count(), super::MAX_LINE_CHARS + 1);
        assert!(cleaned.ends_with('…'));
        let exact = "b".repeat(super::MAX_LINE_CHARS);
        assert_eq!(clean(&exact), exact);
    }
}
