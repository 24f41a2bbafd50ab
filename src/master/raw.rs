//! The master file as TOML says it: serde types with spans kept for the diagnostics, unknown
//! keys refused. Only `validate` looks inside them.

use serde::Deserialize;
use toml::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMaster {
    pub(super) client: Spanned<String>,
    pub(super) supplier: Spanned<String>,
    pub(super) period: Spanned<String>,
    pub(super) language: Option<Spanned<String>>,
    pub(super) title: Option<String>,
    pub(super) deadline: Option<Spanned<toml::value::Datetime>>,
    pub(super) target: Option<Spanned<f64>>,
    pub(super) min_group: Option<Spanned<i64>>,
    #[serde(default = "yes")]
    pub(super) standard_questions: bool,
    pub(super) password: Option<String>,
    pub(super) sender: Option<RawSender>,
    pub(super) mail: Option<RawMail>,
    #[serde(default)]
    pub(super) respondents: Vec<RawRespondent>,
    #[serde(default)]
    pub(super) kwis: Vec<RawKwi>,
    #[serde(default)]
    pub(super) actions: Vec<RawAction>,
}

pub(super) fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSender {
    pub(super) name: String,
    pub(super) email: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMail {
    pub(super) subject: Option<String>,
    pub(super) body: Option<String>,
    pub(super) reminder_subject: Option<String>,
    pub(super) reminder_body: Option<String>,
    pub(super) preview_subject: Option<String>,
    pub(super) preview_body: Option<String>,
    pub(super) partial_subject: Option<String>,
    pub(super) partial_body: Option<String>,
    pub(super) rejected_subject: Option<String>,
    pub(super) rejected_body: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRespondent {
    pub(super) initials: Spanned<String>,
    pub(super) name: Spanned<String>,
    pub(super) email: Option<Spanned<String>>,
    pub(super) role: Option<String>,
    pub(super) note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawKwi {
    pub(super) id: Spanned<String>,
    pub(super) title: Spanned<String>,
    pub(super) description: Option<Spanned<String>>,
    pub(super) target: Option<Spanned<f64>>,
    pub(super) standard_questions: Option<bool>,
    /// Narrows who answers the "works actively on this KWI" question.
    pub(super) active_respondents: Option<Vec<Spanned<String>>>,
    /// Narrows who answers the "kept the agreements" question.
    pub(super) agreements_respondents: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    pub(super) questions: Vec<RawQuestion>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawQuestion {
    pub(super) id: Spanned<String>,
    pub(super) text: Spanned<String>,
    pub(super) respondents: Spanned<Vec<Spanned<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAction {
    pub(super) id: Spanned<String>,
    pub(super) date: Option<Spanned<toml::value::Datetime>>,
    #[serde(default)]
    pub(super) description: String,
    #[serde(default)]
    pub(super) owner: String,
    #[serde(default)]
    pub(super) status: String,
    pub(super) kwi: Option<Spanned<String>>,
}
