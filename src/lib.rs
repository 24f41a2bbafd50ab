//! `klantwaarde`: the customer value monitor (klantwaardemonitor) as a library.
//!
//! From one master TOML file it writes a tailored, protected questionnaire per respondent, and from
//! the returned questionnaires it builds the monitor workbook with weighted scores, trend and NPS.
//!
//! The map of modules (see ARCHITECTURE.md for the invariants):
//! - [`master`]: raw TOML → a validated [`master::Master`]; all diagnostics at once.
//! - [`labels`]: the Dutch and English label sets, compiled in.
//! - [`contract`]: the questionnaire contract, the `meta` sheet both ways.
//! - [`questionnaire`]: writes one respondent's questionnaire.
//! - [`reader`]: opens one returned workbook from bytes, guarded against hostile files.
//! - [`ingest`]: matches returned questionnaires to the master, reports every problem.
//! - [`score`]: pure scoring: no I/O, no clock.
//! - [`secret`]: the account manager's key and the tags (HMAC) made with it.
//! - [`anonymity`]: pseudonyms and what may be shown beside whom.
//! - [`monitor`]: writes the monitor workbook; reads the trend history back from an earlier one.
//! - [`template`]: the one `{placeholder}` engine.
//! - [`mail`]: e-mail drafts (.eml); never sends anything.
//! - [`output`]: atomic file writing.
//! - [`report`]: what the monitor shows, as plain data.
//! - [`demo`]: how the method's example respondents answer, for the `demo` command.
//!
//! The command line, the commands, the walk over input folders and every printed message live in
//! the binary (`src/main.rs`, `src/cli.rs`, `src/commands/`); this library never prints, never
//! reads the clock or the environment, and imports nothing from there.

// Only the binary prints; the library returns what it found.
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod anonymity;
pub mod contract;
pub mod demo;
pub mod followup;
pub mod ingest;
pub mod labels;
pub mod mail;
pub mod master;
pub mod messages;
pub mod monitor;
pub mod output;
pub mod questionnaire;
pub mod reader;
pub mod report;
pub mod score;
pub mod secret;
pub mod template;

/// The method's own example as a commented Dutch master file (what `klantwaarde init` writes).
pub const EXAMPLE_MASTER_NL: &str = include_str!("../templates/master-nl.toml");
/// The method's own example as a commented English master file (`klantwaarde init --lang en`).
pub const EXAMPLE_MASTER_EN: &str = include_str!("../templates/master-en.toml");
