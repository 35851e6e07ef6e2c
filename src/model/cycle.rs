//! Figures measured every two years: which years have no figure by design. The plan file
//! has no field for a measuring cycle; the data's own note (每两年测算一次, 两年一次, 隔年)
//! is the only source, and without it every year is due. Used alike by `check`'s warnings
//! and the report's lists of what is missing, so that the two never disagree.

/// The words of a note that say a figure is measured every two years.
const BIENNIAL: [&str; 3] = ["每两年", "两年一次", "隔年"];

/// Whether `year` is an off year of a figure whose reading of `reading_year` carries `note`:
/// the note says it is measured every two years and `year` is of the other parity, so the
/// year is neither missing (缺失) nor unreported.
pub fn off_year(note: &str, reading_year: i32, year: i32) -> bool {
    BIENNIAL.iter().any(|w| note.contains(w)) && (reading_year - year).rem_euclid(2) == 1
}

#[cfg(test)]
mod tests {
    use super::off_year;

    #[test]
    fn only_the_other_parity_of_a_biennial_figure_is_off() {
        let note = "2028年测算值，每两年测算一次";
        assert!(off_year(note, 2028, 2027));
        assert!(off_year(note, 2028, 2029));
        assert!(!off_year(note, 2028, 2026));
        assert!(!off_year(note, 2028, 2028));
        // Without the note's words every year is due.
        assert!(!off_year("2028年测算值", 2028, 2027));
    }
}
