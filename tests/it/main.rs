//! Integration tests: the real `klantwaarde` binary in temporary folders, its workbooks read
//! back with calamine and with openpyxl, and (where installed) LibreOffice.

// The tests read their switches from the environment and time the slow clients; the rule that
// nothing reads the clock or the environment is the library's.
#![allow(clippy::disallowed_methods)]

mod common;
mod distribution;
mod exit_codes;
mod generate;
mod hostile;
mod ingest;
mod language;
mod load;
mod master_workbook;
mod reference;
mod replay;
mod roundtrip;
mod session;
mod trust;
