//! Cells of the workbooks: decimals as numbers in a number format of their places, and the
//! figures a department or the bureau wrote with every decimal they have.

use rust_decimal::prelude::ToPrimitive as _;
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, Worksheet, XlsxError};

/// Writes `v` as a number cell in `format` (its places), or a blank cell in it when there is no
/// value. Excel holds numbers as binary doubles, so the decimal is converted here, for the file
/// alone; a decimal without a double (none of 28 digits or fewer) is written as its text.
pub(super) fn decimal(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    v: Option<Decimal>,
    format: &Format,
) -> Result<(), XlsxError> {
    match v {
        Some(v) => match v.to_f64() {
            Some(x) => ws.write_number_with_format(row, col, x, format)?,
            None => ws.write_string_with_format(row, col, v.to_string(), format)?,
        },
        None => ws.write_blank(row, col, format)?,
    };
    Ok(())
}

/// [`decimal`] for a figure a department or the bureau wrote (自评, 核定), or a difference with
/// one: shown with every decimal it has, at least the `format`'s `places`, as
/// `base::quantity::fmt_given` says it.
pub(super) fn given(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    v: Option<Decimal>,
    format: &Format,
    places: u32,
) -> Result<(), XlsxError> {
    let scale = v.map_or(0, |d| d.normalize().scale());
    if scale > places {
        let wider = format.clone().set_num_format(number_format(scale));
        decimal(ws, row, col, v, &wider)
    } else {
        decimal(ws, row, col, v, format)
    }
}

pub(super) fn number_format(places: u32) -> String {
    if places == 0 {
        "0".into()
    } else {
        format!("0.{}", "0".repeat(places as usize))
    }
}
