//! The master file: raw TOML in, a validated [`Master`] with typed references out.
//!
//! Parsing never stops at the first problem: [`parse`] returns every error and warning it finds,
//! each with the TOML line and column where it applies and what to do. Nothing downstream of this
//! module sees raw TOML. This module does no I/O besides [`load`], which only reads the file.

use std::collections::hash_map::Entry;
use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::ops::Range;
use std::path::Path;

use chrono::NaiveDate;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use toml::Spanned;
use unicode_normalization::UnicodeNormalization;

use crate::template;

use crate::labels::{Labels, Language};

/// The method advises at most this many respondents per client.
pub const ADVISED_MAX_RESPONDENTS: usize = 8;

/// A validated master file: one client, one period.
#[derive(Debug, Clone, PartialEq)]
pub struct Master {
    /// The client (klant), e.g. `KLANT NV`.
    pub client: String,
    /// The supplier (leverancier), e.g. `BESTSELLER B.V.`.
    pub supplier: String,
    /// This measurement's label, e.g. `2011H2`; labels sort in time order.
    pub period: String,
    /// The language of the workbooks.
    pub language: Language,
    /// The title on every workbook.
    pub title: String,
    /// The date the questionnaires are due, printed on them.
    pub deadline: Option<NaiveDate>,
    /// The sheet-protection password of the questionnaires; none when absent.
    pub password: Option<String>,
    /// The account manager who sends the questionnaires (the From of mail drafts).
    pub sender: Option<Sender>,
    /// Mail texts that replace the built-in ones.
    pub mail: MailTexts,
    /// The contact persons, in the master's order.
    pub respondents: Vec<Respondent>,
    /// The customer value indicators, in the master's order, with their questions.
    pub kwis: Vec<Kwi>,
    /// The action list.
    pub actions: Vec<Action>,
}

/// The account manager who sends the questionnaires.
#[derive(Debug, Clone, PartialEq)]
pub struct Sender {
    /// Display name.
    pub name: String,
    /// E-mail address.
    pub email: String,
}

/// Mail subject and body templates set in the master; `None` uses the built-in text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MailTexts {
    /// Subject of the first mail.
    pub subject: Option<String>,
    /// Body of the first mail.
    pub body: Option<String>,
    /// Subject of the reminder.
    pub reminder_subject: Option<String>,
    /// Body of the reminder.
    pub reminder_body: Option<String>,
}

/// One contact person at the client.
#[derive(Debug, Clone, PartialEq)]
pub struct Respondent {
    /// The respondent's key everywhere, unique ignoring case, e.g. `KK`.
    pub initials: String,
    /// Full name.
    pub name: String,
    /// E-mail address, needed for mail drafts.
    pub email: Option<String>,
    /// Function (functie).
    pub role: Option<String>,
    /// A free remark.
    pub note: Option<String>,
}

/// One customer value indicator with its questions, standard questions included.
#[derive(Debug, Clone, PartialEq)]
pub struct Kwi {
    /// Unique id, e.g. `KWI-01`.
    pub id: String,
    /// Short title, e.g. `Kennisborging`.
    pub title: String,
    /// What the client expects.
    pub description: Option<String>,
    /// The target (KWI-doel), from the KWI or the master's default.
    pub target: Option<f64>,
    /// Own questions first, then the standard ones.
    pub questions: Vec<Question>,
}

/// One question (stelling) of a KWI.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    /// Unique id in the master, e.g. `1.01`.
    pub id: String,
    /// The text with `{supplier}` and `{client}` filled in.
    pub text: String,
    /// Indexes into [`Master::respondents`] of those who answer it, ascending.
    pub respondents: Vec<usize>,
    /// Which standard question this is, if any.
    pub standard: Option<Standard>,
}

/// The two standard questions every KWI carries unless switched off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standard {
    /// "{supplier} showed that it works actively on this KWI".
    Active,
    /// "{supplier} kept the specific agreements on this KWI (see action list)", only when an
    /// action names the KWI.
    Agreements,
}

/// One entry of the action list.
#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    /// Id, e.g. `2011-01`.
    pub id: String,
    /// Date the action was agreed.
    pub date: Option<NaiveDate>,
    /// What will be done.
    pub description: String,
    /// Who does it (voor).
    pub owner: String,
    /// Free status text, e.g. `open`.
    pub status: String,
    /// Id of the KWI the action serves.
    pub kwi: Option<String>,
}

