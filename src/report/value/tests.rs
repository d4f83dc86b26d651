//! Reading targets and actuals as forms write them.

use super::*;
use crate::base::units::CountWord;

fn q(cmp: Cmp, v: &str, unit: RowUnit) -> Reading {
    Reading::Quantity {
        cmp: Some(cmp),
        value: v.parse().unwrap_or_default(),
        unit,
    }
}

#[test]
fn targets_with_signs_and_words() {
    let pct = || RowUnit::Word(UnitWord::Percent);
    assert_eq!(target("≥95%"), q(Cmp::AtLeast, "0.95", pct()));
    assert_eq!(target("＞＝９５％"), q(Cmp::AtLeast, "0.95", pct()));
    assert_eq!(target("不低于95%"), q(Cmp::AtLeast, "0.95", pct()));
    assert_eq!(target("95%以上"), q(Cmp::AtLeast, "0.95", pct()));
    assert_eq!(
        target("≤15.2 万元"),
        q(Cmp::AtMost, "15.2", RowUnit::Word(UnitWord::Wanyuan))
    );
    assert_eq!(
        target("15.2万元以内"),
        q(Cmp::AtMost, "15.2", RowUnit::Word(UnitWord::Wanyuan))
    );
    assert_eq!(target("不超过3次"), {
        q(
            Cmp::AtMost,
            "3",
            RowUnit::Word(UnitWord::Count(CountWord::Times)),
        )
    });
    // A bare number states no direction; ＝ states equality.
    let bare = |v: &str, unit| Reading::Quantity {
        cmp: None,
        value: v.parse().unwrap_or_default(),
        unit,
    };
    assert_eq!(target("14"), bare("14", RowUnit::None));
    assert_eq!(bare_direction(Decimal::from(14)), Cmp::AtLeast);
    assert_eq!(target("＝100%"), q(Cmp::Equal, "1", pct()));
    assert_eq!(
        target("等于3次"),
        q(
            Cmp::Equal,
            "3",
            RowUnit::Word(UnitWord::Count(CountWord::Times))
        )
    );
    assert_eq!(target("<5%"), q(Cmp::Below, "0.05", pct()));
    assert_eq!(
        target("≥5吨"),
        q(Cmp::AtLeast, "5", RowUnit::Other("吨".into()))
    );
}

#[test]
fn zero_targets_are_upper_bounds() {
    let times = RowUnit::Word(UnitWord::Count(CountWord::Times));
    assert_eq!(
        target("0次"),
        Reading::Quantity {
            cmp: None,
            value: Decimal::ZERO,
            unit: times.clone()
        }
    );
    assert_eq!(bare_direction(Decimal::ZERO), Cmp::AtMost);
    assert_eq!(target("≤0"), q(Cmp::AtMost, "0", RowUnit::None));
    assert_eq!(
        target("投诉0起"),
        Reading::Quantity {
            cmp: None,
            value: Decimal::ZERO,
            unit: RowUnit::Other("起".into())
        }
    );
    assert_eq!(
        target("不超过0起"),
        q(Cmp::AtMost, "0", RowUnit::Other("起".into()))
    );
}

#[test]
fn deadlines_compounds_words() {
    let d = Date {
        year: None,
        month: 12,
        day: 31,
    };
    assert_eq!(target("12月31日之前"), Reading::Date(d));
    assert_eq!(target("年底前"), Reading::Date(d));
    assert_eq!(
        target("2023年6月底前"),
        Reading::Date(Date {
            year: Some(2023),
            month: 6,
            day: 30
        })
    );
    assert_eq!(
        target("1 个镇 4 个村"),
        Reading::Compound(vec![
            Part {
                value: Decimal::ONE,
                what: "个镇".into()
            },
            Part {
                value: Decimal::from(4),
                what: "个村".into()
            },
        ])
    );
    assert_eq!(target("提高"), Reading::Words("提高".into()));
    assert_eq!(target("得到保护"), Reading::Words("得到保护".into()));
    assert_eq!(
        target("严格控制在预算内"),
        Reading::Words("严格控制在预算内".into())
    );
    assert!(matches!(target("≥"), Reading::Unreadable(_)));
    assert!(matches!(target("≥9..5%"), Reading::Unreadable(_)));
    assert_eq!(actual("12月20日"), {
        Reading::Date(Date {
            year: None,
            month: 12,
            day: 20,
        })
    });
}

