//! The images an edited report shows: found in the one parse, checked to lie inside the
//! Markdown file's folder, and read.

use super::*;

/// An image the document shows: its path as written (relative to the Markdown file's folder),
/// the Markdown lines that show it, and its bytes (read only when printing).
#[derive(Debug, Clone)]
pub(super) struct Image {
    pub(super) name: String,
    pub(super) lines: Vec<usize>,
    pub(super) bytes: Vec<u8>,
}

/// The local images of a Markdown parse, seen one event at a time: each
/// destination with the offsets that show it.
#[derive(Default)]
pub(super) struct ImageFinder {
    found: BTreeMap<String, Vec<usize>>,
    /// An image inside another image's description only adds to that description.
    depth: usize,
}

impl ImageFinder {
    pub(super) fn see(&mut self, event: &Event<'_>, offset: usize) {
        match event {
            Event::Start(Tag::Image { dest_url, .. }) => {
                if self.depth == 0 && is_local_image(dest_url) {
                    self.found
                        .entry(dest_url.to_string())
                        .or_default()
                        .push(offset);
                }
                self.depth += 1;
            }
            Event::End(TagEnd::Image) => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
    }

    /// Each image with the Markdown lines that show it.
    pub(super) fn by_line(self, markdown: &str) -> BTreeMap<String, Vec<usize>> {
        if self.found.is_empty() {
            return BTreeMap::new();
        }
        let line_index = LineIndex::new(markdown);
        self.found
            .into_iter()
            .map(|(name, offsets)| {
                let mut lines: Vec<usize> = Vec::new();
                for offset in offsets {
                    let line = line_index.line_of(offset);
                    if !lines.contains(&line) {
                        lines.push(line);
                    }
                }
                (name, lines)
            })
            .collect()
    }
}

/// The images found, checked: a path outside the Markdown file's folder is refused, and when
/// `read` is true a missing file too; every problem is reported at once.
pub(super) fn images(
    input: &Path,
    folder: &Path,
    found: BTreeMap<String, Vec<usize>>,
    read: bool,
) -> Result<Vec<Image>> {
    let mut problems = Vec::new();
    let mut images = Vec::new();
    let canonical_folder = fs::canonicalize(folder).ok();
    for (name, lines) in found {
        let path = Path::new(&name);
        let escapes = path.is_absolute()
            || name.starts_with('/')
            || name.starts_with('\\')
            || path
                .components()
                .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir));
        // A link inside the folder that leads out of it is refused as well.
        let leads_out = || {
            let (Some(folder), Ok(target)) =
                (&canonical_folder, fs::canonicalize(folder.join(path)))
            else {
                return false;
            };
            !target.starts_with(folder)
        };
        if escapes || leads_out() {
            for &line in &lines {
                problems.push(Problem::new(
                    input,
                    Some(line),
                    None,
                    format!(
                        "图片“{name}”不在 Markdown 文件所在的文件夹内，不能使用：请把图片复制到该文件夹（或其子文件夹）中，改用相对路径引用"
                    ),
                ));
            }
            continue;
        }
        let bytes = if read {
            match fs::read(folder.join(path)) {
                Ok(bytes) => bytes,
                Err(e) => {
                    let why = match e.kind() {
                        std::io::ErrorKind::NotFound => "不存在".to_string(),
                        _ => format!("无法读取：{e}"),
                    };
                    for &line in &lines {
                        problems.push(Problem::new(
                            input,
                            Some(line),
                            None,
                            format!("图片文件“{}”{why}", shown_path(input, path).display()),
                        ));
                    }
                    continue;
                }
            }
        } else {
            Vec::new()
        };
        images.push(Image { name, lines, bytes });
    }
    if problems.is_empty() {
        Ok(images)
    } else {
        problems.sort_by_key(|p| p.line);
        Err(Error::Invalid(problems))
    }
}

/// An image's path as the user would look for it: beside the Markdown file as the user named it.
pub(super) fn shown_path(input: &Path, image: &Path) -> PathBuf {
    match input.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.join(image),
        _ => image.to_path_buf(),
    }
}
