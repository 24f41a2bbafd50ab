//! E-mail drafts for the respondents: invitations beside the questionnaires (preview or final
//! round), reminders for those who have not answered (all, or part). Files are written here;
//! the messages are built by [`crate::mail`], the gaps found by [`klantwaarde::followup`].

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use klantwaarde::followup::{self, Followup};
use klantwaarde::labels::Language;
use klantwaarde::mail::{self, Contact, Draft, Template, Templates, Values};
use klantwaarde::master::{Master, RespondentId};
use klantwaarde::msg;
use klantwaarde::questionnaire::{self, Questionnaire};
use klantwaarde::reader::{self, Returned};
use klantwaarde::report::{Report, ResponseStatus};
use klantwaarde::secret::Secret;

use super::{console, inputs};
use crate::cli::{Round, Status};

/// Which mail to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Preview,
    Invitation,
    Reminder,
    Partial,
    Rejected,
}

impl Kind {
    /// The `[mail]` keys of the master that replace this kind's subject and body.
    fn keys(self) -> (&'static str, &'static str) {
        match self {
            Kind::Preview => ("preview_subject", "preview_body"),
            Kind::Invitation => ("subject", "body"),
            Kind::Reminder => ("reminder_subject", "reminder_body"),
            Kind::Partial => ("partial_subject", "partial_body"),
            Kind::Rejected => ("rejected_subject", "rejected_body"),
        }
    }
}

/// The subject and body to use: the master's own texts where it sets them, else the built-in.
fn template(master: &Master, kind: Kind) -> Template {
    let builtin = Templates::builtin(master.language.code())
        .unwrap_or_else(|| Templates::builtin("nl").expect("the Dutch templates are built in"));
    let (default, subject, body) = match kind {
        Kind::Preview => (
            builtin.preview,
            &master.mail.preview_subject,
            &master.mail.preview_body,
        ),
        Kind::Invitation => (builtin.invite, &master.mail.subject, &master.mail.body),
        Kind::Reminder => (
            builtin.reminder,
            &master.mail.reminder_subject,
            &master.mail.reminder_body,
        ),
        Kind::Partial => (
            builtin.partial,
            &master.mail.partial_subject,
            &master.mail.partial_body,
        ),
        Kind::Rejected => (
            builtin.rejected,
            &master.mail.rejected_subject,
            &master.mail.rejected_body,
        ),
    };
    Template {
        subject: subject.clone().unwrap_or(default.subject),
        body: body.clone().unwrap_or(default.body),
    }
}

/// The lines a partial reminder lists: `3.02 The text` for an open question, and
/// `2.01 The text: "7,5"` for an answer that could not be read.
fn gap_lines(gaps: &Followup) -> (Vec<String>, Vec<String>) {
    let open = gaps
        .open
        .iter()
        .map(|gap| format!("{} {}", gap.id, gap.text))
        .collect();
    let unreadable = gaps
        .unreadable
        .iter()
        .map(|gap| {
            format!(
                "{} {}: \"{}\"",
                gap.id,
                gap.text,
                gap.typed.as_deref().unwrap_or_default()
            )
        })
        .collect();
    (open, unreadable)
}

/// Builds one draft; `None` (with a warning printed) when the respondent has no e-mail address.
fn draft(
    master: &Master,
    kind: Kind,
    respondent: RespondentId,
    questions: usize,
    gaps: &Followup,
    attachment_name: &str,
    attachment: &[u8],
) -> Result<Option<Vec<u8>>> {
    let language = master.language;
    let person = master.respondent(respondent);
    let Some(email) = person.email.as_deref() else {
        console::warn(
            language,
            &msg!(
                language,
                "commands.draft_no_email",
                name = person.name,
                initials = person.initials
            ),
        );
        return Ok(None);
    };
    let deadline = questionnaire::deadline_text(master);
    let (open, unreadable) = gap_lines(gaps);
    let values = Values {
        name: &person.name,
        client: &master.client,
        supplier: &master.supplier,
        period: &master.period,
        deadline: deadline.as_deref(),
        questions,
        sender_name: master.sender.as_ref().map(|s| s.name.as_str()),
        open_questions: &open,
        unreadable_answers: &unreadable,
    };
    let template = template(master, kind);
    let (subject_key, body_key) = kind.keys();
    let worded = |key: &'static str| {
        move |e: mail::TemplateError| {
            anyhow::anyhow!(e.message(language)).context(msg!(
                language,
                "commands.draft_mail_text",
                key
            ))
        }
    };
    let subject = mail::render(&template.subject, &values).map_err(worded(subject_key))?;
    let body = mail::render(&template.body, &values).map_err(worded(body_key))?;
    let eml = mail::build_eml(&Draft {
        to: Contact {
            name: &person.name,
            email,
        },
        from: master.sender.as_ref().map(|s| Contact {
            name: &s.name,
            email: &s.email,
        }),
        subject: &subject,
        body: &body,
        attachment_name,
        attachment,
        date: None,
    })
    .map_err(|e| anyhow::anyhow!(e.message(language)))?;
    Ok(Some(eml))
}

