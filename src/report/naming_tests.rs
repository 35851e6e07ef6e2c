//! Tests of [`super::phrase`]: every member named up to ten, a whole group counted.

use super::*;

#[test]
fn every_name_is_written_up_to_ten_and_only_beyond_is_cut() {
    assert_eq!(phrase(&[], 5), "");
    assert_eq!(phrase(&["地区生产总值"], 5), "地区生产总值");
    assert_eq!(phrase(&["甲", "乙"], 5), "甲、乙");
    // Six of twenty: all six named (the old cut at five dropped 托位数).
    let six = [
        "能耗",
        "地区生产总值",
        "科技进步",
        "城镇收入",
        "预期寿命",
        "托位数",
    ];
    assert_eq!(
        phrase(&six, 20),
        "能耗、地区生产总值、科技进步、城镇收入、预期寿命、托位数"
    );
    let ten = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    assert_eq!(phrase(&ten, 25), "一、二、三、四、五、六、七、八、九、十");
    let eleven = [
        "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一",
    ];
    assert_eq!(
        phrase(&eleven, 25),
        "一、二、三、四、五、六、七、八、九、十等11项"
    );
}

#[test]
fn a_class_that_is_the_whole_group_is_counted_with_jun() {
    assert_eq!(
        phrase(&["粮食综合生产能力", "能源综合生产能力", "粮食播种面积"], 3),
        "3项指标均"
    );
    // One alone is named, never "1项指标均".
    assert_eq!(phrase(&["粮食综合生产能力"], 1), "粮食综合生产能力");
}
