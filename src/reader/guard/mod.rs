//! The checks made before calamine sees a file, one file per layer a workbook is built from; they
//! read bytes and never call calamine, whose allocations and loops they mirror.
//!
//! Each guard follows what calamine 0.38 (and, for XML, quick-xml 0.42 configured as calamine
//! configures it) would do with the same bytes: how much it would allocate, which chains it would
//! follow, where it would stop. That is why both crates are pinned exactly in `Cargo.toml`.

pub(crate) mod biff;
pub(crate) mod ods;
pub(crate) mod ole;
pub(crate) mod xlsx;
pub(crate) mod xml;
pub(crate) mod zip;

pub(crate) fn le_u16(bytes: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([bytes[at], bytes[at + 1]])
}

pub(crate) fn le_u32(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

pub(crate) fn le_u64(bytes: &[u8], at: usize) -> u64 {
    let mut eight = [0; 8];
    eight.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(eight)
}

pub(crate) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    memchr::memmem::find(haystack, needle)
}
