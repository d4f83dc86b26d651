//! Numbers: read from their text straight to decimals (never through floats), and rounded
//! 四舍五入 at a number of places.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::base::units::UnitWord;

/// Rounds 四舍五入: half away from zero.
pub fn round(v: Decimal, places: u32) -> Decimal {
    Rounding::HalfUp.round(v, places)
}

/// How a scheme rounds each indicator's score at its places (`保留 2位小数 四舍五入`).
///
/// Counties differ: most round 四舍五入; some cut row scores to one decimal (稷山: 1.897 →
/// 1.8, 去尾) or carry any remainder up (进一). Both act on the size of the score: 去尾 goes
/// toward zero and 进一 away from it, so a negative score (a scheme with `可为负`) is cut or
/// carried the same way as its positive twin.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Rounding {
    /// 四舍五入: half away from zero.
    #[default]
    HalfUp,
    /// 去尾 (截尾): toward zero.
    Down,
    /// 进一: away from zero.
    Up,
}

impl Rounding {
    /// `v` rounded to `places` this way, written with exactly `places` decimals.
    pub fn round(self, v: Decimal, places: u32) -> Decimal {
        let mut r = v.round_dp_with_strategy(places, self.strategy());
        r.rescale(places);
        r
    }

    /// rust_decimal's strategy for it.
    pub fn strategy(self) -> RoundingStrategy {
        match self {
            Rounding::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            Rounding::Down => RoundingStrategy::ToZero,
            Rounding::Up => RoundingStrategy::AwayFromZero,
        }
    }

    /// The scheme's word for it.
    pub fn word(self) -> &'static str {
        match self {
            Rounding::HalfUp => "四舍五入",
            Rounding::Down => "去尾",
            Rounding::Up => "进一",
        }
    }
}

/// The most significant digits a report number may have.
pub const MAX_DIGITS: usize = 15;

/// Why a text is not a usable number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NumError {
    /// Not a number at all.
    NotNumber,
    /// More than [`MAX_DIGITS`] significant digits.
    TooManyDigits(usize),
    /// Too large to hold.
    TooLarge,
    /// More decimals than a decimal holds exactly (28): never rounded to a nearby number.
    TooFine,
    /// A comma that is no thousands separator (`8,8`, `1,000,00`, `71,6`) or a full-width
    /// comma (`1，5`): a decimal comma or a typo, either way not a number to guess at.
    Comma,
}

/// A number as written: its value, its unit word and whether it had a fraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    /// The value, exactly as written (`8.31` is 8.31).
    pub value: Decimal,
    /// The unit word after it, if any (`%`, `万元`, `人` …).
    pub unit: Option<UnitWord>,
}

/// Whether the whole part's comma groups are thousands: 1–3 digits, then groups of exactly 3
/// (`1,234,567`); a whole part without commas is one group of any length.
fn thousands(groups: &[usize]) -> bool {
    match groups.split_first() {
        Some((_, [])) | None => true,
        Some((first, rest)) => (1..=3).contains(first) && rest.iter().all(|g| *g == 3),
    }
}

/// Reads `8.31`, `-5`, `1,234.5`, `88%`, `１２`, `15.2万元`, `14 人`. A comma is read only as
/// a thousands separator in its place (`1,234`); any other comma is [`NumError::Comma`].
pub fn parse(text: &str) -> Result<Written, NumError> {
    let t = text.trim();
    match plain(t) {
        Some(value) => Ok(Written { value, unit: None }),
        None => general(t),
    }
}

/// [`parse`] of a trimmed text, every writing.
fn general(t: &str) -> Result<Written, NumError> {
    let mut digits = String::with_capacity(t.len());
    let mut chars = t.char_indices().peekable();
    if let Some((_, c)) = chars.peek() {
        match c {
            '-' | '−' | '－' => {
                digits.push('-');
                chars.next();
            }
            '+' | '＋' => {
                chars.next();
            }
            _ => {}
        }
    }
    let mut seen_digit = false;
    let mut seen_point = false;
    let mut rest = "";
    // Digits of the whole part in each comma-separated group (`1,234` → [1, 3]).
    let mut groups: Vec<usize> = vec![0];
    while let Some(&(i, c)) = chars.peek() {
        match c {
            '0'..='9' => digits.push(c),
            '０'..='９' => digits.push(char::from(b'0' + (c as u32 - '０' as u32) as u8)),
            '.' | '．' if !seen_point => {
                seen_point = true;
                digits.push('.');
                chars.next();
                continue;
            }
            ',' if seen_digit && !seen_point => {
                groups.push(0);
                chars.next();
                continue;
            }
            // A full-width comma, or a comma after the point: never a thousands separator.
            ',' | '，' if seen_digit => return Err(NumError::Comma),
            _ => {
                rest = &t[i..];
                break;
            }
        }
        if !seen_point {
            if let Some(g) = groups.last_mut() {
                *g += 1;
            }
        }
        seen_digit = true;
        chars.next();
    }
    if !seen_digit || digits.ends_with('.') {
        return Err(NumError::NotNumber);
    }
    if !thousands(&groups) {
        return Err(NumError::Comma);
    }
    let rest = rest.trim();
    let unit = if rest.is_empty() {
        None
    } else {
        Some(UnitWord::parse(rest).ok_or(NumError::NotNumber)?)
    };
    let significant = digits
        .chars()
        .filter(char::is_ascii_digit)
        .skip_while(|c| *c == '0')
        .count();
    if significant > MAX_DIGITS {
        return Err(NumError::TooManyDigits(significant));
    }
    // Exactly as written or not at all: `0.000…0001` with 30 decimals is not 0.
    let decimals = digits.split('.').nth(1).map_or(0, str::len);
    let value = Decimal::from_str_exact(&digits).map_err(|_| {
        if decimals > 28 {
            NumError::TooFine
        } else {
            NumError::TooLarge
        }
    })?;
    Ok(Written { value, unit })
}

