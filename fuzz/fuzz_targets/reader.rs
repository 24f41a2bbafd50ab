//! A returned questionnaire from arbitrary bytes, and what ingest makes of it against the
//! method's example master: errors are fine, a panic, an abort or an unbounded allocation is not.
#![no_main]

use std::sync::LazyLock;

use klantwaarde::ingest;
use klantwaarde::master::{self, Master};
use klantwaarde::reader::{Limits, read_questionnaire};

static MASTER: LazyLock<Master> = LazyLock::new(|| {
    master::parse(klantwaarde::EXAMPLE_MASTER_NL.as_bytes())
        .expect("the example master is valid")
        .master
});

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let read = read_questionnaire(bytes, &Limits::default()).map_err(ingest::Unreadable::from);
    // Untagged files are let through, so that the fuzzer reaches the answers behind the tag.
    let secret = klantwaarde::secret::Secret::from_bytes([0; 32]);
    let assessed = ingest::Assessor::new(&MASTER, &secret)
        .accept_untagged(true)
        .assess("fuzz.xlsx", read);
    let _ = ingest::build_report(&MASTER, &[assessed], Vec::new());
});