fn eml_name(file_name: &str) -> String {
    let stem = file_name
        .rsplit_once('.')
        .map_or(file_name, |(stem, _)| stem);
    format!("{stem}.eml")
}

/// Writes an invitation draft of `round` beside every questionnaire of `written`.
///
/// # Errors
/// When a master's mail template is wrong or a draft cannot be written.
pub fn write_invitations(
    master: &Master,
    written: &[Questionnaire],
    folder: &Path,
    round: Round,
    quiet: bool,
) -> Result<Status> {
    let kind = match round {
        Round::Preview => Kind::Preview,
        Round::Final => Kind::Invitation,
    };
    let mut drafts = 0;
    for questionnaire in written {
        let Some(eml) = draft(
            master,
            kind,
            questionnaire.respondent,
            questionnaire.questions,
            &Followup::default(),
            &questionnaire.file_name,
            &questionnaire.bytes,
        )?
        else {
            continue;
        };
        klantwaarde::output::write_atomic(&folder.join(eml_name(&questionnaire.file_name)), &eml)?;
        drafts += 1;
    }
    if !quiet {
        let language = master.language;
        let path = folder.display();
        console::say(&match round {
            Round::Preview => msg!(language, "commands.drafts_wrote_preview", drafts, path),
            Round::Final => msg!(language, "commands.drafts_wrote_final", drafts, path),
        });
    }
    Ok(Status::Success)
}

/// The returned questionnaire at `file` as read, when it still reads; the account manager has
/// been told about a file that does not.
pub(super) fn read_returned(file: &str, language: Language) -> Option<Returned> {
    let limits = reader::Limits::default();
    let bytes = inputs::read_capped(Path::new(file), limits.max_file_bytes, language).ok()?;
    reader::read_questionnaire(&bytes, &limits).ok()
}

/// Writes a reminder draft for every respondent who is missing, was rejected, or answered only
/// part. The partly answered get their own returned file back, so no answer is typed twice,
/// with the questions still open and the answers that could not be read listed in the mail;
/// the others get a fresh questionnaire and the plain reminder. Each draft names only its own
/// respondent's answers.
///
/// # Errors
/// When the folder cannot be made, a template is wrong or a draft cannot be written.
pub fn write_reminders(
    master: &Master,
    secret: &Secret,
    report: &Report,
    folder: &Path,
) -> Result<Vec<PathBuf>> {
    let language = master.language;
    std::fs::create_dir_all(folder).with_context(|| {
        msg!(
            language,
            "commands.reminders_cannot_create_folder",
            path = folder.display()
        )
    })?;
    let mut written = Vec::new();
    let mut partial = 0;
    for result in &report.respondents {
        if result.assigned == 0 || result.status == ResponseStatus::Returned {
            continue;
        }
        let fresh = questionnaire::write(master, secret, result.index)?;
        let (kind, gaps, name, bytes) = match (&result.status, &result.file) {
            (ResponseStatus::Partial, Some(file)) => {
                let path = Path::new(file);
                let name = path.file_name().map_or_else(
                    || fresh.file_name.clone(),
                    |n| n.to_string_lossy().into_owned(),
                );
                let bytes = std::fs::read(path).with_context(|| {
                    msg!(
                        language,
                        "commands.reminders_cannot_attach",
                        path = path.display()
                    )
                })?;
                let returned = read_returned(file, language);
                let gaps = followup::gaps(master, report, result.index, returned.as_ref());
                (Kind::Partial, gaps, name, bytes)
            }
            // A file came back but could not be used: the plain reminder ("disregard this
            // when you have returned it") would be disregarded.
            (ResponseStatus::Rejected, _) => (
                Kind::Rejected,
                Followup::default(),
                fresh.file_name.clone(),
                fresh.bytes,
            ),
            _ => (
                Kind::Reminder,
                Followup::default(),
                fresh.file_name.clone(),
                fresh.bytes,
            ),
        };
        let Some(eml) = draft(
            master,
            kind,
            result.index,
            result.assigned,
            &gaps,
            &name,
            &bytes,
        )?
        else {
            continue;
        };
        let path = folder.join(eml_name(&fresh.file_name));
        klantwaarde::output::write_atomic(&path, &eml)?;
        written.push(path);
        partial += usize::from(kind == Kind::Partial);
    }
    let deadline = questionnaire::deadline_text(master).map_or_else(String::new, |date| {
        msg!(language, "commands.check_due", date)
    });
    console::say(&msg!(
        language,
        "commands.reminders_wrote",
        count = written.len(),
        path = folder.display(),
        partial,
        deadline
    ));
    Ok(written)
}
