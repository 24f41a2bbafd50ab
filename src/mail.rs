//! Builds e-mail drafts (.eml) that carry a questionnaire; never sends anything, never reads the clock.
//!
//! Two steps: [`render`] fills a mail [`Template`] with a respondent's [`Values`], and
//! [`build_eml`] wraps the text and the workbook into a MIME message, through lettre's builder.
//!
//! What the draft holds, and why:
//! - `X-Unsent: 1`, so that Outlook opens the file as an editable draft with a Send button.
//!   Thunderbird ("Edit as New Message") and Apple Mail ("Send Again") open it as a message to send.
//! - `To` the respondent; `From` the account manager when the master names one. Without one the
//!   header is left out, so that the mail client sends from its own account. lettre refuses to
//!   build a message without `From`, so a placeholder sender is given to the builder and its header
//!   removed from the built message before it is written; the placeholder never reaches the file.
//! - No `Date` unless the caller passes one: a draft is not yet sent, and the date that counts is
//!   stamped by the mail client when the user presses Send (Outlook on the draft itself;
//!   Thunderbird and Apple Mail on the new message they make from the file). A date derived from
//!   the inputs, say from the period, would only show a wrong date on the draft. lettre stamps
//!   the current time when no date is set, so a fixed date is given to the builder and removed
//!   again: the clock is never read.
//! - No `Message-ID`: the sending client or the submission server assigns one when the mail goes
//!   out (RFC 5321 §6.3). An id derived from the inputs would be the same each time the same draft
//!   is sent, say when a respondent asks for the questionnaire again, and receivers such as Gmail
//!   silently drop a message whose id they have already seen.
//! - A MIME boundary derived from a SHA-256 digest of every input, so the same inputs give the same
//!   bytes. It starts with `=_`, which can occur in neither a quoted-printable nor a base64 body,
//!   so it can never clash with the content.
//! - The text as UTF-8 in quoted-printable (readable in the raw file, lines of at most 76
//!   characters); names in headers RFC 2047-encoded by lettre; the workbook in base64.

use std::fmt::Write as _;
use std::time::{SystemTime, UNIX_EPOCH};

use lettre::Message;
use lettre::address::AddressError;
use lettre::message::header::{
    self, ContentTransferEncoding, ContentType, HeaderName, HeaderValue,
};
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::labels::Language;
use crate::template;

/// The MIME type of an .xlsx workbook.
pub const XLSX_CONTENT_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The languages that have built-in mail texts, as accepted by [`Templates::builtin`].
pub const LANGUAGES: [&str; 2] = ["nl", "en"];

/// The placeholders a template may use, in the order error messages list them.
pub const PLACEHOLDERS: [&str; 9] = [
    "name",
    "client",
    "supplier",
    "period",
    "deadline",
    "questions",
    "sender",
    "open_questions",
    "unreadable_answers",
];

/// The subject and body of one kind of mail, with `{placeholders}` (see [`render`]).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    /// One line.
    pub subject: String,
    /// Plain text; each paragraph is best written as one line, which the mail client wraps.
    pub body: String,
}

/// The texts of the mails an account manager sends a respondent.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Templates {
    /// The preview round: the questionnaire to look at, not yet to fill in; it asks the
    /// respondent to check that every question can be answered and says when the real round
    /// comes (`generate --mail --round preview`).
    pub preview: Template,
    /// The final round: the questionnaire to fill in and return, shortly before the value
    /// session (`generate --mail`).
    pub invite: Template,
    /// The reminder to someone from whom nothing usable came back (`status --remind`).
    pub reminder: Template,
    /// The reminder to someone who answered part: it lists the questions still open
    /// (`{open_questions}`) and the answers that could not be read (`{unreadable_answers}`),
    /// and brings their own returned file back.
    pub partial: Template,
    /// The reminder to someone whose returned file could not be used (damaged, saved in
    /// another form, edited): it says so, and brings a fresh questionnaire.
    pub rejected: Template,
}

impl Templates {
    /// The built-in texts for `language` (`"nl"` or `"en"`, see [`LANGUAGES`]), or `None` for
    /// another language. They come from `templates/mail/{nl,en}.toml`, compiled in.
    ///
    /// # Examples
    /// ```
    /// let templates = klantwaarde::mail::Templates::builtin("nl").unwrap();
    /// assert!(templates.invite.subject.contains("{period}"));
    /// assert!(klantwaarde::mail::Templates::builtin("de").is_none());
    /// ```
    pub fn builtin(language: &str) -> Option<Templates> {
        let text = match language {
            "nl" => include_str!("../templates/mail/nl.toml"),
            "en" => include_str!("../templates/mail/en.toml"),
            _ => return None,
        };
        // The unit test `builtin_templates_parse_and_render` guards this expect.
        Some(Templates::from_toml(text).expect("the built-in mail templates are valid TOML"))
    }

    /// Reads templates from TOML text with a `[preview]`, `[invite]`, `[reminder]`,
    /// `[partial]` and `[rejected]` table, each holding `subject` and `body`. The placeholders are checked only by [`problems`] and [`render`].
    ///
    /// # Errors
    /// The TOML error, with its line, column and a snippet, when the text is not valid TOML, a
    /// table or key is missing, or an unknown key is present.
    pub fn from_toml(text: &str) -> Result<Templates, toml::de::Error> {
        toml::from_str(text)
    }
}

/// What fills the placeholders of a template for one respondent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Values<'a> {
    /// `{name}`: the respondent's name.
    pub name: &'a str,
    /// `{client}`
    pub client: &'a str,
    /// `{supplier}`
    pub supplier: &'a str,
    /// `{period}`, e.g. `2011H2`.
    pub period: &'a str,
    /// `{deadline}`, already written out in the mail's language, e.g. `30 november 2011`.
    pub deadline: Option<&'a str>,
    /// `{questions}`: how many questions this respondent has.
    pub questions: usize,
    /// `{sender}`: the account manager's name, for the signature.
    pub sender_name: Option<&'a str>,
    /// `{open_questions}`: the questions still open, one line each (e.g. `3.02 The text`).
    pub open_questions: &'a [String],
    /// `{unreadable_answers}`: the answers that could not be read, one line each, with what
    /// the respondent typed.
    pub unreadable_answers: &'a [String],
}

/// A placeholder, known by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Name,
    Client,
    Supplier,
    Period,
    Deadline,
    Questions,
    Sender,
    OpenQuestions,
    UnreadableAnswers,
}

impl Field {
    const ALL: [Field; 9] = [
        Field::Name,
        Field::Client,
        Field::Supplier,
        Field::Period,
        Field::Deadline,
        Field::Questions,
        Field::Sender,
        Field::OpenQuestions,
        Field::UnreadableAnswers,
    ];

