//! Line breaks for a long document title: split into words and phrases, then into balanced lines
//! that each fit the type area, so that no line ends inside a word (GB/T 9704: a title of several
//! lines is set as a trapezoid or a diamond, without splitting words).
//!
//! Words come from jieba's dictionary segmentation (only the dictionary words the title contains
//! are learnt: see [`super::title_dictionary`]). A few rules join words into the phrases of a
//! plan document's title that should not be split either: the leading place name (丹江口市,
//! 青岚县), a year with its unit (2024年度), an ordinal with its classifier and the plan it counts
//! (第十四个五年规划纲要), fixed terms (国民经济和社会发展), and punctuation with the word it
//! belongs to. Lines are then
//! chosen to be as even as possible, preferring breaks before a new phrase (第…, a year, 关于…).

use unicode_width::UnicodeWidthChar;

use super::title_dictionary::cut;

/// Half-width units on a title line: 156 mm at 22 pt holds 20 ideographs (40 units); a digit or
/// Latin letter counts as half an ideograph.
pub(crate) const TITLE_LINE_UNITS: u32 = 40;
/// Half-width units on a title line of a landscape page: 225 mm at 22 pt holds 28 ideographs.
pub(crate) const TITLE_LINE_UNITS_LANDSCAPE: u32 = 56;

/// Terms that a title never splits, although the dictionary has them as several words.
const FIXED_TERMS: &[&str] = &[
    "国民经济和社会发展",
    "五年规划纲要",
    "五年规划",
    "规划纲要",
    "远景目标纲要",
    "远景目标",
    "实施情况",
    "评估报告",
];

/// Suffixes that end the place name a title starts with.
const PLACE_SUFFIXES: &[char] = &['省', '市', '县', '区', '州', '盟', '旗', '镇', '乡'];

/// Units of imbalance that a break between two words of one phrase costs, squared into the
/// cost of the lines (a break before a new phrase costs nothing).
const WORD_BREAK_PENALTY: u64 = 16;

/// The lines to print a title on, or `None` when it fits on one line (or cannot be broken into
/// lines that fit, when it is better left to the typesetter).
pub(crate) fn title_lines(title: &str, line_units: u32) -> Option<Vec<String>> {
    if units(title) <= line_units {
        return None;
    }
    let phrases = phrases(title);
    let lines = balanced_lines(&phrases, line_units)?;
    Some(lines)
}

/// The width of text in half-width units.
pub(crate) fn units(text: &str) -> u32 {
    text.chars().map(|c| c.width().unwrap_or(0) as u32).sum()
}

/// A piece of the title that stays on one line, and whether a line may begin with it at no cost
/// (it starts a new phrase).
#[derive(Debug, Clone, PartialEq)]
struct Phrase {
    text: String,
    starts_phrase: bool,
}

/// Splits a title into unbreakable pieces.
fn phrases(title: &str) -> Vec<Phrase> {
    let words: Vec<String> = cut(title).into_iter().filter(|w| !w.is_empty()).collect();
    let mut words = join_fixed_terms(words);
    // The place name at the start: the words up to its suffix (青 + 岚县).
    if words.len() > 1 && place_name_end(&words[0], &words[1]) {
        let second = words.remove(1);
        words[0].push_str(&second);
    }
    let mut out: Vec<Phrase> = Vec::new();
    for word in words {
        let first = word.chars().next().unwrap_or(' ');
        let Some(last) = out.last_mut() else {
            out.push(Phrase {
                text: word,
                starts_phrase: true,
            });
            continue;
        };
        let prev_last = last.text.chars().next_back().unwrap_or(' ');
        // A number with its unit (2024 + 年度); an ordinal with its classifier (第十四 + 个);
        // punctuation with its word, so that no line starts with a closing mark or ends with an
        // opening one; runs of Latin letters and digits.
        let join = (prev_last.is_ascii_digit() && is_date_unit(&word))
            || (word == "个" && last.text.starts_with('第'))
            || is_plan_after_ordinal(&last.text, &word)
            || is_closing(first)
            || is_opening(prev_last)
            || (prev_last.is_ascii_alphanumeric() && first.is_ascii_alphanumeric());
        if join {
            last.text.push_str(&word);
            continue;
        }
        // A new phrase starts after the place name, with an ordinal, a number or a quotation,
        // with 关于 or 实施情况, and after 的.
        let starts_phrase = out.len() == 1
            || first == '第'
            || first.is_ascii_digit()
            || is_opening(first)
            || word.starts_with("关于")
            || word == "实施情况"
            || prev_last == '的';
        out.push(Phrase {
            text: word,
            starts_phrase,
        });
    }
    out
}