impl Master {
    /// The questions respondent `respondent` answers, grouped by KWI in the master's order; KWIs
    /// with none of their questions are left out.
    pub fn questions_for(&self, respondent: usize) -> Vec<(&Kwi, Vec<&Question>)> {
        self.kwis
            .iter()
            .filter_map(|kwi| {
                let questions: Vec<&Question> = kwi
                    .questions
                    .iter()
                    .filter(|q| q.respondents.binary_search(&respondent).is_ok())
                    .collect();
                (!questions.is_empty()).then_some((kwi, questions))
            })
            .collect()
    }

    /// The number of questions respondent `respondent` answers.
    pub fn question_count(&self, respondent: usize) -> usize {
        self.kwis
            .iter()
            .flat_map(|kwi| &kwi.questions)
            .filter(|q| q.respondents.binary_search(&respondent).is_ok())
            .count()
    }

    /// The index of the respondent with these initials (compared trimmed, after NFC, ignoring case).
    pub fn respondent_index(&self, initials: &str) -> Option<usize> {
        let wanted = fold(initials);
        self.respondents
            .iter()
            .position(|r| fold(&r.initials) == wanted)
    }

    /// [`Master::respondent_index`] for many lookups: folded initials → index, built once.
    pub fn respondent_lookup(&self) -> HashMap<String, usize> {
        let mut lookup = HashMap::with_capacity(self.respondents.len());
        for (index, respondent) in self.respondents.iter().enumerate() {
            lookup.entry(fold(&respondent.initials)).or_insert(index);
        }
        lookup
    }

    /// A digest of what defines this respondent's questionnaire: period, client, the respondent,
    /// and their KWI ids, question ids and texts. Ingest compares it to see whether a returned
    /// questionnaire still matches the master.
    pub fn fingerprint(&self, respondent: usize) -> String {
        let mut hasher = Sha256::new();
        let mut field = |value: &str| {
            hasher.update((value.len() as u64).to_le_bytes());
            hasher.update(value.as_bytes());
        };
        field("klantwaarde-questionnaire/1");
        field(&self.period);
        field(&self.client);
        field(&self.respondents[respondent].initials);
        for (kwi, questions) in self.questions_for(respondent) {
            field(&kwi.id);
            for question in questions {
                field(&question.id);
                field(&question.text);
            }
        }
        hex(&hasher.finalize()[..16])
    }
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::new(), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

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
    /// 1-based line and column in the file, where known.
    pub position: Option<(usize, usize)>,
    /// What is wrong and what to do, lowercase, no trailing period.
    pub message: String,
}

impl Diagnostic {
    /// Formats the diagnostic the way compilers do: `file:line:column: error: message`.
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
        if let Some((line, column)) = self.diagnostic.position {
            write!(f, ":{line}:{column}")?;
        }
        let severity = match self.diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, ": {severity}: {}", self.diagnostic.message)
    }
}

/// A master that parsed, with the warnings found on the way.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The validated master.
    pub master: Master,
    /// Problems that do not stop the master from being used.
    pub warnings: Vec<Diagnostic>,
}

/// Why a master file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum MasterError {
    /// The file could not be read.
    #[error("cannot read the master file {}: {source}", path.display())]
    Read {
        /// The master file.
        path: std::path::PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file holds errors; every one is listed, warnings too.
    #[error("{} has {} error(s); fix them and run `klantwaarde check` again", path.display(), count_errors(diagnostics))]
    Invalid {
        /// The master file.
        path: std::path::PathBuf,
        /// Errors and warnings, in file order.
        diagnostics: Vec<Diagnostic>,
    },
}

fn count_errors(diagnostics: &[Diagnostic]) -> usize {
    diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count()
}

/// Reads and validates the master file at `path`.
///
/// # Errors
/// [`MasterError::Read`] when the file cannot be read, [`MasterError::Invalid`] with every
/// diagnostic when it holds errors.
pub fn load(path: &Path) -> Result<Parsed, MasterError> {
    let bytes = std::fs::read(path).map_err(|source| MasterError::Read {
        path: path.to_owned(),
        source,
    })?;
    parse(&bytes).map_err(|diagnostics| MasterError::Invalid {
        path: path.to_owned(),
        diagnostics,
    })
}

