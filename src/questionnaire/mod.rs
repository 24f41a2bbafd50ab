//! Writes one respondent's questionnaire: only their questions, protected, with dropdowns and
//! validation, and the hidden `meta` sheet that ingest reads back.
//!
//! The writer returns bytes and never touches the file system or the clock: the same master
//! gives the same bytes. Cell positions come from [`layout`], the visible sheet is written by
//! `sheet`, the hidden `meta` sheet by `meta` through [`crate::contract`].

pub mod layout;
mod measure;
mod meta;
mod sheet;
mod styles;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, XlsxError};

use crate::labels::{Labels, Language};
use crate::master::{Action, Kwi, Master, Question, Respondent, RespondentId, Standard};
use crate::secret::Secret;
use styles::Styles;

/// The fixed creation time stamped into every workbook, so that outputs are byte-identical.
pub const CREATED: (u16, u8, u8) = (2000, 1, 1);

/// One written questionnaire.
#[derive(Debug, Clone)]
pub struct Questionnaire {
    /// Whose it is.
    pub respondent: RespondentId,
    /// The file name, safe on every file system: `<period>-<client>-<initials>.xlsx`.
    pub file_name: String,
    /// The number of questions it holds.
    pub questions: usize,
    /// The .xlsx bytes.
    pub bytes: Vec<u8>,
}

/// Writes the questionnaire of respondent `respondent` (an index into `master.respondents`),
/// its `meta` sheet tagged with the account manager's `secret` (see
/// [`crate::contract::questionnaire_tag`]).
///
/// # Errors
/// A [`XlsxError`] from the writer; with a validated master this means a limit of the format
/// was hit (e.g. a text longer than Excel allows in a cell).
///
/// # Examples
/// ```
/// let master = klantwaarde::master::parse(klantwaarde::EXAMPLE_MASTER_NL.as_bytes()).unwrap().master;
/// let kees = master.respondent_index("KK").unwrap();
/// let secret = klantwaarde::secret::Secret::from_bytes([7; 32]);
/// let written = klantwaarde::questionnaire::write(&master, &secret, kees).unwrap();
/// assert_eq!(written.file_name, "2011H2-KLANT_NV-KK.xlsx");
/// assert_eq!(written.questions, 17);
/// ```
pub fn write(
    master: &Master,
    secret: &Secret,
    respondent: RespondentId,
) -> Result<Questionnaire, XlsxError> {
    write_filled(master, secret, respondent, &Answers::default())
}

/// Answers to write into the input cells, as a respondent would type them: for the demo and
/// for tests. An empty set gives the blank questionnaire of [`write`].
#[derive(Debug, Clone, Default)]
pub struct Answers {
    /// Question id → score and relevance text (e.g. `minder`, `neutraal`, `meer`).
    pub scores: std::collections::HashMap<String, (u8, String)>,
    /// The NPS answer.
    pub nps: Option<u8>,
    /// Why that NPS answer.
    pub nps_reason: Option<String>,
    /// Free remarks.
    pub remarks: Option<String>,
    /// The anonymity answer as typed (`ja`, `nee`, `yes`, `no`).
    pub anonymous: Option<String>,
    /// When the respondent saved the file (year, month, day); the fixed [`CREATED`] otherwise.
    pub saved: Option<(u16, u8, u8)>,
}

/// Everything the parts of one questionnaire share while it is written.
struct Context<'a> {
    master: &'a Master,
    person: &'a Respondent,
    labels: &'a Labels,
    answers: &'a Answers,
    /// The respondent's KWIs with their questions, in master order.
    groups: Vec<(&'a Kwi, Vec<&'a Question>)>,
    /// Per KWI of `groups`, the actions listed under its "kept the agreements" question (none
    /// when the respondent does not answer that question).
    actions: Vec<Vec<&'a Action>>,
    layout: layout::Questionnaire,
    /// The number of questions.
    total: usize,
    styles: Styles,
    sheet_name: &'a str,
}

