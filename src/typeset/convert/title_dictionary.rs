//! The dictionary words of a title, as jieba's dictionary has them: looked up in
//! `title_words.txt` (the dictionary's words and frequencies, sorted) and learnt by one jieba
//! per thread, which then cuts a title into words as jieba with its whole dictionary would.

use std::cell::RefCell;
use std::cmp::Ordering;
use std::collections::HashSet;
use std::sync::OnceLock;

/// jieba's dictionary as `word frequency` lines sorted by their bytes, after a first line
/// `# total N` (see `scripts/title-words.py`, which writes it from jieba-rs's own dictionary).
const WORDS: &str = include_str!("title_words.txt");
/// The longest dictionary word, in characters.
const LONGEST_WORD: usize = 16;
/// Stands for every dictionary word a title does not contain, so that the frequencies add up to
/// the whole dictionary's (a private-use character no title has).
const REST_OF_DICTIONARY: &str = "\u{F8FF}";

/// Where the word lines of [`WORDS`] start (after the header line), and the total of all
/// frequencies that the header gives.
fn header() -> (usize, usize) {
    static HEADER: OnceLock<(usize, usize)> = OnceLock::new();
    *HEADER.get_or_init(|| {
        let (header, _) = WORDS.split_once('\n').expect("a header line");
        let total = header
            .strip_prefix("# total ")
            .and_then(|t| t.parse().ok())
            .expect("the total of the frequencies");
        (header.len() + 1, total)
    })
}

/// What jieba's dictionary says of `word`: its frequency if it is a word, and whether any
/// longer word starts with it (when none does, no longer piece of a title needs looking up).
#[cfg(test)]
fn look_up(word: &str) -> (Option<usize>, bool) {
    let (freq, longer, _) = look_up_in(word, &mut (header().0, WORDS.len()));
    (freq, longer)
}

/// What [`look_up`] says of `word`, searching the lines from `range.0` to `range.1`: line starts
/// (or the end) such that the lines before the first sort before `word` and those from the
/// second on after it (the whole list: `(header().0, WORDS.len())`). Also returns where `word`'s
/// line is or would be, and narrows `range` to the lines where any word that extends `word`
/// can be: from there to the first line found after `word` that does not start with it.
///
/// A binary search over the bytes of [`WORDS`], each probe widened to its line (no index of the
/// 349,045 lines is made: that took milliseconds in every process). A title's pieces from one
/// character are looked up one character longer at a time, each in the range the last left.
fn look_up_in(word: &str, range: &mut (usize, usize)) -> (Option<usize>, bool, usize) {
    let bytes = WORDS.as_bytes();
    let entry = |start: usize| {
        let rest = &WORDS[start..];
        let line = rest.split_once('\n').map_or(rest, |(line, _)| line);
        line.split_once(' ').expect("word and frequency")
    };
    let (mut lo, mut hi) = *range;
    let mut after = hi;
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        // Lines are a few bytes long: plain loops find their ends sooner than memchr.
        let mut start = mid;
        while start > lo && bytes[start - 1] != b'\n' {
            start -= 1;
        }
        let mut next = mid;
        while next < bytes.len() && bytes[next] != b'\n' {
            next += 1;
        }
        let next = (next + 1).min(bytes.len());
        match compare_entry(start, word.as_bytes()) {
            Ordering::Less => lo = next,
            Ordering::Greater => {
                hi = start;
                if !bytes[start..].starts_with(word.as_bytes()) {
                    after = start;
                }
            }
            Ordering::Equal => {
                *range = (start, after);
                let longer = next < after && entry(next).0.starts_with(word);
                return (entry(start).1.parse().ok(), longer, start);
            }
        }
    }
    *range = (lo, after);
    let longer = lo < after && entry(lo).0.starts_with(word);
    (None, longer, lo)
}

/// How the word of the line of [`WORDS`] that starts at `start` sorts against `word`, as their
/// bytes do (the word ends at the line's first space), without splitting the line.
fn compare_entry(start: usize, word: &[u8]) -> Ordering {
    let line = &WORDS.as_bytes()[start..];
    for (i, &w) in word.iter().enumerate() {
        match line.get(i) {
            None | Some(b' ') => return Ordering::Less,
            Some(&b) if b != w => return b.cmp(&w),
            Some(_) => {}
        }
    }
    match line.get(word.len()) {
        None | Some(b' ') => Ordering::Equal,
        Some(_) => Ordering::Greater,
    }
}

/// The jieba of the titles broken so far in this thread, the frequencies of the dictionary
/// words it has (besides [`REST_OF_DICTIONARY`]), and the titles whose words it has learnt
/// (a long document of many parts repeats its titles: each is looked up once).
struct Shared {
    jieba: jieba_rs::Jieba,
    known: usize,
    learnt: HashSet<String>,
}

thread_local! {
    static SHARED: RefCell<Option<Shared>> = const { RefCell::new(None) };
}

