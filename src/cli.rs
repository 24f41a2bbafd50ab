//! The command line: clap's derive types, their `--help` in the language of the run, and clap's
//! errors worded in it.
//!
//! Nothing here runs a command; [`crate::commands`] does. This module is the binary's: the
//! library never sees a flag.

use std::path::PathBuf;

use clap::error::ErrorKind;
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

/// The command line. Its `--help` texts are not these comments but `help_*` in
/// `templates/messages/cli.toml`, in both languages, put in by [`command`]; the comments on the
/// fields are for whoever reads the code.
#[derive(Debug, Parser)]
#[command(name = "klantwaarde", version)]
pub struct Cli {
    // What to do.
    #[command(subcommand)]
    pub command: Command,
    // The language of the messages (and of the master `init` writes); a command given a master
    // speaks the master's language.
    #[arg(long, global = true, value_enum)]
    pub lang: Option<Lang>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    // Write a commented starting master file: the method's example, ready to edit.
    //
    // A name ending in .xlsx writes the master as a workbook: sheets for the client and period,
    // the respondents, the KWIs, the questions with the assignment matrix (an X where a
    // respondent answers) and the action list, with dropdowns and a note on every column.
    Init {
        // Where to write it (.toml, or .xlsx for a workbook); an existing file is never
        // overwritten.
        #[arg(default_value = "master.toml")]
        path: PathBuf,
    },
    // Check a master file and print its overview: respondents, KWIs and who answers what.
    Check {
        // The master file (TOML or workbook).
        master: PathBuf,
    },
    // Convert a master from TOML to a workbook (.xlsx) or back, checking it first; both forms
    // give byte-identical questionnaires.
    Convert {
        // The master to convert (TOML or workbook).
        from: PathBuf,
        // The file to write: a .xlsx name for a workbook, any other for TOML.
        to: PathBuf,
        // Replace `to` when it exists.
        #[arg(long)]
        force: bool,
    },
    // Write a personal questionnaire (.xlsx) for every respondent who has questions.
    Generate {
        // The master file (TOML or workbook).
        master: PathBuf,
        // The folder to write the questionnaires to; created when missing.
        #[arg(short, long, default_value = "questionnaires")]
        output: PathBuf,
        // Only these respondents (initials).
        #[arg(long, num_args = 1.., value_name = "INITIALS")]
        only: Vec<String>,
        // Also write an e-mail draft (.eml) per respondent, with the questionnaire attached.
        #[arg(long)]
        mail: bool,
        // Which round the mail drafts are for: `preview` sends the questionnaire to look at
        // (can every question be judged?), `final` to fill in and return.
        #[arg(long, value_enum, default_value_t = Round::Final, requires = "mail")]
        round: Round,
        // Overwrite questionnaires that already hold answers (normally refused, so that a
        // returned questionnaire put in the output folder by mistake is never lost).
        #[arg(long)]
        force: bool,
        // Print nothing but errors.
        #[arg(short, long)]
        quiet: bool,
    },
    // Read the returned questionnaires and write the session monitor and the analysis workbook.
    Ingest {
        // The master file (TOML or workbook).
        master: PathBuf,
        // Returned questionnaires (.xlsx, .xlsm, .xls, .ods) and folders holding them.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        // The session monitor to write, the client's document for the value session; an existing
        // one is replaced only by a complete new one.
        #[arg(short, long, default_value = "monitor.xlsx")]
        output: PathBuf,
        // The analysis workbook to write (response, files, detail per respondent and question,
        // all answers, problems: not for the client). Default: beside the monitor, its name
        // with -analyse (Dutch masters) or -analysis (English) added.
        #[arg(long, value_name = "XLSX")]
        analysis: Option<PathBuf>,
        // Earlier monitors whose history joins the trend.
        #[arg(long, value_name = "MONITOR")]
        previous: Vec<PathBuf>,
        // Print a machine-readable summary on standard output (messages stay on standard error).
        #[arg(long)]
        json: bool,
        // Print nothing but errors.
        #[arg(short, long)]
        quiet: bool,
        // Count questionnaires without a tag (generated by a klantwaarde from before tags),
        // each with a warning; without this they are rejected. Only for a round sent before
        // the update: nothing shows such a file is the one sent to the respondent it names.
        #[arg(long)]
        accept_untagged: bool,
        // Take a --previous monitor whose trend was tagged with another key: the way on after
        // the key file was lost and made anew. Its client, supplier, scale and periods are
        // still checked, and a warning says it is taken unverified.
        #[arg(long, requires = "previous")]
        trust_previous: bool,
    },
    // Show who returned the questionnaire, who answered only part of it, and who is missing.
    Status {
        // The master file (TOML or workbook).
        master: PathBuf,
        // Returned questionnaires and folders holding them.
        inputs: Vec<PathBuf>,
        // Print the status as JSON on standard output.
        #[arg(long)]
        json: bool,
        // Write reminder drafts (.eml) into this folder for the missing and partly answered
        // respondents: the partly answered get their own file back, with the questions still
        // open and the answers that could not be read listed in the mail.
        #[arg(long, value_name = "DIR")]
        remind: Option<PathBuf>,
        // A new date for this reminder round (e.g. 2011-12-07), in the mails and on the fresh
        // questionnaires, instead of the master's deadline.
        // Read by `parse_date`, which `command` puts in (its message is in the run's language).
        #[arg(long, value_name = "DATE", requires = "remind")]
        deadline: Option<chrono::NaiveDate>,
        // Count questionnaires without a tag (from before tags), as `ingest --accept-untagged`.
        #[arg(long)]
        accept_untagged: bool,
    },
    // Run the whole cycle on the method's example: questionnaires, answers, the monitor.
    Demo {
        // The folder to work in; created when missing.
        #[arg(default_value = "klantwaarde-demo")]
        dir: PathBuf,
        // Work in a folder that already holds files (its master, questionnaires and monitor
        // are replaced); normally refused, so that no work of yours is overwritten.
        #[arg(long)]
        force: bool,
    },
}