    fn placeholder(self) -> &'static str {
        PLACEHOLDERS[self as usize]
    }

    fn from_placeholder(name: &str) -> Option<Field> {
        Field::ALL
            .into_iter()
            .find(|field| field.placeholder() == name)
    }

    /// The text for this field, or `None` when an optional value is missing (or blank). A
    /// list is its items, each on a line of its own starting with `- `.
    fn value(self, values: &Values) -> Option<String> {
        fn optional(value: Option<&str>) -> Option<&str> {
            value.filter(|text| !text.trim().is_empty())
        }
        fn list(items: &[String]) -> Option<String> {
            (!items.is_empty()).then(|| items.iter().map(|item| format!("\n- {item}")).collect())
        }
        match self {
            Field::Name => Some(values.name.to_owned()),
            Field::Client => Some(values.client.to_owned()),
            Field::Supplier => Some(values.supplier.to_owned()),
            Field::Period => Some(values.period.to_owned()),
            Field::Deadline => optional(values.deadline).map(str::to_owned),
            Field::Questions => Some(values.questions.to_string()),
            Field::Sender => optional(values.sender_name).map(str::to_owned),
            Field::OpenQuestions => list(values.open_questions),
            Field::UnreadableAnswers => list(values.unreadable_answers),
        }
    }

    fn is_list(self) -> bool {
        matches!(self, Field::OpenQuestions | Field::UnreadableAnswers)
    }
}

/// A mistake in a mail template. `line` counts from 1 within the template text; the caller adds
/// which file and which template. [`TemplateError::message`] words it in either language;
/// `Display` shows the English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateError {
    /// A `{word}` that is not one of [`PLACEHOLDERS`], typically a typo.
    UnknownPlaceholder {
        /// The line of the template, from 1.
        line: usize,
        /// The word between the braces, as written.
        name: String,
        /// The known placeholder it most resembles, if any is close.
        suggestion: Option<&'static str>,
    },
    /// A `{` with no `}` after it on the same line.
    Unclosed {
        /// The line of the template, from 1.
        line: usize,
    },
    /// A `}` that closes nothing.
    Unopened {
        /// The line of the template, from 1.
        line: usize,
    },
    /// Every line uses an optional value that is missing, so nothing would be left.
    NothingLeft {
        /// The missing placeholder, e.g. `deadline`.
        placeholder: &'static str,
    },
}

impl TemplateError {
    /// The message in `language`.
    #[must_use]
    pub fn message(&self, language: Language) -> String {
        match self {
            TemplateError::UnknownPlaceholder {
                line,
                name,
                suggestion,
            } => {
                let known = known_placeholders();
                match suggestion {
                    Some(suggestion) => crate::msg!(
                        language,
                        "outputs.mail_unknown_placeholder_like",
                        line,
                        name,
                        suggestion,
                        known
                    ),
                    None => crate::msg!(
                        language,
                        "outputs.mail_unknown_placeholder",
                        line,
                        name,
                        known
                    ),
                }
            }
            TemplateError::Unclosed { line } => {
                crate::msg!(language, "outputs.mail_unclosed", line)
            }
            TemplateError::Unopened { line } => {
                crate::msg!(language, "outputs.mail_unopened", line)
            }
            TemplateError::NothingLeft { placeholder } => {
                crate::msg!(language, "outputs.mail_nothing_left", placeholder)
            }
        }
    }
}

impl std::error::Error for TemplateError {}

fn known_placeholders() -> String {
    PLACEHOLDERS.map(|name| format!("{{{name}}}")).join(" ")
}

/// The known placeholder closest to a misspelt one, if it is close enough to be a typo.
fn suggest(name: &str) -> Option<&'static str> {
    let name = name.trim().to_lowercase();
    PLACEHOLDERS
        .into_iter()
        .map(|known| (strsim::damerau_levenshtein(&name, known), known))
        .filter(|&(distance, _)| distance <= 2)
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, known)| known)
}

/// One piece of a template line.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece<'t> {
    Text(&'t str),
    Field(Field),
}

/// Splits a template into lines of pieces, or returns every problem found.
fn parse(template: &str) -> Result<Vec<Vec<Piece<'_>>>, Vec<TemplateError>> {
    let mut lines = Vec::new();
    let mut problems = Vec::new();
    for (index, line) in template.split('\n').enumerate() {
        let line_number = index + 1;
        // Templates read from a Windows file may keep a carriage return before each newline.
        let line = line.strip_suffix('\r').unwrap_or(line);
        let (split, braces) = template::split_strict(line);
        let mut pieces = Vec::with_capacity(split.len());
        for piece in split {
            match piece {
                template::Piece::Text(text) => pieces.push(Piece::Text(text)),
                template::Piece::Placeholder(name) => match Field::from_placeholder(name) {
                    Some(field) => pieces.push(Piece::Field(field)),
                    None => problems.push(TemplateError::UnknownPlaceholder {
                        line: line_number,
                        name: name.to_owned(),
                        suggestion: suggest(name),
                    }),
                },
            }
        }
        problems.extend(braces.into_iter().map(|brace| match brace {
            template::Brace::Unclosed => TemplateError::Unclosed { line: line_number },
            template::Brace::Unopened => TemplateError::Unopened { line: line_number },
        }));
        lines.push(pieces);
    }
    if problems.is_empty() {
        Ok(lines)
    } else {
        Err(problems)
    }
}

/// Every mistake in a template, without filling it in: for checking a master's own texts before
/// anything is generated.
///
/// # Examples
/// ```
/// use klantwaarde::mail::problems;
/// assert!(problems("Beste {name},").is_empty());
/// assert_eq!(problems("Beste {nmae}, {deadlin}").len(), 2);
/// ```
pub fn problems(template: &str) -> Vec<TemplateError> {
    parse(template).err().unwrap_or_default()
}

