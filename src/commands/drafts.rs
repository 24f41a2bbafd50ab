//! E-mail drafts for the respondents: invitations beside the questionnaires, reminders for
//! those who have not answered. Files are written here; the messages are built by [`crate::mail`].

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use klantwaarde::mail::{self, Contact, Draft, Template, Templates, Values};
use klantwaarde::master::{Master, RespondentId};
use klantwaarde::questionnaire::{self, Questionnaire};
use klantwaarde::report::{Report, ResponseStatus};
use klantwaarde::secret::Secret;

use super::console;
use crate::cli::Status;

/// Which mail to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Invitation,
    Reminder,
}

/// The subject and body to use: the master's own texts where it sets them, else the built-in.
fn template(master: &Master, kind: Kind) -> Template {
    let builtin = Templates::builtin(master.language.code())
        .unwrap_or_else(|| Templates::builtin("nl").expect("the Dutch templates are built in"));
    let (default, subject, body) = match kind {
        Kind::Invitation => (builtin.invite, &master.mail.subject, &master.mail.body),
        Kind::Reminder => (
            builtin.reminder,
            &master.mail.reminder_subject,
            &master.mail.reminder_body,
        ),
    };
    Template {
        subject: subject.clone().unwrap_or(default.subject),
        body: body.clone().unwrap_or(default.body),
    }
}

/// Builds one draft; `None` (with a warning printed) when the respondent has no e-mail address.
fn draft(
    master: &Master,
    kind: Kind,
    respondent: RespondentId,
    questions: usize,
    attachment_name: &str,
    attachment: &[u8],
) -> Result<Option<Vec<u8>>> {
    let person = master.respondent(respondent);
    let Some(email) = person.email.as_deref() else {
        console::warn(&format!(
            "{} ({}) has no e-mail address in the master, so no draft was written; add `email = \"…\"` to the respondent, or send the questionnaire by hand",
            person.name, person.initials
        ));
        return Ok(None);
    };
    let deadline = questionnaire::deadline_text(master);
    let values = Values {
        name: &person.name,
        client: &master.client,
        supplier: &master.supplier,
        period: &master.period,
        deadline: deadline.as_deref(),
        questions,
        sender_name: master.sender.as_ref().map(|s| s.name.as_str()),
    };
    let template = template(master, kind);
    let subject = mail::render(&template.subject, &values)
        .context("the mail subject in the master's [mail] table")?;
    let body = mail::render(&template.body, &values)
        .context("the mail body in the master's [mail] table")?;
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
    })?;
    Ok(Some(eml))
}

fn eml_name(file_name: &str) -> String {
    let stem = file_name
        .rsplit_once('.')
        .map_or(file_name, |(stem, _)| stem);
    format!("{stem}.eml")
}

/// Writes an invitation draft beside every questionnaire of `written`.
///
/// # Errors
/// When a master's mail template is wrong or a draft cannot be written.
pub fn write_invitations(
    master: &Master,
    written: &[Questionnaire],
    folder: &Path,
    quiet: bool,
) -> Result<Status> {
    let mut drafts = 0;
    for questionnaire in written {
        let Some(eml) = draft(
            master,
            Kind::Invitation,
            questionnaire.respondent,
            questionnaire.questions,
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
        console::say(&format!(
            "wrote {drafts} e-mail draft(s) (.eml) to {}: open each in your mail program, check it and send it",
            folder.display()
        ));
    }
    Ok(Status::Success)
}

/// Writes a reminder draft for every respondent who is missing, was rejected, or answered only
/// part: the partly answered get their own returned file back, so no answer is typed twice;
/// the others get a fresh questionnaire.
///
/// # Errors
/// When the folder cannot be made, a template is wrong or a draft cannot be written.
pub fn write_reminders(
    master: &Master,
    secret: &Secret,
    report: &Report,
    folder: &Path,
) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(folder)
        .with_context(|| format!("cannot create the reminder folder {}", folder.display()))?;
    let mut written = Vec::new();
    for result in &report.respondents {
        if result.assigned == 0 || result.status == ResponseStatus::Returned {
            continue;
        }
        let fresh = questionnaire::write(master, secret, result.index)?;
        let (name, bytes) = match (&result.status, &result.file) {
            (ResponseStatus::Partial, Some(file)) => {
                let path = Path::new(file);
                let name = path.file_name().map_or_else(
                    || fresh.file_name.clone(),
                    |n| n.to_string_lossy().into_owned(),
                );
                let bytes = std::fs::read(path).with_context(|| {
                    format!("cannot read {} to attach it again", path.display())
                })?;
                (name, bytes)
            }
            _ => (fresh.file_name.clone(), fresh.bytes),
        };
        let Some(eml) = draft(
            master,
            Kind::Reminder,
            result.index,
            result.assigned,
            &name,
            &bytes,
        )?
        else {
            continue;
        };
        let path = folder.join(eml_name(&fresh.file_name));
        klantwaarde::output::write_atomic(&path, &eml)?;
        written.push(path);
    }
    console::say(&format!(
        "wrote {} reminder draft(s) to {}",
        written.len(),
        folder.display()
    ));
    Ok(written)
}