/// Whether `word` completes the place name `so_far` (a title's first word): it ends with a place
/// suffix and the name stays short.
fn place_name_end(so_far: &str, word: &str) -> bool {
    let last = so_far.chars().next_back().unwrap_or(' ');
    !PLACE_SUFFIXES.contains(&last)
        && word
            .chars()
            .next_back()
            .is_some_and(|c| PLACE_SUFFIXES.contains(&c))
        && so_far.chars().count() + word.chars().count() <= 6
        && so_far.chars().chain(word.chars()).all(is_ideograph)
}

/// Whether `word` is the plan that the ordinal `so_far` counts: 第十四个 + 五年规划(纲要) is one
/// name (the fourteenth five-year plan), never broken after 个.
fn is_plan_after_ordinal(so_far: &str, word: &str) -> bool {
    so_far.starts_with('第') && so_far.ends_with('个') && word.starts_with("五年规划")
}

fn is_date_unit(word: &str) -> bool {
    ["年", "年度", "月", "日", "年底", "年末"].contains(&word)
}

fn is_ideograph(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

fn is_closing(c: char) -> bool {
    "，。、；：！？）》」』】〕”’%)]}.,;:!?".contains(c)
}

fn is_opening(c: char) -> bool {
    "（《「『【〔“‘([{".contains(c)
}

/// Joins runs of words that spell one of the [`FIXED_TERMS`], longest first.
fn join_fixed_terms(words: Vec<String>) -> Vec<String> {
    let mut out = Vec::with_capacity(words.len());
    let mut i = 0;
    'words: while i < words.len() {
        for term in FIXED_TERMS {
            let mut joined = String::new();
            for (j, word) in words[i..].iter().enumerate() {
                joined.push_str(word);
                if joined == *term {
                    out.push(joined);
                    i += j + 1;
                    continue 'words;
                }
                if !term.starts_with(joined.as_str()) {
                    break;
                }
            }
        }
        out.push(words[i].clone());
        i += 1;
    }
    out
}