/// Fills the placeholders `{name}` `{client}` `{supplier}` `{period}` `{deadline}` `{questions}`
/// `{sender}` `{open_questions}` `{unreadable_answers}` of `template` with `values`; `{{` and
/// `}}` stand for literal braces.
///
/// A line that uses `{deadline}` or `{sender}` while that value is missing (or blank), or a list
/// (`{open_questions}`, `{unreadable_answers}`) that is empty, is left out whole, and so is a
/// blank line that would then double another. A list's items follow the text before it on its
/// line, one line each: `Still open: {open_questions}` gives `Still open:` and a `- 3.02 …` line
/// per question. Templates therefore put
/// the sentence about the deadline on a line of its own, and the signature name on the line
/// under the greeting; the texts read well with and without them, and no half sentence such as
/// "return it by ." can occur.
///
/// # Errors
/// The first [`TemplateError`] of the template (see [`problems`] for all of them): an unknown
/// placeholder, named with the closest known one and the list of known ones; an unmatched
/// brace; or a template of which no line is left because every line uses a missing value.
///
/// # Examples
/// ```
/// use klantwaarde::mail::{Values, render};
/// let values = Values {
///     name: "Zoë Ørsted",
///     client: "KLANT NV",
///     supplier: "BESTSELLER B.V.",
///     period: "2011H2",
///     deadline: None,
///     questions: 12,
///     sender_name: Some("Rob Relatie"),
///     open_questions: &[],
///     unreadable_answers: &[],
/// };
/// let text = render("Dear {name},\n\nPlease reply by {deadline}.\n\n{questions} questions", &values);
/// assert_eq!(text.unwrap(), "Dear Zoë Ørsted,\n\n12 questions");
/// assert!(render("Dear {nmae}", &values).unwrap_err().to_string().contains("{name}"));
/// ```
pub fn render(template: &str, values: &Values) -> Result<String, TemplateError> {
    let lines = parse(template).map_err(|mut problems| problems.swap_remove(0))?;
    let mut kept: Vec<String> = Vec::new();
    let mut missing = None;
    // Set when a line was left out since the last line kept: the next blank line then goes too.
    let mut after_dropped = false;
    for pieces in lines {
        let mut text = String::new();
        let mut dropped = false;
        for piece in pieces {
            match piece {
                Piece::Text(part) => text.push_str(part),
                Piece::Field(field) => match field.value(values) {
                    Some(value) if field.is_list() => {
                        text.truncate(text.trim_end().len());
                        text.push_str(&value);
                    }
                    Some(value) => text.push_str(&value),
                    None => {
                        missing.get_or_insert(field.placeholder());
                        dropped = true;
                    }
                },
            }
        }
        let blank = text.trim().is_empty();
        if dropped {
            after_dropped = true;
        } else if blank && after_dropped && kept.last().is_none_or(|line| line.trim().is_empty()) {
            // Skip: the blank line around a dropped line would double the one already kept.
        } else {
            kept.push(text);
            after_dropped = false;
        }
    }
    let text = kept.join("\n");
    match missing {
        Some(placeholder) if text.trim().is_empty() && !template.trim().is_empty() => {
            Err(TemplateError::NothingLeft { placeholder })
        }
        _ => Ok(text),
    }
}

/// A person on the draft: a display name (may be empty) and an e-mail address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Contact<'a> {
    /// The display name, e.g. `Zoë Ørsted`; empty for none.
    pub name: &'a str,
    /// A plain address such as `zoe@example.nl`, without angle brackets.
    pub email: &'a str,
}

/// Everything that goes into one draft. The same draft always gives the same bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Draft<'a> {
    /// The respondent.
    pub to: Contact<'a>,
    /// The account manager; `None` leaves `From` out, so the mail client uses its own account.
    pub from: Option<Contact<'a>>,
    /// One line, e.g. from [`render`] of a [`Template::subject`].
    pub subject: &'a str,
    /// Plain text, e.g. from [`render`] of a [`Template::body`].
    pub body: &'a str,
    /// The workbook's file name as the respondent will see it, e.g. `Vragenlijst 2011H2 KK.xlsx`.
    pub attachment_name: &'a str,
    /// The workbook's bytes, sent as [`XLSX_CONTENT_TYPE`].
    pub attachment: &'a [u8],
    /// The `Date` header. `None` (best for drafts, see the module docs) leaves it out; the caller
    /// that wants one passes its own timestamp, as the clock is never read here.
    pub date: Option<SystemTime>,
}

/// Whose address is meant in a [`MailError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The respondent the draft goes to.
    Recipient,
    /// The account manager the draft comes from.
    Sender,
}

/// A value of a draft's header, named in [`MailError::ControlCharacter`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderField {
    /// The respondent's name.
    RecipientName,
    /// The account manager's name.
    SenderName,
    /// The subject.
    Subject,
    /// The attachment's file name.
    AttachmentName,
}

/// Why an address cannot be a recipient's or sender's (see [`address_problem`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressProblem {
    /// Nothing but spaces.
    Empty,
    /// A character outside plain ASCII.
    NotAscii,
    /// A domain without a dot.
    NoDot,
    /// Not of the form `name@example.com`.
    MissingParts,
    /// The part before the `@` is not valid.
    InvalidUser,
    /// The part after the `@` is not a valid domain.
    InvalidDomain,
    /// Another form, such as a name with angle brackets.
    NotPlain,
}

impl AddressProblem {
    /// The reason in `language`, to follow "… is not valid: ".
    #[must_use]
    pub fn message(self, language: Language) -> String {
        match self {
            AddressProblem::Empty => crate::msg!(language, "outputs.address_empty"),
            AddressProblem::NotAscii => crate::msg!(language, "outputs.address_not_ascii"),
            AddressProblem::NoDot => crate::msg!(language, "outputs.address_no_dot"),
            AddressProblem::MissingParts => {
                crate::msg!(language, "outputs.address_missing_parts")
            }
            AddressProblem::InvalidUser => crate::msg!(language, "outputs.address_invalid_user"),
            AddressProblem::InvalidDomain => {
                crate::msg!(language, "outputs.address_invalid_domain")
            }
            AddressProblem::NotPlain => crate::msg!(language, "outputs.address_not_plain"),
        }
    }
}

/// Why a draft could not be built. [`MailError::message`] words it in either language;
/// `Display` shows the English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailError {
    /// An address that mail servers would not accept.
    InvalidAddress {
        /// Whose address.
        role: Role,
        /// Their display name, to find them in the master.
        name: String,
        /// The address as given.
        address: String,
        /// What is wrong with it.
        reason: AddressProblem,
    },
    /// A header value with a line break or another control character, which would break the
    /// header (or add one).
    ControlCharacter {
        /// Which value.
        field: HeaderField,
        /// The value, shown with its control characters escaped.
        value: String,
    },
    /// The attachment has an empty file name.
    MissingAttachmentName,
    /// The attachment's file name has a character that Windows does not allow in file names, so
    /// the respondent could not save it under that name.
    AttachmentNameCharacter(String),
    /// lettre refused the message for a reason the checks above do not foresee.
    Build(String),
}

