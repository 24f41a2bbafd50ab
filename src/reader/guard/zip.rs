//! The zip layer of xlsx, xlsm and ods: entry count, declared and packed sizes, packing ratios,
//! and bounded unpacking of one part; never looks inside a part.

use std::io::{Cursor, Read};

use zip::{CompressionMethod, ZipArchive};

use super::{le_u16, le_u64};
use crate::reader::{Damage, Limit, Limits, Oversize, ReadError, ZipPart};

/// A zip archive over the file's bytes.
pub(crate) type ZipReader<'a> = ZipArchive<Cursor<&'a [u8]>>;

/// Parts that unpack to at most this many bytes are exempt from the ratio limit: small parts can
/// pack very well (a run of identical empty rows) and cannot hurt.
const RATIO_FLOOR_BYTES: u64 = 1_000_000;

pub(crate) fn broken_zip() -> ReadError {
    ReadError::Damaged {
        detail: Damage::BrokenZip,
    }
}

/// Opens the zip after checking the entry count its end record declares (the zip crate reserves
/// memory for that count), and refuses encrypted parts.
pub(crate) fn open_zip<'a>(bytes: &'a [u8], limits: &Limits) -> Result<ZipReader<'a>, ReadError> {
    let declared = declared_zip_entries(bytes);
    if declared > limits.max_zip_entries as u64 {
        return Err(too_many_parts(declared, limits));
    }
    let archive = ZipArchive::new(Cursor::new(bytes)).map_err(|_| broken_zip())?;
    if archive.len() > limits.max_zip_entries {
        return Err(too_many_parts(archive.len() as u64, limits));
    }
    for index in 0..archive.len() {
        let entry = archive.by_index_data(index).map_err(|_| broken_zip())?;
        if entry.encrypted() {
            return Err(ReadError::Encrypted);
        }
    }
    Ok(archive)
}

/// Checks every part's declared sizes, packing ratio and method before anything is unpacked
/// beyond the few bytes sniffing needs.
pub(crate) fn check_zip_sizes(archive: &ZipReader<'_>, limits: &Limits) -> Result<(), ReadError> {
    let mut total: u64 = 0;
    let mut worst_ratio: Option<(String, u64, u64)> = None;
    for index in 0..archive.len() {
        let entry = archive.by_index_data(index).map_err(|_| broken_zip())?;
        let name = String::from_utf8_lossy(entry.name_raw()).into_owned();
        let method = entry.compression();
        if !matches!(
            method,
            CompressionMethod::Stored | CompressionMethod::Deflated
        ) {
            return Err(ReadError::Damaged {
                detail: Damage::PackedWith {
                    part: name.to_string(),
                    method: method.to_string(),
                },
            });
        }
        let size = entry.size();
        let packed = entry.compressed_size();
        // Deflate never grows data by more than a few bytes per 64 kB block: a part that is
        // larger packed than it claims to be unpacked lies about its size.
        if packed > size.saturating_add(size / 1_000).saturating_add(1_024) {
            return Err(ReadError::ZipBomb {
                part: ZipPart::Named(name.to_string()),
            });
        }
        total = total.saturating_add(size);
        let ratio = size / packed.max(1);
        if size > RATIO_FLOOR_BYTES
            && ratio > limits.max_compression_ratio
            && worst_ratio
                .as_ref()
                .is_none_or(|(_, _, worst)| ratio > *worst)
        {
            worst_ratio = Some((name, size, ratio));
        }
    }
    if total > limits.max_uncompressed_bytes {
        return Err(ReadError::TooLarge {
            what: Oversize::ZipUnpacks { size: total },
            limit: Limit::Bytes(limits.max_uncompressed_bytes),
        });
    }
    if let Some((name, size, ratio)) = worst_ratio {
        return Err(ReadError::TooLarge {
            what: Oversize::PartRatio {
                part: name.to_string(),
                size,
                ratio,
            },
            limit: Limit::Ratio {
                times: limits.max_compression_ratio,
                over: RATIO_FLOOR_BYTES,
            },
        });
    }
    Ok(())
}

fn too_many_parts(count: u64, limits: &Limits) -> ReadError {
    ReadError::TooLarge {
        what: Oversize::ZipParts { count },
        limit: Limit::Parts(limits.max_zip_entries),
    }
}

/// The largest entry count declared by an end-of-central-directory record (or its zip64 form)
/// near the end of the file. 0 when there is none: the zip crate then refuses the file itself.
fn declared_zip_entries(bytes: &[u8]) -> u64 {
    if bytes.len() < 22 {
        return 0;
    }
    let lowest = bytes.len().saturating_sub(22 + 65_535);
    let mut most = 0;
    for at in (lowest..=bytes.len() - 22).rev() {
        if &bytes[at..at + 4] != b"PK\x05\x06" {
            continue;
        }
        let count16 = u64::from(le_u16(bytes, at + 10));
        let mut count = count16;
        let zip64_locator = at.checked_sub(20);
        if let Some(locator) = zip64_locator
            && &bytes[locator..locator + 4] == b"PK\x06\x07"
        {
            let record = le_u64(bytes, locator + 8);
            if let Ok(record) = usize::try_from(record)
                && record.checked_add(40).is_some_and(|end| end <= bytes.len())
                && &bytes[record..record + 4] == b"PK\x06\x06"
            {
                let count64 = le_u64(bytes, record + 32);
                // 0xFFFF says "see the zip64 record": it is a marker, not a count.
                count = if count16 == u64::from(u16::MAX) {
                    count64
                } else {
                    count16.max(count64)
                };
            }
        }
        most = most.max(count);
    }
    most
}