/// The fewest lines that fit, as even as possible: the sum of each line's squared difference
/// from the average width, plus a penalty for each line that starts inside a phrase.
fn balanced_lines(phrases: &[Phrase], line_units: u32) -> Option<Vec<String>> {
    let widths: Vec<u32> = phrases.iter().map(|p| units(&p.text)).collect();
    if widths.iter().any(|&w| w > line_units) {
        return None;
    }
    let total: u32 = widths.iter().sum();
    let n = phrases.len();
    // width(i, j): the units of phrases i..j on one line.
    let mut prefix = vec![0u32; n + 1];
    for (i, w) in widths.iter().enumerate() {
        prefix[i + 1] = prefix[i] + w;
    }
    let lines_min = total.div_ceil(line_units) as usize;
    for lines in lines_min..=n {
        let average = f64::from(total) / lines as f64;
        let line_cost = |i: usize, j: usize| -> Option<f64> {
            let w = prefix[j] - prefix[i];
            if w > line_units {
                return None;
            }
            let d = f64::from(w) - average;
            let penalty = if i > 0 && !phrases[i].starts_phrase {
                WORD_BREAK_PENALTY as f64
            } else {
                0.0
            };
            Some(d * d + penalty)
        };
        // best[k][j]: the cheapest k lines holding phrases 0..j, with where the last one starts.
        let mut best = vec![vec![None::<(f64, usize)>; n + 1]; lines + 1];
        best[0][0] = Some((0.0, 0));
        for k in 1..=lines {
            for j in 1..=n {
                for i in (k - 1)..j {
                    let (Some((before, _)), Some(cost)) = (best[k - 1][i], line_cost(i, j)) else {
                        continue;
                    };
                    let cost = before + cost;
                    // Ties go to the later break: the upper line longer (an inverted trapezoid
                    // reads as one title).
                    if best[k][j].is_none_or(|(c, _)| cost <= c) {
                        best[k][j] = Some((cost, i));
                    }
                }
            }
        }
        if best[lines][n].is_some() {
            let mut ends = vec![n];
            let mut j = n;
            for k in (1..=lines).rev() {
                let (_, i) = best[k][j]?;
                ends.push(i);
                j = i;
            }
            ends.reverse();
            return Some(
                ends.windows(2)
                    .map(|w| {
                        phrases[w[0]..w[1]]
                            .iter()
                            .map(|p| p.text.as_str())
                            .collect()
                    })
                    .collect(),
            );
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(title: &str) -> Vec<String> {
        title_lines(title, TITLE_LINE_UNITS).unwrap_or_else(|| vec![title.to_string()])
    }

    /// No line ends inside 第十四个五年规划纲要: the plan's name is one word of the title.
    fn assert_plan_name_whole(got: &[String]) {
        for ordinal in ["第十四个", "第十五个"] {
            assert!(
                !got.iter().any(|l| l.ends_with(ordinal)),
                "{ordinal} split from its plan: {got:?}"
            );
        }
        for line in got {
            assert!(units(line) <= TITLE_LINE_UNITS, "{line}");
        }
    }

    #[test]
    fn the_bundled_title_breaks_after_the_plan_name_and_before_the_year() {
        let got = lines("丹江口市国民经济和社会发展第十四个五年规划纲要2024年度实施情况评估报告");
        assert_eq!(
            got,
            [
                "丹江口市国民经济和社会发展",
                "第十四个五年规划纲要",
                "2024年度实施情况评估报告"
            ]
        );
        assert_plan_name_whole(&got);
    }

    #[test]
    fn a_fifteenth_plan_title_keeps_its_place_name_and_plan_name() {
        let got = lines("青岚县国民经济和社会发展第十五个五年规划纲要2026年度实施情况评估报告");
        assert_eq!(
            got,
            [
                "青岚县国民经济和社会发展",
                "第十五个五年规划纲要",
                "2026年度实施情况评估报告"
            ]
        );
        assert_plan_name_whole(&got);
        let p = phrases("青岚县国民经济和社会发展");
        assert_eq!(p[0].text, "青岚县");
        assert_eq!(p[1].text, "国民经济和社会发展");
    }

    #[test]
    fn final_and_midterm_titles_take_two_lines_with_the_plan_name_whole() {
        assert_eq!(
            lines("丹江口市国民经济和社会发展第十四个五年规划纲要实施情况总结评估报告"),
            [
                "丹江口市国民经济和社会发展",
                "第十四个五年规划纲要实施情况总结评估报告"
            ]
        );
        assert_eq!(
            lines("丹江口市国民经济和社会发展第十四个五年规划纲要实施情况中期评估报告"),
            [
                "丹江口市国民经济和社会发展",
                "第十四个五年规划纲要实施情况中期评估报告"
            ]
        );
    }

    #[test]
    fn a_long_place_name_still_keeps_the_plan_name_whole() {
        for title in [
            "恩施土家族苗族自治州国民经济和社会发展第十五个五年规划纲要2026年度实施情况评估报告",
            "黔东南苗族侗族自治州镇远县国民经济和社会发展第十五个五年规划纲要2027年度实施情况评估报告",
            "某县国民经济和社会发展第十五个五年规划纲要2026年度实施情况评估报告",
            "某县第十五个五年规划纲要实施情况中期评估报告",
        ] {
            let got = lines(title);
            assert_eq!(got.concat(), title);
            assert_plan_name_whole(&got);
            assert!(got.iter().any(|l| l.contains("五年规划纲要")), "{got:?}");
        }
    }

    #[test]
    fn a_short_title_stays_on_one_line() {
        assert_eq!(
            title_lines("2024年度实施情况评估报告", TITLE_LINE_UNITS),
            None
        );
        assert_eq!(title_lines("", TITLE_LINE_UNITS), None);
    }

    #[test]
    fn a_long_title_takes_three_balanced_lines() {
        let title = "关于丹江口市国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要实施情况中期评估的报告";
        let got = lines(title);
        assert_eq!(got.concat(), title);
        assert_eq!(got.len(), 3, "{got:?}");
        for line in &got {
            assert!(units(line) <= TITLE_LINE_UNITS, "{line}");
        }
        let widths: Vec<u32> = got.iter().map(|l| units(l)).collect();
        let spread = widths.iter().max().unwrap() - widths.iter().min().unwrap();
        assert!(spread <= 8, "{got:?}");
        // No line starts with a word's tail or ends inside a fixed term.
        for term in FIXED_TERMS {
            if title.contains(term) {
                assert!(
                    got.iter().any(|l| l.contains(term)),
                    "{term} split: {got:?}"
                );
            }
        }
    }

    #[test]
    fn every_line_fits_and_no_line_starts_with_closing_punctuation() {
        let title =
            "丹江口市“十四五”规划纲要主要指标监测表（2021—2025年）及责任单位落实情况统计汇总表";
        let got = lines(title);
        assert_eq!(got.concat(), title);
        for line in &got {
            assert!(units(line) <= TITLE_LINE_UNITS, "{line}");
            let first = line.chars().next().unwrap();
            assert!(!is_closing(first), "{got:?}");
            assert!(!is_opening(line.chars().next_back().unwrap()), "{got:?}");
        }
        assert!(got.iter().any(|l| l.contains("“十四五”")), "{got:?}");
    }

    #[test]
    fn a_word_longer_than_a_line_is_left_to_the_typesetter() {
        let word = "a".repeat(50);
        assert_eq!(title_lines(&word, TITLE_LINE_UNITS), None);
    }

    #[test]
    fn digits_are_half_width() {
        assert_eq!(units("2024年度"), 8);
    }
}