impl MailError {
    /// The message in `language`.
    #[must_use]
    pub fn message(&self, language: Language) -> String {
        match self {
            MailError::InvalidAddress {
                role,
                name,
                address,
                reason,
            } => {
                let address = format!("{address:?}");
                let reason = reason.message(language);
                let name = if name.is_empty() {
                    String::new()
                } else {
                    format!(" {name}")
                };
                match role {
                    Role::Recipient => crate::msg!(
                        language,
                        "outputs.mail_invalid_recipient",
                        address,
                        name,
                        reason
                    ),
                    Role::Sender => crate::msg!(
                        language,
                        "outputs.mail_invalid_sender",
                        address,
                        name,
                        reason
                    ),
                }
            }
            MailError::ControlCharacter { field, value } => {
                let value = format!("{value:?}");
                match field {
                    HeaderField::RecipientName => {
                        crate::msg!(language, "outputs.mail_control_recipient_name", value)
                    }
                    HeaderField::SenderName => {
                        crate::msg!(language, "outputs.mail_control_sender_name", value)
                    }
                    HeaderField::Subject => {
                        crate::msg!(language, "outputs.mail_control_subject", value)
                    }
                    HeaderField::AttachmentName => {
                        crate::msg!(language, "outputs.mail_control_attachment_name", value)
                    }
                }
            }
            MailError::MissingAttachmentName => {
                crate::msg!(language, "outputs.mail_no_attachment_name")
            }
            MailError::AttachmentNameCharacter(name) => {
                let name = format!("{name:?}");
                crate::msg!(language, "outputs.mail_attachment_name_character", name)
            }
            MailError::Build(why) => crate::msg!(language, "outputs.mail_build", why),
        }
    }
}

impl std::error::Error for MailError {}

/// Why `email` cannot be a recipient's or sender's address, if it cannot: the check every draft
/// makes, and `check` makes on the master before anything is written.
///
/// # Examples
/// ```
/// use klantwaarde::mail::address_problem;
/// assert_eq!(address_problem(" Kees.Klant@NewMedia.nl "), None);
/// assert!(address_problem("Kees Klant <kees@newmedia.nl>").is_some());
/// assert!(address_problem("kees@newmedia..nl").is_some());
/// ```
pub fn address_problem(email: &str) -> Option<AddressProblem> {
    parse_address(email).err()
}

fn parse_address(email: &str) -> Result<lettre::Address, AddressProblem> {
    // Spaces around an address are a copy-and-paste accident, not a different address.
    let email = email.trim();
    if email.is_empty() {
        return Err(AddressProblem::Empty);
    }
    if !email.is_ascii() {
        // lettre would write such an address raw into the header, which most servers refuse;
        // in practice the character is a typo or a pasted non-breaking space or curly quote.
        return Err(AddressProblem::NotAscii);
    }
    // A domain without a dot is valid mail syntax but, for a client's manager, a typo.
    if email
        .rsplit_once('@')
        .is_some_and(|(_, domain)| !domain.trim_matches('.').contains('.'))
    {
        return Err(AddressProblem::NoDot);
    }
    email.parse().map_err(|error| match error {
        AddressError::MissingParts => AddressProblem::MissingParts,
        AddressError::InvalidUser => AddressProblem::InvalidUser,
        AddressError::InvalidDomain => AddressProblem::InvalidDomain,
        _ => AddressProblem::NotPlain,
    })
}

/// Checks one contact and turns it into a lettre mailbox.
fn mailbox(contact: Contact, role: Role) -> Result<Mailbox, MailError> {
    let invalid = |reason| MailError::InvalidAddress {
        role,
        name: contact.name.to_owned(),
        address: contact.email.to_owned(),
        reason,
    };
    if contact.name.chars().any(char::is_control) {
        return Err(MailError::ControlCharacter {
            field: match role {
                Role::Recipient => HeaderField::RecipientName,
                Role::Sender => HeaderField::SenderName,
            },
            value: contact.name.to_owned(),
        });
    }
    let address = parse_address(contact.email).map_err(invalid)?;
    let name = contact.name.trim();
    Ok(Mailbox::new(
        (!name.is_empty()).then(|| name.to_owned()),
        address,
    ))
}