/// The value of the commonest writing, ASCII `-?digits[.digits]` of at most [`MAX_DIGITS`]
/// digits, read without the general path's bookkeeping; `None` for anything else (which
/// [`parse`] reads in full). The digits are the same text the general path would hand to
/// the decimal reader, so the value is the same.
fn plain(t: &str) -> Option<Decimal> {
    let b = t.as_bytes();
    let body = b.strip_prefix(b"-").unwrap_or(b);
    if body.is_empty() || body.len() > MAX_DIGITS + 1 {
        return None;
    }
    let (whole, frac) = match body.iter().position(|&c| c == b'.') {
        Some(p) => (&body[..p], Some(&body[p + 1..])),
        None => (body, None),
    };
    let digits = |s: &[u8]| !s.is_empty() && s.iter().all(u8::is_ascii_digit);
    if !digits(whole)
        || !frac.is_none_or(digits)
        || whole.len() + frac.map_or(0, <[u8]>::len) > MAX_DIGITS
    {
        return None;
    }
    Decimal::from_str_exact(t).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap_or_default()
    }

    #[test]
    fn the_plain_reading_is_the_general_one() {
        let mut n = 0;
        for whole in [
            "",
            "0",
            "00",
            "7",
            "12",
            "123456789012345",
            "1234567890123456",
        ] {
            for frac in [
                None,
                Some(""),
                Some("0"),
                Some("50"),
                Some("000000000000001"),
            ] {
                for sign in ["", "-", "+"] {
                    let t = match frac {
                        Some(f) => format!("{sign}{whole}.{f}"),
                        None => format!("{sign}{whole}"),
                    };
                    let fast = plain(&t);
                    if let Some(v) = fast {
                        n += 1;
                        let full = general(&t).map(|w| (w.value, w.value.scale(), w.unit));
                        assert_eq!(Ok((v, v.scale(), None)), full, "{t}");
                    } else if let Ok(w) = general(&t) {
                        // Only what the plain reading leaves to the general path.
                        assert!(
                            sign == "+"
                                || whole.is_empty()
                                || w.unit.is_some()
                                || t.len() > MAX_DIGITS,
                            "{t}"
                        );
                    }
                }
            }
        }
        assert!(n > 20, "the plain reading took {n}");
    }

    #[test]
    fn reads_exactly_what_is_written() {
        assert_eq!(parse("8.31").map(|w| w.value), Ok(d("8.31")));
        assert_eq!(
            parse("10.50").map(|w| w.value.to_string()),
            Ok("10.50".to_string())
        );
        assert_eq!(parse("-5").map(|w| w.value), Ok(d("-5")));
        assert_eq!(parse("1,234.5").map(|w| w.value), Ok(d("1234.5")));
        assert_eq!(parse("１２．５").map(|w| w.value), Ok(d("12.5")));
    }

    #[test]
    fn reads_unit_words() {
        assert_eq!(
            parse("88%"),
            Ok(Written {
                value: d("88"),
                unit: Some(UnitWord::Percent)
            })
        );
        assert_eq!(
            parse("15.2 万元").map(|w| w.unit),
            Ok(Some(UnitWord::Wanyuan))
        );
        assert_eq!(
            parse("14人").map(|w| w.unit),
            Ok(Some(UnitWord::Count(crate::base::units::CountWord::Person)))
        );
    }

    #[test]
    fn reads_a_comma_only_as_a_thousands_separator() {
        assert_eq!(parse("1,000").map(|w| w.value), Ok(d("1000")));
        assert_eq!(parse("12,345,678.9").map(|w| w.value), Ok(d("12345678.9")));
        assert_eq!(parse("-1,234万元").map(|w| w.value), Ok(d("-1234")));
        for ambiguous in [
            "8,8", "71,6", "1,000,00", "1,,000", "1，5", "1,5%", "1.5,0", "1234,567", ",5",
        ] {
            let r = parse(ambiguous);
            assert!(
                matches!(r, Err(NumError::Comma | NumError::NotNumber)),
                "{ambiguous}: {r:?}"
            );
        }
        assert_eq!(parse("8,8"), Err(NumError::Comma));
        assert_eq!(parse("1，5"), Err(NumError::Comma));
        assert_eq!(parse("1,000,00"), Err(NumError::Comma));
    }

    #[test]
    fn refuses_what_is_not_a_number() {
        assert_eq!(parse("abc"), Err(NumError::NotNumber));
        assert_eq!(parse(""), Err(NumError::NotNumber));
        assert_eq!(parse("5."), Err(NumError::NotNumber));
        assert_eq!(parse("5 公斤"), Err(NumError::NotNumber));
    }

    #[test]
    fn refuses_more_than_fifteen_significant_digits() {
        assert_eq!(
            parse("0.1234567890123456"),
            Err(NumError::TooManyDigits(16))
        );
        assert!(parse("0.000123456789012345").is_ok());
        assert_eq!(
            parse("99999999999999999999999999999999"),
            Err(NumError::TooManyDigits(32))
        );
    }
}
