//! The master file: raw TOML (or a workbook) in, a validated [`Master`] with typed references out.
//!
//! Parsing never stops at the first problem: [`parse`] returns every error and warning it finds,
//! each with the TOML line and column where it applies and what to do; [`parse_workbook`] does
//! the same for a workbook master, naming sheet and cell. Nothing downstream of this module sees
//! raw TOML. This module does no I/O besides [`load`], which only reads the file.
//!
//! The raw serde types are in `raw`, the mending that lets reading go on past an error in
//! `repair`, the checks that turn them into a [`Master`] in `validate`, the workbook form in
//! `workbook`, the diagnostics and their wording in `diagnostic`.

mod diagnostic;
pub mod period;
mod raw;
mod repair;
mod validate;
mod workbook;

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;

use diagnostic::syntax_diagnostic;
pub use diagnostic::{Diagnostic, Position, Severity};
use raw::RawMaster;
use workbook::CellMap;

use crate::reader::SheetCells;

use crate::labels::Language;

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
    /// The minimum group size k of the anonymity rule: figures per respondent appear only when
    /// no one, or at least k of the respondents who answered, stay anonymous (`min_group`,
    /// default [`DEFAULT_MIN_GROUP`]).
    pub min_group: usize,
}

/// The minimum group size when the master does not set `min_group`: what 360-degree feedback
/// tools commonly use.
pub const DEFAULT_MIN_GROUP: usize = 3;

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
    /// Subject of the preview round's mail.
    pub preview_subject: Option<String>,
    /// Body of the preview round's mail.
    pub preview_body: Option<String>,
    /// Subject of the reminder to someone who answered part.
    pub partial_subject: Option<String>,
    /// Body of the reminder to someone who answered part.
    pub partial_body: Option<String>,
    /// Subject of the reminder to someone whose returned file could not be used.
    pub rejected_subject: Option<String>,
    /// Body of the reminder to someone whose returned file could not be used.
    pub rejected_body: Option<String>,
}

impl MailTexts {
    /// Every text the master sets, with its key in the `[mail]` table.
    pub fn texts(&self) -> impl Iterator<Item = (&'static str, &str)> {
        [
            ("subject", &self.subject),
            ("body", &self.body),
            ("reminder_subject", &self.reminder_subject),
            ("reminder_body", &self.reminder_body),
            ("preview_subject", &self.preview_subject),
            ("preview_body", &self.preview_body),
            ("partial_subject", &self.partial_subject),
            ("partial_body", &self.partial_body),
            ("rejected_subject", &self.rejected_subject),
            ("rejected_body", &self.rejected_body),
        ]
        .into_iter()
        .filter_map(|(key, text)| text.as_deref().map(|text| (key, text)))
    }
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

/// A respondent of a master: their place in [`Master::respondents`]. Only a master hands these
/// out, so an id is never mistaken for a row, a rank or a position in some other list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct RespondentId(pub(super) usize);

impl RespondentId {
    /// The place in [`Master::respondents`].
    pub fn index(self) -> usize {
        self.0
    }

