//! The command line: clap's derive types, whose doc comments are the `--help` text.
//!
//! Nothing here runs a command; [`crate::commands`] does. This module is the binary's: the
//! library never sees a flag.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use klantwaarde::labels::Language;

/// Exit codes, the same for every command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Status {
    /// Everything went well.
    Success = 0,
    /// Nothing could be done: a bad master, no readable input, no write access.
    Failed = 1,
    /// The command line itself was wrong (clap's own code).
    #[expect(
        dead_code,
        reason = "clap exits with this code itself; the variant documents it"
    )]
    Usage = 2,
    /// The monitor was written, but some input was rejected or some answer left out; warnings
    /// that lose nothing (texts changed since sending, anonymity not answered) leave 0.
    Partial = 3,
    /// `status`: someone has not returned a complete questionnaire yet.
    Incomplete = 4,
}

const EXIT_CODES: &str = "\
Exit codes:
  0  everything went well
  1  nothing could be done: a bad master file, no readable input, no write access
  2  the command line was wrong
  3  ingest: the monitor was written, but some file was rejected or some answer left out
     (warnings that lose nothing, such as texts changed since sending or anonymity not
     answered, leave 0)
  4  status: someone is missing or has not answered every question";

/// klantwaarde — the customer value monitor (klantwaardemonitor).
///
/// From one master file it writes a personal questionnaire (.xlsx) for every contact person at
/// your client, and from the returned questionnaires it builds the monitor workbook: weighted
/// KWI scores, the trend over the measurements, NPS and the action list.
///
/// Start with `klantwaarde demo` to see the whole cycle on the method's example, or with
/// `klantwaarde init` to write a master file of your own (`klantwaarde init master.xlsx` writes
/// it as a workbook).
#[derive(Debug, Parser)]
#[command(name = "klantwaarde", version, after_help = EXIT_CODES)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// The language of the messages (and of the master `init` writes); a command given a master
    /// speaks the master's language.
    #[arg(long, global = true, value_enum)]
    pub lang: Option<Lang>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a commented starting master file: the method's example, ready to edit.
    ///
    /// A name ending in .xlsx writes the master as a workbook: sheets for the client and period,
    /// the respondents, the KWIs, the questions with the assignment matrix (an X where a
    /// respondent answers) and the action list, with dropdowns and a note on every column.
    Init {
        /// Where to write it (.toml, or .xlsx for a workbook); an existing file is never
        /// overwritten.
        #[arg(default_value = "master.toml")]
        path: PathBuf,
    },
    /// Check a master file and print its overview: respondents, KWIs and who answers what.
    Check {
        /// The master file (TOML or workbook).
        master: PathBuf,
    },
    /// Convert a master from TOML to a workbook (.xlsx) or back, checking it first; both forms
    /// give byte-identical questionnaires.
    Convert {
        /// The master to convert (TOML or workbook).
        from: PathBuf,
        /// The file to write: a .xlsx name for a workbook, any other for TOML.
        to: PathBuf,
        /// Replace `to` when it exists.
        #[arg(long)]
        force: bool,
    },
    /// Write a personal questionnaire (.xlsx) for every respondent who has questions.
    Generate {
        /// The master file (TOML or workbook).
        master: PathBuf,
        /// The folder to write the questionnaires to; created when missing.
        #[arg(short, long, default_value = "questionnaires")]
        output: PathBuf,
        /// Only these respondents (initials).
        #[arg(long, num_args = 1.., value_name = "INITIALS")]
        only: Vec<String>,
        /// Also write an e-mail draft (.eml) per respondent, with the questionnaire attached.
        #[arg(long)]
        mail: bool,
        /// Which round the mail drafts are for: `preview` sends the questionnaire to look at
        /// (can every question be judged?), `final` to fill in and return.
        #[arg(long, value_enum, default_value_t = Round::Final, requires = "mail")]
        round: Round,
        /// Overwrite questionnaires that already hold answers (normally refused, so that a
        /// returned questionnaire put in the output folder by mistake is never lost).
        #[arg(long)]
        force: bool,
        /// Print nothing but errors.
        #[arg(short, long)]
        quiet: bool,
    },
    /// Read the returned questionnaires and write the session monitor and the analysis workbook.
    Ingest {
        /// The master file (TOML or workbook).
        master: PathBuf,
        /// Returned questionnaires (.xlsx, .xlsm, .xls, .ods) and folders holding them.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// The session monitor to write, the client's document for the value session; an existing
        /// one is replaced only by a complete new one.
        #[arg(short, long, default_value = "monitor.xlsx")]
        output: PathBuf,
        /// The analysis workbook to write (response, files, detail per respondent and question,
        /// all answers, problems: not for the client). Default: beside the monitor, its name
        /// with -analyse (Dutch masters) or -analysis (English) added.
        #[arg(long, value_name = "XLSX")]
        analysis: Option<PathBuf>,
        /// Earlier monitors whose history joins the trend.
        #[arg(long, value_name = "MONITOR")]
        previous: Vec<PathBuf>,
        /// Print a machine-readable summary on standard output (messages stay on standard error).
        #[arg(long)]
        json: bool,
        /// Print nothing but errors.
        #[arg(short, long)]
        quiet: bool,
        /// Count questionnaires without a tag (generated by a klantwaarde from before tags),
        /// each with a warning; without this they are rejected. Only for a round sent before
        /// the update: nothing shows such a file is the one sent to the respondent it names.
        #[arg(long)]
        accept_untagged: bool,
        /// Take a --previous monitor whose trend was tagged with another key: the way on after
        /// the key file was lost and made anew. Its client, supplier, scale and periods are
        /// still checked, and a warning says it is taken unverified.
        #[arg(long, requires = "previous")]
        trust_previous: bool,
    },
    /// Show who returned the questionnaire, who answered only part of it, and who is missing.
    Status {
        /// The master file (TOML or workbook).
        master: PathBuf,
        /// Returned questionnaires and folders holding them.
        inputs: Vec<PathBuf>,
        /// Print the status as JSON on standard output.
        #[arg(long)]
        json: bool,
        /// Write reminder drafts (.eml) into this folder for the missing and partly answered
        /// respondents: the partly answered get their own file back, with the questions still
        /// open and the answers that could not be read listed in the mail.
        #[arg(long, value_name = "DIR")]
        remind: Option<PathBuf>,
        /// A new date for this reminder round (e.g. 2011-12-07), in the mails and on the fresh
        /// questionnaires, instead of the master's deadline.
        #[arg(long, value_name = "DATE", value_parser = parse_date, requires = "remind")]
        deadline: Option<chrono::NaiveDate>,
        /// Count questionnaires without a tag (from before tags), as `ingest --accept-untagged`.
        #[arg(long)]
        accept_untagged: bool,
    },
    /// Run the whole cycle on the method's example: questionnaires, answers, the monitor.
    Demo {
        /// The folder to work in; created when missing.
        #[arg(default_value = "klantwaarde-demo")]
        dir: PathBuf,
        /// Work in a folder that already holds files (its master, questionnaires and monitor
        /// are replaced); normally refused, so that no work of yours is overwritten.
        #[arg(long)]
        force: bool,
    },
}

