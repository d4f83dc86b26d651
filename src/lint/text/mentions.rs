//! The numbers of a 评价标准 text, each with its unit and the role its wording gives it.

use rust_decimal::Decimal;

/// The unit a number of the text is written with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Unit {
    /// `%`, `％`, `个百分点`.
    Percent,
    /// `分`.
    Points,
    /// `万元`, `元`.
    Money,
    /// A count word (`人`, `例`, `次` …) or none.
    Plain,
}

/// Which end of its band a number marked （含） is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    /// `90%（含）以上`, `80%（含）-90%`: the band starts here.
    Lower,
    /// `100%以下（含）`, `0-10%（含）`: the band ends here.
    Upper,
}

/// A number in the text.
#[derive(Debug, Clone)]
pub(super) struct Mention {
    pub(super) value: Decimal,
    pub(super) unit: Unit,
    /// Written after 每: a step.
    pub(super) step: bool,
    /// Written as 扣N分: a deduction.
    pub(super) deduct: bool,
    /// Stated as a cap (最高, 封顶, 上限, 不超过, 超过…按…计, …为限).
    pub(super) cap: bool,
    /// Marked （含）, with the end it is, when the wording says.
    pub(super) incl: Option<Side>,
    /// Byte range in the text.
    pub(super) at: (usize, usize),
}

