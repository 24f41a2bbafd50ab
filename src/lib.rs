//! `klantwaarde`: the customer value monitor (klantwaardemonitor) as a library.
//!
//! From one master TOML file it writes a tailored, protected questionnaire per respondent, and from
//! the returned questionnaires it builds the monitor workbook with weighted scores, trend and NPS.
//!
//! The map of modules (see ARCHITECTURE.md for the invariants):
//! - [`master`]: raw TOML → a validated [`master::Master`]; all diagnostics at once.
//! - [`labels`]: the Dutch and English label sets, compiled in.
//! - [`layout`]: the one place that knows sheet names, cell positions and the `meta` contract.
//! - [`questionnaire`]: writes one respondent's questionnaire.
//! - [`reader`]: opens one returned workbook from bytes, guarded against hostile files.
//! - [`ingest`]: matches returned questionnaires to the master, reports every problem.
//! - [`score`]: pure scoring: no I/O, no clock.
//! - [`monitor`]: writes the monitor workbook; reads the trend history back from an earlier one.
//! - [`mail`]: e-mail drafts (.eml); never sends anything.
//! - [`output`]: atomic file writing.
//! - [`report`]: what the monitor shows, as plain data.
//! - [`drafts`]: invitation and reminder drafts on disk.
//! - [`demo`]: the whole cycle on the method's example.
//! - [`cli`] and [`app`]: the command line and the commands, the edge where files are read and
//!   written and messages printed.

pub mod anonymity;
pub mod app;
pub mod cli;
pub mod demo;
pub mod drafts;
pub mod ingest;
pub mod labels;
pub mod layout;
pub mod mail;
pub mod master;
pub mod monitor;
pub mod output;
pub mod questionnaire;
pub mod reader;
pub mod report;
pub mod score;

/// The method's own example as a commented Dutch master file (what `klantwaarde init` writes).
pub const EXAMPLE_MASTER_NL: &str = include_str!("../templates/master-nl.toml");
/// The method's own example as a commented English master file (`klantwaarde init --lang en`).
pub const EXAMPLE_MASTER_EN: &str = include_str!("../templates/master-en.toml");