/// The round a questionnaire's mail belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Round {
    // The first look, months ahead: check that every question can be answered.
    Preview,
    // The real round, shortly before the value session: fill in and return.
    Final,
}

/// A date as 2011-12-07 (or 07-12-2011, as Dutch users write it).
fn parse_date(text: &str, language: Language) -> Result<chrono::NaiveDate, String> {
    let text = text.trim();
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| chrono::NaiveDate::parse_from_str(text, "%d-%m-%Y"))
        .map_err(|_| klantwaarde::msg!(language, "cli.bad_date", text))
}

/// The language of the messages where no master decides it: `--lang`, else the environment
/// (`KLANTWAARDE_LANG`, then the locale: `LC_ALL`, `LC_MESSAGES`, `LANG`), else Dutch, the
/// method's own language. Read from the raw arguments, before clap parses them, since its
/// `--help` and its errors are worded in it.
#[expect(
    clippy::disallowed_methods,
    reason = "the binary reads the environment; the library does not"
)]
pub fn language(args: &[std::ffi::OsString]) -> Language {
    let from_args = args.iter().enumerate().find_map(|(index, arg)| {
        let arg = arg.to_str()?;
        match arg.strip_prefix("--lang=") {
            Some(code) => Language::from_code(code),
            None if arg == "--lang" => Language::from_code(args.get(index + 1)?.to_str()?),
            None => None,
        }
    });
    let from_env = || {
        ["KLANTWAARDE_LANG", "LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|name| std::env::var(name).ok())
            .find(|value| !value.is_empty())
            .and_then(|value| Language::from_locale(&value))
    };
    from_args.or_else(from_env).unwrap_or(Language::Dutch)
}

/// A language of the messages and the workbooks (`--lang`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    // Nederlands.
    Nl,
    // English.
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

/// What the command line asks for: a command to run, or a text to print (the help, the version,
/// or what is wrong with the command line) and the exit code to leave with.
pub enum Parsed {
    /// Run this.
    Run(Cli),
    /// Print this on standard output (`to_stdout`: help and version) or standard error, and
    /// exit with `code`.
    Print {
        /// The text, lines and all.
        text: String,
        /// Help and version go to standard output, errors to standard error.
        to_stdout: bool,
        /// 0 for help and version, 2 for a wrong command line.
        code: u8,
    },
}

/// Parses the command line with its help and errors worded in `language`.
pub fn parse(mut args: Vec<std::ffi::OsString>, language: Language) -> Parsed {
    // `klantwaarde help generate` is `klantwaarde generate --help`: clap's own `help` command
    // cannot be worded, so it is turned off and this stands in for it.
    if args.get(1).is_some_and(|arg| arg == "help") {
        args.remove(1);
        args.insert(args.len().min(2), "--help".into());
    }
    let mut command = command(language);
    let subcommand = args
        .iter()
        .skip(1)
        .filter_map(|arg| arg.to_str())
        .find(|arg| command.find_subcommand(arg).is_some())
        .map(str::to_string);
    let outcome = command.try_get_matches_from_mut(args);
    // The usage of the command the line was for (clap has built it by now), or the tool's own.
    let mut command = match subcommand {
        Some(name) => command.find_subcommand(&name).cloned().unwrap_or(command),
        None => command,
    };
    match outcome {
        Ok(matches) => match <Cli as clap::FromArgMatches>::from_arg_matches(&matches) {
            Ok(cli) => Parsed::Run(cli),
            Err(error) => usage_error(&mut command, &error, language),
        },
        Err(error) => match error.kind() {
            ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => Parsed::Print {
                text: localize_usage(&error.render().to_string(), language),
                to_stdout: error.kind() != ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand,
                code: if error.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                    2
                } else {
                    0
                },
            },
            _ => usage_error(&mut command, &error, language),
        },
    }
}

