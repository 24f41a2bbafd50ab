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
    language: Language,
) -> (Master, Vec<Diagnostic>) {
    let mut validator = Validator {
        cells,
        language,
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
    /// The language the master speaks (read before the checks): every message's language.
    language: Language,
    lines: LineIndex<'s>,
    diagnostics: Vec<Diagnostic>,
}

impl Validator<'_> {
    /// Where `offset` is, for a message that points back at it: `on line 11` in a TOML master,
    /// `in Respondenten!A3` in a workbook master.
    fn place(&self, offset: usize) -> String {
        let language = self.language;
        let (line, column) = self.lines.line_column(offset);
        match self.cells.and_then(|cells| cells.at(line, column)) {
            Some(cell) => crate::msg!(language, "master.place_cell", cell),
            None => crate::msg!(language, "master.place_line", line),
        }
    }

    /// Whether the master is a workbook, whose messages speak of sheets, columns and cells.
    fn workbook(&self) -> bool {
        self.cells.is_some()
    }

    /// [`Self::place`] without its preposition: `line 11`, `Respondenten!A3`.
    fn bare_place(&self, offset: usize) -> String {
        let language = self.language;
        let (line, column) = self.lines.line_column(offset);
        match self.cells.and_then(|cells| cells.at(line, column)) {
            Some(cell) => cell.to_string(),
            None => crate::msg!(language, "master.bare_line", line),
        }
    }

    /// The name of a workbook master's sheet in the master's language, for a message.
    fn sheet(&self, sheet: super::workbook::Sheet) -> &'static str {
        sheet.name(self.language)
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
            language: self.language,
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
            let message = crate::msg!(self.language, "master.empty", what);
            self.error(value.span(), message);
        }
        text
    }

    /// A text that workbooks and mails show on one line (names, titles): [`Self::text`] without
    /// line breaks or other control characters, which a mail header refuses.
    fn line(&mut self, value: &Spanned<String>, what: &str) -> String {
        let text = self.text(value, what);
        if text.chars().any(char::is_control) {
            let text = visible(&text);
            let message = crate::msg!(self.language, "master.not_one_line", what, text);
            self.error(value.span(), message);
        }
        text
    }

    /// Excel holds at most 32,767 characters in a cell; the questionnaire would not be written.
    fn fits_a_cell(&mut self, span: Range<usize>, text: &str, what: &str) {
        const CELL_CHARS: usize = 32_767;
        let length = text.chars().count();
        if length > CELL_CHARS {
            let message = crate::msg!(
                self.language,
                "master.too_long",
                what,
                length,
                most = CELL_CHARS
            );
            self.error(span, message);
        }
    }

    /// A key that other parts of the master and the workbooks refer to: initials and ids.
    fn key(&mut self, value: &Spanned<String>, what: &str) -> String {
        let key = self.text(value, what);
        let language = self.language;
        let problem = key.chars().find_map(|c| match c {
            '\u{a0}' | '\u{2007}' | '\u{202f}' => {
                Some(crate::msg!(language, "master.key_non_breaking_space"))
            }
            '\u{2018}' | '\u{2019}' | '\u{201c}' | '\u{201d}' => {
                Some(crate::msg!(language, "master.key_typographic_quote", c))
            }
            '/' | '\\' => Some(crate::msg!(language, "master.key_path_separator", c)),
            ':' | '*' | '?' | '"' | '<' | '>' | '|' => {
                Some(crate::msg!(language, "master.key_file_name_character", c))
            }
            c if is_invisible(c) && c.is_control() => {
                Some(crate::msg!(language, "master.key_control_character"))
            }
            c if is_invisible(c) => Some(crate::msg!(
                language,
                "master.key_invisible_character",
                code = format!("{:04X}", u32::from(c))
            )),
            _ => None,
        });
        if let Some(problem) = problem {
            let key = visible(&key);
            let message = crate::msg!(language, "master.key_contains", what, key, problem);
            self.error(value.span(), message);
        }
        key
    }

    /// The period must follow the one pattern (`2011`, `2011H1`, `2011Q3`), so that the trend
    /// sorts right across monitors.
    fn period_pattern(&mut self, value: &Spanned<String>, period: &str) {
        if period.is_empty() || super::period::Period::parse(period).is_some() {
            return;
        }
        let language = self.language;
        let hint = match super::period::suggest(period).as_slice() {
            [] => crate::msg!(language, "master.period_hint"),
            [one] => crate::msg!(language, "master.period_did_you_mean", suggestion = one),
            [first, second, ..] => crate::msg!(
                language,
                "master.period_did_you_mean",
                suggestion = crate::msg!(language, "master.period_either", first, second)
            ),
        };
        let period = visible(period);
        let message = crate::msg!(language, "master.period_pattern", period, hint);
        self.error(value.span(), message);
    }

    fn validate(&mut self, raw: RawMaster) -> Master {
        let language = self.language;
        let workbook = self.workbook();
        let client = self.line(&raw.client, "`client`");
        let supplier = self.line(&raw.supplier, "`supplier`");
        let before = self.diagnostics.len();
        let period = self.key(&raw.period, "`period`");
        // Reported once: a period already refused as a key is not judged on its pattern too.
        if self.diagnostics.len() == before {
            self.period_pattern(&raw.period, &period);
        }
        // The language was read before the checks (`language`); a code that is neither is
        // said here, in Dutch, the language the rest then follows.
        if let Some(value) = &raw.language
            && Language::from_code(value.get_ref().trim()).is_none()
        {
            let value_text = value.get_ref();
            let message = if workbook {
                crate::msg!(language, "master.language_unknown_cell", value = value_text)
            } else {
                crate::msg!(language, "master.language_unknown", value = value_text)
            };
            self.error(value.span(), message);
        }
        let labels = Labels::for_language(language);
        let deadline = raw
            .deadline
            .as_ref()
            .and_then(|value| self.date(value, "`deadline`"));
        let default_target = raw.target.as_ref().and_then(|value| self.target(value));
        let min_group = raw
            .min_group
            .as_ref()
            .map_or(super::DEFAULT_MIN_GROUP, |value| {
                match usize::try_from(*value.get_ref()) {
                    Ok(k @ 1..=100) => k,
                    _ => {
                        let message =
                            crate::msg!(language, "master.min_group", value = value.get_ref());
                        self.error(value.span(), message);
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
            rejected_subject: mail.rejected_subject,
            rejected_body: mail.rejected_body,
        });
        // The mail texts are strict: a typo in a placeholder is refused here, before a draft
        // with "{nmae}" in it is written.
        for (key, text) in mail.texts() {
            for problem in mail::problems(text) {
                let problem = problem.message(language);
                let message = if workbook {
                    crate::msg!(language, "master.mail_problem_cell", key, problem)
                } else {
                    crate::msg!(language, "master.mail_problem", key, problem)
                };
                self.push(Severity::Error, None, message);
            }
            if key.ends_with("subject") && text.contains('\n') {
                let message = if workbook {
                    crate::msg!(language, "master.mail_subject_line_break_cell", key)
                } else {
                    crate::msg!(language, "master.mail_subject_line_break", key)
                };
                self.push(Severity::Error, None, message);
            }
        }

        let respondents = self.respondents(&raw.respondents);
        if respondents.len() > ADVISED_MAX_RESPONDENTS {
            self.warning(
                Some(raw.respondents[ADVISED_MAX_RESPONDENTS].initials.span()),
                crate::msg!(
                    language,
                    "master.too_many_respondents",
                    count = respondents.len(),
                    most = ADVISED_MAX_RESPONDENTS
                ),
            );
        }
        if raw.respondents.is_empty() {
            let message = if workbook {
                let sheet = self.sheet(super::workbook::Sheet::Respondents);
                crate::msg!(language, "master.no_respondents_sheet", sheet)
            } else {
                crate::msg!(language, "master.no_respondents")
            };
            self.push(Severity::Error, Some(raw.client.span()), message);
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
            let message = if workbook {
                let kwis = self.sheet(super::workbook::Sheet::Kwis);
                let questions = self.sheet(super::workbook::Sheet::Questions);
                crate::msg!(language, "master.no_kwis_sheet", kwis, questions)
            } else {
                crate::msg!(language, "master.no_kwis")
            };
            self.push(Severity::Error, Some(raw.client.span()), message);
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
            let message = if workbook {
                let master = self.sheet(super::workbook::Sheet::Master);
                let kwis = self.sheet(super::workbook::Sheet::Kwis);
                crate::msg!(language, "master.no_target_sheet", master, kwis)
            } else {
                crate::msg!(language, "master.no_target")
            };
            self.warning(Some(raw.client.span()), message);
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
                let (initials, name) = (&respondent.initials, &respondent.name);
                let message = if workbook {
                    let sheet = self.sheet(super::workbook::Sheet::Questions);
                    crate::msg!(
                        language,
                        "master.respondent_without_questions_sheet",
                        initials,
                        name,
                        sheet
                    )
                } else {
                    crate::msg!(
                        language,
                        "master.respondent_without_questions",
                        initials,
                        name
                    )
                };
                self.warning(Some(span), message);
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
        let language = self.language;
        let workbook = self.workbook();
        let id = self.key(&raw_kwi.id, &crate::msg!(language, "master.what_kwi_id"));
        // keep the first use, so that a third one still points at the first
        let first = scope
            .seen_kwis
            .entry(fold(&id))
            .or_insert_with(|| raw_kwi.id.span())
            .clone();
        if first != raw_kwi.id.span() {
            let line = self.place(first.start);
            let message = crate::msg!(language, "master.kwi_id_twice", id, line);
            self.error(raw_kwi.id.span(), message);
        }
        let title = self.line(
            &raw_kwi.title,
            &crate::msg!(language, "master.what_kwi_title"),
        );
        let target = raw_kwi
            .target
            .as_ref()
            .and_then(|value| self.target(value))
            .or(scope.default_target);
        if raw_kwi.questions.is_empty() {
            let message = if workbook {
                let sheet = self.sheet(super::workbook::Sheet::Questions);
                crate::msg!(language, "master.kwi_without_questions_sheet", id, sheet)
            } else {
                crate::msg!(language, "master.kwi_without_questions", id)
            };
            self.error(raw_kwi.id.span(), message);
        }
        let mut questions = Vec::new();
        for raw_question in &raw_kwi.questions {
            let question_id = self.key(
                &raw_question.id,
                &crate::msg!(language, "master.what_question_id"),
            );
            match scope.seen_questions.entry(fold(&question_id)) {
                Entry::Vacant(entry) => {
                    entry.insert((raw_question.id.span(), None));
                }
                Entry::Occupied(entry) => {
                    let (first, standard_of) = entry.get();
                    let line = self.place(first.start);
                    let bare = self.bare_place(first.start);
                    let message = match (standard_of, workbook) {
                        (None, false) => {
                            crate::msg!(language, "master.question_id_twice", question_id, line)
                        }
                        (None, true) => crate::msg!(
                            language,
                            "master.question_id_twice_workbook",
                            question_id,
                            line
                        ),
                        (Some(kwi), false) => crate::msg!(
                            language,
                            "master.question_id_is_standard",
                            question_id,
                            kwi,
                            bare
                        ),
                        (Some(kwi), true) => crate::msg!(
                            language,
                            "master.question_id_is_standard_sheet",
                            question_id,
                            kwi,
                            bare,
                            sheet = self.sheet(super::workbook::Sheet::Kwis)
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
            let message = if workbook {
                let sheet = self.sheet(super::workbook::Sheet::Questions);
                crate::msg!(language, "master.kwi_unanswered_sheet", id, sheet)
            } else {
                crate::msg!(language, "master.kwi_unanswered", id)
            };
            self.warning(Some(raw_kwi.id.span()), message);
        } else {
            // the KWI warning above covers a KWI where every question is unanswered
            for (raw_question, question) in raw_kwi.questions.iter().zip(&questions) {
                if question.respondents.is_empty() && raw_question.respondents.get_ref().is_empty()
                {
                    let question = &question.id;
                    let message = if workbook {
                        crate::msg!(language, "master.question_unanswered_sheet", question)
                    } else {
                        crate::msg!(language, "master.question_unanswered", question)
                    };
                    self.warning(Some(raw_question.respondents.span()), message);
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
                    &crate::msg!(language, "master.what_in_kwi_description"),
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
        let language = self.language;
        let workbook = self.workbook();
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
                let message = if workbook {
                    let sheet = self.sheet(super::workbook::Sheet::Actions);
                    crate::msg!(
                        language,
                        "master.agreements_without_action_sheet",
                        id,
                        sheet
                    )
                } else {
                    crate::msg!(language, "master.agreements_without_action", id)
                };
                self.warning(Some(first.span()), message);
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
                            None => crate::msg!(
                                language,
                                "master.owner_question",
                                question = standard_id,
                                line
                            ),
                            Some(kwi) => crate::msg!(language, "master.owner_standard", kwi, bare),
                        };
                        let message = if workbook {
                            crate::msg!(
                                language,
                                "master.standard_id_taken_sheet",
                                id,
                                standard_id,
                                owner,
                                sheet = self.sheet(super::workbook::Sheet::Kwis)
                            )
                        } else {
                            crate::msg!(
                                language,
                                "master.standard_id_taken",
                                id,
                                standard_id,
                                owner
                            )
                        };
                        self.error(raw_kwi.id.span(), message);
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
            let message = crate::msg!(language, "master.narrowed_but_off", id);
            self.warning(Some(raw_kwi.id.span()), message);
        }
    }

    fn respondents(&mut self, raw: &[RawRespondent]) -> Vec<Respondent> {
        let language = self.language;
        let mut seen: HashMap<String, (String, Range<usize>)> = HashMap::new();
        let mut respondents = Vec::with_capacity(raw.len());
        for raw_respondent in raw {
            let initials = if raw_respondent.initials.get_ref().trim() == "*" {
                let message = crate::msg!(language, "master.initials_star");
                self.error(raw_respondent.initials.span(), message);
                "*".to_string()
            } else {
                self.key(
                    &raw_respondent.initials,
                    &crate::msg!(language, "master.what_initials"),
                )
            };
            match seen.get(&fold(&initials)) {
                Some((first, span)) => {
                    let line = self.bare_place(span.start);
                    let message = if *first == initials {
                        crate::msg!(language, "master.initials_twice", initials, line)
                    } else {
                        crate::msg!(language, "master.initials_case", initials, first, line)
                    };
                    self.error(raw_respondent.initials.span(), message);
                }
                None => {
                    seen.insert(
                        fold(&initials),
                        (initials.clone(), raw_respondent.initials.span()),
                    );
                }
            }
            let name = self.line(
                &raw_respondent.name,
                &crate::msg!(language, "master.what_respondent_name"),
            );
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
            let why = why.message(self.language);
            let message = if self.workbook() {
                crate::msg!(self.language, "master.email_cell", email, why)
            } else {
                crate::msg!(self.language, "master.email", email, why)
            };
            self.error(value.span(), message);
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
                let message = crate::msg!(self.language, "master.date_with_time", what);
                self.error(value.span(), message);
                None
            }
        }
    }

    fn target(&mut self, value: &Spanned<f64>) -> Option<f64> {
        let target = *value.get_ref();
        if (1.0..=10.0).contains(&target) {
            Some(target)
        } else {
            let message = crate::msg!(self.language, "master.target_range", target);
            self.error(value.span(), message);
            None
        }
    }

    fn question_text(&mut self, value: &Spanned<String>, client: &str, supplier: &str) -> String {
        // Its length counts filled in, which `fill` checks.
        let language = self.language;
        let text = self.required(value, &crate::msg!(language, "master.what_question_text"));
        let what = crate::msg!(language, "master.what_in_question_text");
        self.fill(value, text, &what, client, supplier)
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
                let language = self.language;
                let message = match nearest(&unknown, ["supplier", "client"]) {
                    Some(suggestion) => crate::msg!(
                        language,
                        "master.unknown_placeholder_did_you_mean",
                        unknown,
                        what,
                        suggestion
                    ),
                    None => crate::msg!(language, "master.unknown_placeholder", unknown, what),
                };
                self.error(value.span(), message);
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
        let language = self.language;
        let (index, known) = (&scope.initials_index, &scope.known_initials);
        let items = list.get_ref();
        if items.iter().any(|item| item.get_ref().trim() == "*") {
            if items.len() > 1 {
                let message = crate::msg!(language, "master.star_not_alone", question);
                self.error(list.span(), message);
            }
            return (0..known.len()).map(RespondentId).collect();
        }
        let mut assigned = BTreeSet::new();
        for item in items {
            match index.get(&fold(item.get_ref())) {
                Some(&respondent) => {
                    if !assigned.insert(respondent) {
                        let initials = item.get_ref();
                        let message =
                            crate::msg!(language, "master.assigned_twice", question, initials);
                        self.warning(Some(item.span()), message);
                    }
                }
                None if scope.initials_unreadable => {}
                None => {
                    let initials = item.get_ref();
                    let message = match nearest(initials, known.iter().copied()) {
                        Some(suggestion) => crate::msg!(
                            language,
                            "master.assigned_unknown_did_you_mean",
                            question,
                            initials,
                            suggestion
                        ),
                        None => crate::msg!(
                            language,
                            "master.assigned_unknown",
                            question,
                            initials,
                            known = known.join(", ")
                        ),
                    };
                    self.error(item.span(), message);
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
        let language = self.language;
        let (index, known) = (&scope.initials_index, &scope.known_initials);
        let mut respondents = BTreeSet::new();
        for item in list {
            match index.get(&fold(item.get_ref())) {
                Some(&respondent) => {
                    if answerers.binary_search(&respondent).is_err() {
                        let initials = item.get_ref();
                        let message =
                            crate::msg!(language, "master.narrowed_outsider", initials, kwi);
                        self.warning(Some(item.span()), message);
                    }
                    respondents.insert(respondent);
                }
                None if scope.initials_unreadable => {}
                None => {
                    let initials = item.get_ref();
                    let message = match nearest(initials, known.iter().copied()) {
                        Some(suggestion) => crate::msg!(
                            language,
                            "master.narrowed_unknown_did_you_mean",
                            kwi,
                            initials,
                            suggestion
                        ),
                        None => crate::msg!(
                            language,
                            "master.narrowed_unknown",
                            kwi,
                            initials,
                            known = known.join(", ")
                        ),
                    };
                    self.error(item.span(), message);
                }
            }
        }
        respondents.into_iter().collect()
    }

    fn actions(&mut self, raw: &[RawAction], kwi_ids: &[String]) -> Vec<Action> {
        let mut seen: HashMap<String, Range<usize>> = HashMap::new();
        let folded: Vec<String> = kwi_ids.iter().map(|id| fold(id)).collect();
        let language = self.language;
        raw.iter()
            .map(|raw_action| {
                let id = self.text(
                    &raw_action.id,
                    &crate::msg!(language, "master.what_action_id"),
                );
                let first = seen
                    .entry(fold(&id))
                    .or_insert_with(|| raw_action.id.span())
                    .clone();
                if first != raw_action.id.span() {
                    let line = self.place(first.start);
                    let message = crate::msg!(language, "master.action_id_twice", id, line);
                    self.error(raw_action.id.span(), message);
                }
                let kwi = raw_action.kwi.as_ref().map(|kwi| {
                    let wanted = nfc(kwi.get_ref());
                    match folded.iter().position(|known| *known == fold(&wanted)) {
                        Some(position) => kwi_ids[position].clone(),
                        None => {
                            let message = match nearest(&wanted, kwi_ids.iter().map(String::as_str))
                            {
                                Some(suggestion) => crate::msg!(
                                    language,
                                    "master.action_unknown_kwi_did_you_mean",
                                    id,
                                    wanted,
                                    suggestion
                                ),
                                None => crate::msg!(
                                    language,
                                    "master.action_unknown_kwi",
                                    id,
                                    wanted,
                                    known = kwi_ids.join(", ")
                                ),
                            };
                            self.error(kwi.span(), message);
                            wanted
                        }
                    }
                });
                Action {
                    date: raw_action.date.as_ref().and_then(|date| {
                        self.date(date, &crate::msg!(language, "master.what_action_date"))
                    }),
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
