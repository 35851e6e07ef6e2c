//! The filters report and layout templates use: numbers (`fixed`, `plain`,
//! `cn`), Chinese quotation (`quote`), Typst strings (`typst_str`).

use std::collections::HashMap;

use tera::Value;

use crate::escape::string_literal;
use crate::model::numfmt;

fn number_arg(value: &Value, name: &str) -> tera::Result<f64> {
    value
        .as_f64()
        .ok_or_else(|| tera::Error::msg(format!("{name} 需要数字，得到 {value}")))
}

/// `{{ x | fixed(digits=1, scale=1, abs=false) }}`: a number with fixed decimals.
pub(super) fn fixed(value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
    if value.is_null() {
        return Ok(Value::String("—".to_string()));
    }
    let mut v = number_arg(value, "fixed")?;
    if let Some(scale) = args.get("scale") {
        v *= number_arg(scale, "scale")?;
    }
    if args.get("abs").and_then(Value::as_bool).unwrap_or(false) {
        v = v.abs();
    }
    let digits = match args.get("digits") {
        Some(d) => d.as_u64().unwrap_or(1) as usize,
        None => 1,
    };
    Ok(Value::String(numfmt::fixed(v, digits)))
}

/// `{{ x | plain }}`: a number as the plan writes it (60, 10.7, 3.5), no padding.
pub(super) fn plain(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    if value.is_null() {
        return Ok(Value::String("—".to_string()));
    }
    Ok(Value::String(format!("{}", number_arg(value, "plain")?)))
}

/// `{{ 3 | cn }}` → 三: Chinese numerals for headings (1–99).
pub(crate) fn cn(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    let n = value
        .as_u64()
        .ok_or_else(|| tera::Error::msg(format!("cn 需要正整数，得到 {value}")))?;
    Ok(Value::String(chinese_numeral(n)))
}

pub fn chinese_numeral(n: u64) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n as usize].to_string(),
        10..=19 => format!(
            "十{}",
            if n == 10 {
                ""
            } else {
                DIGITS[(n % 10) as usize]
            }
        ),
        20..=99 => format!(
            "{}十{}",
            DIGITS[(n / 10) as usize],
            if n.is_multiple_of(10) {
                ""
            } else {
                DIGITS[(n % 10) as usize]
            }
        ),
        _ => n.to_string(),
    }
}

/// Wraps text in Chinese quotation marks; quotation marks inside become
/// single ones, as Chinese typography nests them: “深化‘两山’实践”.
pub fn quote(text: &str) -> String {
    format!("“{}”", text.replace('“', "‘").replace('”', "’"))
}

/// `{{ title | quote }}`: see [`quote`].
pub fn quote_filter(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    let text = value
        .as_str()
        .map_or_else(|| value.to_string(), str::to_string);
    Ok(Value::String(quote(&text)))
}

/// `{{ text | typst_str }}`: a Typst string literal, for the layout template.
pub(super) fn typst_str(value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
    let text = match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    Ok(Value::String(string_literal(&text)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_chinese_numerals() {
        let got: Vec<String> = [1, 4, 10, 11, 20, 23].map(chinese_numeral).to_vec();
        assert_eq!(got, ["一", "四", "十", "十一", "二十", "二十三"]);
    }
}
