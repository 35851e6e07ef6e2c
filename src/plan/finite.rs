//! Numbers of the plan file as serde reads them, finite or refused: `.nan`, `.inf` and numbers
//! too large for a float (`1e309`, which YAML leaves a string) are errors at load time, with the
//! parser's line, never values that reach a comparison or a template.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};

/// The mark of this module's messages, by which the YAML error's translation knows them.
use crate::files::yaml::NOT_FINITE;

struct FiniteVisitor;

impl Visitor<'_> for FiniteVisitor {
    type Value = f64;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a finite number")
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<f64, E> {
        if value.is_finite() {
            Ok(value)
        } else {
            Err(E::custom(format!("数值“{value}”{NOT_FINITE}")))
        }
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<f64, E> {
        Ok(value as f64)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<f64, E> {
        Ok(value as f64)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<f64, E> {
        // YAML reads a number beyond a float's range as a string: say what it is.
        if value.trim().parse::<f64>().is_ok_and(f64::is_infinite) {
            return Err(E::custom(format!(
                "数值“{value}”超出可表示的范围，{NOT_FINITE}"
            )));
        }
        Err(E::invalid_type(de::Unexpected::Str(value), &self))
    }
}

/// A required finite number.
pub(crate) fn number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
    deserializer.deserialize_any(FiniteVisitor)
}

/// An optional finite number (`~` or a missing field is `None`; use with `#[serde(default)]`).
pub(crate) fn optional<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<f64>, D::Error> {
    struct OptionalVisitor;
    impl<'de> Visitor<'de> for OptionalVisitor {
        type Value = Option<f64>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a finite number or nothing")
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            number(d).map(Some)
        }
    }
    deserializer.deserialize_option(OptionalVisitor)
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    struct Sample {
        #[serde(default, deserialize_with = "super::optional")]
        value: Option<f64>,
        #[serde(default, deserialize_with = "super::number")]
        required: f64,
    }

    fn read(text: &str) -> Result<Sample, String> {
        serde_yaml::from_str(text).map_err(|e| e.to_string())
    }

    #[test]
    fn finite_numbers_and_nothing_are_read() {
        assert_eq!(read("value: 6.5\nrequired: 3").unwrap().value, Some(6.5));
        assert_eq!(read("value: 7\nrequired: -1").unwrap().required, -1.0);
        assert_eq!(read("value: ~\nrequired: 0").unwrap().value, None);
        assert_eq!(read("required: 0").unwrap().value, None);
    }

    #[test]
    fn non_finite_numbers_are_refused_with_their_line() {
        for (text, shown) in [
            ("value: .nan", "数值“NaN”不是有限的数值"),
            ("value: .inf", "数值“inf”不是有限的数值"),
            ("value: -.Inf", "数值“-inf”不是有限的数值"),
            (
                "value: 1e309",
                "数值“1e309”超出可表示的范围，不是有限的数值",
            ),
        ] {
            let message = read(&format!("required: 1\n{text}\n")).unwrap_err();
            assert!(message.contains(shown), "{text}: {message}");
            assert!(message.contains("line 2"), "{text}: {message}");
        }
        assert!(
            read("required: .nan")
                .unwrap_err()
                .contains("不是有限的数值")
        );
        assert!(read("value: 六").unwrap_err().contains("invalid type"));
    }
}