/// The clap command with every help text, heading and built-in flag in `language`.
pub fn command(language: Language) -> clap::Command {
    use clap::CommandFactory;
    let command = Cli::command()
        .about(help(language, "about"))
        .long_about(long(language, "about"))
        .after_help(klantwaarde::msg!(language, "cli.exit_codes"))
        .disable_version_flag(true)
        .arg(
            clap::Arg::new("version")
                .short('V')
                .long("version")
                .action(clap::ArgAction::Version)
                .help(klantwaarde::msg!(language, "cli.version_flag"))
                .help_heading(klantwaarde::msg!(language, "cli.heading_options")),
        )
        .disable_help_subcommand(true)
        .subcommand_help_heading(klantwaarde::msg!(language, "cli.heading_commands"))
        .subcommand_value_name(klantwaarde::msg!(language, "cli.placeholder_command"));
    let names: Vec<String> = command
        .get_subcommands()
        .map(|sub| sub.get_name().to_string())
        .collect();
    let mut command = localize_arguments(command, None, language);
    for name in names {
        command = command.mut_subcommand(&name, |sub| {
            let mut sub = sub
                .about(help(language, &name))
                .long_about(long(language, &name));
            if sub
                .get_arguments()
                .any(|argument| argument.get_id() == "deadline")
            {
                sub = sub.mut_arg("deadline", |argument| {
                    argument.value_parser(move |text: &str| parse_date(text, language))
                });
            }
            localize_arguments(sub, Some(&name), language)
        });
    }
    command
}

/// The `--help` text `help_<key>`.
fn help(language: Language, key: &str) -> String {
    klantwaarde::messages::text(language, &format!("cli.help_{key}"))
        .unwrap_or_default()
        .to_string()
}

/// The long `--help` text: the summary, then `help_<key>_more` when there is one.
fn long(language: Language, key: &str) -> String {
    let summary = help(language, key);
    match klantwaarde::messages::text(language, &format!("cli.help_{key}_more")) {
        Some(more) => format!("{summary}\n\n{more}"),
        None => summary,
    }
}

