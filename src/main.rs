//! The `klantwaarde` command: parses the command line, runs the command, prints the error chain
//! once and turns the outcome into an exit code. Everything it does is in [`commands`].

mod cli;
mod commands;

use std::process::ExitCode;

fn main() -> ExitCode {
    klantwaarde::reader::quiet_caught_panics();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let language = cli::language(&args);
    let cli = match cli::parse(args, language) {
        cli::Parsed::Run(cli) => cli,
        cli::Parsed::Print {
            text,
            to_stdout,
            code,
        } => {
            for line in text.trim_end().lines() {
                if to_stdout {
                    commands::console::out(line);
                } else {
                    commands::console::say(line);
                }
            }
            return ExitCode::from(code);
        }
    };
    let status = commands::run(cli, language).unwrap_or_else(|error| {
        commands::console::error_chain(&error);
        cli::Status::Failed
    });
    ExitCode::from(status as u8)
}