    /// The id of the respondent at `index`, for tests that build masters and reports by hand.
    #[cfg(test)]
    pub(crate) fn nth(index: usize) -> RespondentId {
        RespondentId(index)
    }
}

/// One question (stelling) of a KWI.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    /// Unique id in the master, e.g. `1.01`.
    pub id: String,
    /// The text with `{supplier}` and `{client}` filled in.
    pub text: String,
    /// Those who answer it, ascending.
    pub respondents: Vec<RespondentId>,
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
    pub fn questions_for(&self, respondent: RespondentId) -> Vec<(&Kwi, Vec<&Question>)> {
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
    pub fn question_count(&self, respondent: RespondentId) -> usize {
        self.kwis
            .iter()
            .flat_map(|kwi| &kwi.questions)
            .filter(|q| q.respondents.binary_search(&respondent).is_ok())
            .count()
    }

    /// The respondent with these initials (compared trimmed, after NFC, ignoring case).
    pub fn respondent_index(&self, initials: &str) -> Option<RespondentId> {
        let wanted = fold(initials);
        self.respondents
            .iter()
            .position(|r| fold(&r.initials) == wanted)
            .map(RespondentId)
    }

    /// Every respondent's id, in the master's order.
    pub fn respondent_ids(&self) -> impl Iterator<Item = RespondentId> + use<> {
        (0..self.respondents.len()).map(RespondentId)
    }

    /// The respondent `id` stands for.
    pub fn respondent(&self, id: RespondentId) -> &Respondent {
        &self.respondents[id.0]
    }

    /// [`Master::respondent_index`] for many lookups: folded initials → index, built once.
    pub fn respondent_lookup(&self) -> HashMap<String, RespondentId> {
        let mut lookup = HashMap::with_capacity(self.respondents.len());
        for (index, respondent) in self.respondents.iter().enumerate() {
            lookup
                .entry(fold(&respondent.initials))
                .or_insert(RespondentId(index));
        }
        lookup
    }

    /// A digest of what defines this respondent's questionnaire: period, client, the respondent,
    /// and their KWI ids, question ids and texts. Ingest compares it to see whether a returned
    /// questionnaire still matches the master.
    pub fn fingerprint(&self, respondent: RespondentId) -> String {
        let mut hasher = Sha256::new();
        let mut field = |value: &str| {
            hasher.update((value.len() as u64).to_le_bytes());
            hasher.update(value.as_bytes());
        };
        field("klantwaarde-questionnaire/1");
        field(&self.period);
        field(&self.client);
        field(&self.respondent(respondent).initials);
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

/// A master that parsed, with the warnings found on the way.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The validated master.
    pub master: Master,
    /// Problems that do not stop the master from being used.
    pub warnings: Vec<Diagnostic>,
}

/// Why a master file could not be used.
#[derive(Debug)]
pub enum MasterError {
    /// The file could not be read.
    Read {
        /// The master file.
        path: std::path::PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file holds errors; every one is listed, warnings too.
    Invalid {
        /// The master file.
        path: std::path::PathBuf,
        /// Errors and warnings, in file order.
        diagnostics: Vec<Diagnostic>,
        /// The language the master speaks (its `language`, Dutch when absent or unreadable):
        /// the language of its diagnostics, and the one to word a summary of them in.
        language: Language,
    },
}

impl MasterError {
    /// What went wrong, in `language`.
    pub fn message(&self, language: Language) -> String {
        match self {
            // The usual causes in the reader's words; the system's own only for the rest.
            MasterError::Read { path, source } => {
                let path = path.display();
                match source.kind() {
                    std::io::ErrorKind::NotFound => crate::msg!(language, "master.not_found", path),
                    std::io::ErrorKind::PermissionDenied => {
                        crate::msg!(language, "master.not_allowed", path)
                    }
                    std::io::ErrorKind::IsADirectory => {
                        crate::msg!(language, "master.is_a_folder", path)
                    }
                    _ => crate::msg!(language, "master.cannot_read", path, source),
                }
            }
            MasterError::Invalid {
                path, diagnostics, ..
            } => {
                let path = path.display();
                let count = count_errors(diagnostics);
                crate::msg!(language, "master.invalid", path, count)
            }
        }
    }
}

impl std::error::Error for MasterError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            MasterError::Read { source, .. } => Some(source),
            MasterError::Invalid { .. } => None,
        }
    }
}

fn count_errors(diagnostics: &[Diagnostic]) -> usize {
    diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count()
}

/// Reads and validates the master file at `path`: TOML, or a workbook (.xlsx, .ods, .xls) as
/// `klantwaarde init master.xlsx` writes it.
///
/// # Errors
/// [`MasterError::Read`] when the file cannot be read, [`MasterError::Invalid`] with every
/// diagnostic when it holds errors.
pub fn load(path: &Path) -> Result<Parsed, MasterError> {
    let bytes = std::fs::read(path).map_err(|source| MasterError::Read {
        path: path.to_owned(),
        source,
    })?;
    let parsed = if is_workbook(&bytes) {
        match crate::reader::read_sheets(&bytes, &crate::reader::Limits::default()) {
            Ok(sheets) => parse_workbook(&sheets),
            // a workbook that cannot be read has no language to read: the master's default
            Err(error) => {
                let language = Language::Dutch;
                Err(vec![Diagnostic {
                    severity: Severity::Error,
                    position: None,
                    message: crate::msg!(language, "master.workbook_unreadable", error),
                    language,
                }])
            }
        }
    } else {
        parse(&bytes)
    };
    parsed.map_err(|diagnostics| MasterError::Invalid {
        path: path.to_owned(),
        language: diagnostics
            .first()
            .map_or(Language::Dutch, |diagnostic| diagnostic.language),
        diagnostics,
    })
}

