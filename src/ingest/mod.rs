//! Ingest: returned questionnaires in, a [`Report`] out, with every problem reported.
//!
//! Files are matched through their `meta` sheet, never through their names. A bad file is
//! rejected with a message and the run goes on; a bad answer is left out with its cell and the
//! rest of the file counts. [`Assessor`] judges one file (`assess`), [`build_report`] picks one
//! file per respondent and scores (`build`), [`summary`] is the `--json` view (`summary`).
//! Nothing here touches the file system or prints: the commands read the bytes and show the
//! outcome.

mod assess;
mod build;
mod summary;

pub use assess::{Assessor, FileTimes};
pub use build::build_report;
pub use summary::{Summary, anonymous_redactor, summary};

use std::sync::Arc;

use crate::labels::Language;
use crate::master::{Master, RespondentId};
use crate::reader::{self, CellValue, RawCell, Returned};
use crate::report::{Problem, Severity};
use crate::score::Relevance;
use crate::secret::Secret;

/// One returned file, read and judged against the master.
#[derive(Debug, Clone)]
pub struct Assessed {
    /// The file as given.
    pub file: String,
    /// What happened to it.
    pub verdict: Verdict,
    /// The problems found in it, rejection included.
    pub problems: Vec<Problem>,
    /// When it was saved, to pick the latest copy and date the monitor: `dcterms:modified`
    /// from the file parsed as a date, or the file system's time when the file's own is
    /// missing, unparseable or in the future (see [`Assessor::assess_at`]).
    pub saved_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// What a file is to this measurement.
#[derive(Debug, Clone)]
pub enum Verdict {
    /// Not used; the reason is among the problems. Names the respondent when the file did.
    Rejected(Option<RespondentId>),
    /// A questionnaire of this client and period.
    Current(Filled),
    /// A questionnaire of this client for another period: it joins the trend.
    OtherPeriod(Filled),
}

/// The valid content of one questionnaire.
#[derive(Debug, Clone, PartialEq)]
pub struct Filled {
    /// The period of the questionnaire.
    pub period: String,
    /// The respondent's key: the master index for this period; for other periods the initials.
    pub respondent: Option<RespondentId>,
    /// Initials as written in the file.
    pub initials: String,
    /// Valid answers: question id, KWI id, score, relevance.
    pub answers: Vec<(String, String, u8, Relevance)>,
    /// Valid NPS answer.
    pub nps: Option<u8>,
    /// Why that NPS answer.
    pub nps_reason: Option<String>,
    /// Free remarks.
    pub remarks: Option<String>,
    /// Whether the respondent asked to stay anonymous.
    pub anonymous: bool,
}

impl Filled {
    pub(crate) fn holds_anything(&self) -> bool {
        !self.answers.is_empty()
            || self.nps.is_some()
            || self.remarks.is_some()
            || self.nps_reason.is_some()
    }
}

/// Whether a read questionnaire holds any answer, remark or NPS: such a file must never be
/// overwritten by `generate`.
pub fn has_answers(returned: &Returned) -> bool {
    let filled =
        |cell: &RawCell| !matches!(&cell.value, CellValue::Empty) && !is_blank(&cell.value);
    returned.answers.iter().any(|a| filled(&a.score))
        || filled(&returned.nps)
        || filled(&returned.remarks)
        || filled(&returned.nps_reason)
}

fn is_blank(value: &CellValue) -> bool {
    matches!(value, CellValue::Text(text) if text.trim().is_empty())
}

/// Why a file could not be read, and whose questionnaire it is when its `meta` sheet said so.
#[derive(Debug, Clone)]
pub struct Unreadable {
    /// What is wrong and what to do, without the file name.
    why: Why,
    /// The identity the `meta` sheet gave before the reading failed.
    pub meta: Option<Box<reader::Meta>>,
}

/// What is wrong with an unreadable file.
#[derive(Debug, Clone)]
enum Why {
    /// Worded by the caller (in the master's language).
    Worded(String),
    /// The reader's refusal, worded when the file is judged, in the master's language.
    Read(Arc<reader::ReadError>),
}

impl Unreadable {
    /// What is wrong and what to do, in `language`, without the file name. A message the
    /// caller worded is shown as it was worded.
    pub fn message(&self, language: Language) -> String {
        match &self.why {
            Why::Worded(message) => message.clone(),
            Why::Read(error) => error.message(language),
        }
    }
}

impl PartialEq for Unreadable {
    fn eq(&self, other: &Unreadable) -> bool {
        self.meta == other.meta
            && self.message(Language::English) == other.message(Language::English)
            && self.message(Language::Dutch) == other.message(Language::Dutch)
    }
}

impl From<String> for Unreadable {
    /// A message the caller worded, in the master's language.
    fn from(message: String) -> Unreadable {
        Unreadable {
            why: Why::Worded(message),
            meta: None,
        }
    }
}

impl From<&str> for Unreadable {
    fn from(message: &str) -> Unreadable {
        message.to_string().into()
    }
}

impl From<reader::ReadError> for Unreadable {
    fn from(error: reader::ReadError) -> Unreadable {
        Unreadable {
            meta: error.meta().cloned().map(Box::new),
            why: Why::Read(Arc::new(error)),
        }
    }
}

/// Judges one read questionnaire against the master, its tag against `secret`. Pure: the
/// caller has read the bytes. To judge many files, make one [`Assessor`].
pub fn assess(
    master: &Master,
    secret: &Secret,
    file: &str,
    read: Result<Returned, Unreadable>,
) -> Assessed {
    Assessor::new(master, secret).assess(file, read)
}

/// A problem found in `file`; a rejection or warning loses input unless made with
/// [`lossless_warning`].
fn problem(file: &str, severity: Severity, cell: Option<&str>, message: String) -> Problem {
    Problem {
        file: file.to_string(),
        severity,
        cell: cell.map(str::to_string),
        message,
        loses_input: severity != Severity::Note,
    }
}

/// A warning about `file` that needs a look but loses nothing the file holds.
fn lossless_warning(file: &str, cell: Option<&str>, message: String) -> Problem {
    Problem {
        loses_input: false,
        ..problem(file, Severity::Warning, cell, message)
    }
}

#[cfg(test)]
mod tests;