/// Parses and validates a master file's bytes.
///
/// # Errors
/// Every diagnostic, errors and warnings, in file order, when there is at least one error.
///
/// # Examples
/// ```
/// let source = r#"
/// client = "KLANT NV"
/// supplier = "BESTSELLER B.V."
/// period = "2011H2"
/// [[respondents]]
/// initials = "KK"
/// name = "Kees Klant"
/// [[kwis]]
/// id = "KWI-01"
/// title = "Kennisborging"
/// [[kwis.questions]]
/// id = "1.01"
/// text = "{supplier} deelt zijn kennis met {client}"
/// respondents = ["*"]
/// "#;
/// let parsed = klantwaarde::master::parse(source.as_bytes()).unwrap();
/// let question = &parsed.master.kwis[0].questions[0];
/// assert_eq!(question.text, "BESTSELLER B.V. deelt zijn kennis met KLANT NV");
/// // the "works actively on this KWI" standard question follows the own ones
/// assert_eq!(parsed.master.kwis[0].questions[1].id, "1.02");
/// ```
pub fn parse(bytes: &[u8]) -> Result<Parsed, Vec<Diagnostic>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let source = match std::str::from_utf8(bytes) {
        Ok(source) => source,
        Err(error) => {
            let offset = error.valid_up_to();
            let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = bytes[..offset]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1);
            let column = String::from_utf8_lossy(&bytes[line_start..offset])
                .chars()
                .count()
                + 1;
            return Err(vec![Diagnostic {
                severity: Severity::Error,
                position: Some((line, column)),
                message: "the file is not UTF-8 text; save it as UTF-8 in your editor (in Notepad: Save as, Encoding: UTF-8)".into(),
            }]);
        }
    };
    let raw: RawMaster = match toml::from_str(source) {
        Ok(raw) => raw,
        Err(error) => return Err(vec![syntax_diagnostic(source, &error)]),
    };
    let mut validator = Validator {
        source,
        diagnostics: Vec::new(),
    };
    let master = validator.validate(raw);
    let mut diagnostics = validator.diagnostics;
    diagnostics.sort_by_key(|d| (d.position.is_none(), d.position, d.severity));
    if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        Err(diagnostics)
    } else {
        Ok(Parsed {
            master,
            warnings: diagnostics,
        })
    }
}

fn syntax_diagnostic(source: &str, error: &toml::de::Error) -> Diagnostic {
    let line = error.span().map_or("", |span| line_at(source, span.start));
    Diagnostic {
        severity: Severity::Error,
        position: error.span().map(|span| line_column(source, span.start)),
        message: explain_toml_error(error.message().trim().trim_end_matches('.'), line),
    }
}

/// The text of the line holding `offset`, without its line ending.
fn line_at(source: &str, offset: usize) -> &str {
    let offset = offset.min(source.len());
    let start = source[..offset].rfind('\n').map_or(0, |p| p + 1);
    let end = source[offset..]
        .find('\n')
        .map_or(source.len(), |p| offset + p);
    source[start..end].trim_end_matches('\r')
}

/// toml and serde say what is wrong in their own terms ("expected f64"); add what to do, in the
/// terms of someone who edits the master in Notepad.
fn explain_toml_error(message: &str, line: &str) -> String {
    // "unknown field `clinet`, expected one of `client`, `supplier`, …"
    if let Some((unknown, rest)) = message
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split_once('`'))
    {
        let known: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
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

/// The known name nearest to `wanted`, when it is near enough to be a likely typo.
pub fn nearest<'a>(wanted: &str, known: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let wanted_folded = wanted.to_lowercase();
    known
        .into_iter()
        .map(|candidate| {
            let distance = strsim::damerau_levenshtein(&wanted_folded, &candidate.to_lowercase());
            (distance, candidate)
        })
        .filter(|(distance, candidate)| {
            *distance <= 2.max(candidate.chars().count() / 3)
                && *distance < candidate.chars().count()
        })
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate.to_string())
}

fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(source.len());
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |p| p + 1);
    let column = source[line_start..offset].chars().count() + 1;
    (line, column)
}

/// Control characters and zero-width characters, which a message must not print as they are.
fn is_invisible(c: char) -> bool {
    c.is_control() || matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}')
}