#[test]
fn actuals_fit_targets() {
    let wan = RowUnit::Word(UnitWord::Wanyuan);
    let yuan = RowUnit::Word(UnitWord::Yuan);
    let pct = RowUnit::Word(UnitWord::Percent);
    let person = RowUnit::Word(UnitWord::Count(CountWord::Person));
    assert_eq!(
        fit(&wan, Decimal::from(148_000), &yuan),
        Fit::Same(Decimal::new(148, 1))
    );
    assert_eq!(
        fit(&person, Decimal::ONE, &pct),
        Fit::Completion(Decimal::ONE)
    );
    assert_eq!(
        fit(&RowUnit::None, Decimal::ONE, &pct),
        Fit::Completion(Decimal::ONE)
    );
    assert_eq!(
        fit(&pct, Decimal::from(98), &RowUnit::None),
        Fit::Same(Decimal::new(98, 2))
    );
    assert_eq!(
        fit(
            &person,
            Decimal::ONE,
            &RowUnit::Word(UnitWord::Count(CountWord::PersonTime))
        ),
        Fit::Mismatch
    );
}

#[test]
fn an_actual_keeps_a_comparator_copied_from_the_target() {
    let read = |t: &str| match actual(t) {
        Reading::Quantity { cmp, value, .. } => Some((cmp, value.normalize().to_string())),
        _ => None,
    };
    assert_eq!(read("≥266米"), Some((Some(Cmp::AtLeast), "266".into())));
    assert_eq!(read("不少于30家"), Some((Some(Cmp::AtLeast), "30".into())));
    assert_eq!(read("≤15.2万元"), Some((Some(Cmp::AtMost), "15.2".into())));
    assert_eq!(read("<5次"), Some((Some(Cmp::Below), "5".into())));
    // How an actual is naturally said: no comparator.
    assert_eq!(read("达到95%"), Some((None, "0.95".into())));
    assert_eq!(read("超过100人"), Some((None, "100".into())));
    assert_eq!(read("266米"), Some((None, "266".into())));
}

#[test]
fn a_direction_column_reads_signs_and_words() {
    for (text, cmp) in [
        ("＝", Some(Cmp::Equal)),
        ("≥", Some(Cmp::AtLeast)),
        ("＞＝", Some(Cmp::AtLeast)),
        ("正向", Some(Cmp::AtLeast)),
        ("正向指标", Some(Cmp::AtLeast)),
        ("越大越好", Some(Cmp::AtLeast)),
        ("≤", Some(Cmp::AtMost)),
        ("反向", Some(Cmp::AtMost)),
        ("越小越好", Some(Cmp::AtMost)),
        // The comparators a target writes in words, each of them.
        ("不大于", Some(Cmp::AtMost)),
        ("不多于", Some(Cmp::AtMost)),
        ("不超过", Some(Cmp::AtMost)),
        ("多于", Some(Cmp::Above)),
        ("少于", Some(Cmp::Below)),
        ("不低于", Some(Cmp::AtLeast)),
        ("定量", None),
        ("", None),
    ] {
        let read = cmp.map_or(Direction::Unstated, Direction::Stated);
        assert_eq!(direction(text), read, "{text}");
    }
    assert_eq!(direction("看情况"), Direction::Unreadable);
    assert_eq!(direction("不大于10"), Direction::Unreadable);
}

#[test]
fn a_month_with_its_year_is_a_date_at_its_end() {
    let dec = Date {
        year: Some(2022),
        month: 12,
        day: 31,
    };
    assert_eq!(target("2022年12月"), Reading::Date(dec));
    assert_eq!(
        actual("2022年11月"),
        Reading::Date(Date {
            year: Some(2022),
            month: 11,
            day: 30
        })
    );
    // Without a year a month alone is no date.
    assert!(!matches!(actual("7月"), Reading::Date(_)));
}
