//! Fuzz target for the Markdown → Typst converter: any UTF-8 text converts without panicking, the
//! mapped and plain conversions give the same text, the line map has one entry per output line
//! (as Typst counts lines) pointing at a line of the input, and no line mark leaks into the output.

#![no_main]

use libfuzzer_sys::fuzz_target;
use plan_eval::typeset::convert::{line_count, markdown_to_typst, markdown_to_typst_mapped};

fuzz_target!(|data: &[u8]| {
    let Ok(markdown) = std::str::from_utf8(data) else {
        return;
    };
    let typst = markdown_to_typst(markdown);
    let (mapped, map) = markdown_to_typst_mapped(markdown);
    assert_eq!(typst, mapped, "the same text either way");
    assert_eq!(
        map.len(),
        line_count(&mapped),
        "one map entry per output line"
    );
    let input_lines = line_count(markdown).max(1);
    assert!(
        map.iter().all(|&line| (1..=input_lines).contains(&line)),
        "every entry is a line of the input ({input_lines} lines): {map:?}"
    );
    assert!(
        !mapped.contains(['\u{1}', '\u{2}']),
        "no line mark is left in the output"
    );
});