/// The help of an argument: `help_<command>_<argument>`, else `help_arg_<argument>` (texts that
/// several commands share, such as the master's).
fn argument_help(language: Language, command: Option<&str>, argument: &str) -> Option<String> {
    let own = command.map(|command| format!("cli.help_{command}_{argument}"));
    own.iter()
        .map(String::as_str)
        .chain([format!("cli.help_arg_{argument}").as_str()])
        .find_map(|key| klantwaarde::messages::text(language, key))
        .map(str::to_string)
}

/// Words the arguments of one command, its headings and its `--help` flag.
fn localize_arguments(
    mut command: clap::Command,
    name: Option<&str>,
    language: Language,
) -> clap::Command {
    let arguments: Vec<(String, bool)> = command
        .get_arguments()
        .filter(|argument| argument.get_id() != "version")
        .map(|argument| (argument.get_id().to_string(), argument.is_positional()))
        .collect();
    let options = klantwaarde::msg!(language, "cli.heading_options");
    let positionals = klantwaarde::msg!(language, "cli.heading_arguments");
    // A heading of one's own would list the arguments by name; the order stays the declared one.
    for (order, (id, positional)) in arguments.into_iter().enumerate() {
        // `--lang`, on every command, comes last among the command's own options.
        let order = if id == "lang" { 900 } else { order };
        let text = argument_help(language, name, &id).unwrap_or_default();
        let heading = if positional { &positionals } else { &options };
        command = command.mut_arg(&id, |argument| {
            argument
                .help(text)
                .help_heading(heading.clone())
                .display_order(order)
        });
    }
    command
        .disable_help_flag(true)
        .arg(
            clap::Arg::new("help")
                .short('h')
                .long("help")
                .action(clap::ArgAction::Help)
                .help(klantwaarde::msg!(language, "cli.help_flag"))
                .help_heading(options),
        )
        .help_template(klantwaarde::msg!(language, "cli.help_template"))
}

/// A text clap rendered, with the words clap writes itself (`Usage:`, `[OPTIONS]`,
/// `[default: …]`, `[possible values: …]`) in `language`.
fn localize_usage(text: &str, language: Language) -> String {
    text.replace("Usage:", &klantwaarde::msg!(language, "cli.heading_usage"))
        .replace(
            "[OPTIONS]",
            &klantwaarde::msg!(language, "cli.placeholder_options"),
        )
        .replace(
            "[default: ",
            &klantwaarde::msg!(language, "cli.words_default"),
        )
        .replace(
            "[possible values: ",
            &klantwaarde::msg!(language, "cli.words_possible_values"),
        )
}

