//! Pictures for the Word document: PNG files as they are, SVG charts rasterised with resvg at
//! Word's own print resolution (220 dpi), their text set in the system's fonts (CJK labels
//! included).

use std::sync::{Arc, OnceLock};

use resvg::{tiny_skia, usvg};

use super::Picture;

/// The pictures' resolution: Word's default for the pictures of a document (its "print"
/// quality, 220 ppi), to which Word itself brings a larger picture when it saves. At 300 dpi
/// the two charts took 1.9 times the pixels to draw and encode, on the core typst prints on.
const DPI: f32 = 220.0;
/// The resolution SVG sizes are counted in (CSS pixels).
const CSS_DPI: f32 = 96.0;
/// EMU per CSS pixel (914400 EMU an inch).
const EMU_PER_PX: f32 = 914_400.0 / CSS_DPI;
/// The widest a picture may be: the portrait type area, 156 mm.
const MAX_WIDTH_EMU: f32 = 156.0 * 36_000.0;

/// The fonts a document's SVG pictures are set in, loaded when the first of them needs them
/// and shared by the others; dropped with the document, so that their 40 MB are given back
/// while typst is still printing, not when the process ends.
#[derive(Default)]
pub(crate) struct ChartFonts(OnceLock<Arc<usvg::fontdb::Database>>);

impl ChartFonts {
    fn get(&self) -> Arc<usvg::fontdb::Database> {
        self.0.get_or_init(load_chart_fonts).clone()
    }
}

/// The picture for an image file, or `None` for a file that is neither a readable SVG nor a PNG.
pub(super) fn prepare(name: &str, bytes: &[u8], fonts: &ChartFonts) -> Option<Picture> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        let pixmap = tiny_skia::Pixmap::decode_png(bytes).ok()?;
        let (width, height) = (pixmap.width(), pixmap.height());
        // A PNG counts as 150 dpi (the charts of other tools are often made at 2×).
        let scale = 914_400.0 / 150.0;
        return Some(Picture {
            png: bytes.to_vec(),
            width,
            height,
            emu: fit(width as f32 * scale, height as f32 * scale),
        });
    }
    if name.to_ascii_lowercase().ends_with(".svg") || bytes.trim_ascii_start().starts_with(b"<") {
        return rasterise_svg(bytes, fonts);
    }
    None
}

