//! The master parser on arbitrary bytes: errors are fine, a panic or an abort is not.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let _ = klantwaarde::master::parse(bytes);
});