/// Writes the questionnaire of `respondent` with `answers` already in its input cells.
///
/// # Errors
/// As [`write`].
pub fn write_filled(
    master: &Master,
    secret: &Secret,
    respondent: RespondentId,
    answers: &Answers,
) -> Result<Questionnaire, XlsxError> {
    let labels = Labels::for_language(master.language);
    let groups = master.questions_for(respondent);
    // The actions stand where the question that refers to them does.
    let mut actions = Vec::with_capacity(groups.len());
    let shape: Vec<layout::KwiShape> = groups
        .iter()
        .map(|(kwi, questions)| {
            let agreements = questions
                .iter()
                .position(|question| question.standard == Some(Standard::Agreements));
            let linked: Vec<&Action> = match agreements {
                Some(_) => master
                    .actions
                    .iter()
                    .filter(|action| action.kwi.as_deref() == Some(kwi.id.as_str()))
                    .collect(),
                None => Vec::new(),
            };
            let shape = layout::KwiShape {
                questions: questions.len(),
                description: kwi.description.is_some(),
                actions: agreements
                    .filter(|_| !linked.is_empty())
                    .map(|index| (index, linked.len())),
            };
            actions.push(linked);
            shape
        })
        .collect();
    let context = Context {
        master,
        person: master.respondent(respondent),
        labels,
        answers,
        layout: layout::Questionnaire::new(&shape),
        total: shape.iter().map(|kwi| kwi.questions).sum(),
        groups,
        actions,
        styles: Styles::new(),
        sheet_name: labels.questionnaire_sheet.as_str(),
    };

    let mut workbook = Workbook::new();
    workbook.set_properties(&context.properties()?);
    let table = context.write_sheet(workbook.add_worksheet())?;
    meta::write(
        workbook.add_worksheet(),
        &context,
        secret,
        respondent,
        &table,
    )?;
    let bytes = workbook.save_to_buffer()?;
    Ok(Questionnaire {
        respondent,
        file_name: file_name(master, respondent),
        questions: context.total,
        bytes,
    })
}

impl Context<'_> {
    /// Title, subject, author and the creation time: the save date of the answers, else the
    /// fixed [`CREATED`], never the clock.
    fn properties(&self) -> Result<DocProperties, XlsxError> {
        let master = self.master;
        let (year, month, day) = self.answers.saved.unwrap_or(CREATED);
        let created = ExcelDateTime::from_ymd(year, month, day)?;
        Ok(DocProperties::new()
            .set_title(format!(
                "{} {} {}",
                master.title, master.period, master.client
            ))
            .set_subject(format!(
                "{} — {}",
                self.labels.questionnaire_heading, self.person.name
            ))
            .set_author(&master.supplier)
            .set_company(&master.supplier)
            .set_creation_datetime(&created))
    }
}

/// The deadline as people of the master's language write a date: `30-11-2011`, `30 November 2011`.
pub fn deadline_text(master: &Master) -> Option<String> {
    master.deadline.map(|date| match master.language {
        Language::Dutch => date.format("%d-%m-%Y").to_string(),
        Language::English => date.format("%-d %B %Y").to_string(),
    })
}

/// `<period>-<client>-<initials>.xlsx`, safe on every file system.
pub fn file_name(master: &Master, respondent: RespondentId) -> String {
    format!(
        "{}-{}-{}.xlsx",
        safe_component(&master.period),
        safe_component(&master.client),
        safe_component(&master.respondent(respondent).initials)
    )
}

