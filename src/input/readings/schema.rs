//! The columns of a readings table, with the Chinese headers staff use.

use crate::input::table::{Field, Schema};

// Fields of [`SCHEMA`], by index (also the columns the forms' merge writes).
pub(crate) const YEAR: usize = 0;
pub(crate) const INDICATOR: usize = 1;
pub(crate) const VALUE: usize = 2;
pub(crate) const QUOTA: usize = 3;
pub(crate) const SOURCE: usize = 4;
pub(crate) const NOTE: usize = 5;
pub(crate) const TOLERANCE: usize = 6;
pub(crate) const ESTIMATED: usize = 7;
pub(crate) const PROVINCE_AVERAGE: usize = 8;
pub(crate) const CITY_AVERAGE: usize = 9;
pub(crate) const RANK: usize = 10;
pub(crate) const RANK_GROUP: usize = 11;

/// The columns of a readings table, with the Chinese headers staff use.
pub const SCHEMA: Schema = Schema {
    fields: &[
        Field {
            key: "year",
            aliases: &["year", "年份", "年度"],
            required: true,
            several: false,
        },
        Field {
            key: "indicator",
            aliases: &["indicator", "指标编号", "指标", "指标名称"],
            required: true,
            several: true,
        },
        Field {
            key: "value",
            aliases: &["value", "数值", "实际值"],
            required: true,
            several: false,
        },
        Field {
            key: "quota",
            aliases: &["quota", "下达目标", "省下达指标", "年度目标", "year_target"],
            required: false,
            several: false,
        },
        Field {
            key: "source",
            aliases: &["source", "数据来源"],
            required: false,
            several: false,
        },
        Field {
            key: "note",
            aliases: &["note", "备注", "说明"],
            required: false,
            several: false,
        },
        Field {
            key: "tolerance",
            aliases: &["tolerance", "允许偏差"],
            required: false,
            several: false,
        },
        Field {
            key: "estimated",
            aliases: &["estimated", "数据性质", "预计"],
            required: false,
            several: false,
        },
        Field {
            key: "province_average",
            aliases: &["province_average", "全省平均", "全省平均水平", "全省平均值"],
            required: false,
            several: false,
        },
        Field {
            key: "city_average",
            aliases: &["city_average", "全市平均", "全市平均水平", "全市平均值"],
            required: false,
            several: false,
        },
        Field {
            key: "rank",
            aliases: &["rank", "位次", "排名", "排位"],
            required: false,
            several: false,
        },
        Field {
            key: "rank_group",
            aliases: &["rank_group", "排名范围", "位次范围", "比较范围"],
            required: false,
            several: false,
        },
    ],
    year: YEAR,
    per_year: &[
        VALUE,
        QUOTA,
        SOURCE,
        NOTE,
        TOLERANCE,
        ESTIMATED,
        PROVINCE_AVERAGE,
        CITY_AVERAGE,
        RANK,
    ],
    sheets: &["readings", "指标数据", "指标"],
};