/// `text` as it goes into a quoted MIME parameter for clients that do not read RFC 2231: as is
/// when it is printable ASCII, else as RFC 2047 `B` encoded words of whole characters, each at
/// most 75 characters long and separated by spaces (where the header may be folded). The caller
/// has ruled out `"` and `\`.
fn encoded_words(text: &str) -> String {
    if text.bytes().all(|byte| (b' '..=b'~').contains(&byte)) {
        return text.to_owned();
    }
    // 42 bytes of UTF-8 become 56 base64 characters: with `=?utf-8?b?` and `?=`, 68 in all,
    // which leaves room on the folded line for ` name="` before the first word.
    const MOST_BYTES: usize = 42;
    let mut words = Vec::new();
    let mut start = 0;
    let mut end = 0;
    for (index, character) in text.char_indices() {
        let next = index + character.len_utf8();
        if next - start > MOST_BYTES {
            words.push(&text[start..end]);
            start = index;
        }
        end = next;
    }
    words.push(&text[start..end]);
    words
        .into_iter()
        .map(|word| format!("=?utf-8?b?{}?=", base64(word.as_bytes())))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Standard base64 with padding (RFC 4648), for [`encoded_words`].
fn base64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// A MIME boundary that is a function of every input. `=_` cannot occur in a quoted-printable or
/// base64 body, so the boundary cannot occur in the content whatever the content is.
fn boundary(draft: &Draft) -> String {
    let mut hasher = Sha256::new();
    let from = draft.from.map_or([&[][..]; 2], |from| {
        [from.name.as_bytes(), from.email.as_bytes()]
    });
    let date = draft
        .date
        .map(|date| format!("{date:?}"))
        .unwrap_or_default();
    let fields: [&[u8]; 9] = [
        draft.to.name.as_bytes(),
        draft.to.email.as_bytes(),
        from[0],
        from[1],
        draft.subject.as_bytes(),
        draft.body.as_bytes(),
        draft.attachment_name.as_bytes(),
        draft.attachment,
        date.as_bytes(),
    ];
    for field in fields {
        // Length-prefixed, so that moving text from one field to the next changes the digest.
        hasher.update((field.len() as u64).to_le_bytes());
        hasher.update(field);
    }
    let digest = hasher.finalize();
    let mut text = String::from("=_klantwaarde_");
    for byte in &digest[..20] {
        write!(text, "{byte:02x}").expect("writing to a String cannot fail");
    }
    text
}

/// Builds the .eml bytes of a draft: `X-Unsent: 1`, `To`, `From` when given, `Subject`, the body
/// as UTF-8 plain text and the workbook as an attachment. The same draft gives the same bytes;
/// see the module docs for what is left out and why.
///
/// # Errors
/// [`MailError::InvalidAddress`] for an empty or malformed address (saying whose, and what to
/// correct), [`MailError::ControlCharacter`] for a line break in a name, the subject or the file
/// name, and [`MailError::MissingAttachmentName`].
///
/// # Examples
/// ```
/// use klantwaarde::mail::{Contact, Draft, build_eml};
/// let eml = build_eml(&Draft {
///     to: Contact { name: "Zoë Ørsted", email: "zoe.orsted@example.nl" },
///     from: None,
///     subject: "Klantwaardemonitor 2011H2: uw persoonlijke vragenlijst",
///     body: "Beste Zoë Ørsted,\n",
///     attachment_name: "Vragenlijst 2011H2 ZO.xlsx",
///     attachment: b"PK\x03\x04",
///     date: None,
/// })
/// .unwrap();
/// let text = String::from_utf8(eml).unwrap();
/// assert!(text.starts_with("To: =?utf-8?"));
/// assert!(text.contains("X-Unsent: 1\r\n"));
/// assert!(!text.contains("From:") && !text.contains("Date:"));
/// ```
pub fn build_eml(draft: &Draft) -> Result<Vec<u8>, MailError> {
    let to = mailbox(draft.to, Role::Recipient)?;
    let from = draft
        .from
        .map(|from| mailbox(from, Role::Sender))
        .transpose()?;
    for (field, value) in [
        (HeaderField::Subject, draft.subject),
        (HeaderField::AttachmentName, draft.attachment_name),
    ] {
        if value.chars().any(char::is_control) {
            return Err(MailError::ControlCharacter {
                field,
                value: value.to_owned(),
            });
        }
    }
    let attachment_name = draft.attachment_name.trim();
    if attachment_name.is_empty() {
        return Err(MailError::MissingAttachmentName);
    }
    if attachment_name.contains(['<', '>', ':', '"', '/', '\\', '|', '?', '*']) {
        return Err(MailError::AttachmentNameCharacter(
            attachment_name.to_owned(),
        ));
    }

    let build_error = |error: &dyn std::fmt::Display| MailError::Build(error.to_string());
    let text = SinglePart::builder()
        .header(ContentType::TEXT_PLAIN)
        // Always quoted-printable, never 7bit: it keeps long paragraph lines within 76 characters.
        .header(ContentTransferEncoding::QuotedPrintable)
        .body(draft.body.to_owned());
    // lettre writes the file name into Content-Disposition as RFC 2231 (`filename*0*=utf-8''…`),
    // the standard that Thunderbird and Apple Mail read. Outlook has been reported to ignore that
    // form and call the file ATT00001 (MimeKit's FAQ, MailKit issue 1041), but it reads the `name`
    // parameter of Content-Type written as Outlook and Gmail write it: RFC 2047 encoded words
    // inside the quotes. Readers that know RFC 2231 prefer the Content-Disposition name.
    let workbook_type = ContentType::parse(&format!(
        "{XLSX_CONTENT_TYPE}; name=\"{}\"",
        encoded_words(attachment_name)
    ))
    .map_err(|e| build_error(&e))?;
    let workbook =
        Attachment::new(attachment_name.to_owned()).body(draft.attachment.to_vec(), workbook_type);
    // Set directly rather than through `MultiPart::mixed()`, which first draws a random boundary.
    let mixed = ContentType::parse(&format!(
        "multipart/mixed; boundary=\"{}\"",
        boundary(draft)
    ))
    .map_err(|e| build_error(&e))?;
    let body = MultiPart::builder()
        .header(mixed)
        .singlepart(text)
        .singlepart(workbook);

    // lettre requires a From and fills in the current time for a missing Date; both stand-ins
    // are removed below, so neither the placeholder nor the clock reaches the file.
    let placeholder_from = || {
        Mailbox::new(
            None,
            "draft@example.invalid"
                .parse()
                .expect("the placeholder address is valid"),
        )
    };
    let mut message = Message::builder()
        .from(from.clone().unwrap_or_else(placeholder_from))
        .to(to)
        .subject(draft.subject)
        .date(draft.date.unwrap_or(UNIX_EPOCH))
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("X-Unsent"),
            "1".to_owned(),
        ))
        .multipart(body)
        .map_err(|e| build_error(&e))?;
    if from.is_none() {
        message.headers_mut().remove::<header::From>();
    }
    if draft.date.is_none() {
        message.headers_mut().remove::<header::Date>();
    }
    Ok(message.formatted())
}

crate::messages::english_display!(TemplateError, AddressProblem, MailError);

#[cfg(test)]
mod tests {
    use super::*;
    use mail_parser::{MessageParser, MimeHeaders};

    /// Every byte value, so that the attachment round trip covers 0x00 to 0xFF.
    fn binary_attachment() -> Vec<u8> {
        let mut bytes: Vec<u8> = (0..=255).collect();
        bytes.extend((0..=255u8).rev());
        bytes.extend(b"PK\x03\x04\r\n\n\r.\r\n--=_klantwaarde_");
        bytes
    }

