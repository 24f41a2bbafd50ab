//! The commands: the edge where the file system is walked, files are read and written and
//! messages printed. Each command turns validated arguments into calls on the library and decides
//! the exit status; the work itself lives in the library.

mod check;
pub mod console;
mod convert;
mod demo;
mod drafts;
mod generate;
mod ingest;
mod init;
mod inputs;
mod status;

use klantwaarde::labels::Language;

use crate::cli::{Cli, Command, Status};
use console::{Failure, Speak};

/// Runs one command.
///
/// # Errors
/// Any failure that stops the command as a whole; problems with single inputs are reported and
/// change the returned [`Status`] instead.
///
/// `language` is the language of the messages until a master is read (`--lang`, else the
/// environment); from then on the master's own language speaks.
pub fn run(cli: Cli, language: Language) -> Result<Status, Failure> {
    match cli.command {
        Command::Init { path } => init::run(&path, language).speak(language),
        Command::Check { master } => check::run(&master, language),
        Command::Convert { from, to, force } => convert::run(&from, &to, force, language),
        Command::Generate {
            master,
            output,
            only,
            mail,
            round,
            force,
            quiet,
        } => generate::run(
            &master,
            &output,
            &only,
            mail.then_some(round),
            force,
            quiet,
            language,
        ),
        Command::Ingest {
            master,
            inputs,
            output,
            analysis,
            previous,
            json,
            quiet,
            accept_untagged,
            trust_previous,
        } => ingest::run(
            &master,
            &inputs,
            &output,
            analysis.as_deref(),
            &previous,
            ingest::Flags {
                json,
                quiet,
                accept_untagged,
                trust_previous,
            },
            language,
        ),
        Command::Status {
            master,
            inputs,
            json,
            remind,
            deadline,
            accept_untagged,
        } => status::run(
            &master,
            &inputs,
            json,
            remind.as_deref(),
            deadline,
            accept_untagged,
            language,
        ),
        Command::Demo { dir, force } => demo::run(&dir, force, language),
    }
}
