//! Money as integer minor units of an ISO 4217 currency, and how it is written for people.
use iso_currency::Currency;

use crate::error::{CoreError, Result};

/// The currency for `code`, refusing codes ISO 4217 does not know.
pub fn currency(code: &str) -> Result<Currency> {
    Currency::from_code(code).ok_or_else(|| {
        CoreError::invalid(
            "currency",
            format!("{code:?} is not an ISO 4217 currency code"),
        )
    })
}

/// Digits after the decimal point (JPY 0, USD 2, KWD 3); funds and metals without one count as 0.
pub fn exponent(currency: Currency) -> u32 {
    currency.exponent().map(u32::from).unwrap_or(0)
}

/// Whether whole amounts drop their zero minor units ("$5,000") or always show them ("$5,000.00").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Exact,
    Round,
}

/// "$5,000", "-€12.50", "CA$1,653.75", "¥3,000", "KWD 1.500".
pub fn format(minor: i64, code: &str, style: Style) -> Result<String> {
    let currency = currency(code)?;
    let exponent = exponent(currency);
    let scale = 10u64.pow(exponent);
    let magnitude = minor.unsigned_abs();
    let (whole, fraction) = (magnitude / scale, magnitude % scale);
    let mut text = String::new();
    if minor < 0 {
        text.push('-');
    }
    text.push_str(&prefix(currency));
    text.push_str(&group_thousands(whole));
    if exponent > 0 && !(style == Style::Round && fraction == 0) {
        text.push('.');
        text.push_str(&format!("{fraction:0width$}", width = exponent as usize));
    }
    Ok(text)
}

/// The amount as a person would type it back in: "1250.00", "-3.10", "3000" (JPY), no symbol.
pub fn plain(minor: i64, code: &str) -> Result<String> {
    let exponent = exponent(currency(code)?);
    let scale = 10u64.pow(exponent);
    let magnitude = minor.unsigned_abs();
    let sign = if minor < 0 { "-" } else { "" };
    Ok(if exponent == 0 {
        format!("{sign}{magnitude}")
    } else {
        format!(
            "{sign}{}.{:0width$}",
            magnitude / scale,
            magnitude % scale,
            width = exponent as usize
        )
    })
}

fn prefix(currency: Currency) -> String {
    let symbol = currency.symbol().symbol;
    let code = currency.code();
    match symbol.as_str() {
        "$" if code == "USD" => "$".to_owned(),
        // Other dollars get their country letters, as in CLDR: CA$, AU$.
        "$" => format!("{}$", &code[..2]),
        "€" | "£" | "¥" | "₴" | "₹" | "₩" | "₪" | "₽" | "₺" | "₱" | "₦" | "₫" => {
            symbol
        }
        _ => format!("{code} "),
    }
}

fn group_thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_amounts_read_back_exactly() {
        assert_eq!(plain(125_000, "USD").unwrap(), "1250.00");
        assert_eq!(plain(-310, "USD").unwrap(), "-3.10");
        assert_eq!(plain(3_000, "JPY").unwrap(), "3000");
        assert_eq!(plain(1_500, "KWD").unwrap(), "1.500");
        // (Three-decimal currencies are not in this loop: "1.500" KWD is refused as ambiguous.)
        for (minor, code) in [(125_000, "USD"), (-310, "USD"), (3_000, "JPY"), (5, "KWD")] {
            let text = plain(minor, code).unwrap();
            assert_eq!(
                super::super::amount::parse(&text, code).unwrap(),
                Some(minor),
                "{text}"
            );
        }
    }

    #[test]
    fn formats_by_the_currency_exponent() {
        assert_eq!(format(500_000, "USD", Style::Round).unwrap(), "$5,000");
        assert_eq!(format(500_000, "USD", Style::Exact).unwrap(), "$5,000.00");
        assert_eq!(format(165_375, "CAD", Style::Round).unwrap(), "CA$1,653.75");
        assert_eq!(format(-1_250, "EUR", Style::Exact).unwrap(), "-€12.50");
        assert_eq!(format(3_000, "JPY", Style::Exact).unwrap(), "¥3,000");
        assert_eq!(format(1_500, "KWD", Style::Exact).unwrap(), "KWD 1.500");
        assert_eq!(format(5, "USD", Style::Exact).unwrap(), "$0.05");
        assert_eq!(
            format(12_345_678_900, "UAH", Style::Round).unwrap(),
            "₴123,456,789"
        );
        assert_eq!(
            format(1, "XYZ", Style::Exact).unwrap_err().code(),
            "invalid"
        );
    }
}
