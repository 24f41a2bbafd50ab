//! The master as a workbook: sheets for the client and period, the respondents, the KWIs, the
//! questions with the assignment matrix (questions down, respondents across, an X where one
//! answers), and the action list.
//!
//! A workbook master is read by turning its cells into the TOML master they stand for, with a
//! map from every written key and value back to its cell ([`read`]); the TOML then passes the
//! very checks a TOML master passes, and each diagnostic names its sheet and cell. [`write`]
//! goes the other way. Column headers are the TOML keys, so one vocabulary serves the file, the
//! messages and the README; a note on each header explains it in the master's language. This
//! module does no I/O: it gets cells and gives bytes.

pub(in crate::master) mod read;
mod write;

pub(super) use read::{language, read};
pub use write::write;

use crate::labels::Language;

/// How a column's cells become TOML values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Text,
    Number,
    /// A whole number, e.g. the minimum group size.
    Whole,
    Date,
    Bool,
    /// Initials separated by commas, e.g. `AA, KK`.
    List,
}

/// One key of a sheet: its TOML name, how its cells read, and what it means.
pub(super) struct Column {
    pub(super) key: &'static str,
    pub(super) kind: Kind,
    pub(super) width: f64,
    nl: &'static str,
    en: &'static str,
}

impl Column {
    pub(super) fn explanation(&self, language: Language) -> &'static str {
        match language {
            Language::Dutch => self.nl,
            Language::English => self.en,
        }
    }
}

const fn column(
    key: &'static str,
    kind: Kind,
    width: f64,
    nl: &'static str,
    en: &'static str,
) -> Column {
    Column {
        key,
        kind,
        width,
        nl,
        en,
    }
}

/// The sheets of a workbook master.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Sheet {
    Master,
    Respondents,
    Kwis,
    Questions,
    Actions,
}

impl Sheet {
    pub(super) const ALL: [Sheet; 5] = [
        Sheet::Master,
        Sheet::Respondents,
        Sheet::Kwis,
        Sheet::Questions,
        Sheet::Actions,
    ];

    /// The sheet's name in a language; either is read.
    pub(super) fn name(self, language: Language) -> &'static str {
        let (nl, en) = match self {
            Sheet::Master => ("Klant en periode", "Client and period"),
            Sheet::Respondents => ("Respondenten", "Respondents"),
            Sheet::Kwis => ("KWI-overzicht", "KWIs"),
            Sheet::Questions => ("KWI-Vragen-Toewijzing", "Question assignment"),
            Sheet::Actions => ("Actielijst", "Action list"),
        };
        match language {
            Language::Dutch => nl,
            Language::English => en,
        }
    }

    /// The keys of the sheet's columns (of the master sheet: its rows), in the order written.
    pub(super) fn columns(self) -> &'static [Column] {
        match self {
            Sheet::Master => MASTER,
            Sheet::Respondents => RESPONDENTS,
            Sheet::Kwis => KWIS,
            Sheet::Questions => QUESTIONS,
            Sheet::Actions => ACTIONS,
        }
    }

    /// The TOML table an item of the sheet is written as.
    pub(super) fn table(self) -> &'static str {
        match self {
            Sheet::Master => "",
            Sheet::Respondents => "respondents",
            Sheet::Kwis => "kwis",
            Sheet::Questions => "kwis.questions",
            Sheet::Actions => "actions",
        }
    }

    pub(super) fn kind_of(self, key: &str) -> Option<Kind> {
        self.columns()
            .iter()
            .find(|column| column.key == key)
            .map(|column| column.kind)
    }
}

use Kind::{Bool, Date, List, Number, Text, Whole};

