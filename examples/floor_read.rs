//! The reading floor: the least work that gets the answers out of returned questionnaires, done
//! directly over calamine, for `scripts/bench.py` to measure `klantwaarde ingest` against.
//!
//! Per file, in parallel over files: read the bytes, open the xlsx, read the `meta` sheet, then
//! read only the cells `meta` names from the questionnaire sheet, and add up the scores. No
//! guards against hostile files, no judging against a master, no monitor. It prints the totals,
//! so that a run can be checked against the product's.
//!
//! `--mode cells` (the default) streams each sheet with `worksheet_cells_reader` and stops after
//! the last row it needs; `--mode range` loads each sheet whole with `worksheet_range`.
//!
//! ```sh
//! cargo build --release --examples
//! target/release/examples/floor_read DIR [--mode cells|range]
//! ```

use std::collections::HashMap;
use std::io::Cursor;
use std::path::PathBuf;

use calamine::{Data, DataRef, DataType, Reader, Xlsx};
use rayon::prelude::*;

#[derive(Default)]
struct Totals {
    files: u64,
    answers: u64,
    score_sum: f64,
    nps_answers: u64,
    nps_sum: f64,
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Cells,
    Range,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mode = match args
        .iter()
        .position(|a| a == "--mode")
        .and_then(|i| args.get(i + 1))
    {
        None => Mode::Cells,
        Some(m) if m == "cells" => Mode::Cells,
        Some(m) if m == "range" => Mode::Range,
        Some(m) => {
            eprintln!("unknown mode {m}: use cells or range");
            std::process::exit(2);
        }
    };
    let Some(dir) = args
        .iter()
        .enumerate()
        .find(|(i, a)| !a.starts_with("--") && (*i == 0 || args[*i - 1] != "--mode"))
    else {
        eprintln!("usage: floor_read DIR [--mode cells|range]");
        std::process::exit(2);
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.1)
        .expect("read the folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .collect();
    files.sort();

    let totals = files
        .par_iter()
        .map(|path| {
            let bytes = std::fs::read(path).expect("read a questionnaire");
            read_one(&bytes, mode).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        })
        .reduce(Totals::default, |mut a, b| {
            a.files += b.files;
            a.answers += b.answers;
            a.score_sum += b.score_sum;
            a.nps_answers += b.nps_answers;
            a.nps_sum += b.nps_sum;
            a
        });
    println!(
        "{} files, {} answers, score sum {}, {} NPS answers, NPS sum {}",
        totals.files, totals.answers, totals.score_sum, totals.nps_answers, totals.nps_sum
    );
}

/// The cells `meta` names: `(row, column)` of the NPS cell and of each score cell, plus the
/// other cells a reader must fetch (relevance, remarks, reason, anonymity).
struct Wanted {
    sheet: String,
    nps: (u32, u32),
    scores: Vec<(u32, u32)>,
    others: Vec<(u32, u32)>,
}

fn read_one(bytes: &[u8], mode: Mode) -> Result<Totals, String> {
    let mut workbook = Xlsx::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let meta = sheet_rows(&mut workbook, "meta", u32::MAX, mode)?;
    let wanted = plan(&meta)?;
    let last_row = wanted
        .scores
        .iter()
        .chain(&wanted.others)
        .chain([&wanted.nps])
        .map(|(row, _)| *row)
        .max()
        .unwrap_or(0);
    let cells = sheet_cells(&mut workbook, &wanted, last_row, mode)?;
    let mut totals = Totals {
        files: 1,
        ..Totals::default()
    };
    for position in &wanted.scores {
        if let Some(score) = cells.get(position).and_then(|v| v.as_f64()) {
            totals.answers += 1;
            totals.score_sum += score;
        }
    }
    if let Some(nps) = cells.get(&wanted.nps).and_then(|v| v.as_f64()) {
        totals.nps_answers += 1;
        totals.nps_sum += nps;
    }
    Ok(totals)
}

/// Columns A–D of the `meta` sheet as text, by row.
fn sheet_rows(
    workbook: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
    last_row: u32,
    mode: Mode,
) -> Result<HashMap<u32, [String; 4]>, String> {
    let mut rows: HashMap<u32, [String; 4]> = HashMap::new();
    match mode {
        Mode::Cells => {
            let mut reader = workbook
                .worksheet_cells_reader(name)
                .map_err(|e| e.to_string())?;
            while let Some(cell) = reader.next_cell().map_err(|e| e.to_string())? {
                let (row, col) = cell.get_position();
                if row > last_row {
                    break;
                }
                if col < 4 {
                    rows.entry(row).or_default()[col as usize] = text(cell.get_value());
                }
            }
        }
        Mode::Range => {
            let range = workbook.worksheet_range(name).map_err(|e| e.to_string())?;
            // `used_cells` counts from the range's first cell, not from A1.
            let (top, left) = range.start().unwrap_or((0, 0));
            for (row, col, value) in range.used_cells() {
                let (row, col) = (row as u32 + top, col as u32 + left);
                if col < 4 {
                    rows.entry(row).or_default()[col as usize] = text_owned(value);
                }
            }
        }
    }
    Ok(rows)
}

/// The wanted cells of the questionnaire sheet, by position.
fn sheet_cells(
    workbook: &mut Xlsx<Cursor<&[u8]>>,
    wanted: &Wanted,
    last_row: u32,
    mode: Mode,
) -> Result<HashMap<(u32, u32), Data>, String> {
    let all: std::collections::HashSet<(u32, u32)> = wanted
        .scores
        .iter()
        .chain(&wanted.others)
        .chain([&wanted.nps])
        .copied()
        .collect();
    let mut found = HashMap::with_capacity(all.len());
    match mode {
        Mode::Cells => {
            let mut reader = workbook
                .worksheet_cells_reader(&wanted.sheet)
                .map_err(|e| e.to_string())?;
            while let Some(cell) = reader.next_cell().map_err(|e| e.to_string())? {
                let position = cell.get_position();
                if position.0 > last_row {
                    break;
                }
                if all.contains(&position) {
                    found.insert(position, owned(cell.get_value()));
                }
            }
        }
        Mode::Range => {
            let range = workbook
                .worksheet_range(&wanted.sheet)
                .map_err(|e| e.to_string())?;
            for position in all {
                if let Some(value) = range.get_value(position) {
                    found.insert(position, value.clone());
                }
            }
        }
    }
    Ok(found)
}

fn plan(meta: &HashMap<u32, [String; 4]>) -> Result<Wanted, String> {
    let mut keys: HashMap<&str, &str> = HashMap::new();
    let mut header = None;
    let mut rows: Vec<u32> = meta.keys().copied().collect();
    rows.sort_unstable();
    let mut questions = Vec::new();
    for row in rows {
        let cells = &meta[&row];
        if header.is_none() {
            if cells[0] == "question" {
                header = Some(row);
            } else {
                keys.insert(cells[0].as_str(), cells[1].as_str());
            }
        } else if !cells[0].is_empty() {
            questions.push((reference(&cells[2])?, reference(&cells[3])?));
        }
    }
    let key = |name: &str| keys.get(name).copied().ok_or(format!("meta has no {name}"));
    let (sheet, nps) = reference(key("nps_cell")?)?;
    let mut others = Vec::with_capacity(questions.len() + 3);
    for name in ["remarks_cell", "nps_reason_cell", "anonymous_cell"] {
        others.push(reference(key(name)?)?.1);
    }
    let mut scores = Vec::with_capacity(questions.len());
    for ((_, score), (_, relevance)) in questions {
        scores.push(score);
        others.push(relevance);
    }
    Ok(Wanted {
        sheet,
        nps,
        scores,
        others,
    })
}

/// `Sheet!C12` → (`Sheet`, (11, 2)).
fn reference(text: &str) -> Result<(String, (u32, u32)), String> {
    let (sheet, cell) = text
        .rsplit_once('!')
        .ok_or(format!("not a reference: {text}"))?;
    let letters = cell.bytes().take_while(u8::is_ascii_alphabetic).count();
    let col = cell[..letters].bytes().fold(0u32, |n, b| {
        n * 26 + u32::from(b.to_ascii_uppercase() - b'A' + 1)
    });
    let row: u32 = cell[letters..]
        .parse()
        .map_err(|_| format!("not a reference: {text}"))?;
    Ok((sheet.trim_matches('\'').to_string(), (row - 1, col - 1)))
}

fn text(value: &DataRef<'_>) -> String {
    match value {
        DataRef::SharedString(s) => (*s).to_string(),
        DataRef::String(s) => s.clone(),
        other => other.as_string().unwrap_or_default(),
    }
}

fn text_owned(value: &Data) -> String {
    match value {
        Data::String(s) => s.clone(),
        other => other.as_string().unwrap_or_default(),
    }
}

fn owned(value: &DataRef<'_>) -> Data {
    match value {
        DataRef::Int(n) => Data::Int(*n),
        DataRef::Float(n) => Data::Float(*n),
        DataRef::SharedString(s) => Data::String((*s).to_string()),
        DataRef::String(s) => Data::String(s.clone()),
        DataRef::Bool(b) => Data::Bool(*b),
        _ => Data::Empty,
    }
}