/// Rasterises an SVG at [`DPI`]: its PNG and its size on the page (its own, at most the type
/// area's width).
pub(crate) fn rasterise_svg(svg: &[u8], fonts: &ChartFonts) -> Option<Picture> {
    let options = usvg::Options {
        fontdb: fonts.get(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_data(svg, &options).ok()?;
    let size = tree.size();
    let scale = DPI / CSS_DPI;
    let width = (size.width() * scale).ceil() as u32;
    let height = (size.height() * scale).ceil() as u32;
    let mut pixmap = tiny_skia::Pixmap::new(width, height)?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    let png = encode_opaque_png(&pixmap)?;
    Some(Picture {
        png,
        width,
        height,
        emu: fit(size.width() * EMU_PER_PX, size.height() * EMU_PER_PX),
    })
}

/// A pixmap on its white ground as an RGB PNG (no alpha channel: every pixel is opaque), with
/// the PNG crate's fastest deflate and one row filter (`Up`) instead of trying five on every
/// row: a small fraction of the time of tiny-skia's own (RGBA) encoder, for larger files.
fn encode_opaque_png(pixmap: &tiny_skia::Pixmap) -> Option<Vec<u8>> {
    let mut rgb = Vec::with_capacity(pixmap.data().len() / 4 * 3);
    for pixel in pixmap.data().chunks_exact(4) {
        rgb.extend_from_slice(&pixel[..3]);
    }
    let mut png = Vec::new();
    let mut encoder = png::Encoder::new(&mut png, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fastest);
    // The resolution, as pixels a metre, so that an image editor shows the print size.
    encoder.set_pixel_dims(Some(png::PixelDimensions {
        xppu: (DPI / 0.0254).round() as u32,
        yppu: (DPI / 0.0254).round() as u32,
        unit: png::Unit::Meter,
    }));
    let mut writer = encoder.write_header().ok()?;
    writer.write_image_data(&rgb).ok()?;
    writer.finish().ok()?;
    Some(png)
}

/// A size in EMU scaled down, keeping its proportions, to the type area's width.
fn fit(width: f32, height: f32) -> (u32, u32) {
    let shrink = (MAX_WIDTH_EMU / width).min(1.0);
    ((width * shrink) as u32, (height * shrink) as u32)
}

/// File names (lower case) of the fonts the charts name (`report::charts`' CJK sans-serif
/// faces): only these are loaded, not every system font (which cost more than the pictures).
const CHART_FONT_FILES: [&str; 6] = [
    "notosanscjk",
    "sourcehansans",
    "msyh",
    "pingfang",
    "simhei",
    "wqy-microhei",
];

/// The folders a Unix system keeps its fonts in.
fn font_folders() -> Vec<std::path::PathBuf> {
    let mut folders = vec![
        std::path::PathBuf::from("/usr/share/fonts"),
        std::path::PathBuf::from("/usr/local/share/fonts"),
    ];
    if let Some(home) = std::env::var_os("HOME") {
        let home = std::path::PathBuf::from(home);
        folders.push(home.join(".fonts"));
        folders.push(home.join(".local/share/fonts"));
    }
    folders
}

/// The font files under `folder` whose names are the charts' fonts.
fn chart_font_files(folder: &std::path::Path, found: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            chart_font_files(&path, found);
        } else {
            let name = entry.file_name().to_string_lossy().to_lowercase();
            if CHART_FONT_FILES.iter().any(|f| name.contains(f)) {
                found.push(path);
            }
        }
    }
}

/// The families the charts name, in their order (`report::charts`' `font-family`).
const CHART_FAMILIES: [&str; 5] = [
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Microsoft YaHei",
    "PingFang SC",
    "SimHei",
];

/// The charts' fonts: the files of the regular and bold faces the charts' text is set in,
/// read into memory (a text element otherwise maps the 20 MB file anew and faults its pages in
/// again: 183 elements cost more than typst's PDF on the other core); every system font, as
/// files, only when none of the charts' fonts is found.
fn load_chart_fonts() -> Arc<usvg::fontdb::Database> {
    let mut found = usvg::fontdb::Database::new();
    let mut files = Vec::new();
    for folder in font_folders() {
        chart_font_files(&folder, &mut files);
    }
    files.sort();
    for file in &files {
        let _ = found.load_font_file(file);
    }
    let mut fonts = usvg::fontdb::Database::new();
    for file in chart_face_files(&found) {
        if let Ok(bytes) = std::fs::read(&file) {
            fonts.load_font_source(usvg::fontdb::Source::Binary(Arc::new(bytes)));
        }
    }
    if fonts.is_empty() {
        fonts = found;
    }
    if fonts.is_empty() {
        fonts.load_system_fonts();
    }
    fonts.set_sans_serif_family("Noto Sans CJK SC");
    Arc::new(fonts)
}

/// The files (at most two) holding the regular and bold faces of the first of
/// [`CHART_FAMILIES`] that `fonts` has.
fn chart_face_files(fonts: &usvg::fontdb::Database) -> Vec<std::path::PathBuf> {
    use usvg::fontdb::{Family, Query, Source, Weight};
    let families: Vec<Family> = CHART_FAMILIES.iter().map(|f| Family::Name(f)).collect();
    let mut files = Vec::new();
    for weight in [Weight::NORMAL, Weight::BOLD] {
        let query = Query {
            families: &families,
            weight,
            ..Query::default()
        };
        let Some((Source::File(path), _)) =
            fonts.query(&query).and_then(|id| fonts.face_source(id))
        else {
            continue;
        };
        if !files.contains(&path) {
            files.push(path);
        }
    }
    files
}
