//! The one decoder of text files as staff save them: UTF-8 with or without BOM, UTF-16 with a
//! BOM (Excel's "Unicode text", Notepad's "Unicode"), else GB18030 (which covers GBK and
//! GB2312, the old default of Chinese Windows). Tables, the plan and the rules all go through
//! it; it reads no file and decides nothing about a file's contents.

/// Decodes a text file's bytes: UTF-8 with or without BOM, UTF-16 with BOM, else
/// GB18030 (which covers GBK and GB2312). The error is the 1-based line of
/// the first byte that is none of these: of the encoding that read further, the
/// one the file is most likely in.
pub(crate) fn decode(bytes: &[u8]) -> Result<String, usize> {
    // Lines end at an LF, or at a CR no LF follows (old-Mac files), as an editor counts them.
    let line_at = |at: usize| {
        let before = &bytes[..at];
        let lone_crs = before
            .iter()
            .enumerate()
            .filter(|&(i, &b)| b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
            .count();
        before.iter().filter(|&&b| b == b'\n').count() + lone_crs + 1
    };
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return strict(encoding, &bytes[bom..]).map_err(|at| line_at(bom + at));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(utf8) => {
            strict(encoding_rs::GB18030, bytes).map_err(|at| line_at(at.max(utf8.valid_up_to())))
        }
    }
}

/// Decodes all of `bytes` in `encoding`, or says where the first malformed byte is.
fn strict(encoding: &'static encoding_rs::Encoding, bytes: &[u8]) -> Result<String, usize> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len() * 3);
    let mut text = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut text, true);
    match result {
        encoding_rs::DecoderResult::InputEmpty => Ok(text),
        // The malformed sequence ends at `read`; it starts at most a few bytes before.
        encoding_rs::DecoderResult::Malformed(bad, _) => Err(read.saturating_sub(usize::from(bad))),
        encoding_rs::DecoderResult::OutputFull => Err(read),
    }
}
