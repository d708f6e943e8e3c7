//! The plain-text, markdown and HTML readers on arbitrary bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use xxgk::ingest::text;

fuzz_target!(|data: &[u8]| {
    let s = text::decode(data);
    let _ = text::read_text(&s);
    let _ = xxgk::ingest::html::read_html(&s);
    for (i, line) in s.lines().take(64).enumerate() {
        let _ = text::text_line(line, i);
    }
    let _ = xxgk::ingest::sniff("x.bin", data);
});