/// `text` with its invisible characters written as `\u{…}`, so that a message shows them.
fn visible(text: &str) -> String {
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

/// Keys (initials, ids, client and period) are compared trimmed, after Unicode normalisation and
/// case folding: this is that comparison form.
pub fn fold(text: &str) -> String {
    text.trim().nfc().collect::<String>().to_lowercase()
}

fn nfc(text: &str) -> String {
    text.trim().nfc().collect()
}

// ---- raw TOML ---------------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMaster {
    client: Spanned<String>,
    supplier: Spanned<String>,
    period: Spanned<String>,
    language: Option<Spanned<String>>,
    title: Option<String>,
    deadline: Option<Spanned<toml::value::Datetime>>,
    target: Option<Spanned<f64>>,
    #[serde(default = "yes")]
    standard_questions: bool,
    password: Option<String>,
    sender: Option<RawSender>,
    mail: Option<RawMail>,
    #[serde(default)]
    respondents: Vec<RawRespondent>,
    #[serde(default)]
    kwis: Vec<RawKwi>,
    #[serde(default)]
    actions: Vec<RawAction>,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSender {
    name: String,
    email: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMail {
    subject: Option<String>,
    body: Option<String>,
    reminder_subject: Option<String>,
    reminder_body: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRespondent {
    initials: Spanned<String>,
    name: Spanned<String>,
    email: Option<Spanned<String>>,
    role: Option<String>,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKwi {
    id: Spanned<String>,
    title: Spanned<String>,
    description: Option<Spanned<String>>,
    target: Option<Spanned<f64>>,
    standard_questions: Option<bool>,
    /// Narrows who answers the "works actively on this KWI" question.
    active_respondents: Option<Vec<Spanned<String>>>,
    /// Narrows who answers the "kept the agreements" question.
    agreements_respondents: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    questions: Vec<RawQuestion>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    id: Spanned<String>,
    text: Spanned<String>,
    respondents: Spanned<Vec<Spanned<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAction {
    id: Spanned<String>,
    date: Option<Spanned<toml::value::Datetime>>,
    #[serde(default)]
    description: String,
    #[serde(default)]
    owner: String,
    #[serde(default)]
    status: String,
    kwi: Option<Spanned<String>>,
}

// ---- validation -------------------------------------------------------------------------------

struct Validator<'s> {
    source: &'s str,
    diagnostics: Vec<Diagnostic>,
}

impl Validator<'_> {
    fn push(&mut self, severity: Severity, span: Option<Range<usize>>, message: String) {
        let position = span.map(|span| line_column(self.source, span.start));
        self.diagnostics.push(Diagnostic {
            severity,
            position,
            message,
        });
    }

    fn error(&mut self, span: Range<usize>, message: String) {
        self.push(Severity::Error, Some(span), message);
    }

    fn warning(&mut self, span: Option<Range<usize>>, message: String) {
        self.push(Severity::Warning, span, message);
    }

    /// A required text: trimmed, normalised, not empty.
    fn text(&mut self, value: &Spanned<String>, what: &str) -> String {
        let text = nfc(value.get_ref());
        if text.is_empty() {
            self.error(value.span(), format!("{what} is empty; fill it in"));
        }
        text
    }

    /// A key that other parts of the master and the workbooks refer to: initials and ids.
    fn key(&mut self, value: &Spanned<String>, what: &str) -> String {
        let key = self.text(value, what);
        let problem = key.chars().find_map(|c| match c {
            '\u{a0}' | '\u{2007}' | '\u{202f}' => Some(
                "a non-breaking space; retype it as a normal space or leave it out".to_string(),
            ),
            '\u{2018}' | '\u{2019}' | '\u{201c}' | '\u{201d}' => Some(format!(
                "a typographic quote ({c}), probably pasted from a word processor; retype it"
            )),
            '/' | '\\' => Some(format!(
                "a path separator ({c}); use letters, digits, '.', '-' or '_'"
            )),
            ':' | '*' | '?' | '"' | '<' | '>' | '|' => Some(format!(
                "{c}, which file names cannot hold; use letters, digits, '.', '-' or '_'"
            )),
            c if is_invisible(c) && c.is_control() => {
                Some("a control character; retype it".to_string())
            }
            c if is_invisible(c) => Some(format!(
                "an invisible character (U+{:04X}), probably pasted; retype it",
                u32::from(c)
            )),
            _ => None,
        });
        if let Some(problem) = problem {
            self.error(
                value.span(),
                format!("{what} `{}` contains {problem}", visible(&key)),
            );
        }
        key
    }

    fn validate(&mut self, raw: RawMaster) -> Master {
        let client = self.text(&raw.client, "`client`");
        let supplier = self.text(&raw.supplier, "`supplier`");
        let period = self.key(&raw.period, "`period`");
        let language = match &raw.language {
            None => Language::Dutch,
            Some(value) => match Language::from_code(value.get_ref().trim()) {
                Some(language) => language,
                None => {
                    self.error(
                        value.span(),
                        format!(
                            "`language` is `{}`; use \"nl\" (Dutch) or \"en\" (English)",
                            value.get_ref()
                        ),
                    );
                    Language::Dutch
                }
            },
        };
        let labels = Labels::for_language(language);
        let deadline = raw
            .deadline
            .as_ref()
            .and_then(|value| self.date(value, "`deadline`"));
        let default_target = raw.target.as_ref().and_then(|value| self.target(value));
        let sender = raw.sender.map(|sender| Sender {
            name: nfc(&sender.name),
            email: self.email(&sender.email),
        });
        let mail = raw.mail.map_or_else(MailTexts::default, |mail| MailTexts {
            subject: mail.subject,
            body: mail.body,
            reminder_subject: mail.reminder_subject,
            reminder_body: mail.reminder_body,
        });

        let respondents = self.respondents(&raw.respondents);
        if respondents.len() > ADVISED_MAX_RESPONDENTS {
            self.warning(
                Some(raw.respondents[ADVISED_MAX_RESPONDENTS].initials.span()),
                format!(
                    "{} respondents: the method advises at most {ADVISED_MAX_RESPONDENTS} per client, so that the value session stays a conversation; consider keeping the ones whose judgement matters most",
                    respondents.len()
                ),
            );
        }
        if raw.respondents.is_empty() {
            self.push(Severity::Error, Some(raw.client.span()), "the master has no respondents; add a [[respondents]] table for each contact person".into());
        }
        // with duplicate initials (an error) the first respondent keeps them, as in the messages
        let mut initials_index: HashMap<String, usize> = HashMap::new();
        for (index, respondent) in respondents.iter().enumerate() {
            initials_index
                .entry(fold(&respondent.initials))
                .or_insert(index);
        }
        let known_initials: Vec<&str> = respondents.iter().map(|r| r.initials.as_str()).collect();

        let kwi_ids: Vec<String> = raw.kwis.iter().map(|kwi| nfc(kwi.id.get_ref())).collect();
        let served: BTreeSet<String> = raw
            .actions
            .iter()
            .filter_map(|action| action.kwi.as_ref().map(|kwi| fold(kwi.get_ref())))
            .collect();

        let mut seen_kwis: HashMap<String, Range<usize>> = HashMap::new();
        // Where each question id was first used, and the KWI when a standard question has it.
        let mut seen_questions: HashMap<String, (Range<usize>, Option<String>)> = HashMap::new();
        let mut kwis = Vec::with_capacity(raw.kwis.len());
        if raw.kwis.is_empty() {
            self.push(
                Severity::Error,
                Some(raw.client.span()),
                "the master has no KWIs; add a [[kwis]] table with its [[kwis.questions]]".into(),
            );
        }
        for raw_kwi in &raw.kwis {
            let id = self.key(&raw_kwi.id, "KWI id");
            // keep the first use, so that a third one still points at the first
            let first = seen_kwis
                .entry(fold(&id))
                .or_insert_with(|| raw_kwi.id.span())
                .clone();
            if first != raw_kwi.id.span() {
                let (line, _) = line_column(self.source, first.start);
                self.error(raw_kwi.id.span(), format!("KWI id `{id}` is used twice (first on line {line}); give each KWI its own id"));
            }
            let title = self.text(&raw_kwi.title, "KWI title");
            let target = raw_kwi
                .target
                .as_ref()
                .and_then(|value| self.target(value))
                .or(default_target);
            if raw_kwi.questions.is_empty() {
                self.error(raw_kwi.id.span(), format!("KWI {id} has no questions; add at least one [[kwis.questions]] under it, or remove the KWI"));
            }
            let mut questions = Vec::new();
            for raw_question in &raw_kwi.questions {
                let question_id = self.key(&raw_question.id, "question id");
                match seen_questions.entry(fold(&question_id)) {
                    Entry::Vacant(entry) => {
                        entry.insert((raw_question.id.span(), None));
                    }
                    Entry::Occupied(entry) => {
                        let (first, standard_of) = entry.get();
                        let (line, _) = line_column(self.source, first.start);
                        let message = match standard_of {
                            None => format!(
                                "question id `{question_id}` is used twice (first on line {line}); question ids must be unique in the whole file"
                            ),
                            Some(kwi) => format!(
                                "question id `{question_id}` is already the id of a standard question of KWI {kwi} (line {line}); renumber this question or set `standard_questions = false` on KWI {kwi}"
                            ),
                        };
                        self.error(raw_question.id.span(), message);
                    }
                }
                let text = self.question_text(&raw_question.text, &client, &supplier);
                let assigned = self.assignment(
                    &raw_question.respondents,
                    &question_id,
                    &initials_index,
                    &known_initials,
                );
                questions.push(Question {
                    id: question_id,
                    text,
                    respondents: assigned,
                    standard: None,
                });
            }
            let standard = raw_kwi.standard_questions.unwrap_or(raw.standard_questions);
            if standard && !questions.is_empty() {
                let answerers: Vec<usize> = questions
                    .iter()
                    .flat_map(|q| q.respondents.iter().copied())
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect();
                let mut kinds = vec![(Standard::Active, &raw_kwi.active_respondents)];
                if served.contains(&fold(&id)) {
                    kinds.push((Standard::Agreements, &raw_kwi.agreements_respondents));
                } else if let Some(first) = raw_kwi
                    .agreements_respondents
                    .as_ref()
                    .and_then(|list| list.first())
                {
                    self.warning(Some(first.span()), format!("KWI {id} sets `agreements_respondents` but no action names this KWI, so it gets no agreements question; link an action with `kwi = \"{id}\"` or remove the key"));
                }
                for (kind, narrowed) in kinds {
                    let respondents = match narrowed {
                        None => answerers.clone(),
                        Some(list) => {
                            self.narrowed(list, &id, &answerers, &initials_index, &known_initials)
                        }
                    };
                    let template = match kind {
                        Standard::Active => &labels.standard_active,
                        Standard::Agreements => &labels.standard_agreements,
                    };
                    let last = questions
                        .last()
                        .map(|q: &Question| q.id.clone())
                        .unwrap_or_default();
                    let standard_id = next_id(&last, &id, kind);
                    match seen_questions.entry(fold(&standard_id)) {
                        Entry::Vacant(entry) => {
                            entry.insert((raw_kwi.id.span(), Some(id.clone())));
                        }
                        Entry::Occupied(entry) => {
                            let (first, standard_of) = entry.get();
                            let (line, _) = line_column(self.source, first.start);
                            let owner = match standard_of {
                                None => format!("question {standard_id} on line {line}"),
                                Some(kwi) => {
                                    format!("the standard question of KWI {kwi} (line {line})")
                                }
                            };
                            self.error(raw_kwi.id.span(), format!("the standard question of KWI {id} would get id `{standard_id}`, which {owner} already has; renumber the questions or set `standard_questions = false` on this KWI"));
                        }
                    }
                    questions.push(Question {
                        id: standard_id,
                        text: fill_placeholders(template, &client, &supplier)
                            .unwrap_or_else(|_| template.clone()),
                        respondents,
                        standard: Some(kind),
                    });
                }
            } else if !standard
                && (raw_kwi.active_respondents.is_some()
                    || raw_kwi.agreements_respondents.is_some())
            {
                self.warning(Some(raw_kwi.id.span()), format!("KWI {id} narrows who answers its standard questions, but standard questions are switched off; remove the narrowing or switch them on"));
            }
            if !questions.is_empty() && questions.iter().all(|q| q.respondents.is_empty()) {
                self.warning(Some(raw_kwi.id.span()), format!("no respondent answers any question of KWI {id}; assign its questions in `respondents`"));
            } else {
                // the KWI warning above covers a KWI where every question is unanswered
                for (raw_question, question) in raw_kwi.questions.iter().zip(&questions) {
                    if question.respondents.is_empty()
                        && raw_question.respondents.get_ref().is_empty()
                    {
                        self.warning(Some(raw_question.respondents.span()), format!("no respondent answers question {}; add the initials of those who can judge it, or remove the question", question.id));
                    }
                }
            }
            let description = raw_kwi
                .description
                .as_ref()
                .map(|value| {
                    self.fill(
                        value,
                        nfc(value.get_ref()),
                        "a KWI description",
                        &client,
                        &supplier,
                    )
                })
                .filter(|d| !d.is_empty());
            kwis.push(Kwi {
                id,
                title,
                description,
                target,
                questions,
            });
        }

        let actions = self.actions(&raw.actions, &kwi_ids);

        let mut has_questions = vec![false; respondents.len()];
        for question in kwis.iter().flat_map(|kwi| &kwi.questions) {
            for &index in &question.respondents {
                has_questions[index] = true;
            }
        }
        for (index, respondent) in respondents.iter().enumerate() {
            if !has_questions[index] && !kwis.is_empty() {
                let span = raw.respondents[index].initials.span();
                self.warning(Some(span), format!("respondent {} ({}) has no questions and gets no questionnaire; add their initials to the questions they can judge", respondent.initials, respondent.name));
            }
        }

        Master {
            client,
            supplier,
            period,
            language,
            title: raw
                .title
                .as_deref()
                .map(nfc)
                .filter(|t| !t.is_empty())
                .unwrap_or_else(|| labels.default_title.clone()),
            deadline,
            password: raw.password.filter(|p| !p.is_empty()),
            sender,
            mail,
            respondents,
            kwis,
            actions,
        }
    }

    fn respondents(&mut self, raw: &[RawRespondent]) -> Vec<Respondent> {
        let mut seen: HashMap<String, (String, Range<usize>)> = HashMap::new();
        let mut respondents = Vec::with_capacity(raw.len());
        for raw_respondent in raw {
            let initials = if raw_respondent.initials.get_ref().trim() == "*" {
                self.error(
                    raw_respondent.initials.span(),
                    "initials `*` are reserved for \"every respondent\"; choose other initials"
                        .into(),
                );
                "*".to_string()
            } else {
                self.key(&raw_respondent.initials, "initials")
            };
            match seen.get(&fold(&initials)) {
                Some((first, span)) => {
                    let (line, _) = line_column(self.source, span.start);
                    let how = if *first == initials {
                        "are used twice".to_string()
                    } else {
                        format!("differ only in case from `{first}`")
                    };
                    self.error(raw_respondent.initials.span(), format!("initials `{initials}` {how} (line {line}); initials name the respondent's file, so make them unique"));
                }
                None => {
                    seen.insert(
                        fold(&initials),
                        (initials.clone(), raw_respondent.initials.span()),
                    );
                }
            }
            let name = self.text(&raw_respondent.name, "respondent name");
            let email = raw_respondent
                .email
                .as_ref()
                .map(|email| self.email(email))
                .filter(|e| !e.is_empty());
            respondents.push(Respondent {
                initials,
                name,
                email,
                role: raw_respondent
                    .role
                    .as_deref()
                    .map(nfc)
                    .filter(|r| !r.is_empty()),
                note: raw_respondent
                    .note
                    .as_deref()
                    .map(nfc)
                    .filter(|n| !n.is_empty()),
            });
        }
        respondents
    }

    fn email(&mut self, value: &Spanned<String>) -> String {
        let email = nfc(value.get_ref());
        let plausible = match email.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !email.contains(char::is_whitespace)
            }
            None => false,
        };
        if !email.is_empty() && !plausible {
            self.error(value.span(), format!("`{email}` is not an e-mail address; write it as name@example.com or leave the key out"));
        }
        email
    }

    fn date(&mut self, value: &Spanned<toml::value::Datetime>, what: &str) -> Option<NaiveDate> {
        let datetime = value.get_ref();
        match (datetime.date, datetime.time) {
            (Some(date), None) => {
                NaiveDate::from_ymd_opt(date.year.into(), date.month.into(), date.day.into())
            }
            _ => {
                self.error(
                    value.span(),
                    format!("{what} must be a date without a time; write it like 2011-11-30"),
                );
                None
            }
        }
    }

    fn target(&mut self, value: &Spanned<f64>) -> Option<f64> {
        let target = *value.get_ref();
        if (1.0..=10.0).contains(&target) {
            Some(target)
        } else {
            self.error(value.span(), format!("target {target} is outside 1–10; scores run from 1 to 10, so set a target between them, e.g. 7.5"));
            None
        }
    }

    fn question_text(&mut self, value: &Spanned<String>, client: &str, supplier: &str) -> String {
        let text = self.text(value, "question text");
        self.fill(value, text, "a question text", client, supplier)
    }

    /// Fills the placeholders of `text`, read from `value`; an unknown one is an error.
    fn fill(
        &mut self,
        value: &Spanned<String>,
        text: String,
        what: &str,
        client: &str,
        supplier: &str,
    ) -> String {
        match fill_placeholders(&text, client, supplier) {
            Ok(filled) => filled,
            Err(unknown) => {
                let hint = nearest(&unknown, ["supplier", "client"]).map_or_else(
                    || "; write one of those, or leave out the braces".to_string(),
                    |s| format!("; did you mean {{{s}}}?"),
                );
                self.error(value.span(), format!("unknown placeholder {{{unknown}}} in {what}: only {{supplier}} and {{client}} are filled in{hint}"));
                text
            }
        }
    }

    fn assignment(
        &mut self,
        list: &Spanned<Vec<Spanned<String>>>,
        question: &str,
        index: &HashMap<String, usize>,
        known: &[&str],
    ) -> Vec<usize> {
        let items = list.get_ref();
        if items.iter().any(|item| item.get_ref().trim() == "*") {
            if items.len() > 1 {
                self.error(list.span(), format!("question {question}: `\"*\"` means every respondent and stands alone; remove the other initials or the \"*\""));
            }
            return (0..known.len()).collect();
        }
        let mut assigned = BTreeSet::new();
        for item in items {
            match index.get(&fold(item.get_ref())) {
                Some(&respondent) => {
                    if !assigned.insert(respondent) {
                        self.warning(
                            Some(item.span()),
                            format!(
                                "question {question} names {} twice; once is enough",
                                item.get_ref()
                            ),
                        );
                    }
                }
                None => {
                    let hint = nearest(item.get_ref(), known.iter().copied()).map_or_else(
                        || format!("; known initials are {}", known.join(", ")),
                        |s| format!("; did you mean {s}?"),
                    );
                    self.error(item.span(), format!("question {question} is assigned to `{}`, but no respondent has these initials{hint}", item.get_ref()));
                }
            }
        }
        assigned.into_iter().collect()
    }

    fn narrowed(
        &mut self,
        list: &[Spanned<String>],
        kwi: &str,
        answerers: &[usize],
        index: &HashMap<String, usize>,
        known: &[&str],
    ) -> Vec<usize> {
        let mut respondents = BTreeSet::new();
        for item in list {
            match index.get(&fold(item.get_ref())) {
                Some(&respondent) => {
                    if answerers.binary_search(&respondent).is_err() {
                        self.warning(Some(item.span()), format!("{} answers a standard question of KWI {kwi} but none of its own questions; check that this is meant", item.get_ref()));
                    }
                    respondents.insert(respondent);
                }
                None => {
                    let hint = nearest(item.get_ref(), known.iter().copied()).map_or_else(
                        || format!("; known initials are {}", known.join(", ")),
                        |s| format!("; did you mean {s}?"),
                    );
                    self.error(item.span(), format!("KWI {kwi} narrows its standard question to `{}`, but no respondent has these initials{hint}", item.get_ref()));
                }
            }
        }
        respondents.into_iter().collect()
    }

    fn actions(&mut self, raw: &[RawAction], kwi_ids: &[String]) -> Vec<Action> {
        let mut seen: HashMap<String, Range<usize>> = HashMap::new();
        let folded: Vec<String> = kwi_ids.iter().map(|id| fold(id)).collect();
        raw.iter()
            .map(|raw_action| {
                let id = self.text(&raw_action.id, "action id");
                let first = seen.entry(fold(&id)).or_insert_with(|| raw_action.id.span()).clone();
                if first != raw_action.id.span() {
                    let (line, _) = line_column(self.source, first.start);
                    self.error(raw_action.id.span(), format!("action id `{id}` is used twice (first on line {line}); give each action its own id"));
                }
                let kwi = raw_action.kwi.as_ref().map(|kwi| {
                    let wanted = nfc(kwi.get_ref());
                    match folded.iter().position(|known| *known == fold(&wanted)) {
                        Some(position) => kwi_ids[position].clone(),
                        None => {
                            let hint = nearest(&wanted, kwi_ids.iter().map(String::as_str)).map_or_else(|| format!("; known KWIs are {}", kwi_ids.join(", ")), |s| format!("; did you mean {s}?"));
                            self.error(kwi.span(), format!("action {id} names KWI `{wanted}`, which the master does not have{hint}"));
                            wanted
                        }
                    }
                });
                Action {
                    date: raw_action.date.as_ref().and_then(|date| self.date(date, "the action's `date`")),
                    id,
                    description: nfc(&raw_action.description),
                    owner: nfc(&raw_action.owner),
                    status: nfc(&raw_action.status),
                    kwi,
                }
            })
            .collect()
    }
}

/// Fills `{supplier}` and `{client}` (the lenient dialect of [`crate::template`]); the first
/// unknown placeholder's name otherwise.
fn fill_placeholders(text: &str, client: &str, supplier: &str) -> Result<String, String> {
    template::fill(text, &[("supplier", supplier), ("client", client)])
}

/// The id after `last`: `1.02` → `1.03`, keeping the zero padding. Ids without a trailing number
/// get the KWI id and a suffix.
fn next_id(last: &str, kwi: &str, kind: Standard) -> String {
    let digits = last.len() - last.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if digits > 0 && digits <= 9 {
        let (stem, number) = last.split_at(last.len() - digits);
        if let Ok(number) = number.parse::<u64>() {
            return format!("{stem}{:0width$}", number + 1, width = digits);
        }
    }
    let suffix = match kind {
        Standard::Active => "active",
        Standard::Agreements => "agreements",
    };
    format!("{kwi}-{suffix}")
}

#[cfg(test)]
mod tests;