/// The language a TOML master speaks, read before anything is checked so that every message
/// about it is worded in it: its top-level `language`, read even from a file with errors;
/// Dutch (the master's default) when the key is absent or is neither "nl" nor "en".
fn language_of_source(source: &str) -> Language {
    let (table, _) = toml::de::DeTable::parse_recoverable(source);
    table
        .get_ref()
        .get("language")
        .and_then(|value| value.get_ref().as_str())
        .and_then(|code| Language::from_code(code.trim()))
        .unwrap_or(Language::Dutch)
}

/// The language a master speaks, from its bytes (TOML) or its cells (a workbook master), for a
/// caller that words messages about it without loading it (`convert`): its `language`, Dutch
/// when absent or unreadable.
pub fn language_of(bytes: &[u8], sheets: Option<&[SheetCells]>) -> Language {
    match sheets {
        Some(sheets) => workbook::read::language(sheets),
        None => language_of_source(&String::from_utf8_lossy(bytes)),
    }
}

/// Whether a master's bytes are a workbook (a zip, as .xlsx and .ods are, or an OLE file, as
/// .xls is) rather than TOML text: the bytes decide, not the file's name.
pub fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
        || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
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
            let language = language_of_source(&String::from_utf8_lossy(bytes));
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
                position: Some(Position::Line { line, column }),
                message: crate::msg!(language, "master.not_utf8"),
                language,
            }]);
        }
    };
    parse_source(source, None, language_of_source(source))
}

/// Parses and validates a master as TOML text; with `cells`, the text a workbook stands for,
/// and every position is mapped back to its cell.
fn parse_source(
    source: &str,
    cells: Option<&CellMap>,
    language: Language,
) -> Result<Parsed, Vec<Diagnostic>> {
    let located = |mut diagnostics: Vec<Diagnostic>| {
        if let Some(cells) = cells {
            for diagnostic in &mut diagnostics {
                if let Some(Position::Line { line, column }) = diagnostic.position {
                    diagnostic.position = cells
                        .at(line, column)
                        .map(|cell| Position::Cell(cell.to_string()));
                }
            }
        }
        diagnostics
    };
    let raw = read_raw(source, language, cells.is_some()).map_err(located)?;
    let (master, mut diagnostics) = validate::validate(source, raw.master, cells, language);
    // A value reported while reading (a wrong type, say) was replaced or left out; what the
    // checks then say about the same place is its echo.
    let reported: Vec<Option<Position>> =
        raw.diagnostics.iter().map(|d| d.position.clone()).collect();
    diagnostics.retain(|d| d.position.is_none() || !reported.contains(&d.position));
    diagnostics.extend(raw.diagnostics);
    diagnostics.sort_by(|a, b| {
        (a.position.is_none(), &a.position, a.severity).cmp(&(
            b.position.is_none(),
            &b.position,
            b.severity,
        ))
    });
    let diagnostics = located(diagnostics);
    if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        Err(diagnostics)
    } else {
        Ok(Parsed {
            master,
            warnings: diagnostics,
        })
    }
}

/// Parses and validates a master given as a workbook (its sheets' cells, as
/// [`crate::reader::read_sheets`] reads them); every diagnostic names its sheet and cell.
///
/// # Errors
/// Every diagnostic, errors and warnings, when there is at least one error.
pub fn parse_workbook(sheets: &[SheetCells]) -> Result<Parsed, Vec<Diagnostic>> {
    let language = workbook::language(sheets);
    let read = workbook::read(sheets, language);
    let (master, more) = match parse_source(&read.toml, Some(&read.cells), language) {
        Ok(parsed) => (Some(parsed.master), parsed.warnings),
        Err(diagnostics) => (None, diagnostics),
    };
    let mut diagnostics = read.diagnostics;
    diagnostics.extend(more);
    // a wrong column header is met once per row: say it once
    let mut seen = std::collections::HashSet::new();
    diagnostics.retain(|d| seen.insert((d.position.clone(), d.message.clone())));
    let order = |position: &Option<Position>| match position {
        Some(Position::Cell(cell)) => match crate::contract::parse_reference(cell) {
            Ok((sheet, row, column)) => (
                1,
                sheets
                    .iter()
                    .position(|s| s.name == sheet)
                    .unwrap_or(usize::MAX),
                row,
                column,
            ),
            Err(_) => (1, usize::MAX, 0, 0),
        },
        _ => (0, 0, 0, 0),
    };
    diagnostics.sort_by_key(|d| (order(&d.position), d.severity));
    match master {
        Some(master) if !diagnostics.iter().any(|d| d.severity == Severity::Error) => Ok(Parsed {
            master,
            warnings: diagnostics,
        }),
        _ => Err(diagnostics),
    }
}