const MASTER: &[Column] = &[
    column(
        "client",
        Text,
        0.0,
        "De klant, zoals op elke vragenlijst en in de monitor.",
        "The client, as on every questionnaire and in the monitor.",
    ),
    column(
        "supplier",
        Text,
        0.0,
        "De leverancier: uw eigen organisatie.",
        "The supplier: your own organisation.",
    ),
    column(
        "period",
        Text,
        0.0,
        "Het label van deze meting, bijvoorbeeld 2011H2; labels sorteren in tijdsvolgorde.",
        "This measurement's label, e.g. 2011H2; labels sort in time order.",
    ),
    column(
        "language",
        Text,
        0.0,
        "De taal van de werkboeken: nl of en.",
        "The language of the workbooks: nl or en.",
    ),
    column(
        "title",
        Text,
        0.0,
        "De titel boven elk werkboek; leeg laat de standaardtitel staan.",
        "The title on every workbook; empty keeps the standard title.",
    ),
    column(
        "deadline",
        Date,
        0.0,
        "De datum waarop de vragenlijsten terug moeten zijn.",
        "The date the questionnaires are due.",
    ),
    column(
        "target",
        Number,
        0.0,
        "Het standaard KWI-doel (1 tot en met 10), bijvoorbeeld 7,5; een KWI kan een eigen doel hebben.",
        "The default KWI target (1 to 10), e.g. 7.5; a KWI may set its own.",
    ),
    column(
        "min_group",
        Whole,
        0.0,
        "De kleinste groep anonieme respondenten (standaard 3) waarbij cijfers per respondent in de analyse mogen staan.",
        "The smallest group of anonymous respondents (default 3) for which figures per respondent may appear in the analysis.",
    ),
    column(
        "standard_questions",
        Bool,
        0.0,
        "Ja: elke KWI krijgt de standaardvragen (actief werken aan de KWI, afspraken nagekomen).",
        "Yes: every KWI gets the standard questions (works actively on it, kept the agreements).",
    ),
    column(
        "password",
        Text,
        0.0,
        "Het wachtwoord van de bladbeveiliging van de vragenlijsten; leeg is zonder wachtwoord.",
        "The sheet-protection password of the questionnaires; empty is none.",
    ),
    column(
        "sender.name",
        Text,
        0.0,
        "De accountmanager die de vragenlijsten verstuurt (afzender van de e-mails).",
        "The account manager who sends the questionnaires (the sender of the mails).",
    ),
    column(
        "sender.email",
        Text,
        0.0,
        "Het e-mailadres van de afzender.",
        "The sender's e-mail address.",
    ),
    column(
        "mail.subject",
        Text,
        0.0,
        "Onderwerp van de eerste e-mail; leeg is de ingebouwde tekst.",
        "Subject of the first mail; empty is the built-in text.",
    ),
    column(
        "mail.body",
        Text,
        0.0,
        "Tekst van de eerste e-mail; leeg is de ingebouwde tekst.",
        "Body of the first mail; empty is the built-in text.",
    ),
    column(
        "mail.reminder_subject",
        Text,
        0.0,
        "Onderwerp van de herinnering; leeg is de ingebouwde tekst.",
        "Subject of the reminder; empty is the built-in text.",
    ),
    column(
        "mail.reminder_body",
        Text,
        0.0,
        "Tekst van de herinnering; leeg is de ingebouwde tekst.",
        "Body of the reminder; empty is the built-in text.",
    ),
];

const RESPONDENTS: &[Column] = &[
    column(
        "initials",
        Text,
        10.0,
        "De initialen: de sleutel van de respondent, uniek; ze staan boven een kolom van de toewijzing en in de bestandsnaam.",
        "The initials: the respondent's key, unique; they head a column of the assignment and name the file.",
    ),
    column("name", Text, 24.0, "De volledige naam.", "The full name."),
    column(
        "email",
        Text,
        30.0,
        "Het e-mailadres, voor de e-mailconcepten.",
        "The e-mail address, for the mail drafts.",
    ),
    column("role", Text, 24.0, "De functie.", "The function."),
    column("note", Text, 30.0, "Een vrije opmerking.", "A free remark."),
];

