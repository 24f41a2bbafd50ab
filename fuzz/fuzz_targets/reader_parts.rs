//! One part of a real questionnaire (an xlsx written by LibreOffice, an ods) replaced by arbitrary
//! bytes, so that the XML readers behind the zip layer see the mutations: byte 0 picks the part
//! (see `PARTS`), the rest is its new content. `fuzz/seed.sh` writes the real parts as seeds.
#![no_main]

use std::io::{Cursor, Write};

use klantwaarde::reader::{Limits, read_questionnaire};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

const XLSX: &[u8] = include_bytes!("../../fixtures/reader/questionnaire-libreoffice.xlsx");
const ODS: &[u8] = include_bytes!("../../fixtures/reader/questionnaire.ods");

/// The workbook and the part that byte 0 of the input replaces; keep in step with `seed.sh`.
const PARTS: [(&[u8], &str); 9] = [
    (XLSX, "[Content_Types].xml"),
    (XLSX, "xl/workbook.xml"),
    (XLSX, "xl/_rels/workbook.xml.rels"),
    (XLSX, "xl/worksheets/sheet1.xml"),
    (XLSX, "xl/worksheets/sheet2.xml"),
    (XLSX, "xl/sharedStrings.xml"),
    (XLSX, "docProps/core.xml"),
    (ODS, "content.xml"),
    (ODS, "meta.xml"),
];

fn replaced(workbook: &[u8], part: &str, content: &[u8]) -> Vec<u8> {
    let mut archive = ZipArchive::new(Cursor::new(workbook)).expect("a valid seed workbook");
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    for index in 0..archive.len() {
        let entry = archive.by_index_raw(index).expect("a valid seed part");
        if entry.name().is_ok_and(|name| name == part) {
            drop(entry);
            zip.start_file(part, stored).expect("in memory");
            zip.write_all(content).expect("in memory");
        } else {
            zip.raw_copy_file(entry).expect("in memory");
        }
    }
    zip.finish().expect("in memory").into_inner()
}

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let Some((&pick, content)) = bytes.split_first() else {
        return;
    };
    let (workbook, part) = PARTS[usize::from(pick) % PARTS.len()];
    let _ = read_questionnaire(&replaced(workbook, part, content), &Limits::default());
});
