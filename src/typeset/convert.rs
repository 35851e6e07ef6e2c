//! Markdown → Typst conversion (placeholder, being written).

/// Converts a Markdown document to Typst markup.
pub fn markdown_to_typst(markdown: &str) -> String {
    markdown.to_string()
}