const KWIS: &[Column] = &[
    column(
        "id",
        Text,
        10.0,
        "De unieke code van de KWI, bijvoorbeeld KWI-01; de vragen noemen haar.",
        "The KWI's unique id, e.g. KWI-01; the questions name it.",
    ),
    column("title", Text, 24.0, "De korte titel.", "The short title."),
    column(
        "description",
        Text,
        50.0,
        "Wat de klant verwacht.",
        "What the client expects.",
    ),
    column(
        "target",
        Number,
        10.0,
        "Het eigen doel van deze KWI (1 tot en met 10); leeg is het standaarddoel.",
        "This KWI's own target (1 to 10); empty is the default target.",
    ),
    column(
        "standard_questions",
        Bool,
        12.0,
        "Ja of nee: de standaardvragen bij deze KWI; leeg volgt het blad Klant en periode.",
        "Yes or no: the standard questions of this KWI; empty follows the master sheet.",
    ),
    column(
        "active_respondents",
        List,
        16.0,
        "Initialen, met komma's: wie de vraag 'werkt actief aan deze KWI' krijgt; leeg is wie de eigen vragen krijgt.",
        "Initials, with commas: who gets the 'works actively on this KWI' question; empty is those who get its own questions.",
    ),
    column(
        "agreements_respondents",
        List,
        16.0,
        "Initialen, met komma's: wie de vraag 'afspraken nagekomen' krijgt; leeg is wie de eigen vragen krijgt.",
        "Initials, with commas: who gets the 'kept the agreements' question; empty is those who get its own questions.",
    ),
];

/// The keys of a question; the columns after `text` are the respondents' initials.
const QUESTIONS: &[Column] = &[
    column(
        "kwi",
        Text,
        10.0,
        "De KWI waar de vraag onder valt (de code uit het KWI-overzicht).",
        "The KWI the question belongs to (the id from the KWIs sheet).",
    ),
    column(
        "id",
        Text,
        8.0,
        "De unieke code van de vraag, bijvoorbeeld 1.01.",
        "The question's unique id, e.g. 1.01.",
    ),
    column(
        "text",
        Text,
        60.0,
        "De stelling; {supplier} en {client} worden ingevuld. De kolommen hierna zijn de respondenten: een X betekent dat die de vraag krijgt.",
        "The statement; {supplier} and {client} are filled in. The columns after it are the respondents: an X means they answer it.",
    ),
];

const ACTIONS: &[Column] = &[
    column(
        "id",
        Text,
        10.0,
        "De unieke code van de actie, bijvoorbeeld 2011-01.",
        "The action's unique id, e.g. 2011-01.",
    ),
    column(
        "date",
        Date,
        12.0,
        "De datum waarop de actie is afgesproken.",
        "The date the action was agreed.",
    ),
    column(
        "description",
        Text,
        50.0,
        "Wat er gedaan wordt.",
        "What will be done.",
    ),
    column("owner", Text, 16.0, "Wie het doet.", "Who does it."),
    column(
        "status",
        Text,
        12.0,
        "De status, bijvoorbeeld open of gereed.",
        "The status, e.g. open or done.",
    ),
    column(
        "kwi",
        Text,
        10.0,
        "De KWI waar de actie voor is; die KWI krijgt de vraag 'afspraken nagekomen'.",
        "The KWI the action serves; that KWI gets the 'kept the agreements' question.",
    ),
];

/// The explanation of an X column of the assignment matrix.
pub(super) fn respondent_column_note(language: Language) -> &'static str {
    match language {
        Language::Dutch => "Een X: deze respondent krijgt de vraag. Leeg: niet.",
        Language::English => "An X: this respondent answers the question. Empty: not.",
    }
}

/// Where each key and value of the TOML a workbook stands for came from: `(line, column)` of
/// the TOML text → `Sheet!B4`, in text order.
#[derive(Debug, Default, Clone)]
pub(super) struct CellMap {
    entries: Vec<((usize, usize), String)>,
}

impl CellMap {
    pub(super) fn record(&mut self, line: usize, column: usize, cell: String) {
        self.entries.push(((line, column), cell));
    }

    /// The cell of the last key or value that starts at or before `line`:`column`.
    pub(super) fn at(&self, line: usize, column: usize) -> Option<&str> {
        let index = self
            .entries
            .partition_point(|(at, _)| *at <= (line, column));
        index
            .checked_sub(1)
            .map(|index| self.entries[index].1.as_str())
    }
}

/// `Sheet!B4`, the sheet quoted when its name needs it, as spreadsheets write references.
pub(super) fn reference(sheet: &str, row: u32, column: u32) -> String {
    crate::contract::sheet_cell(sheet, row, u16::try_from(column).unwrap_or(u16::MAX))
}
