//! The `klantwaarde` command: parses the command line, runs the library, prints the error chain.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    klantwaarde::reader::quiet_caught_panics();
    let cli = klantwaarde::cli::Cli::parse();
    match klantwaarde::app::run(cli) {
        Ok(status) => ExitCode::from(status as u8),
        Err(error) => {
            // `{:#}` prints the whole chain on one line and never a backtrace.
            eprintln!("error: {error:#}");
            ExitCode::from(klantwaarde::cli::Status::Failed as u8)
        }
    }
}
