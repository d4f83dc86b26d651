//! Each parser error a report can meet, said in Chinese at its place.

use super::*;

fn yaml_of(text: &str) -> Explained {
    let e = serde_yaml::from_str::<serde_yaml::Value>(text).expect_err("an error");
    yaml(text, &e)
}

fn json_of(text: &str) -> Explained {
    let e = serde_json::from_str::<serde_json::Value>(text).expect_err("an error");
    json(text, &e)
}

/// No letters of the parser's English in a message.
fn chinese(x: &Explained) {
    for w in [
        "found", "expected", "mapping", "while", "invalid", "EOF", "line",
    ] {
        assert!(!x.message.contains(w), "{w} in {}", x.message);
    }
}

#[test]
fn tabs_quotes_colons_and_brackets() {
    let x = yaml_of("单位: 甲\n数据:\n\t编制数: 20\n");
    assert_eq!(x.message, "第 3 行用 Tab 缩进；YAML 只能用空格缩进");
    assert_eq!(x.at.0, "单位: 甲\n数据:\n".len());
    let x = yaml_of("单位: \"甲\n年度: 2020\n");
    assert!(
        x.message.starts_with("第 1 行的引号没有闭合"),
        "{}",
        x.message
    );
    assert_eq!(x.at.0, "单位: ".len());
    let x = yaml_of("单位: 甲\n年度：2020\n");
    assert_eq!(
        x.message,
        "第 2 行用了全角冒号 `：`，应写英文冒号加空格 `: `"
    );
    let x = yaml_of("单位: 甲\n数据:\n  编制数: 20\n   在职人员数: 21\n");
    assert_eq!(x.message, "第 4 行的缩进比上一行多了 1 个空格");
    let x = yaml_of("单位: 甲\n制度: [甲, 乙\n年度: 2020\n");
    assert!(
        x.message.starts_with("第 2 行的 `[` 没有对应的 `]`"),
        "{}",
        x.message
    );
    let x = yaml_of("理由: 原因: 未完成\n");
    assert_eq!(x.message, "第 1 行的值里又出现了 `: `（冒号加空格）");
    for x in [
        yaml_of("单位: 甲\n数据:\n\t编制数: 20\n"),
        yaml_of("a: *无\n"),
        yaml_of("a: !重要 x\n"),
        yaml_of("a: b\n---\nc: d\n"),
    ] {
        chinese(&x);
    }
}

#[test]
fn control_characters_are_found_where_they_are() {
    let text = "单位: 甲\u{0}\n年度: 2020\n";
    let x = refused_char(text).expect("a NUL");
    assert!(x
        .message
        .starts_with("第 1 行第 6 列有一个看不见的控制字符 U+0000（NUL 空字符）"));
    assert_eq!(x.at, ("单位: 甲".len(), "单位: 甲".len() + 1));
    assert!(refused_char("单位: 甲\t\n").is_none());
}

#[test]
fn nesting_is_bounded_before_parsing() {
    let deep = format!("附注: {}{}\n", "[".repeat(100), "]".repeat(100));
    let x = too_deep(&deep).expect("too deep");
    assert!(x.message.contains("嵌套超过 64 层"), "{}", x.message);
    assert!(too_deep("a: [[1, 2], {b: [3]}]\nc: \"[[[[\"\n# [[[[\n").is_none());
}

#[test]
fn json_errors_at_the_character() {
    let x = json_of("{\"单位\": \"甲\", \"年度\": 2020,}");
    assert_eq!(x.message, "第 1 行最后一项后面多了逗号");
    assert_eq!(x.at.0, "{\"单位\": \"甲\", \"年度\": 2020".len());
    let x = json_of("{\"单位\"： \"甲\"}");
    assert!(x.message.contains("全角冒号"), "{}", x.message);
    let x = json_of("{\"单位\": \"甲\", \"数据\": {\"a\": 1}");
    assert!(x.message.contains("没有对应的 `}`"), "{}", x.message);
    let x = json_of("{单位: 1}");
    assert!(x.message.contains("没有加英文双引号"), "{}", x.message);
    chinese(&x);
}