/// One part of a file name: letters, digits, `.`, `-` and `_`; no leading dots, no reserved
/// Windows device names, at most 60 characters.
pub fn safe_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let keep = c.is_alphanumeric() || matches!(c, '.' | '-' | '_');
        let c = if keep { c } else { '_' };
        if !(c == '_' && out.ends_with('_')) {
            out.push(c);
        }
    }
    let trimmed: String = out
        .trim_matches(|c| c == '.' || c == '_' || c == '-')
        .chars()
        .take(60)
        .collect();
    let stem = trimmed
        .split('.')
        .next()
        .unwrap_or_default()
        .to_ascii_uppercase();
    let reserved = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit());
    match (trimmed.is_empty(), reserved) {
        (true, _) => "_".to_string(),
        (false, true) => format!("{trimmed}_"),
        (false, false) => trimmed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_stay_inside_the_folder() {
        for (input, expected) in [
            ("KLANT NV", "KLANT_NV"),
            ("../../x", "x"),
            ("a/b\\c", "a_b_c"),
            ("..", "_"),
            ("", "_"),
            ("CON", "CON_"),
            ("com1", "com1_"),
            ("Zoë & Co", "Zoë_Co"),
            ("2011H2", "2011H2"),
        ] {
            assert_eq!(safe_component(input), expected, "{input:?}");
        }
    }

    /// The label files as they are committed, read independently of [`Labels`], so that a
    /// mix-up in how `labels` loads them cannot hide here.
    fn label_file(language: &str) -> toml::Table {
        let text = match language {
            "en" => include_str!("../../templates/labels/en.toml"),
            _ => include_str!("../../templates/labels/nl.toml"),
        };
        toml::from_str(text).expect("a valid label file")
    }

    /// Labels written as whole cells of the questionnaire sheet (`{supplier}` filled in).
    const IN_CELLS: &[&str] = &[
        "instruction",
        "column_id",
        "column_question",
        "column_score",
        "column_relevance",
        "relevance_neutral",
        "remarks",
        "nps_question",
        "nps_reason",
        "anonymous_question",
        "standard_active",
        "standard_agreements",
    ];

    /// Labels that open a `label: value` pair on the cover lines.
    const ON_COVER: &[&str] = &[
        "client",
        "supplier",
        "period",
        "respondent",
        "deadline",
        "return_to",
        "progress",
    ];

    /// Labels written into the data validations' titles and messages, as XML attributes.
    const IN_VALIDATIONS: &[&str] = &[
        "score_prompt_title",
        "score_prompt",
        "score_error_title",
        "score_error",
        "relevance_prompt_title",
        "relevance_prompt",
        "relevance_error_title",
        "relevance_error",
        "nps_prompt_title",
        "nps_prompt",
        "nps_error",
        "anonymous_prompt",
        "anonymous_error",
    ];

    fn xml_attribute(text: &str) -> String {
        let escaped = text
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;");
        format!("=\"{escaped}\"")
    }

    #[test]
    fn english_questionnaire_uses_english_labels() {
        use calamine::{DataType, Reader, Xlsx};
        use std::io::{Cursor, Read};

        let master = crate::master::parse(crate::EXAMPLE_MASTER_EN.as_bytes())
            .unwrap()
            .master;
        assert_eq!(Language::English, master.language);
        let secret = Secret::from_bytes([1; 32]);
        let written = write(&master, &secret, master.respondent_index("KK").unwrap()).unwrap();
        let (english, dutch) = (label_file("en"), label_file("nl"));
        let label = |table: &toml::Table, key: &str| {
            table[key]
                .as_str()
                .expect("labels are strings")
                .replace("{supplier}", &master.supplier)
        };

        let mut workbook: Xlsx<_> =
            calamine::open_workbook_from_rs(Cursor::new(written.bytes.clone())).unwrap();
        let sheet_name = label(&english, "questionnaire_sheet");
        assert_eq!(workbook.sheet_names(), [sheet_name.as_str(), "meta"]);
        let range = workbook.worksheet_range(&sheet_name).unwrap();
        let cells: Vec<String> = range
            .used_cells()
            .filter_map(|(_, _, value)| value.get_string().map(|text| text.replace('\n', " ")))
            .collect();
        let mut wrong = Vec::new();
        for key in ON_COVER {
            let (en, nl) = (label(&english, key), label(&dutch, key));
            let on_cover = |text: &str| cells.iter().any(|c| c.contains(&format!("{text}: ")));
            if !on_cover(&en) {
                wrong.push(format!("{key}: no cover line reads {en:?}"));
            }
            if nl != en && on_cover(&nl) {
                wrong.push(format!("{key}: a cover line reads the Dutch {nl:?}"));
            }
        }
        let sender = master
            .sender
            .as_ref()
            .expect("the example names its sender");
        let thanks = |table: &toml::Table| {
            label(table, "thanks")
                .replace("{sender}", &format!("{} ({})", sender.name, sender.email))
        };
        if !cells.contains(&thanks(&english)) || cells.contains(&thanks(&dutch)) {
            wrong.push(format!("the thank-you is not {:?}", thanks(&english)));
        }
        for key in IN_CELLS {
            let (en, nl) = (label(&english, key), label(&dutch, key));
            if !cells.contains(&en) {
                wrong.push(format!("{key}: no cell reads {en:?}"));
            }
            if nl != en && cells.contains(&nl) {
                wrong.push(format!("{key}: a cell reads the Dutch {nl:?}"));
            }
        }
        // the title cell ends in the heading; the progress cell's cached result reads "0 of 17"
        let ends_title =
            |heading: &str| cells.iter().any(|c| c.ends_with(&format!(" — {heading}")));
        let in_progress = |of: &str| cells.iter().any(|c| c.ends_with(&format!(": 0 {of} 17")));
        for (key, check) in [
            (
                "questionnaire_heading",
                &ends_title as &dyn Fn(&str) -> bool,
            ),
            ("progress_of", &in_progress),
        ] {
            let (en, nl) = (label(&english, key), label(&dutch, key));
            if !check(&en) {
                wrong.push(format!("{key}: {en:?} is not on the sheet"));
            }
            if check(&nl) {
                wrong.push(format!("{key}: the Dutch {nl:?} is on the sheet"));
            }
        }

        let mut sheet_xml = String::new();
        zip::ZipArchive::new(Cursor::new(&written.bytes))
            .unwrap()
            .by_name("xl/worksheets/sheet1.xml")
            .unwrap()
            .read_to_string(&mut sheet_xml)
            .unwrap();
        for key in IN_VALIDATIONS {
            let (en, nl) = (label(&english, key), label(&dutch, key));
            if !sheet_xml.contains(&xml_attribute(&en)) {
                wrong.push(format!("{key}: no validation says {en:?}"));
            }
            if sheet_xml.contains(&xml_attribute(&nl)) {
                wrong.push(format!("{key}: a validation says the Dutch {nl:?}"));
            }
        }
        let lists = |table: &toml::Table| {
            [
                format!("\"{},{}\"", label(table, "yes"), label(table, "no")),
                format!(
                    "\"{},{},{}\"",
                    label(table, "relevance_less"),
                    label(table, "relevance_neutral"),
                    label(table, "relevance_more")
                ),
            ]
        };
        for (en, nl) in lists(&english).iter().zip(lists(&dutch).iter()) {
            if !sheet_xml.contains(&format!("<formula1>{en}</formula1>")) {
                wrong.push(format!("no dropdown lists {en}"));
            }
            if sheet_xml.contains(&format!("<formula1>{nl}</formula1>")) {
                wrong.push(format!("a dropdown lists the Dutch {nl}"));
            }
        }
        let footer = |table: &toml::Table| {
            let text = label(table, "page_footer").replace('&', "&amp;");
            format!("&amp;R{text}</oddFooter>")
        };
        if !sheet_xml.contains(&footer(&english)) {
            wrong.push(format!("the footer is not {}", footer(&english)));
        }
        if sheet_xml.contains(&footer(&dutch)) {
            wrong.push(format!("the footer is the Dutch {}", footer(&dutch)));
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    /// The questionnaire sheet's cells as text, by (row, column), and its XML.
    fn sheet_of(written: &Questionnaire) -> (Vec<Vec<String>>, String) {
        use calamine::{Data, Reader, Xlsx};
        use std::io::{Cursor, Read};
        let mut workbook: Xlsx<_> =
            calamine::open_workbook_from_rs(Cursor::new(written.bytes.clone())).unwrap();
        let name = workbook.sheet_names()[0].clone();
        let range = workbook.worksheet_range(&name).unwrap();
        let mut rows = vec![vec![String::new(); 4]; range.end().unwrap().0 as usize + 1];
        for (row, col, value) in range.used_cells() {
            let (top, left) = range.start().unwrap();
            let text = match value {
                Data::Empty => String::new(),
                other => other.to_string(),
            };
            rows[top as usize + row][left as usize + col] = text;
        }
        let mut xml = String::new();
        zip::ZipArchive::new(Cursor::new(&written.bytes))
            .unwrap()
            .by_name("xl/worksheets/sheet1.xml")
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        (rows, xml)
    }

    #[test]
    fn no_label_ends_a_sentence_on_a_name() {
        // "BESTSELLER B.V." ends in a dot: "… with {supplier}." would print "B.V..". ({sender}
        // is filled in as "name (address)", so it ends in a bracket.)
        for language in ["nl", "en"] {
            for (key, value) in label_file(language) {
                let text = value.as_str().unwrap_or_default();
                for name in ["{supplier}.", "{client}."] {
                    assert!(!text.contains(name), "{language} {key}: {text}");
                }
            }
        }
    }

    fn example() -> Master {
        crate::master::parse(crate::EXAMPLE_MASTER_NL.as_bytes())
            .unwrap()
            .master
    }

    #[test]
    fn actions_stand_under_the_agreements_question_they_serve() {
        let master = example();
        let ids_after = |initials: &str, question: &str| {
            let written = write(
                &master,
                &Secret::from_bytes([1; 32]),
                master.respondent_index(initials).unwrap(),
            )
            .unwrap();
            let (rows, _) = sheet_of(&written);
            let at = rows.iter().position(|row| row[0] == question).unwrap();
            rows[at + 1..]
                .iter()
                .take_while(|row| row[0].starts_with("2011-"))
                .map(|row| (row[0].clone(), row[1].clone(), row[3].clone()))
                .collect::<Vec<_>>()
        };
        let kees = ids_after("KK", "1.04");
        assert_eq!(kees.len(), 1, "{kees:?}");
        assert_eq!(kees[0].0, "2011-01");
        assert!(kees[0].1.starts_with("Klanthoek inrichten"), "{kees:?}");
        assert_eq!(kees[0].2, "gereed");
        let ids = |found: Vec<(String, String, String)>| {
            found.into_iter().map(|(id, ..)| id).collect::<Vec<_>>()
        };
        assert_eq!(ids(ids_after("KK", "3.06")), ["2011-02", "2011-04"]);
        // KWI-04's agreements question 4.04 is A. Aaaa's, not Kees Klant's: so is its action.
        assert_eq!(ids(ids_after("AA", "4.04")), ["2011-03"]);
        let written = write(
            &master,
            &Secret::from_bytes([1; 32]),
            master.respondent_index("KK").unwrap(),
        )
        .unwrap();
        let (rows, _) = sheet_of(&written);
        assert!(!rows.iter().any(|row| row[0] == "2011-03"));
        // The thank-you names the return address.
        assert!(
            rows.iter()
                .any(|row| row[0].contains("rob.relatie@bestseller.example")
                    && row[0].starts_with("Hartelijk dank")),
            "{rows:?}"
        );
    }

    #[test]
    fn without_a_sender_the_questionnaire_goes_back_to_whoever_mailed_it() {
        let text = crate::EXAMPLE_MASTER_NL.replace(
            "[sender]\nname = \"Rob Relatie\"\nemail = \"rob.relatie@bestseller.example\"\n",
            "",
        );
        let master = crate::master::parse(text.as_bytes()).unwrap().master;
        assert!(master.sender.is_none());
        let labels = Labels::for_language(master.language);
        let written = write(
            &master,
            &Secret::from_bytes([1; 32]),
            master.respondent_index("KK").unwrap(),
        )
        .unwrap();
        let (rows, _) = sheet_of(&written);
        let cells: Vec<&String> = rows.iter().flatten().collect();
        assert!(
            cells.iter().any(|c| c.ends_with(&labels.return_to_unknown)),
            "{cells:?}"
        );
        assert!(cells.contains(&&labels.thanks_no_sender), "{cells:?}");
    }

    #[test]
    fn long_names_on_the_cover_wrap_into_a_taller_row() {
        let text = crate::EXAMPLE_MASTER_NL.replace(
            "client = \"KLANT NV\"",
            "client = \"KLANT NV, de Nederlandse dochter van een heel groot internationaal mediaconcern\"",
        );
        let master = crate::master::parse(text.as_bytes()).unwrap().master;
        let written = write(
            &master,
            &Secret::from_bytes([1; 32]),
            master.respondent_index("KK").unwrap(),
        )
        .unwrap();
        let (_, xml) = sheet_of(&written);
        // row 2 (the client, supplier and period) is two lines tall
        assert!(
            xml.contains("<row r=\"2\" spans=\"1:4\" ht=\"28.5\""),
            "{xml}"
        );
    }

    #[test]
    fn an_ampersand_in_the_initials_does_not_turn_on_bold_in_the_footer() {
        let text = crate::EXAMPLE_MASTER_NL.replace("\"KK\"", "\"K&K\"");
        let master = crate::master::parse(text.as_bytes()).unwrap().master;
        let written = write(
            &master,
            &Secret::from_bytes([1; 32]),
            master.respondent_index("K&K").unwrap(),
        )
        .unwrap();
        let (_, xml) = sheet_of(&written);
        assert!(
            xml.contains("<oddFooter>&amp;LK&amp;&amp;K&amp;R"),
            "{}",
            &xml[xml.find("<oddFooter>").unwrap()..]
        );
    }

    #[test]
    fn long_questionnaires_break_pages_only_before_a_kwi_heading() {
        let mut text = crate::EXAMPLE_MASTER_NL.to_string();
        let actions = text.find("[[actions]]").unwrap();
        let mut extra = String::new();
        for kwi in 6..=12 {
            extra.push_str(&format!(
                "[[kwis]]\nid = \"KWI-{kwi:02}\"\ntitle = \"Onderwerp {kwi}\"\n\n"
            ));
            for question in 1..=6 {
                extra.push_str(&format!(
                    "[[kwis.questions]]\nid = \"{kwi}.{question:02}\"\ntext = \"{{supplier}} doet iets op onderwerp {kwi}, met een tekst die lang genoeg is om over twee regels te lopen\"\nrespondents = [\"*\"]\n\n"
                ));
            }
        }
        text.insert_str(actions, &extra);
        let master = crate::master::parse(text.as_bytes()).unwrap().master;
        let written = write(
            &master,
            &Secret::from_bytes([1; 32]),
            master.respondent_index("AA").unwrap(),
        )
        .unwrap();
        let (rows, xml) = sheet_of(&written);
        let breaks: Vec<usize> = xml
            .split("<brk id=\"")
            .skip(1)
            .map(|rest| rest[..rest.find('"').unwrap()].parse().unwrap())
            .collect();
        assert!(breaks.len() >= 2, "{breaks:?}");
        for row in &breaks {
            assert!(
                rows[*row][0].starts_with("KWI-"),
                "a page starts at row {row}: {:?}",
                rows[*row]
            );
        }
        // full size, not "fit to page" (which makes Excel ignore the breaks)
        assert!(!xml.contains("fitToPage"), "{xml}");
        assert!(!xml.contains("scale="), "a scale of 100 is the default");
    }
}
