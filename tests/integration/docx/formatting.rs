//! How the document's parts are formatted: named styles with their East Asian fonts, tables
//! that repeat their header rows and keep each row whole, and charts as pictures with their
//! captions. It must not test the page set up: that is in `page_setup`.

use super::*;

#[test]
fn styles_are_named_with_their_east_asian_fonts() {
    let xml = part(&bundled().docx, "word/styles.xml");
    let doc = Document::parse(&xml).unwrap();
    let style = |id: &str| {
        doc.descendants()
            .find(|n| n.has_tag_name((W, "style")) && val(*n, "styleId") == Some(id))
            .unwrap_or_else(|| panic!("no style {id}"))
    };
    let east_asia = |id: &str| {
        style(id)
            .descendants()
            .find(|n| n.has_tag_name((W, "rFonts")))
            .and_then(|f| val(f, "eastAsia"))
            .map(str::to_string)
    };
    let defaults = doc
        .descendants()
        .find(|n| n.has_tag_name((W, "rPrDefault")))
        .unwrap();
    let body_font = defaults
        .descendants()
        .find(|n| n.has_tag_name((W, "rFonts")))
        .unwrap();
    assert_eq!(val(body_font, "eastAsia"), Some("仿宋_GB2312"));
    let body_size = defaults
        .descendants()
        .find(|n| n.has_tag_name((W, "sz")))
        .unwrap();
    assert_eq!(val(body_size, "val"), Some("32"), "3号 is 16 pt");
    assert_eq!(east_asia("Title").as_deref(), Some("方正小标宋简体"));
    for (id, font, level) in [
        ("Heading1", "黑体", "0"),
        ("Heading2", "楷体_GB2312", "1"),
        ("Heading3", "仿宋_GB2312", "2"),
    ] {
        assert_eq!(east_asia(id).as_deref(), Some(font), "{id}");
        let outline = style(id)
            .descendants()
            .find(|n| n.has_tag_name((W, "outlineLvl")))
            .unwrap();
        assert_eq!(val(outline, "val"), Some(level), "{id}");
        let name = w(style(id), "name").unwrap();
        assert_eq!(
            val(name, "val").map(str::to_string),
            Some(format!("heading {}", id.strip_prefix("Heading").unwrap()))
        );
    }
    assert!(
        style("Heading3")
            .descendants()
            .any(|n| n.has_tag_name((W, "b")))
    );
    assert_eq!(east_asia("Caption").as_deref(), Some("黑体"));
    assert_eq!(east_asia("TableHead").as_deref(), Some("黑体"));
    // Tables in 五号 (10.5 pt) and 小五 (9 pt) on landscape pages, as the PDF's.
    let size = |id: &str| {
        style(id)
            .descendants()
            .find(|n| n.has_tag_name((W, "sz")))
            .and_then(|n| val(n, "val").map(str::to_string))
    };
    assert_eq!(size("TableText").as_deref(), Some("21"));
    assert_eq!(size("TableTextWide").as_deref(), Some("18"));
    let indent = style("BodyText")
        .descendants()
        .find(|n| n.has_tag_name((W, "ind")))
        .unwrap();
    assert_eq!(val(indent, "firstLineChars"), Some("200"));
    // The fallbacks stand in the font table.
    let fonts = part(&bundled().docx, "word/fontTable.xml");
    let fonts = Document::parse(&fonts).unwrap();
    let fangsong = fonts
        .descendants()
        .find(|n| n.has_tag_name((W, "font")) && val(*n, "name") == Some("仿宋_GB2312"))
        .unwrap();
    let alt = val(w(fangsong, "altName").unwrap(), "val").unwrap();
    assert!(alt.contains("FangSong"), "{alt}");
}