/// The TOML master a workbook master stands for, after checking it (what `convert` writes),
/// with the warnings.
///
/// # Errors
/// Every diagnostic when the workbook holds an error.
pub fn workbook_to_toml(
    sheets: &[SheetCells],
) -> Result<(String, Vec<Diagnostic>), Vec<Diagnostic>> {
    let parsed = parse_workbook(sheets)?;
    let language = parsed.master.language;
    let toml = workbook::read(sheets, language)
        .toml
        .trim_start()
        .to_string();
    Ok((toml, parsed.warnings))
}

/// A TOML master as a workbook master, after checking it (what `convert` and `init` write),
/// with the warnings. The workbook is in the master's language; the same master gives the
/// same bytes.
///
/// # Errors
/// Every diagnostic when the master holds an error.
pub fn toml_to_workbook(bytes: &[u8]) -> Result<(Vec<u8>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let parsed = parse(bytes)?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let source = std::str::from_utf8(bytes).unwrap_or_default();
    let language = parsed.master.language;
    let workbook = workbook::write(source, language).map_err(|message| {
        vec![Diagnostic {
            severity: Severity::Error,
            position: None,
            message: crate::msg!(language, "master.workbook_not_written", message),
            language,
        }]
    })?;
    Ok((workbook, parsed.warnings))
}

/// The raw master and the problems met reading it.
struct ReadRaw {
    master: RawMaster,
    diagnostics: Vec<Diagnostic>,
}

/// Reads the TOML into the raw master without stopping at the first problem: every syntax
/// error is reported; an unknown key or a value of the wrong type is reported, taken out (or
/// replaced by an empty one of the right type) and the reading tried again, so that one mistake
/// does not hide the others.
fn read_raw(source: &str, language: Language, workbook: bool) -> Result<ReadRaw, Vec<Diagnostic>> {
    let (mut table, syntax_errors) = toml::de::DeTable::parse_recoverable(source);
    if !syntax_errors.is_empty() {
        return Err(syntax_errors
            .iter()
            .map(|error| syntax_diagnostic(source, error, language, workbook))
            .collect());
    }
    let mut diagnostics = Vec::new();
    // the keys an unknown key was taken for (`clinet` for `client`), as serde names them
    let mut suggested: Vec<String> = Vec::new();
    // Every round mends one place, so the rounds are bounded by the keys; each round reads the
    // whole document again, so a file of thousands of mistakes stops after the first hundred.
    const ROUNDS: usize = 100;
    let mut last_error: Option<(String, Option<std::ops::Range<usize>>)> = None;
    loop {
        let deserializer = toml::de::Deserializer::from(table.clone());
        match <RawMaster as serde::Deserialize>::deserialize(deserializer) {
            Ok(master) => {
                return Ok(ReadRaw {
                    master,
                    diagnostics,
                });
            }
            Err(error) => {
                let diagnostic = syntax_diagnostic(source, &error, language, workbook);
                // `clinet` already said "did you mean `client`?": then `client` is not missing too
                let echo = error
                    .message()
                    .strip_prefix("missing field ")
                    .is_some_and(|key| suggested.iter().any(|s| key == format!("`{s}`")));
                if let Some(suggestion) = diagnostic::suggested_key(error.message()) {
                    suggested.push(suggestion);
                }
                if !echo {
                    diagnostics.push(diagnostic);
                }
                // the same error twice: the mending did not take, so stop rather than loop
                let this_error = (error.message().to_string(), error.span());
                if last_error.as_ref() == Some(&this_error) {
                    diagnostics.pop();
                    return Err(diagnostics);
                }
                last_error = Some(this_error);
                if diagnostics.len() >= ROUNDS {
                    diagnostics.push(Diagnostic {
                        severity: Severity::Error,
                        position: None,
                        message: crate::msg!(language, "master.too_many_problems", rounds = ROUNDS),
                        language,
                    });
                    return Err(diagnostics);
                }
                if !repair::repair(&mut table, &error) {
                    return Err(diagnostics);
                }
            }
        }
    }
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

/// Keys (initials, ids, client and period) are compared trimmed, after Unicode normalisation and
/// case folding: this is that comparison form.
pub fn fold(text: &str) -> String {
    text.trim().nfc().collect::<String>().to_lowercase()
}

fn nfc(text: &str) -> String {
    text.trim().nfc().collect()
}

crate::messages::english_display!(MasterError);

#[cfg(test)]
mod tests;
