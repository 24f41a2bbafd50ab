//! The command line: clap's derive types, whose doc comments are the `--help` text.
//!
//! Nothing here runs a command; [`crate::commands`] does. This module is the binary's: the
//! library never sees a flag.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

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
    /// The monitor was written, but some input was rejected or some answer left out.
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
  4  status: someone is missing or has not answered every question";

/// klantwaarde — the customer value monitor (klantwaardemonitor).
///
/// From one master file it writes a personal questionnaire (.xlsx) for every contact person at
/// your client, and from the returned questionnaires it builds the monitor workbook: weighted
/// KWI scores, the trend over the measurements, NPS and the action list.
///
/// Start with `klantwaarde demo` to see the whole cycle on the method's example, or with
/// `klantwaarde init` to write a master file of your own.
#[derive(Debug, Parser)]
#[command(name = "klantwaarde", version, after_help = EXIT_CODES)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a commented starting master file: the method's example, ready to edit.
    Init {
        /// Where to write it; an existing file is never overwritten.
        #[arg(default_value = "master.toml")]
        path: PathBuf,
        /// The language of the master's texts and of the workbooks.
        #[arg(long, value_enum, default_value_t = Lang::Nl)]
        lang: Lang,
    },
    /// Check a master file and print its overview: respondents, KWIs and who answers what.
    Check {
        /// The master file (TOML).
        master: PathBuf,
    },
    /// Write a personal questionnaire (.xlsx) for every respondent who has questions.
    Generate {
        /// The master file (TOML).
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
        /// The master file (TOML).
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
    },
    /// Show who returned the questionnaire, who answered only part of it, and who is missing.
    Status {
        /// The master file (TOML).
        master: PathBuf,
        /// Returned questionnaires and folders holding them.
        inputs: Vec<PathBuf>,
        /// Print the status as JSON on standard output.
        #[arg(long)]
        json: bool,
        /// Write reminder drafts (.eml) into this folder for the missing and partly answered
        /// respondents, with their questionnaire attached again.
        #[arg(long, value_name = "DIR")]
        remind: Option<PathBuf>,
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

/// A workbook language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    /// Nederlands.
    Nl,
    /// English.
    En,
}

impl From<Lang> for klantwaarde::labels::Language {
    fn from(lang: Lang) -> Self {
        match lang {
            Lang::Nl => klantwaarde::labels::Language::Dutch,
            Lang::En => klantwaarde::labels::Language::English,
        }
    }
}
