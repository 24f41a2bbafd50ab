//! Integration tests: the real `klantwaarde` binary in temporary folders, its workbooks read
//! back with calamine and with openpyxl, and (where installed) LibreOffice.

mod common;
mod distribution;
mod generate;
mod hostile;
mod ingest;
mod load;
mod reference;
mod replay;
mod roundtrip;