#[test]
fn tables_repeat_their_header_rows_and_rows_do_not_split() {
    let bundled = bundled();
    let xml = part(&bundled.docx, "word/document.xml");
    let doc = Document::parse(&xml).unwrap();
    let tables: Vec<Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name((W, "tbl")))
        .collect();
    let in_markdown = bundled
        .markdown
        .lines()
        .filter(|l| l.starts_with("| :") || l.starts_with("| -"))
        .count();
    assert_eq!(tables.len(), in_markdown);
    // The landscape section: from the end of the first section to its own end.
    let sections = sections(&doc);
    let landscape = sections[0].range().end..sections[1].range().end;
    for table in tables {
        let rows: Vec<Node> = table
            .children()
            .filter(|n| n.has_tag_name((W, "tr")))
            .collect();
        assert!(rows.len() > 1);
        for (i, row) in rows.iter().enumerate() {
            let properties = w(*row, "trPr").unwrap();
            assert!(w(properties, "cantSplit").is_some());
            assert_eq!(w(properties, "tblHeader").is_some(), i == 0, "row {i}");
        }
        // Three lines: top and bottom borders, none at the sides or inside.
        let borders = w(w(table, "tblPr").unwrap(), "tblBorders").unwrap();
        for (side, kind) in [
            ("top", "single"),
            ("bottom", "single"),
            ("insideH", "nil"),
            ("insideV", "nil"),
        ] {
            let border = w(borders, side).unwrap_or_else(|| panic!("{side}"));
            assert_eq!(val(border, "val"), Some(kind), "{side}");
        }
        // The PDF's column widths: within the type area, and every short cell (a word, a
        // number, 2024年) on one line of its column, 3 pt of inset on either side.
        let grid: Vec<f64> = w(table, "tblGrid")
            .unwrap()
            .children()
            .filter(|n| n.has_tag_name((W, "gridCol")))
            .map(|n| val(n, "w").unwrap().parse().unwrap())
            .collect();
        let wide = rows.iter().any(|row| {
            row.descendants()
                .any(|n| n.has_tag_name((W, "pStyle")) && val(n, "val") == Some("TableTextWide"))
        });
        // 小五 on the landscape pages and in a crowded upright table, 五号 otherwise.
        let type_twips = if wide { 180.0 } else { 210.0 };
        let area = if landscape.contains(&table.range().start) {
            assert!(wide, "a landscape table in 小五");
            12756.0
        } else {
            8845.0
        };
        assert!(grid.iter().sum::<f64>() <= area + 1.0, "{grid:?} in {area}");
        for row in &rows {
            let cells = row.children().filter(|n| n.has_tag_name((W, "tc")));
            for (column, cell) in cells.enumerate() {
                let text: String = cell
                    .descendants()
                    .filter(|n| n.has_tag_name((W, "t")))
                    .filter_map(|n| n.text())
                    .collect();
                let em: f64 = text
                    .chars()
                    .map(|c| if c.is_ascii() { 0.5 } else { 1.0 })
                    .sum();
                if em <= 5.0 {
                    assert!(
                        grid[column] + 1.0 >= em * type_twips + 120.0,
                        "“{text}” on one line of column {column}: {grid:?}"
                    );
                }
            }
        }
    }
}

#[test]
fn charts_are_pictures_with_their_captions() {
    let bundled = bundled();
    let parts = parts(&bundled.docx);
    let charts = fs::read_dir(bundled.out.join("charts")).unwrap().count();
    let media: Vec<&String> = parts
        .keys()
        .filter(|k| k.starts_with("word/media/"))
        .collect();
    assert_eq!(media.len(), charts, "{media:?}");
    for name in media {
        assert!(parts[name].starts_with(b"\x89PNG"), "{name}");
    }
    let xml = part(&bundled.docx, "word/document.xml");
    let doc = Document::parse(&xml).unwrap();
    let ids: Vec<&str> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "docPr")
        .filter_map(|n| n.attribute("id"))
        .collect();
    let mut unique = ids.clone();
    unique.dedup();
    assert_eq!(ids.len(), charts);
    assert_eq!(unique, ids, "picture ids differ");
    let text = text_of(&xml);
    assert!(text.contains("图1 2024年主要指标进度情况"), "{text}");
}
