//! The optional columns of a reading that place it among its peers: the
//! province's and the city's average of the same indicator (全省平均, 全市平均)
//! and the reading's rank (位次, in a group such as 全市 or 全省县（市、区）).
//!
//! It parses cells; it never compares (that is `evaluate`).

use serde::Serialize;

use super::{CITY_AVERAGE, PROVINCE_AVERAGE, RANK, RANK_GROUP};
use crate::input::table::{self, Value};

/// A reading's place: the averages beside it and its rank, each when given.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Standing {
    pub province_average: Option<f64>,
    pub city_average: Option<f64>,
    pub rank: Option<Rank>,
}

impl Standing {
    pub fn is_empty(&self) -> bool {
        self.province_average.is_none() && self.city_average.is_none() && self.rank.is_none()
    }
}

/// 居全市第2位: the position and the group ranked (empty when the file does not say).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rank {
    pub position: u32,
    pub group: String,
}

/// An average cell: a number, or nothing; the message when it is neither.
pub(crate) fn average(cell: &str, what: &str) -> Result<Option<f64>, String> {
    match table::parse_value(cell) {
        Value::Empty => Ok(None),
        Value::Number(v) => Ok(Some(v)),
        Value::Invalid => Err(table::not_understood(what, cell, "不是数字")),
    }
}

/// A rank cell (2, 第2位, 全市第2位, 全省县（市、区）第15位) with the group column beside it.
pub(crate) fn rank(cell: &str, group_cell: &str, what: &str) -> Result<Option<Rank>, String> {
    let cell = cell.trim();
    if cell.is_empty() {
        return Ok(None);
    }
    let (group, rest) = match cell.rfind('第') {
        Some(at) => (&cell[..at], &cell[at + '第'.len_utf8()..]),
        None => ("", cell),
    };
    let number = rest.trim().trim_end_matches(['位', '名']).trim();
    let position = number
        .parse::<u32>()
        .ok()
        .filter(|&p| p > 0)
        .ok_or_else(|| {
            format!("{what}的位次“{cell}”无法识别：填写名次数字（如 2），或“全市第2位”")
        })?;
    let group = match (group.trim().trim_start_matches('居'), group_cell.trim()) {
        ("", from_column) => from_column.to_string(),
        (in_cell, _) => in_cell.to_string(),
    };
    Ok(Some(Rank { position, group }))
}

/// The averages and rank of a row; a level series has none (they are the graded figure's).
pub(super) fn of_row(
    row: &table::Record,
    id: &str,
    is_level: bool,
) -> Result<Standing, (usize, String)> {
    let what = format!("指标“{id}”");
    let province = average(row.get(PROVINCE_AVERAGE), &format!("{what}的全省平均"))
        .map_err(|m| (PROVINCE_AVERAGE, m))?;
    let city = average(row.get(CITY_AVERAGE), &format!("{what}的全市平均"))
        .map_err(|m| (CITY_AVERAGE, m))?;
    let rank = rank(row.get(RANK), row.get(RANK_GROUP), &what).map_err(|m| (RANK, m))?;
    let standing = Standing {
        province_average: province,
        city_average: city,
        rank,
    };
    if is_level && !standing.is_empty() {
        return Err((
            RANK,
            format!("{what}是总量序列，不填写全省平均、全市平均或位次；请填在该指标本身的一行"),
        ));
    }
    Ok(standing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_are_read_with_or_without_their_group() {
        let r = |cell, group| rank(cell, group, "指标“gdp”").unwrap().unwrap();
        assert_eq!(r("2", "全市").position, 2);
        assert_eq!(r("2", "全市").group, "全市");
        assert_eq!(r("第3位", "").group, "");
        assert_eq!(
            r("全省县（市、区）第15位", "全市").group,
            "全省县（市、区）"
        );
        assert_eq!(r("居全市第2位", "").position, 2);
        assert_eq!(rank("", "全市", "x").unwrap(), None);
        assert_eq!(
            rank("靠前", "", "指标“gdp”").unwrap_err(),
            "指标“gdp”的位次“靠前”无法识别：填写名次数字（如 2），或“全市第2位”"
        );
        assert!(rank("0", "", "x").unwrap_err().contains("无法识别"));
    }
}