/// The round a questionnaire's mail belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Round {
    /// The first look, months ahead: check that every question can be answered.
    Preview,
    /// The real round, shortly before the value session: fill in and return.
    Final,
}

/// A date as 2011-12-07 (or 07-12-2011, as Dutch users write it).
fn parse_date(text: &str) -> Result<chrono::NaiveDate, String> {
    let text = text.trim();
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| chrono::NaiveDate::parse_from_str(text, "%d-%m-%Y"))
        .map_err(|_| klantwaarde::msg!(language(), "cli.bad_date", text))
}

/// The language of the messages where no master decides it: `--lang`, else the environment
/// (`KLANTWAARDE_LANG`, then the locale: `LC_ALL`, `LC_MESSAGES`, `LANG`), else Dutch, the
/// method's own language. Set once, before the command line is parsed.
static LANGUAGE: std::sync::OnceLock<Language> = std::sync::OnceLock::new();

/// The language of the messages where no master decides it (see [`LANGUAGE`]).
pub fn language() -> Language {
    LANGUAGE.get().copied().unwrap_or(Language::Dutch)
}

/// Works out [`language`] from the raw arguments and the environment, before clap parses them
/// (its `--help` and its errors are worded in it).
#[expect(
    clippy::disallowed_methods,
    reason = "the binary reads the environment; the library does not"
)]
pub fn set_language(args: &[std::ffi::OsString]) -> Language {
    let from_args = args.windows(2).find_map(|pair| {
        let (flag, value) = (pair[0].to_str()?, pair[1].to_str()?);
        match flag.strip_prefix("--lang=") {
            Some(code) => Language::from_code(code),
            None if flag == "--lang" => Language::from_code(value),
            None => None,
        }
    });
    let from_last = args
        .last()
        .and_then(|last| last.to_str()?.strip_prefix("--lang="))
        .and_then(Language::from_code);
    let from_env = || {
        ["KLANTWAARDE_LANG", "LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|name| std::env::var(name).ok())
            .find(|value| !value.is_empty())
            .and_then(|value| Language::from_locale(&value))
    };
    let language = from_args
        .or(from_last)
        .or_else(from_env)
        .unwrap_or(Language::Dutch);
    let _ = LANGUAGE.set(language);
    language
}

/// A workbook language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    /// Nederlands.
    Nl,
    /// English.
    En,
}

impl From<Lang> for Language {
    fn from(lang: Lang) -> Self {
        match lang {
            Lang::Nl => Language::Dutch,
            Lang::En => Language::English,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadlines_are_read_in_both_orders() {
        let date = chrono::NaiveDate::from_ymd_opt(2011, 12, 7).unwrap();
        assert_eq!(parse_date("2011-12-07"), Ok(date));
        assert_eq!(parse_date(" 07-12-2011 "), Ok(date));
        assert!(parse_date("7 december").unwrap_err().contains("2011-12-07"));
    }
}
