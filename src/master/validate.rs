//! From the raw TOML to a [`Master`]: every check, each problem with its span, all at once.

use std::collections::hash_map::Entry;
use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use chrono::NaiveDate;
use toml::Spanned;

use super::diagnostic::{Diagnostic, LineIndex, Position, Severity, is_invisible, visible};
use super::raw::{RawAction, RawKwi, RawMaster, RawRespondent};
use super::workbook::CellMap;
use super::*;
use crate::labels::{Labels, Language};
use crate::mail;
use crate::template;

/// Turns the raw master into a [`Master`], with every diagnostic found on the way. `cells` maps
/// the TOML a workbook master stands for back to its cells.
pub(super) fn validate(
    source: &str,
    raw: RawMaster,
    cells: Option<&CellMap>,
) -> (Master, Vec<Diagnostic>) {
    let mut validator = Validator {
        cells,
        lines: LineIndex::new(source),
        diagnostics: Vec::new(),
    };
    let master = validator.validate(raw);
    (master, validator.diagnostics)
}

/// What the KWIs are checked against, and the ids they have used so far.
struct Scope<'a> {
    client: &'a str,
    supplier: &'a str,
    labels: &'static Labels,
    /// The master's `target`, for KWIs without their own.
    default_target: Option<f64>,
    /// The master's `standard_questions`, for KWIs that do not say.
    standard_default: bool,
    /// Folded initials → respondent; with duplicate initials (an error) the first keeps them.
    initials_index: HashMap<String, RespondentId>,
    known_initials: Vec<&'a str>,
    /// Some respondent's initials are empty, unreadable or a duplicate (reported there): initials
    /// nobody has are probably theirs (a copied row whose initials were not changed), so they
    /// are not reported again.
    initials_unreadable: bool,
    /// Folded ids of the KWIs that an action serves: they get the agreements question.
    served: BTreeSet<String>,
    /// Where each KWI id was first used.
    seen_kwis: HashMap<String, Range<usize>>,
    /// Where each question id was first used, and the KWI when a standard question has it.
    seen_questions: HashMap<String, (Range<usize>, Option<String>)>,
}

struct Validator<'s> {
    cells: Option<&'s CellMap>,
    lines: LineIndex<'s>,
    diagnostics: Vec<Diagnostic>,
}

