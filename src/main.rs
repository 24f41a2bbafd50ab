//! The `klantwaarde` command: parses the command line, runs the command, prints the error chain
//! once and turns the outcome into an exit code. Everything it does is in [`commands`].

mod cli;
mod commands;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    klantwaarde::reader::quiet_caught_panics();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let language = cli::set_language(&args);
    let cli = cli::Cli::parse_from(args);
    let status = commands::run(cli, language).unwrap_or_else(|error| {
        commands::console::error_chain(&error);
        cli::Status::Failed
    });
    ExitCode::from(status as u8)
}
