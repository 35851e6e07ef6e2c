//! What a name says a unit or an indicator is, where the measures' words depend on it: a
//! statistics unit counts a figure and is never asked to deliver it; a price index is
//! monitored, never pushed to a target. One list each, for the rules that write measures
//! and the lint that checks a user's own rule texts.

/// The words that name a statistics unit (县统计局, 国家统计局翠岭调查队, 统计中心).
pub const STATISTICS_UNITS: [&str; 3] = ["统计局", "调查队", "统计中心"];

/// Whether a unit counts figures (its name holds one of [`STATISTICS_UNITS`]).
pub fn is_statistics_unit(unit: &str) -> bool {
    STATISTICS_UNITS.iter().any(|w| unit.contains(w))
}

/// Whether an indicator's name is a price level or index (居民消费价格涨幅, CPI, 物价): a
/// county cannot move it; it monitors prices and, above its band, keeps supply and prices
/// stable (保供稳价).
pub fn is_price_index(name: &str) -> bool {
    ["消费价格", "CPI", "物价"].iter().any(|w| name.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statistics_units_and_price_indices_are_told_by_name() {
        assert!(is_price_index("居民消费价格涨幅") && !is_price_index("农产品加工产值"));
        assert!(is_statistics_unit("县统计局") && is_statistics_unit("国家统计局翠岭调查队"));
        assert!(!is_statistics_unit("县人社局"));
    }
}