impl Validator<'_> {
    /// Where `offset` is, for a message that points back at it: `on line 11` in a TOML master,
    /// `in Respondenten!A3` in a workbook master.
    fn place(&self, offset: usize) -> String {
        let (line, column) = self.lines.line_column(offset);
        match self.cells.and_then(|cells| cells.at(line, column)) {
            Some(cell) => format!("in {cell}"),
            None => format!("on line {line}"),
        }
    }

    /// A message in the words of the master's form: TOML tables, or a workbook's sheets.
    fn say(&self, toml: &str, workbook: &str) -> String {
        if self.cells.is_some() { workbook } else { toml }.to_string()
    }

    /// [`Self::place`] without its preposition: `line 11`, `Respondenten!A3`.
    fn bare_place(&self, offset: usize) -> String {
        let place = self.place(offset);
        place
            .strip_prefix("on ")
            .or_else(|| place.strip_prefix("in "))
            .unwrap_or(&place)
            .to_string()
    }

    fn push(&mut self, severity: Severity, span: Option<Range<usize>>, message: String) {
        let position = span.map(|span| {
            let (line, column) = self.lines.line_column(span.start);
            Position::Line { line, column }
        });
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

    /// A required text: trimmed, normalised, not empty, and short enough for a cell.
    fn text(&mut self, value: &Spanned<String>, what: &str) -> String {
        let text = self.required(value, what);
        self.fits_a_cell(value.span(), &text, what);
        text
    }

    /// A text that must be there, trimmed and normalised; its length is judged by the caller.
    fn required(&mut self, value: &Spanned<String>, what: &str) -> String {
        let text = nfc(value.get_ref());
        if text.is_empty() {
            self.error(value.span(), format!("{what} is empty; fill it in"));
        }
        text
    }

    /// A text that workbooks and mails show on one line (names, titles): [`Self::text`] without
    /// line breaks or other control characters, which a mail header refuses.
    fn line(&mut self, value: &Spanned<String>, what: &str) -> String {
        let text = self.text(value, what);
        if text.chars().any(char::is_control) {
            self.error(
                value.span(),
                format!(
                    "{what} `{}` contains a line break or another control character; write it on one line",
                    visible(&text)
                ),
            );
        }
        text
    }

    /// Excel holds at most 32,767 characters in a cell; the questionnaire would not be written.
    fn fits_a_cell(&mut self, span: Range<usize>, text: &str, what: &str) {
        const CELL_CHARS: usize = 32_767;
        let length = text.chars().count();
        if length > CELL_CHARS {
            self.error(
                span,
                format!(
                    "{what} is {length} characters long, and a spreadsheet cell holds at most {CELL_CHARS}; shorten it"
                ),
            );
        }
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

    /// The period must follow the one pattern (`2011`, `2011H1`, `2011Q3`), so that the trend
    /// sorts right across monitors.
    fn period_pattern(&mut self, value: &Spanned<String>, period: &str) {
        if period.is_empty() || super::period::Period::parse(period).is_some() {
            return;
        }
        let hint = super::period::suggest(period).map_or_else(
            || "write a year (2011), a half year (2011H1, 2011H2) or a quarter (2011Q1 … 2011Q4)".to_string(),
            |s| format!("did you mean {s}? periods are a year (2011), a half year (2011H1) or a quarter (2011Q3)"),
        );
        self.error(
            value.span(),
            format!(
                "`period` `{}` does not follow the pattern the trend sorts by; {hint}",
                visible(period)
            ),
        );
    }

    fn validate(&mut self, raw: RawMaster) -> Master {
        let client = self.line(&raw.client, "`client`");
        let supplier = self.line(&raw.supplier, "`supplier`");
        let before = self.diagnostics.len();
        let period = self.key(&raw.period, "`period`");
        // Reported once: a period already refused as a key is not judged on its pattern too.
        if self.diagnostics.len() == before {
            self.period_pattern(&raw.period, &period);
        }
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
        let min_group = raw.min_group.as_ref().map_or(super::DEFAULT_MIN_GROUP, |value| {
            match usize::try_from(*value.get_ref()) {
                Ok(k @ 1..=100) => k,
                _ => {
                    self.error(value.span(), format!("`min_group` is {}; give the smallest number of anonymous respondents that may be shown as a group, a whole number from 1 to 100 (3 is usual)", value.get_ref()));
                    super::DEFAULT_MIN_GROUP
                }
            }
        });
        let sender = raw.sender.map(|sender| Sender {
            name: nfc(&sender.name),
            email: self.email(&sender.email),
        });
        let mail = raw.mail.map_or_else(MailTexts::default, |mail| MailTexts {
            subject: mail.subject,
            body: mail.body,
            reminder_subject: mail.reminder_subject,
            reminder_body: mail.reminder_body,
            preview_subject: mail.preview_subject,
            preview_body: mail.preview_body,
            partial_subject: mail.partial_subject,
            partial_body: mail.partial_body,
        });
        // The mail texts are strict: a typo in a placeholder is refused here, before a draft
        // with "{nmae}" in it is written.
        for (key, text) in mail.texts() {
            for problem in mail::problems(text) {
                self.push(Severity::Error, None, format!("[mail] {key}, {problem}"));
            }
            if key.ends_with("subject") && text.contains('\n') {
                self.push(
                    Severity::Error,
                    None,
                    format!("[mail] {key} has a line break; a subject is one line"),
                );
            }
        }

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
            self.push(Severity::Error, Some(raw.client.span()), self.say(
                "the master has no respondents; add a [[respondents]] table for each contact person",
                "the master has no respondents; add a row on the respondents sheet for each contact person",
            ));
        }
        // with duplicate initials (an error) the first respondent keeps them, as in the messages
        let mut initials_index: HashMap<String, RespondentId> = HashMap::new();
        for (index, respondent) in respondents.iter().enumerate() {
            initials_index
                .entry(fold(&respondent.initials))
                .or_insert(RespondentId(index));
        }
        let mut known_initials: Vec<&str> = Vec::new();
        for respondent in &respondents {
            if !known_initials
                .iter()
                .any(|known| fold(known) == fold(&respondent.initials))
            {
                known_initials.push(&respondent.initials);
            }
        }
        let duplicates = known_initials.len() < respondents.len();

        let kwi_ids: Vec<String> = raw.kwis.iter().map(|kwi| nfc(kwi.id.get_ref())).collect();
        let served: BTreeSet<String> = raw
            .actions
            .iter()
            .filter_map(|action| action.kwi.as_ref().map(|kwi| fold(kwi.get_ref())))
            .collect();

        let mut kwis = Vec::with_capacity(raw.kwis.len());
        if raw.kwis.is_empty() {
            self.push(
                Severity::Error,
                Some(raw.client.span()),
                self.say(
                    "the master has no KWIs; add a [[kwis]] table with its [[kwis.questions]]",
                    "the master has no KWIs; add a row on the KWI sheet and its questions on the assignment sheet",
                ),
            );
        }
        let mut scope = Scope {
            client: &client,
            supplier: &supplier,
            labels,
            default_target,
            standard_default: raw.standard_questions,
            // No respondents at all (a missing sheet or table) is one error, not one more for
            // every initials the assignments name.
            initials_unreadable: duplicates
                || respondents.is_empty()
                || respondents.iter().any(|r| r.initials.is_empty()),
            initials_index,
            known_initials,
            served,
            seen_kwis: HashMap::new(),
            seen_questions: HashMap::new(),
        };
        for raw_kwi in &raw.kwis {
            let kwi = self.kwi(raw_kwi, &mut scope);
            kwis.push(kwi);
        }
        let actions = self.actions(&raw.actions, &kwi_ids);
        // said only of a master that works otherwise: it is advice, not a mistake
        let errors = self
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error);
        if !errors && !kwis.is_empty() && kwis.iter().all(|kwi| kwi.target.is_none()) {
            self.warning(Some(raw.client.span()), self.say(
                "no target is set, so the monitor shows no target (KWI-doel) for any KWI; set `target = 7.5` among the first lines for all KWIs, or a `target` per KWI",
                "no target is set, so the monitor shows no target (KWI-doel) for any KWI; fill in `target` on the first sheet for all KWIs, or a `target` per KWI on the KWI sheet",
            ));
        }

        let mut has_questions = vec![false; respondents.len()];
        for question in kwis.iter().flat_map(|kwi| &kwi.questions) {
            for &index in &question.respondents {
                has_questions[index.index()] = true;
            }
        }
        for (index, respondent) in respondents.iter().enumerate() {
            // a duplicate's questions went to the first with these initials (reported there)
            let duplicate = scope
                .initials_index
                .get(&fold(&respondent.initials))
                .is_some_and(|first| first.index() != index);
            if !has_questions[index] && !kwis.is_empty() && !duplicate {
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
            min_group,
        }
    }

    /// One KWI with its own questions and its standard questions.
    fn kwi(&mut self, raw_kwi: &RawKwi, scope: &mut Scope<'_>) -> Kwi {
        let id = self.key(&raw_kwi.id, "KWI id");
        // keep the first use, so that a third one still points at the first
        let first = scope
            .seen_kwis
            .entry(fold(&id))
            .or_insert_with(|| raw_kwi.id.span())
            .clone();
        if first != raw_kwi.id.span() {
            let line = self.place(first.start);
            self.error(
                raw_kwi.id.span(),
                format!("KWI id `{id}` is used twice (first {line}); give each KWI its own id"),
            );
        }
        let title = self.line(&raw_kwi.title, "KWI title");
        let target = raw_kwi
            .target
            .as_ref()
            .and_then(|value| self.target(value))
            .or(scope.default_target);
        if raw_kwi.questions.is_empty() {
            self.error(raw_kwi.id.span(), if self.cells.is_some() {
                format!("KWI {id} has no questions; add at least one on the assignment sheet with `{id}` in its `kwi` column, or remove the KWI")
            } else {
                format!("KWI {id} has no questions; add at least one [[kwis.questions]] under it, or remove the KWI")
            });
        }
        let mut questions = Vec::new();
        for raw_question in &raw_kwi.questions {
            let question_id = self.key(&raw_question.id, "question id");
            match scope.seen_questions.entry(fold(&question_id)) {
                Entry::Vacant(entry) => {
                    entry.insert((raw_question.id.span(), None));
                }
                Entry::Occupied(entry) => {
                    let (first, standard_of) = entry.get();
                    let line = self.place(first.start);
                    let bare = self.bare_place(first.start);
                    let message = match standard_of {
                        None => format!(
                            "question id `{question_id}` is used twice (first {line}); question ids must be unique in the whole file"
                        ),
                        Some(kwi) => format!(
                            "question id `{question_id}` is already the id of a standard question of KWI {kwi} ({bare}); renumber this question or set `standard_questions = false` on KWI {kwi}"
                        ),
                    };
                    self.error(raw_question.id.span(), message);
                }
            }
            let text = self.question_text(&raw_question.text, scope.client, scope.supplier);
            let assigned = self.assignment(&raw_question.respondents, &question_id, scope);
            questions.push(Question {
                id: question_id,
                text,
                respondents: assigned,
                standard: None,
            });
        }
        self.standard_questions(raw_kwi, &id, &mut questions, scope);
        if !questions.is_empty() && questions.iter().all(|q| q.respondents.is_empty()) {
            self.warning(Some(raw_kwi.id.span()), format!("no respondent answers any question of KWI {id}; assign its questions in `respondents`"));
        } else {
            // the KWI warning above covers a KWI where every question is unanswered
            for (raw_question, question) in raw_kwi.questions.iter().zip(&questions) {
                if question.respondents.is_empty() && raw_question.respondents.get_ref().is_empty()
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
                    scope.client,
                    scope.supplier,
                )
            })
            .filter(|d| !d.is_empty());
        Kwi {
            id,
            title,
            description,
            target,
            questions,
        }
    }

    /// The standard questions of a KWI ("works actively on it", and "kept the agreements" when
    /// an action names it), after its own questions, answered by those who answer those.
    fn standard_questions(
        &mut self,
        raw_kwi: &RawKwi,
        id: &str,
        questions: &mut Vec<Question>,
        scope: &mut Scope<'_>,
    ) {
        let standard = raw_kwi.standard_questions.unwrap_or(scope.standard_default);
        if standard && !questions.is_empty() {
            let answerers: Vec<RespondentId> = questions
                .iter()
                .flat_map(|q| q.respondents.iter().copied())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            let mut kinds = vec![(Standard::Active, &raw_kwi.active_respondents)];
            if scope.served.contains(&fold(id)) {
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
                    Some(list) => self.narrowed(list, id, &answerers, scope),
                };
                let template = match kind {
                    Standard::Active => &scope.labels.standard_active,
                    Standard::Agreements => &scope.labels.standard_agreements,
                };
                let last = questions
                    .last()
                    .map(|q: &Question| q.id.clone())
                    .unwrap_or_default();
                let standard_id = next_id(&last, id, kind);
                match scope.seen_questions.entry(fold(&standard_id)) {
                    Entry::Vacant(entry) => {
                        entry.insert((raw_kwi.id.span(), Some(id.to_string())));
                    }
                    Entry::Occupied(entry) => {
                        let (first, standard_of) = entry.get();
                        let line = self.place(first.start);
                        let bare = self.bare_place(first.start);
                        let owner = match standard_of {
                            None => format!("question {standard_id} {line}"),
                            Some(kwi) => {
                                format!("the standard question of KWI {kwi} ({bare})")
                            }
                        };
                        self.error(raw_kwi.id.span(), format!("the standard question of KWI {id} would get id `{standard_id}`, which {owner} already has; renumber the questions or set `standard_questions = false` on this KWI"));
                    }
                }
                questions.push(Question {
                    id: standard_id,
                    text: fill_placeholders(template, scope.client, scope.supplier)
                        .unwrap_or_else(|_| template.clone()),
                    respondents,
                    standard: Some(kind),
                });
            }
        } else if !standard
            && (raw_kwi.active_respondents.is_some() || raw_kwi.agreements_respondents.is_some())
        {
            self.warning(Some(raw_kwi.id.span()), format!("KWI {id} narrows who answers its standard questions, but standard questions are switched off; remove the narrowing or switch them on"));
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
                    let line = self.bare_place(span.start);
                    let how = if *first == initials {
                        "are used twice".to_string()
                    } else {
                        format!("differ only in case from `{first}`")
                    };
                    self.error(raw_respondent.initials.span(), format!("initials `{initials}` {how} ({line}); initials name the respondent's file, so make them unique"));
                }
                None => {
                    seen.insert(
                        fold(&initials),
                        (initials.clone(), raw_respondent.initials.span()),
                    );
                }
            }
            let name = self.line(&raw_respondent.name, "respondent name");
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
        // The same check the mail drafts make, so that `check` refuses what `generate --mail`
        // would refuse after the questionnaires were written.
        if let Some(why) = (!email.is_empty())
            .then(|| mail::address_problem(&email))
            .flatten()
        {
            self.error(
                value.span(),
                format!(
                    "`{email}` is not an e-mail address: {why}; correct it or leave the key out"
                ),
            );
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
        // Its length counts filled in, which `fill` checks.
        let text = self.required(value, "question text");
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
            Ok(filled) => {
                self.fits_a_cell(value.span(), &filled, what);
                filled
            }
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
        scope: &Scope<'_>,
    ) -> Vec<RespondentId> {
        let (index, known) = (&scope.initials_index, &scope.known_initials);
        let items = list.get_ref();
        if items.iter().any(|item| item.get_ref().trim() == "*") {
            if items.len() > 1 {
                self.error(list.span(), format!("question {question}: `\"*\"` means every respondent and stands alone; remove the other initials or the \"*\""));
            }
            return (0..known.len()).map(RespondentId).collect();
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
                None if scope.initials_unreadable => {}
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
        answerers: &[RespondentId],
        scope: &Scope<'_>,
    ) -> Vec<RespondentId> {
        let (index, known) = (&scope.initials_index, &scope.known_initials);
        let mut respondents = BTreeSet::new();
        for item in list {
            match index.get(&fold(item.get_ref())) {
                Some(&respondent) => {
                    if answerers.binary_search(&respondent).is_err() {
                        self.warning(Some(item.span()), format!("{} answers a standard question of KWI {kwi} but none of its own questions; check that this is meant", item.get_ref()));
                    }
                    respondents.insert(respondent);
                }
                None if scope.initials_unreadable => {}
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
                    let line = self.place(first.start);
                    self.error(raw_action.id.span(), format!("action id `{id}` is used twice (first {line}); give each action its own id"));
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
