//! Numbers in workbook cells in the unit a person sees them in, with every digit the cell
//! holds. A workbook stores binary floats; Excel shows at most 15 significant digits, so a cell
//! holding 0.1+0.2 (stored 0.30000000000000004) is read as 0.3. A cell with a percent format
//! storing 0.88 is read as `88%`; a thousands format (`#,##0,`) is read in thousands; a date
//! format as a date. The places a format shows are display only: a cell showing `98%` that
//! holds 0.975 is read as `97.5%`, the figure the department entered (what the form is scored
//! on; rounding it to the display would change scores). The digits go straight into a decimal,
//! never back through a float.

use rust_decimal::Decimal;

/// The decimal Excel shows for `v` in the General format: `v` to 15 significant digits.
/// `None` for a value no decimal holds (infinite, not a number, beyond 10^28).
pub fn shown_number(v: f64) -> Option<Decimal> {
    if !v.is_finite() {
        return None;
    }
    // `{:.14e}`: one digit, the point and 14 more: 15 significant digits, correctly rounded.
    let s = format!("{v:.14e}");
    Decimal::from_scientific(&s).ok().map(|d| d.normalize())
}

/// The cell's text for a number stored as `v` with the number format `code` (`0.00%`,
/// `yyyy"年"m"月"d"日"`, `#,##0,` …): `88%`, `2022年12月31日`, `107.49`; a format that scales
/// by thousands (a trailing `,`) is applied exactly. `date1904`: the workbook counts days from
/// 1904.
///
/// # Errors
/// A message when the cell cannot be read as it shows: a value no decimal holds, or a format
/// that prints other digits than the number's (`0!.0000"万元"` shows 4800000 as 480.0000万元).
pub fn cell_text(v: f64, code: &str, date1904: bool) -> Result<String, String> {
    let bad = || format!("数值 {v} 无法表示为十进制数");
    if ["!.", "\\.", "\".\""].iter().any(|t| code.contains(t)) {
        return Err(format!(
            "数字格式 `{code}` 显示的数字与存的数字不同（插入了小数点），无法按显示读取；请把格式改为“常规”或“数值”"
        ));
    }
    match format_kind(code) {
        Format::Percent => {
            let p = shown_number(v * 100.0).ok_or_else(bad)?;
            Ok(format!("{}%", p.normalize()))
        }
        Format::Date => {
            let serial = if date1904 { v + 1462.0 } else { v };
            excel_date(serial).ok_or_else(|| format!("日期数值 {v} 超出范围"))
        }
        Format::Number => {
            let n = shown_number(v).ok_or_else(bad)?;
            // `#,##0,` shows thousands: 1234567 as 1,235 (the shown digits are n ÷ 1000).
            let scale = thousands(code);
            if scale == 0 {
                return Ok(n.to_string());
            }
            let mut d = n;
            for _ in 0..scale {
                d /= rust_decimal::Decimal::from(1000);
            }
            Ok(d.normalize().to_string())
        }
    }
}

/// How many times a format divides by 1000: the commas right after its last digit
/// placeholder (`#,##0,` once, `0.0,,` twice), outside quotes.
fn thousands(code: &str) -> u32 {
    let first = code.split(';').next().unwrap_or("");
    let mut quoted = false;
    let mut count = 0;
    let mut after_digit = false;
    for c in first.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                after_digit = false;
            }
            _ if quoted => {}
            '0' | '#' | '?' => {
                after_digit = true;
                count = 0;
            }
            ',' if after_digit => count += 1,
            '.' => {}
            _ => after_digit = false,
        }
    }
    // Only commas that end the number count (a comma between placeholders groups digits).
    count
}

enum Format {
    Number,
    Percent,
    Date,
}

/// What a number format shows: a percentage (`%` outside quotes), a date (`y`, `m` with `d`,
/// or a built-in date), or a number.
fn format_kind(code: &str) -> Format {
    // The first section only (positive numbers); text in quotes and escapes do not count.
    let mut plain = String::new();
    let mut quoted = false;
    let mut chars = code.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => quoted = !quoted,
            '\\' => {
                chars.next();
            }
            ';' if !quoted => break,
            '[' if !quoted => {
                // Colours and conditions: [Red], [>=100]; [$-804] locales.
                for d in chars.by_ref() {
                    if d == ']' {
                        break;
                    }
                }
            }
            c if !quoted => plain.push(c.to_ascii_lowercase()),
            _ => {}
        }
    }
    if plain.contains('%') {
        Format::Percent
    } else if plain.contains('y') || (plain.contains('m') && plain.contains('d')) {
        Format::Date
    } else {
        Format::Number
    }
}

/// The date of an Excel serial day number (1900 date system: 1 is 1900-01-01, and Excel's
/// phantom 1900-02-29 is day 60), as `2022年12月31日`; the time of day is dropped.
pub fn excel_date(serial: f64) -> Option<String> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let day = serial.floor() as i64;
    // Serial 25569 is 1970-01-01; before the phantom day the count runs one behind.
    let unix = match day {
        60 => return None,
        ..60 => day - 25_568,
        _ => day - 25_569,
    };
    let (y, m, d) = civil(unix + 719_468);
    Some(format!("{y}年{m}月{d}日"))
}

/// A day count since 0000-03-01 as (year, month, day) (H. Hinnant's civil_from_days).
fn civil(z: i64) -> (i64, i64, i64) {
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_float_is_read_in_the_digits_excel_shows() {
        assert_eq!(
            shown_number(0.1 + 0.2).map(|d| d.to_string()),
            Some("0.3".into())
        );
        assert_eq!(
            shown_number(107.49).map(|d| d.to_string()),
            Some("107.49".into())
        );
        assert_eq!(
            shown_number(1e20).map(|d| d.to_string()),
            Some("100000000000000000000".into())
        );
        assert_eq!(shown_number(f64::NAN), None);
        assert_eq!(cell_text(0.88, "0%", false).ok(), Some("88%".into()));
        assert_eq!(cell_text(0.955, "0.0%", false).ok(), Some("95.5%".into()));
        assert_eq!(cell_text(0.88, "General", false).ok(), Some("0.88".into()));
        assert_eq!(cell_text(5.0, "\"约\"0\"%\"", false).ok(), Some("5".into()));
        assert_eq!(
            cell_text(1_234_500.0, "#,##0,", false).ok(),
            Some("1234.5".into())
        );
        assert_eq!(
            cell_text(1_234_567.0, "#,##0", false).ok(),
            Some("1234567".into())
        );
        assert_eq!(
            cell_text(2_500_000.0, "0.0,,\"百万\"", false).ok(),
            Some("2.5".into())
        );
        assert!(cell_text(4_800_000.0, "0!.0000\"万元\"", false).is_err());
    }

    #[test]
    fn serial_days_are_dates() {
        assert_eq!(excel_date(44926.0), Some("2022年12月31日".into()));
        assert_eq!(excel_date(1.0), Some("1900年1月1日".into()));
        assert_eq!(excel_date(61.0), Some("1900年3月1日".into()));
        assert_eq!(
            cell_text(45107.0, "yyyy/m/d", false).ok(),
            Some("2023年6月30日".into())
        );
        // The 1904 system counts 1462 days fewer.
        assert_eq!(
            cell_text(43645.0, "yyyy/m/d", true).ok(),
            Some("2023年6月30日".into())
        );
        assert_eq!(excel_date(-3.0), None);
    }
}