/// Unpacks one part (matched case-insensitively, as calamine does), refusing more than `max`
/// bytes. `None` when there is no such part.
pub(crate) fn read_part(
    archive: &mut ZipReader<'_>,
    name: &str,
    max: u64,
) -> Result<Option<Vec<u8>>, ReadError> {
    let index = archive.index_for_name(name).or_else(|| {
        (0..archive.len()).find(|&index| {
            archive
                .name_for_index(index)
                .and_then(Result::ok)
                .is_some_and(|candidate| candidate.eq_ignore_ascii_case(name))
        })
    });
    let Some(index) = index else {
        return Ok(None);
    };
    read_part_at(archive, index, max).map(Some)
}

pub(crate) fn read_part_at(
    archive: &mut ZipReader<'_>,
    index: usize,
    max: u64,
) -> Result<Vec<u8>, ReadError> {
    let mut file = archive
        .by_index(index)
        .map_err(|error| ReadError::Damaged {
            detail: Damage::PartCannotOpen {
                error: error.to_string(),
            },
        })?;
    let name = String::from_utf8_lossy(file.name_raw()).into_owned();
    let declared = file.size();
    if declared > max {
        return Err(ReadError::TooLarge {
            what: Oversize::PartUnpacks {
                part: name,
                size: declared,
            },
            limit: Limit::Bytes(max),
        });
    }
    // `declared <= max`, which the caller bounds by the unpacked-size limit.
    let mut buffer = Vec::with_capacity(usize::try_from(declared).unwrap_or(0));
    let read = (&mut file)
        .take(declared.saturating_add(1))
        .read_to_end(&mut buffer);
    match read {
        Ok(_) if buffer.len() as u64 > declared => Err(ReadError::ZipBomb {
            part: ZipPart::Named(name.to_string()),
        }),
        Ok(_) => Ok(buffer),
        Err(error) if is_size_lie(&error.to_string()) => Err(ReadError::ZipBomb {
            part: ZipPart::Named(name.to_string()),
        }),
        Err(error) => Err(ReadError::Damaged {
            detail: Damage::PartCannotUnpack {
                part: name,
                error: error.to_string(),
            },
        }),
    }
}

/// The zip crate's words for a part that unpacks past its declared size.
pub(crate) fn is_size_lie(message: &str) -> bool {
    message.contains("larger than its declared")
}

#[cfg(test)]
mod tests {
    use crate::reader::tests::support::fixture;
    use crate::reader::{CellValue, Limits, ReadError, read_questionnaire};

    /// The fixture with zip64 end records: a zip64 end of central directory record and its
    /// locator before the classic end record, whose counts, size and offset say "see zip64".
    fn as_zip64(entries64: u64) -> Vec<u8> {
        let mut bytes = fixture("reader/questionnaire.xlsx");
        let end = bytes.len() - 22;
        assert_eq!(&bytes[end..end + 4], b"PK\x05\x06", "no archive comment");
        let classic = bytes[end..].to_vec();
        let entries = u64::from(u16::from_le_bytes([classic[10], classic[11]]));
        let size = u64::from(u32::from_le_bytes(classic[12..16].try_into().unwrap()));
        let offset = u64::from(u32::from_le_bytes(classic[16..20].try_into().unwrap()));
        bytes.truncate(end);
        let record_at = bytes.len() as u64;
        bytes.extend_from_slice(b"PK\x06\x06");
        bytes.extend_from_slice(&44u64.to_le_bytes());
        bytes.extend_from_slice(&45u16.to_le_bytes());
        bytes.extend_from_slice(&45u16.to_le_bytes());
        bytes.extend_from_slice(&0u32.to_le_bytes());
        bytes.extend_from_slice(&0u32.to_le_bytes());
        bytes.extend_from_slice(&entries.to_le_bytes());
        bytes.extend_from_slice(&entries64.max(entries).to_le_bytes());
        bytes.extend_from_slice(&size.to_le_bytes());
        bytes.extend_from_slice(&offset.to_le_bytes());
        bytes.extend_from_slice(b"PK\x06\x07");
        bytes.extend_from_slice(&0u32.to_le_bytes());
        bytes.extend_from_slice(&record_at.to_le_bytes());
        bytes.extend_from_slice(&1u32.to_le_bytes());
        bytes.extend_from_slice(b"PK\x05\x06");
        bytes.extend_from_slice(&[0; 4]);
        bytes.extend_from_slice(&[0xFF; 12]);
        bytes.extend_from_slice(&[0; 2]);
        bytes
    }

    #[test]
    fn accepts_zip64_end_records_and_checks_their_count() {
        // It was refused as "65535 parts": the marker in the classic record taken for a count.
        let returned = read_questionnaire(&as_zip64(0), &Limits::default()).unwrap();
        assert_eq!(returned.nps.value, CellValue::Number(9.0));
        let error = read_questionnaire(&as_zip64(5_000_000), &Limits::default()).unwrap_err();
        assert!(matches!(error, ReadError::TooLarge { .. }), "{error:?}");
        assert!(
            error
                .to_string()
                .contains("the zip archive holds 5000000 parts"),
            "{error}"
        );
    }
}