/// A wrong command line, worded in `language`: what is wrong, the usage and where to read more.
fn usage_error(command: &mut clap::Command, error: &clap::Error, language: Language) -> Parsed {
    use clap::error::{ContextKind, ContextValue};
    let context = |kind: ContextKind| match error.get(kind) {
        Some(ContextValue::String(text)) => text.clone(),
        Some(ContextValue::Strings(texts)) => texts.join(", "),
        Some(ContextValue::StyledStr(text)) => text.to_string(),
        Some(ContextValue::StyledStrs(texts)) => texts
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        Some(ContextValue::Number(number)) => number.to_string(),
        Some(ContextValue::Bool(flag)) => flag.to_string(),
        _ => String::new(),
    };
    let argument = context(ContextKind::InvalidArg);
    let value = context(ContextKind::InvalidValue);
    let mut message = match error.kind() {
        ErrorKind::UnknownArgument => {
            klantwaarde::msg!(language, "cli.error_unknown_argument", argument)
        }
        ErrorKind::InvalidSubcommand => {
            let command = context(ContextKind::InvalidSubcommand);
            klantwaarde::msg!(language, "cli.error_unknown_command", command)
        }
        ErrorKind::InvalidValue => {
            let valid = context(ContextKind::ValidValue);
            if valid.is_empty() {
                klantwaarde::msg!(language, "cli.error_empty_value", argument)
            } else {
                klantwaarde::msg!(language, "cli.error_invalid_value", argument, value, valid)
            }
        }
        ErrorKind::ValueValidation => {
            // The reason is ours (`parse_date`), already in `language`.
            let why = std::error::Error::source(error)
                .map(ToString::to_string)
                .unwrap_or_default();
            klantwaarde::msg!(language, "cli.error_value_validation", argument, why)
        }
        ErrorKind::MissingRequiredArgument => {
            klantwaarde::msg!(language, "cli.error_missing_argument", argument)
        }
        ErrorKind::ArgumentConflict => {
            let other = context(ContextKind::PriorArg);
            klantwaarde::msg!(language, "cli.error_conflict", argument, other)
        }
        ErrorKind::WrongNumberOfValues | ErrorKind::TooManyValues | ErrorKind::TooFewValues => {
            klantwaarde::msg!(language, "cli.error_number_of_values", argument)
        }
        ErrorKind::NoEquals => klantwaarde::msg!(language, "cli.error_no_equals", argument),
        ErrorKind::InvalidUtf8 => klantwaarde::msg!(language, "cli.error_not_utf8"),
        _ => {
            // A kind this tool's command line cannot produce; clap's own words, not lost.
            let text = error.render().to_string();
            let first = text.lines().next().unwrap_or_default();
            first.strip_prefix("error: ").unwrap_or(first).to_string()
        }
    };
    let suggestion = context(ContextKind::SuggestedArg);
    let suggestion = if suggestion.is_empty() {
        context(ContextKind::SuggestedSubcommand)
    } else {
        suggestion
    };
    if !suggestion.is_empty() {
        message.push_str(&klantwaarde::msg!(
            language,
            "cli.error_did_you_mean",
            suggestion
        ));
    }
    let usage = localize_usage(&command.render_usage().to_string(), language);
    let help = klantwaarde::msg!(language, "cli.error_more");
    let word = klantwaarde::msg!(language, "cli.error_word");
    Parsed::Print {
        text: format!("{word}: {message}\n\n{usage}\n\n{help}"),
        to_stdout: false,
        code: 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every command and argument of the built command, as (command name, argument id, help).
    fn helps(language: Language) -> Vec<(String, String, String)> {
        let mut command = command(language);
        command.build();
        let mut helps = vec![(
            String::new(),
            String::new(),
            command
                .get_about()
                .map(ToString::to_string)
                .unwrap_or_default(),
        )];
        for sub in std::iter::once(&command).chain(command.get_subcommands()) {
            let name = sub.get_name().to_string();
            let about = sub.get_about().map(ToString::to_string).unwrap_or_default();
            helps.push((name.clone(), String::new(), about));
            for argument in sub.get_arguments() {
                let help = argument
                    .get_help()
                    .map(ToString::to_string)
                    .unwrap_or_default();
                helps.push((name.clone(), argument.get_id().to_string(), help));
            }
        }
        helps
    }

    #[test]
    fn every_command_and_argument_has_help_in_both_languages() {
        let dutch = helps(Language::Dutch);
        let english = helps(Language::English);
        assert_eq!(dutch.len(), english.len());
        assert!(
            dutch.len() > 40,
            "the walk sees the arguments: {}",
            dutch.len()
        );
        for ((command, argument, nl), (_, _, en)) in dutch.iter().zip(&english) {
            assert!(!nl.trim().is_empty(), "{command} {argument}: no Dutch help");
            assert!(
                !en.trim().is_empty(),
                "{command} {argument}: no English help"
            );
            // The same text in both would be one left untranslated (`-V` and the like aside).
            assert_ne!(
                nl, en,
                "{command} {argument}: the same help in both languages"
            );
        }
    }

    fn print(args: &[&str], language: Language) -> (String, bool, u8) {
        let args = std::iter::once("klantwaarde")
            .chain(args.iter().copied())
            .map(Into::into)
            .collect();
        match parse(args, language) {
            Parsed::Print {
                text,
                to_stdout,
                code,
            } => (text, to_stdout, code),
            Parsed::Run(cli) => panic!("parsed as a command: {cli:?}"),
        }
    }

    #[test]
    fn help_is_worded_in_the_language_of_the_run() {
        let (dutch, to_stdout, code) = print(&["ingest", "--help"], Language::Dutch);
        assert!(to_stdout && code == 0);
        assert!(dutch.contains("Gebruik: klantwaarde ingest [OPTIES] <MASTER> <INPUTS>..."));
        assert!(dutch.contains("Argumenten:") && dutch.contains("Opties:"));
        assert!(dutch.contains("Lees de teruggestuurde vragenlijsten"));
        assert!(dutch.contains("[standaard: monitor.xlsx]"));
        assert!(!dutch.contains("Usage") && !dutch.contains("[default"));
        let (english, _, _) = print(&["ingest", "--help"], Language::English);
        assert!(english.contains("Usage: klantwaarde ingest [OPTIONS] <MASTER> <INPUTS>..."));
        assert!(english.contains("Read the returned questionnaires"));
        assert!(english.contains("[default: monitor.xlsx]"));
        // `help ingest` is `ingest --help`, and the tool's help ends in its exit codes.
        assert_eq!(print(&["help", "ingest"], Language::Dutch).0, dutch);
        assert!(
            print(&["--help"], Language::Dutch)
                .0
                .contains("Afsluitcodes:")
        );
        assert!(
            print(&["--help"], Language::English)
                .0
                .contains("Exit codes:")
        );
    }

    #[test]
    fn a_wrong_command_line_is_worded_in_the_language_of_the_run() {
        let (text, to_stdout, code) = print(&["genrate", "m.toml"], Language::Dutch);
        assert!(!to_stdout && code == 2);
        assert!(
            text.starts_with("fout: `genrate` is geen opdracht; bedoelt u `generate`?"),
            "{text}"
        );
        let (text, _, _) = print(
            &["status", "m.toml", "--remind", "r", "--deadline", "7 dec"],
            Language::English,
        );
        assert!(
            text.starts_with(
                "error: --deadline <DATE>: `7 dec` is not a date; write it as 2011-12-07"
            ),
            "{text}"
        );
        assert!(
            text.contains("Usage: klantwaarde status [OPTIONS] <MASTER> [INPUTS]..."),
            "{text}"
        );
        let (text, _, _) = print(&["generate"], Language::Dutch);
        assert!(text.starts_with("fout: dit ontbreekt: <MASTER>"), "{text}");
        let (text, _, _) = print(&["check", "m.toml", "--bogus"], Language::English);
        assert!(
            text.starts_with("error: `--bogus` is not an option here"),
            "{text}"
        );
        let (text, _, _) = print(&["generate", "--lang", "fr", "m.toml"], Language::Dutch);
        assert!(
            text.starts_with("fout: `fr` is geen waarde voor --lang <LANG>; kies uit: nl, en"),
            "{text}"
        );
    }

    #[test]
    fn the_language_comes_from_the_command_line_before_the_environment() {
        let args =
            |line: &[&str]| -> Vec<std::ffi::OsString> { line.iter().map(Into::into).collect() };
        // The environment is the test runner's; only an explicit `--lang` is certain here.
        assert_eq!(
            language(&args(&["klantwaarde", "check", "--lang", "en", "m"])),
            Language::English
        );
        assert_eq!(
            language(&args(&["klantwaarde", "check", "m", "--lang=nl"])),
            Language::Dutch
        );
    }

    #[test]
    fn deadlines_are_read_in_both_orders() {
        let date = chrono::NaiveDate::from_ymd_opt(2011, 12, 7).unwrap();
        assert_eq!(parse_date("2011-12-07", Language::Dutch), Ok(date));
        assert_eq!(parse_date(" 07-12-2011 ", Language::English), Ok(date));
        assert!(
            parse_date("7 december", Language::Dutch)
                .unwrap_err()
                .contains("2011-12-07")
        );
    }
}