/// The value of an ASCII or full-width digit.
fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// The value of a Chinese digit (零 … 九, 两).
fn han_digit(c: char) -> Option<u32> {
    Some(match c {
        '零' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// Measure words after which a Chinese numeral counts as a number (`一个百分点`, `一例`).
const MEASURES: &[&str] = &["个", "例", "次", "项", "人", "件", "家", "篇", "户", "档"];

/// Reads the numbers of a text.
pub(super) fn mentions(text: &str) -> Vec<Mention> {
    let t = Chars::new(text);
    let mut out = Vec::new();
    let mut k = 0;
    while k < t.chars.len() {
        let start = k;
        let (value, next) = t.number(k);
        k = next;
        let Some(value) = value else {
            k += 1;
            continue;
        };
        let Some((unit, skip)) = unit_after(t.rest(k)) else {
            // A date or a year, not a rule's number.
            k += 1;
            continue;
        };
        let end = k + skip;
        k = end;
        // 每 within a few characters before (not across a clause): a step.
        let before: String = t.chars[start.saturating_sub(8)..start]
            .iter()
            .map(|c| c.1)
            .collect();
        let (step, deduct) = roles(&before, unit);
        let incl = t.inclusive(start, k, &before);
        let cap = is_cap(&before, t.rest(k));
        out.push(Mention {
            value,
            unit,
            step,
            deduct,
            cap,
            incl,
            at: (t.offset(start), t.offset(end)),
        });
    }
    out
}

/// A text as characters with their byte offsets.
struct Chars<'t> {
    text: &'t str,
    chars: Vec<(usize, char)>,
}

impl<'t> Chars<'t> {
    /// The characters of `text`.
    fn new(text: &'t str) -> Self {
        Chars {
            text,
            chars: text.char_indices().collect(),
        }
    }

    /// The `k`th character.
    fn at(&self, k: usize) -> Option<char> {
        self.chars.get(k).map(|c| c.1)
    }

    /// The byte offset of the `k`th character (the text's length past the end).
    fn offset(&self, k: usize) -> usize {
        self.chars.get(k).map_or(self.text.len(), |c| c.0)
    }

    /// The text from the `k`th character on.
    fn rest(&self, k: usize) -> &'t str {
        &self.text[self.offset(k)..]
    }

    /// The number starting at character `k`, if one does, and where reading stopped.
    fn number(&self, mut k: usize) -> (Option<Decimal>, usize) {
        let chars = &self.chars;
        let at = |k: usize| self.at(k);
        let rest = |k: usize| self.rest(k);
        // Digits with an optional fraction, ASCII or full-width.
        let mut value: Option<Decimal> = None;
        if digit(chars[k].1).is_some() {
            let mut s = String::new();
            while let Some(d) = at(k).and_then(digit) {
                s.push(char::from_digit(d, 10).unwrap_or('0'));
                k += 1;
            }
            if matches!(at(k), Some('.' | '．')) && at(k + 1).and_then(digit).is_some() {
                s.push('.');
                k += 1;
                while let Some(d) = at(k).and_then(digit) {
                    s.push(char::from_digit(d, 10).unwrap_or('0'));
                    k += 1;
                }
            }
            value = s.parse().ok();
        } else if let Some(d) = han_digit(chars[k].1).or((chars[k].1 == '十').then_some(1)) {
            // 一 … 九十九, only before a measure word: 一般, 统一 are not numbers.
            let mut n = if chars[k].1 == '十' { 10 } else { d };
            let mut j = k + 1;
            if chars[k].1 != '十' && at(j) == Some('十') {
                n *= 10;
                j += 1;
            }
            if let Some(u) = at(j).and_then(han_digit) {
                if n >= 10 {
                    n += u;
                    j += 1;
                }
            }
            if MEASURES.iter().any(|m| rest(j).starts_with(m)) {
                value = Some(Decimal::from(n));
                k = j;
            }
        }
        (value, k)
    }

    /// The end a number between characters `start` and `k` is of its band, when it is marked
    /// （含）; `before` is the text just before it.
    fn inclusive(&self, start: usize, k: usize, before: &str) -> Option<Side> {
        // （含） after the number, before or after 以上/以下.
        let r = self.rest(k);
        let mut incl = None;
        let (mut tail, mut marked) = (r, false);
        if let Some(n) = incl_mark(tail) {
            marked = true;
            tail = &tail[n..];
        }
        let dir = if tail.starts_with("以上") || tail.starts_with("及以上") {
            Some(Side::Lower)
        } else if tail.starts_with("以下") || tail.starts_with("及以下") {
            Some(Side::Upper)
        } else {
            None
        };
        if let Some(d) = dir {
            let word = if tail.starts_with('及') { 9 } else { 6 };
            if marked || incl_mark(&tail[word..]).is_some() {
                incl = Some(d);
            }
        } else if marked {
            let prev = start.checked_sub(1).and_then(|k| self.at(k));
            if tail.chars().next().is_some_and(range_dash) {
                incl = Some(Side::Lower);
            } else if prev.is_some_and(range_dash) || before.chars().any(range_dash) {
                incl = Some(Side::Upper);
            }
        }
        incl
    }
}

/// Whether a number after the text `before` (a few characters of its clause) and before
/// `after` is stated as a cap: `最高10分`, `封顶100%`, `超过100%的按100%计`, `以100%为限`.
fn is_cap(before: &str, after: &str) -> bool {
    let clause = before
        .rsplit(['，', '。', '；', ',', ';', '：'])
        .next()
        .unwrap_or("");
    const BEFORE: [&str; 6] = ["封顶", "最高", "上限", "不超过", "最多", "超过"];
    const AFTER: [&str; 3] = ["封顶", "为限", "为上限"];
    let after =
        after.trim_start_matches(|c: char| c.is_whitespace() || "%％个百分点万元分".contains(c));
    BEFORE.iter().any(|w| clause.contains(w)) || AFTER.iter().any(|w| after.starts_with(w))
}

/// The unit written at the start of `r` (after blanks: `10 分`) and how many characters it
/// takes; `None` for a date.
fn unit_after(r: &str) -> Option<(Unit, usize)> {
    let blanks = r
        .chars()
        .take_while(|c| *c == ' ' || *c == '\u{3000}')
        .count();
    let rest = r.trim_start_matches([' ', '\u{3000}']);
    let mut unit = Unit::Plain;
    let mut skip = 0;
    for (word, u) in [
        ("个百分点", Unit::Percent),
        ("百分点", Unit::Percent),
        ("%", Unit::Percent),
        ("％", Unit::Percent),
        ("万元", Unit::Money),
        ("元", Unit::Money),
        ("分", Unit::Points),
    ] {
        if rest.starts_with(word) {
            unit = u;
            skip = blanks + word.chars().count();
            break;
        }
    }
    if ["年", "月", "日", "号"].iter().any(|w| r.starts_with(w)) {
        return None;
    }
    if unit == Unit::Plain {
        if let Some(m) = MEASURES.iter().find(|m| r.starts_with(**m)) {
            skip = m.chars().count();
        }
    }
    Some((unit, skip))
}

/// Whether a number with `unit` after the text `before` is a step (after 每) and whether it
/// is a deduction (扣N分), as `(step, deduct)`.
fn roles(before: &str, unit: Unit) -> (bool, bool) {
    let clause = before
        .rsplit(['，', '。', '；', ',', ';', '：'])
        .next()
        .unwrap_or("");
    let deduct = unit == Unit::Points && (clause.ends_with('扣') || clause.ends_with("扣除"));
    let step = clause.contains('每') && !deduct;
    (step, deduct)
}

/// The length of a （含） mark at the start of `s`.
fn incl_mark(s: &str) -> Option<usize> {
    ["（含）", "(含)", "（含", "(含"]
        .iter()
        .find(|m| s.starts_with(**m))
        .map(|m| m.len())
}

/// Whether `c` joins the two ends of a range (`80%-90%`, `80%至90%`).
fn range_dash(c: char) -> bool {
    matches!(c, '-' | '－' | '—' | '~' | '～' | '至' | '到')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(text: &str) -> Vec<String> {
        mentions(text)
            .iter()
            .map(|m| {
                format!(
                    "{}{:?}{}{}{}",
                    m.value,
                    m.unit,
                    if m.step { " step" } else { "" },
                    if m.deduct { " deduct" } else { "" },
                    m.incl.map_or(String::new(), |s| format!(" {s:?}"))
                )
            })
            .collect()
    }

    #[test]
    fn reads_the_numbers_of_a_standard() {
        assert_eq!(
            show("以100%为标准。在职人员控制率≦100%，计5分；每超过一个百分点扣0.5分，扣完为止。"),
            [
                "100Percent",
                "100Percent",
                "5Points",
                "1Percent step",
                "0.5Points deduct"
            ]
        );
        assert_eq!(
            show("90%（含）以上计6分；80%（含）-90%，计4分；低于70%计0分。"),
            [
                "90Percent Lower",
                "6Points",
                "80Percent Lower",
                "90Percent",
                "4Points",
                "70Percent",
                "0Points"
            ]
        );
        assert_eq!(
            show("预算控制率=0，计5分；0-10%（含），计4分；100%以下（含）计满分"),
            [
                "0Plain",
                "5Points",
                "0Plain",
                "10Percent Upper",
                "4Points",
                "100Percent Upper"
            ]
        );
        assert_eq!(
            show("每出现一例不符合要求的扣1分；一般3分；根据2015年考核"),
            ["1Plain step", "1Points deduct", "3Points"]
        );
    }
}
