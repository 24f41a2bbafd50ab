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

#[cfg(test)]
mod tests {
    /// The versions whose internals the guards were last checked against. Moving to another
    /// version means re-reading its readers against every guard (what they reserve from declared
    /// counts, which loops never end, how tags and attributes split), then changing these and the
    /// exact pins in `Cargo.toml`.
    const CALAMINE: &str = "0.38.0";
    const QUICK_XML: &str = "0.42.0";

    /// Every version of `package` in a `Cargo.lock`.
    fn locked(lock: &str, package: &str) -> Vec<String> {
        let name = format!("name = \"{package}\"");
        lock.split("[[package]]")
            .filter(|entry| entry.lines().any(|line| line.trim() == name))
            .filter_map(|entry| {
                let line = entry.lines().find(|line| line.starts_with("version = "))?;
                Some(
                    line.trim_start_matches("version = ")
                        .trim_matches('"')
                        .to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn the_guards_were_checked_against_the_calamine_and_quick_xml_in_use() {
        let lock = include_str!("../../../Cargo.lock");
        assert_eq!(
            locked(lock, "calamine"),
            [CALAMINE],
            "revisit the guards first"
        );
        assert_eq!(
            locked(lock, "quick-xml"),
            [QUICK_XML],
            "revisit the guards first"
        );
        let manifest = include_str!("../../../Cargo.toml");
        assert!(manifest.contains(&format!("calamine = \"={CALAMINE}\"")));
        assert!(manifest.contains(&format!("quick-xml = {{ version = \"={QUICK_XML}\"")));
    }
}