    fn values<'a>(name: &'a str) -> Values<'a> {
        Values {
            name,
            client: "KLANT NV",
            supplier: "BESTSELLER B.V.",
            period: "2011H2",
            deadline: Some("30 november 2011"),
            questions: 17,
            sender_name: Some("Rob Relatie"),
            open_questions: &[],
            unreadable_answers: &[],
        }
    }

    fn draft<'a>(to: Contact<'a>, body: &'a str, attachment: &'a [u8]) -> Draft<'a> {
        Draft {
            to,
            from: Some(Contact {
                name: "Rob Relatie",
                email: "rob.relatie@bestseller.example",
            }),
            subject: "Klantwaardemonitor 2011H2: uw persoonlijke vragenlijst",
            body,
            attachment_name: "Vragenlijst 2011H2 Zoë Ørsted.xlsx",
            attachment,
            date: None,
        }
    }

    const ZOE: Contact = Contact {
        name: "Zoë Ørsted",
        email: "zoe.orsted@newmedia.nl",
    };

    /// Renders `template` with the values of `values("Zoë Ørsted")` changed by `change`.
    fn check(template: &str, change: impl FnOnce(&mut Values), expected: Result<&str, &str>) {
        let mut filled = values("Zoë Ørsted");
        change(&mut filled);
        let actual = render(template, &filled).map_err(|error| error.to_string());
        match (&actual, expected) {
            (Ok(text), Ok(expected)) => assert_eq!(text, expected, "template {template:?}"),
            (Err(message), Err(part)) => assert!(
                message.contains(part),
                "template {template:?}: error {message:?} should contain {part:?}"
            ),
            _ => panic!("template {template:?}: got {actual:?}, expected {expected:?}"),
        }
    }

    fn same(_: &mut Values) {}
    fn no_deadline(values: &mut Values) {
        values.deadline = None;
    }
    fn no_sender(values: &mut Values) {
        values.sender_name = None;
    }

    #[test]
    fn render_fills_placeholders() {
        check("Beste {name},", same, Ok("Beste Zoë Ørsted,"));
        check(
            "{client} en {supplier}, {period}: {questions} vragen vóór {deadline}. {sender}",
            same,
            Ok("KLANT NV en BESTSELLER B.V., 2011H2: 17 vragen vóór 30 november 2011. Rob Relatie"),
        );
        check("{name}{name}", same, Ok("Zoë ØrstedZoë Ørsted"));
        check("", same, Ok(""));
        check("no placeholders\n", same, Ok("no placeholders\n"));
        check("windows\r\nline\r\n", same, Ok("windows\nline\n"));
    }

    #[test]
    fn render_escapes_braces() {
        check("{{name}}", same, Ok("{name}"));
        check("{{{name}}}", same, Ok("{Zoë Ørsted}"));
        check("a }} b {{ c", same, Ok("a } b { c"));
    }

    #[test]
    fn render_leaves_out_lines_with_a_missing_value() {
        let body = "Beste {name},\n\nGraag vóór {deadline}.\n\nGroet,\n{sender}\n";
        check(
            body,
            same,
            Ok("Beste Zoë Ørsted,\n\nGraag vóór 30 november 2011.\n\nGroet,\nRob Relatie\n"),
        );
        check(
            body,
            no_deadline,
            Ok("Beste Zoë Ørsted,\n\nGroet,\nRob Relatie\n"),
        );
        check(
            body,
            no_sender,
            Ok("Beste Zoë Ørsted,\n\nGraag vóór 30 november 2011.\n\nGroet,\n"),
        );
        check("a\n\n{sender}\n", no_sender, Ok("a\n"));
        check("{deadline}\n\na", no_deadline, Ok("a"));
        check("a\n\n\nb", no_deadline, Ok("a\n\n\nb"));
        check(
            "Vóór {deadline}",
            |values| values.deadline = Some("  "),
            Err("every line uses {deadline}"),
        );
        check("Vóór {deadline}", no_deadline, Err("no deadline is known"));
        check("Groet,\n{sender}", no_sender, Ok("Groet,"));
    }

    #[test]
    fn render_reports_mistakes_with_a_suggestion() {
        check(
            "Beste {nmae},",
            same,
            Err("line 1: unknown placeholder {nmae} (did you mean {name}?)"),
        );
        check(
            "x\n{Name}",
            same,
            Err("line 2: unknown placeholder {Name} (did you mean {name}?)"),
        );
        check("{deadlin}", same, Err("did you mean {deadline}?"));
        check(
            "{klant}",
            same,
            Err(
                "unknown placeholder {klant}; the known placeholders are {name} {client} {supplier} {period} {deadline} {questions} {sender} {open_questions} {unreadable_answers}",
            ),
        );
        check("{}", same, Err("unknown placeholder {};"));
        check("Beste {name", same, Err("line 1: a { without a closing }"));
        check("a}b", same, Err("line 1: a } without an opening {"));
    }

    #[test]
    fn problems_lists_every_mistake() {
        let found = problems("{nmae}\n{ok\n}\n{name} {klant}");
        assert_eq!(
            found,
            vec![
                TemplateError::UnknownPlaceholder {
                    line: 1,
                    name: "nmae".into(),
                    suggestion: Some("name")
                },
                TemplateError::Unclosed { line: 2 },
                TemplateError::Unopened { line: 3 },
                TemplateError::UnknownPlaceholder {
                    line: 4,
                    name: "klant".into(),
                    suggestion: None
                },
            ]
        );
        assert!(problems("{{nmae}} {name}").is_empty());
    }

    #[test]
    fn builtin_templates_parse_and_render() {
        for language in LANGUAGES {
            let templates = Templates::builtin(language).expect("built-in language");
            for (kind, template) in [
                ("preview", &templates.preview),
                ("invite", &templates.invite),
                ("reminder", &templates.reminder),
                ("partial", &templates.partial),
                ("rejected", &templates.rejected),
            ] {
                for text in [&template.subject, &template.body] {
                    assert_eq!(problems(text), vec![], "{language} {kind}");
                }
                let full = values("Zoë Ørsted");
                let body = render(&template.body, &full).unwrap();
                for part in [
                    "Zoë Ørsted",
                    "KLANT NV",
                    "2011H2",
                    "17",
                    "30 november 2011",
                    "Rob Relatie",
                ] {
                    assert!(
                        body.contains(part),
                        "{language} {kind} body lacks {part:?}:\n{body}"
                    );
                }
                let bare = Values {
                    deadline: None,
                    sender_name: None,
                    ..full
                };
                let body = render(&template.body, &bare).unwrap();
                assert!(
                    !body.contains("\n\n\n") && !body.ends_with("\n\n"),
                    "{language} {kind}:\n{body}"
                );
                assert!(!render(&template.subject, &bare).unwrap().is_empty());
                assert!(!template.subject.contains('\n'));
                // Names such as "BESTSELLER B.V." end in a dot: a sentence must not end on one.
                for name in ["{name}.", "{client}.", "{supplier}.", "{sender}."] {
                    assert!(!template.body.contains(name), "{language} {kind}: {name}");
                }
            }
        }
        assert_eq!(Templates::builtin("de"), None);
    }

    #[test]
    fn lists_follow_their_line_and_vanish_when_empty() {
        let open = [
            "3.02 Komt de afspraken na".to_string(),
            "4.01 Kosten".to_string(),
        ];
        let unreadable = ["2.01 Advies: \"7,5\"".to_string()];
        let template = "Beste {name},\n\nNog open: {open_questions}\n\nNiet te lezen:{unreadable_answers}\n\nGroet";
        let both = Values {
            open_questions: &open,
            unreadable_answers: &unreadable,
            ..values("Zoë")
        };
        assert_eq!(
            render(template, &both).unwrap(),
            "Beste Zoë,\n\nNog open:\n- 3.02 Komt de afspraken na\n- 4.01 Kosten\n\nNiet te lezen:\n- 2.01 Advies: \"7,5\"\n\nGroet"
        );
        let only_open = Values {
            open_questions: &open,
            ..values("Zoë")
        };
        assert_eq!(
            render(template, &only_open).unwrap(),
            "Beste Zoë,\n\nNog open:\n- 3.02 Komt de afspraken na\n- 4.01 Kosten\n\nGroet"
        );
    }

    #[test]
    fn partial_reminders_name_what_is_open_and_unreadable() {
        let open = ["3.02 Komt de afspraken na".to_string()];
        let unreadable = ["2.01 Advies: \"7,5\"".to_string()];
        for language in LANGUAGES {
            let partial = Templates::builtin(language).unwrap().partial;
            let body = render(
                &partial.body,
                &Values {
                    open_questions: &open,
                    unreadable_answers: &unreadable,
                    ..values("Zoë")
                },
            )
            .unwrap();
            assert!(body.contains("\n- 3.02 Komt de afspraken na\n"), "{body}");
            assert!(body.contains("\n- 2.01 Advies: \"7,5\"\n"), "{body}");
            let plain = Templates::builtin(language).unwrap().reminder;
            assert!(!plain.body.contains("{open_questions}"));
        }
        // The preview asks for a check, not for answers, and says when the real round comes.
        let preview = Templates::builtin("nl").unwrap().preview.body;
        assert!(preview.contains("kunt beoordelen"), "{preview}");
        assert!(preview.contains("{deadline}"), "{preview}");
        let preview = Templates::builtin("en").unwrap().preview.body;
        assert!(preview.contains("able to judge"), "{preview}");
    }

    #[test]
    fn templates_from_toml_rejects_unknown_keys() {
        let error = Templates::from_toml(
            "[preview]\nsubject = 'a'\nbody = 'b'\n[invite]\nsubject = 'a'\nbody = 'b'\n[partial]\nsubject = 'a'\nbody = 'b'\n[rejected]\nsubject = 'a'\nbody = 'b'\n[reminder]\nsubject = 'c'\nbdy = 'd'\n",
        )
        .unwrap_err();
        assert!(error.to_string().contains("bdy"), "{error}");
    }

    #[test]
    fn draft_round_trips_through_a_mime_parser() {
        let attachment = binary_attachment();
        let body = render(
            &Templates::builtin("nl").unwrap().invite.body,
            &values("Zoë Ørsted"),
        )
        .unwrap();
        let eml = build_eml(&draft(ZOE, &body, &attachment)).unwrap();
        let message = MessageParser::default().parse(&eml).expect("parses");

        let to = message.to().and_then(|to| to.first()).expect("To");
        assert_eq!(to.name(), Some("Zoë Ørsted"));
        assert_eq!(to.address(), Some("zoe.orsted@newmedia.nl"));
        let from = message.from().and_then(|from| from.first()).expect("From");
        assert_eq!(from.name(), Some("Rob Relatie"));
        assert_eq!(from.address(), Some("rob.relatie@bestseller.example"));
        assert_eq!(
            message.subject(),
            Some("Klantwaardemonitor 2011H2: uw persoonlijke vragenlijst")
        );
        assert_eq!(message.header_raw("X-Unsent").map(str::trim), Some("1"));
        assert_eq!(message.date(), None);
        assert_eq!(message.message_id(), None);

        let text = message.body_text(0).expect("text body");
        assert_eq!(text.replace("\r\n", "\n"), body);
        for part in [
            "Beste Zoë Ørsted,",
            "KLANT NV",
            "BESTSELLER B.V.",
            "2011H2",
            "17 vragen",
            "uiterlijk 30 november 2011",
            "Rob Relatie",
        ] {
            assert!(text.contains(part), "body lacks {part:?}:\n{text}");
        }

        assert_eq!(message.attachment_count(), 1);
        let workbook = message.attachment(0).expect("attachment");
        assert_eq!(
            workbook.attachment_name(),
            Some("Vragenlijst 2011H2 Zoë Ørsted.xlsx")
        );
        let content_type = workbook.content_type().expect("content type");
        assert_eq!(
            format!(
                "{}/{}",
                content_type.ctype(),
                content_type.subtype().unwrap_or_default()
            ),
            XLSX_CONTENT_TYPE
        );
        assert_eq!(workbook.contents(), attachment.as_slice());
    }

    #[test]
    fn base64_matches_rfc_4648() {
        for (input, expected) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
            ("Zoë Ørsted", "Wm/DqyDDmHJzdGVk"),
        ] {
            assert_eq!(base64(input.as_bytes()), expected, "{input:?}");
        }
        assert_eq!(base64(&[0xff, 0xfe, 0xfd]), "//79");
    }

    #[test]
    fn content_type_name_is_readable_without_rfc_2231() {
        for name in [
            "Vragenlijst 2011H2 KK.xlsx",
            "Vragenlijst 2011H2 Zoë Ørsted.xlsx",
            "Vragenlijst klantwaardemonitor 2011H2 voor Zoë Ørsted-d'Ancona (KLANT NV) ééééé.xlsx",
        ] {
            let words = encoded_words(name);
            assert!(words.split(' ').all(|word| word.len() <= 75), "{words}");
            let eml = build_eml(&Draft {
                attachment_name: name,
                ..draft(ZOE, "x", b"x")
            })
            .unwrap();
            let message = MessageParser::default().parse(&eml).expect("parses");
            let workbook = message.attachment(0).expect("attachment");
            assert_eq!(workbook.attachment_name(), Some(name));
            let content_type = workbook.content_type().expect("content type");
            assert_eq!(content_type.attribute("name"), Some(name));
        }
    }

    #[test]
    fn display_names_with_quotes_and_punctuation_survive() {
        for name in [
            "Jan d'Ancona",
            "A. Aaaa",
            "Klant, Kees",
            "Kees \"KK\" Klant",
            "Zoë Ørsted",
            "Ünal Çelik-Šimić",
        ] {
            let to = Contact {
                name,
                email: "kees.klant@newmedia.nl",
            };
            let eml = build_eml(&draft(to, "x\n", b"x")).unwrap();
            let message = MessageParser::default().parse(&eml).expect("parses");
            let to = message.to().and_then(|to| to.first()).expect("To");
            assert_eq!(to.name(), Some(name));
            assert_eq!(to.address(), Some("kees.klant@newmedia.nl"));
        }
    }

    #[test]
    fn without_sender_from_is_left_out() {
        let eml = build_eml(&Draft {
            from: None,
            ..draft(ZOE, "x\n", b"x")
        })
        .unwrap();
        let message = MessageParser::default().parse(&eml).expect("parses");
        assert!(message.from().is_none());
        assert!(message.header_raw("From").is_none());
        let text = String::from_utf8(eml).unwrap();
        assert!(!text.contains("example.invalid"), "{text}");
        assert!(!text.contains("Date:"), "{text}");
    }

    #[test]
    fn date_is_written_only_when_given() {
        let date = UNIX_EPOCH + std::time::Duration::from_secs(1_322_611_200); // 2011-11-30 00:00 UTC
        let eml = build_eml(&Draft {
            date: Some(date),
            ..draft(ZOE, "x\n", b"x")
        })
        .unwrap();
        let text = String::from_utf8(eml).unwrap();
        assert!(
            text.contains("Date: Wed, 30 Nov 2011 00:00:00 +0000\r\n"),
            "{text}"
        );
    }

    #[test]
    fn same_draft_gives_same_bytes() {
        let attachment = binary_attachment();
        let first = build_eml(&draft(ZOE, "Beste Zoë,\n", &attachment)).unwrap();
        assert_eq!(
            first,
            build_eml(&draft(ZOE, "Beste Zoë,\n", &attachment)).unwrap()
        );
        let other = Contact {
            name: "Jan d'Ancona",
            email: "jan.dancona@newmedia.nl",
        };
        let second = build_eml(&draft(other, "Beste Jan,\n", &attachment)).unwrap();
        assert_ne!(first, second);
        let boundary_of = |eml: &[u8]| {
            let text = String::from_utf8(eml.to_vec()).unwrap();
            let start = text.find("boundary=\"").unwrap() + 10;
            text[start..start + text[start..].find('"').unwrap()].to_owned()
        };
        assert_ne!(
            boundary_of(&first),
            boundary_of(&second),
            "boundaries follow the content"
        );
        assert!(boundary_of(&first).starts_with("=_klantwaarde_"));
    }

    #[test]
    fn raw_draft_keeps_line_limits() {
        let long_paragraph = format!(
            "{}\n",
            "Zoë schrijft een heel lange alinea zonder regeleinden. ".repeat(30)
        );
        let eml = build_eml(&Draft {
            attachment_name: "Vragenlijst klantwaardemonitor 2011H2 voor Zoë Ørsted-d'Ancona van KLANT NV.xlsx",
            ..draft(ZOE, &long_paragraph, &[0xAB; 5000])
        })
        .unwrap();
        let text = String::from_utf8(eml).expect("the raw draft is ASCII");
        assert!(text.is_ascii());
        // RFC 5322 allows 998 characters and asks for 78; a header can be folded only at white
        // space, so the line with the unbroken xlsx MIME type and its `;` (80) keeps its length.
        let unfoldable = format!("Content-Type: {XLSX_CONTENT_TYPE};");
        for line in text.split("\r\n") {
            assert!(
                line.len() <= 78 || line == unfoldable,
                "line of {} characters: {line:?}",
                line.len()
            );
            assert!(
                !line.contains('\n') && !line.contains('\r'),
                "bare line ending in {line:?}"
            );
        }
    }

    #[test]
    fn invalid_addresses_say_whose_and_what_to_do() {
        let cases = [
            ("", "it is empty"),
            ("kees.klant", "name@example.com"),
            ("kees klant@newmedia.nl", "before the @"),
            ("kees.klant@newmedia..nl", "after the @"),
            ("Kees <kees@newmedia.nl>", "before the @"),
            ("zoë@newmedia.nl", "outside plain ASCII"),
            ("kees.klant@new\u{a0}media.nl", "outside plain ASCII"),
        ];
        for (email, reason) in cases {
            let to = Contact {
                name: "Kees Klant",
                email,
            };
            let message = build_eml(&draft(to, "x", b"x")).unwrap_err().to_string();
            assert!(message.contains(reason), "{email:?}: {message}");
            assert!(
                message.contains(&format!("{email:?} of the respondent Kees Klant")),
                "{message}"
            );
            assert!(
                message.contains("correct the respondent's e-mail address in the master file"),
                "{message}"
            );
        }
        let bad_sender = Draft {
            from: Some(Contact {
                name: "Rob",
                email: "rob@",
            }),
            ..draft(ZOE, "x", b"x")
        };
        let message = build_eml(&bad_sender).unwrap_err().to_string();
        assert!(
            message.starts_with("the e-mail address \"rob@\" of the sender Rob is not valid"),
            "{message}"
        );
        assert!(
            build_eml(&draft(
                Contact {
                    email: " kees@newmedia.nl ",
                    ..ZOE
                },
                "x",
                b"x"
            ))
            .is_ok()
        );
    }

    #[test]
    fn header_values_with_line_breaks_are_refused() {
        let subject = Draft {
            subject: "a\r\nBcc: someone@example.com",
            ..draft(ZOE, "x", b"x")
        };
        assert!(matches!(
            build_eml(&subject),
            Err(MailError::ControlCharacter {
                field: HeaderField::Subject,
                ..
            })
        ));
        let name = draft(
            Contact {
                name: "Zoë\nØrsted",
                ..ZOE
            },
            "x",
            b"x",
        );
        assert!(
            build_eml(&name)
                .unwrap_err()
                .to_string()
                .starts_with("the respondent's name \"Zoë\\nØrsted\" contains a line break")
        );
        let file = Draft {
            attachment_name: "  ",
            ..draft(ZOE, "x", b"x")
        };
        assert_eq!(build_eml(&file), Err(MailError::MissingAttachmentName));
        let file = Draft {
            attachment_name: "Vragenlijst 2011/2.xlsx",
            ..draft(ZOE, "x", b"x")
        };
        assert!(
            build_eml(&file)
                .unwrap_err()
                .to_string()
                .contains("Windows does not allow")
        );
    }

    #[test]
    fn mail_problems_are_worded_in_both_languages() {
        let to = Contact {
            name: "Kees Klant",
            email: "kees.klant@newmedia",
        };
        let error = build_eml(&draft(to, "x", b"x")).unwrap_err();
        assert_eq!(
            error.message(Language::English),
            "the e-mail address \"kees.klant@newmedia\" of the respondent Kees Klant is not valid: the part after the @ needs a dot, as in example.com; correct the respondent's e-mail address in the master file"
        );
        assert_eq!(
            error.message(Language::Dutch),
            "het e-mailadres \"kees.klant@newmedia\" van respondent Kees Klant is ongeldig: het deel na de @ heeft een punt nodig, zoals in example.com; verbeter het e-mailadres van de respondent in de master"
        );
        let subject = Draft {
            subject: "Twee\nregels",
            ..draft(ZOE, "x", b"x")
        };
        assert_eq!(
            build_eml(&subject).unwrap_err().message(Language::Dutch),
            "het onderwerp \"Twee\\nregels\" bevat een regeleinde of een ander stuurteken; haal het weg"
        );
        let typo = problems("Beste {nmae},");
        assert_eq!(
            typo[0].message(Language::Dutch),
            "regel 1: onbekend invulveld {nmae} (bedoelt u {name}?); de bekende invulvelden zijn {name} {client} {supplier} {period} {deadline} {questions} {sender} {open_questions} {unreadable_answers}"
        );
        assert!(
            typo[0]
                .to_string()
                .starts_with("line 1: unknown placeholder {nmae} (did you mean {name}?); the known placeholders are {name}"),
            "{}",
            typo[0]
        );
        let unclosed = problems("Beste {name");
        assert_eq!(
            unclosed[0].message(Language::Dutch),
            "regel 1: een { zonder sluitende }; sluit het invulveld, of schrijf {{ voor een accolade die als tekst bedoeld is"
        );
    }
}