/// `title` cut into words as jieba with its full dictionary cuts it.
///
/// The jieba used knows the dictionary words of every title cut so far in this thread (each
/// with its frequency) and [`REST_OF_DICTIONARY`] for the rest of the dictionary's total, so its
/// total is the whole dictionary's; of its words, exactly the dictionary words occurring in
/// `title` are pieces of `title` (every piece of up to [`LONGEST_WORD`] characters is looked up).
/// jieba only looks up pieces of the text, and divides by the total, so it segments `title` as
/// with its full dictionary, without building that dictionary (a tenth of a second) for every
/// run, nor a new jieba (half a megabyte of tables) for every title.
pub(super) fn cut(title: &str) -> Vec<String> {
    SHARED.with_borrow_mut(|shared| {
        let shared = shared.get_or_insert_with(|| Shared {
            jieba: jieba_rs::Jieba::empty(),
            known: 0,
            learnt: HashSet::new(),
        });
        if !shared.learnt.contains(title) {
            learn(shared, title);
            shared.learnt.insert(title.to_string());
        }
        shared
            .jieba
            .cut(title, true)
            .into_iter()
            .map(|t| t.word.to_string())
            .collect()
    })
}

/// Adds the dictionary words occurring in `title` that `shared` does not know yet, and sets the
/// rest of the dictionary's frequency so that the total stays the whole dictionary's.
fn learn(shared: &mut Shared, title: &str) {
    let (_, total) = header();
    let Shared { jieba, known, .. } = shared;
    let bounds: Vec<usize> = title
        .char_indices()
        .map(|(i, _)| i)
        .chain([title.len()])
        .collect();
    for (k, &start) in bounds.iter().enumerate() {
        let mut range = (header().0, WORDS.len());
        for &end in bounds.iter().skip(k + 1).take(LONGEST_WORD) {
            let word = &title[start..end];
            let (freq, longer, _) = look_up_in(word, &mut range);
            if let Some(freq) = freq
                && !jieba.has_word(word)
            {
                jieba.add_word(word, Some(freq), None);
                *known += freq;
            }
            if !longer {
                break;
            }
        }
    }
    jieba.add_word(REST_OF_DICTIONARY, Some(total - *known), None);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_as_jieba_with_its_whole_dictionary() {
        let full = jieba_rs::Jieba::new();
        let notice = include_str!("../../../tests/fixtures/notice.txt");
        let mut texts: Vec<String> = notice
            .split(['。', '；', '\n'])
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect();
        texts.push("丹江口市国民经济和社会发展第十四个五年规划纲要2024年度实施情况评估报告".into());
        texts.push(
            "青岚县国民经济和社会发展第十五个五年规划和二〇三五年远景目标纲要实施情况中期评估报告"
                .into(),
        );
        assert!(texts.len() > 100);
        for text in &texts {
            let words = |jieba: &jieba_rs::Jieba| -> Vec<String> {
                jieba
                    .cut(text, true)
                    .into_iter()
                    .map(|t| t.word.to_string())
                    .collect()
            };
            assert_eq!(cut(text), words(&full), "{text}");
        }
        // Again, the jieba knowing the words of every text: as many others' words as it will.
        for text in texts.iter().rev() {
            let words: Vec<String> = full
                .cut(text, true)
                .into_iter()
                .map(|t| t.word.to_string())
                .collect();
            assert_eq!(cut(text), words, "{text}");
        }
    }

    /// The search over the bytes finds what a binary search over the list of words finds: each
    /// thousandth word, its prefixes and itself extended, and a few that are no words.
    #[test]
    fn looks_up_as_a_search_of_the_word_list() {
        let list: Vec<(&str, usize)> = WORDS
            .lines()
            .skip(1)
            .map(|line| {
                let (word, freq) = line.split_once(' ').unwrap();
                (word, freq.parse().unwrap())
            })
            .collect();
        let expected = |word: &str| {
            let at = list.binary_search_by(|(w, _)| w.as_bytes().cmp(word.as_bytes()));
            let next = match at {
                Ok(at) => at + 1,
                Err(at) => at,
            };
            let longer = list.get(next).is_some_and(|(w, _)| w.starts_with(word));
            (at.ok().map(|at| list[at].1), longer)
        };
        let mut words: Vec<String> = vec!["".into(), "a".into(), "zzzz".into(), "\u{F8FF}".into()];
        for (word, _) in list
            .iter()
            .step_by(997)
            .chain(list.first())
            .chain(list.last())
        {
            let bounds: Vec<usize> = word.char_indices().map(|(i, _)| i).skip(1).collect();
            words.extend(bounds.iter().map(|&i| word[..i].to_string()));
            words.push(word.to_string());
            words.push(format!("{word}的"));
            words.push(format!("{word}0"));
        }
        for word in &words {
            assert_eq!(look_up(word), expected(word), "{word}");
        }
        // Character by character, each in the range the one shorter left, as titles are learnt.
        for word in &words {
            let mut range = (header().0, WORDS.len());
            for (i, c) in word.char_indices() {
                let piece = &word[..i + c.len_utf8()];
                let (freq, longer, _) = look_up_in(piece, &mut range);
                assert_eq!((freq, longer), expected(piece), "{piece}");
            }
        }
    }
}
