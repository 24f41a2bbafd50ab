//! The OLE compound file around an xls, read the way calamine reads it, so that every chain calamine
//! follows is known to end and every sector it reads is known to exist; never parses the workbook
//! stream it returns.

use super::{le_u16, le_u32, le_u64};
use crate::reader::{Damage, NotWorkbook, ReadError, XlsFileFault};

const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const DIFAT_SECTOR: u32 = 0xFFFF_FFFC;
const RESERVED: u32 = 0xFFFF_FFFA;
const MINI_SECTOR: usize = 64;
const MINI_STREAM_CUTOFF: usize = 4096;

fn damaged(reason: XlsFileFault) -> ReadError {
    ReadError::Damaged {
        detail: Damage::XlsFile(reason),
    }
}

struct Sectors<'a> {
    data: &'a [u8],
    size: usize,
}

impl<'a> Sectors<'a> {
    fn count(&self) -> usize {
        self.data.len().div_ceil(self.size)
    }

    fn get(&self, id: u32) -> Result<&'a [u8], ReadError> {
        let start = (id as usize)
            .checked_mul(self.size)
            .filter(|&start| start < self.data.len())
            .ok_or_else(|| damaged(XlsFileFault::SectorBeyondFile))?;
        Ok(&self.data[start..(start + self.size).min(self.data.len())])
    }

    /// A chain as calamine copies it: sector by sector until `len` bytes or the end mark.
    fn chain(&self, start: u32, table: &[u32], len: usize) -> Result<Vec<u8>, ReadError> {
        let mut out = Vec::new();
        let mut id = start;
        let mut steps = 0;
        while id != END_OF_CHAIN {
            steps += 1;
            if steps > self.count() {
                return Err(damaged(XlsFileFault::ChainLoops));
            }
            let sector = self.get(id)?;
            let wanted = len - out.len();
            out.extend_from_slice(&sector[..sector.len().min(wanted)]);
            if out.len() >= len {
                break;
            }
            id = *table
                .get(id as usize)
                .ok_or_else(|| damaged(XlsFileFault::ChainLeavesTable))?;
        }
        Ok(out)
    }
}

struct Entry {
    name: String,
    start: u32,
    len: usize,
}

/// A directory entry's name as calamine decodes it (encoding_rs's UTF-16LE decoder, which
/// honours a byte order mark), cut at the first NUL.
fn entry_name(raw: &[u8]) -> String {
    let mut name = if let Some(rest) = raw.strip_prefix(b"\xEF\xBB\xBF") {
        String::from_utf8_lossy(rest).into_owned()
    } else if let Some(rest) = raw.strip_prefix(b"\xFE\xFF") {
        char::decode_utf16(
            rest.chunks_exact(2)
                .map(|p| u16::from_be_bytes([p[0], p[1]])),
        )
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
    } else {
        let rest = raw.strip_prefix(b"\xFF\xFE").unwrap_or(raw);
        char::decode_utf16(
            rest.chunks_exact(2)
                .map(|p| u16::from_le_bytes([p[0], p[1]])),
        )
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
    };
    if let Some(nul) = name.find('\0') {
        name.truncate(nul);
    }
    name
}

/// The `Workbook` (or `Book`) stream, exactly as calamine will see it.
pub(crate) fn workbook_stream(bytes: &[u8]) -> Result<Vec<u8>, ReadError> {
    if bytes.len() < 512 {
        return Err(damaged(XlsFileFault::HeaderCutOff));
    }
    let version = le_u16(bytes, 26);
    let (size, header) = match le_u16(bytes, 30) {
        9 => (512, 512),
        12 => (4096, 4096),
        _ => return Err(damaged(XlsFileFault::SectorSize)),
    };
    if bytes.len() < header {
        return Err(damaged(XlsFileFault::HeaderCutOff));
    }
    if le_u16(bytes, 32) != 6 {
        return Err(damaged(XlsFileFault::MiniSectorSize));
    }
    let dir_start = le_u32(bytes, 48);
    let mini_fat_start = le_u32(bytes, 60);
    let mini_fat_len = le_u32(bytes, 64) as usize;
    let difat_start = le_u32(bytes, 68);
    let sectors = Sectors {
        data: &bytes[header..],
        size,
    };
    let mut difat: Vec<u32> = (76..512).step_by(4).map(|at| le_u32(bytes, at)).collect();
    let mut id = difat_start;
    let mut difat_sectors = 0;
    while id < RESERVED {
        difat_sectors += 1;
        if difat_sectors > sectors.count() + 1 {
            return Err(damaged(XlsFileFault::IndexChainLoops));
        }
        difat.extend(u32s(sectors.get(id)?));
        id = difat
            .pop()
            .ok_or_else(|| damaged(XlsFileFault::IndexEmpty))?;
    }
    let fat_sectors: Vec<u32> = difat.into_iter().filter(|&id| id < DIFAT_SECTOR).collect();
    // A file cannot hold more allocation-table sectors than sectors: calamine would read
    // each one listed, however often.
    if fat_sectors.len() > sectors.count() {
        return Err(damaged(XlsFileFault::TableLargerThanFile));
    }
    let mut fat = Vec::new();
    for id in fat_sectors {
        fat.extend(u32s(sectors.get(id)?));
    }
    let directory = sectors.chain(dir_start, &fat, usize::MAX)?;
    let entries: Vec<Entry> = directory
        .chunks_exact(128)
        .map(|raw| Entry {
            name: entry_name(&raw[..64]),
            start: le_u32(raw, 116),
            len: if size == 512 {
                le_u32(raw, 120) as usize
            } else {
                usize::try_from(le_u64(raw, 120)).unwrap_or(usize::MAX)
            },
        })
        .collect();
    let Some(root) = entries.first() else {
        return Err(damaged(XlsFileFault::DirectoryEmpty));
    };
    if version != 3 && root.start == END_OF_CHAIN {
        return Err(damaged(XlsFileFault::DirectoryEmpty));
    }
    if entries
        .iter()
        .any(|entry| entry.name == "EncryptedPackage" || entry.name == "EncryptionInfo")
    {
        return Err(ReadError::Encrypted);
    }
    let (mini_fat, mini_stream) = if mini_fat_len > 0 {
        let mini_stream = sectors.chain(root.start, &fat, root.len)?;
        let mini_fat = sectors.chain(mini_fat_start, &fat, mini_fat_len * size)?;
        (u32s(&mini_fat).collect::<Vec<u32>>(), mini_stream)
    } else {
        (Vec::new(), Vec::new())
    };
    let find = |wanted: &str| {
        entries.iter().find(|entry| {
            entry
                .name
                .as_bytes()
                .eq_ignore_ascii_case(wanted.as_bytes())
        })
    };
    let Some(workbook) = find("Workbook").or_else(|| find("Book")) else {
        return Err(ReadError::NotASpreadsheet {
            found: NotWorkbook::OfficeWithoutWorkbook,
        });
    };
    if workbook.len < MINI_STREAM_CUTOFF {
        // Mini sectors must lie wholly inside the mini stream: calamine fills a short one
        // from elsewhere in the file.
        let whole = mini_stream.len() / MINI_SECTOR * MINI_SECTOR;
        let minis = Sectors {
            data: &mini_stream[..whole],
            size: MINI_SECTOR,
        };
        minis.chain(workbook.start, &mini_fat, workbook.len)
    } else {
        sectors.chain(workbook.start, &fat, workbook.len)
    }
}

fn u32s(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    bytes
        .chunks_exact(4)
        .map(|chunk| u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]))
}
