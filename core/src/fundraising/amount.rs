//! Amounts as payment exports write them ("1,653.75", "49,37", "4.626,81", "-0.54", "(12.00)",
//! "$ 5", "€1.234,50", "1 234,56", blank) read into integer minor units of a known currency.
//! Text that could mean two amounts is an error naming why, never a guess; no floating point.
use super::money;
use crate::error::{CoreError, Result};

/// Reads `text` as an amount of `currency` in minor units. Blank text is `Ok(None)`.
pub fn parse(text: &str, currency: &str) -> Result<Option<i64>> {
    let exponent = money::exponent(money::currency(currency)?);
    let bad = |why: &str| CoreError::invalid("amount", format!("{text:?}: {why}"));

    let mut s: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\t'))
        .collect();
    if s.is_empty() {
        return Ok(None);
    }
    // One sign at most, written as a minus before or after, or as accounting parentheses;
    // it may stand after the currency symbol ("$-12.00").
    let mut signs = 0;
    if s.starts_with('(') && s.ends_with(')') {
        signs += 1;
        s = s[1..s.len() - 1].to_owned();
    }
    s = s.replace('\u{2212}', "-");
    if let Some(rest) = s.strip_prefix('-') {
        signs += 1;
        s = rest.to_owned();
    }
    if let Some(rest) = s.strip_suffix('-') {
        signs += 1;
        s = rest.to_owned();
    }
    let mut s = strip_currency(&s, currency).map_err(|why| bad(&why))?;
    if let Some(rest) = s.strip_prefix('-') {
        signs += 1;
        s = rest;
    }
    if signs > 1 {
        return Err(bad("more than one sign"));
    }
    let negative = signs == 1;
    if s.is_empty()
        || !s
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',' || c == '\'')
    {
        return Err(bad(
            "not an amount (only digits, one sign, separators and the currency may appear)",
        ));
    }
    if !s.starts_with(|c: char| c.is_ascii_digit()) && !s.starts_with(['.', ',']) {
        return Err(bad("not an amount"));
    }

    let (whole, fraction) = split(s, exponent).map_err(|why| bad(&why))?;
    if fraction.len() > exponent as usize {
        return Err(bad(&format!(
            "{currency} has {exponent} decimal places; this has {}",
            fraction.len()
        )));
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| bad("too large"))?
    };
    let mut fraction_minor: i64 = if fraction.is_empty() {
        0
    } else {
        fraction.parse().map_err(|_| bad("not an amount"))?
    };
    for _ in fraction.len()..exponent as usize {
        fraction_minor *= 10;
    }
    let minor = whole
        .checked_mul(10i64.pow(exponent))
        .and_then(|w| w.checked_add(fraction_minor))
        .ok_or_else(|| bad("too large"))?;
    if minor > MAX_MINOR {
        return Err(bad(&format!(
            "larger than any one payment can be ({} minor units at most); check the column",
            MAX_MINOR
        )));
    }
    Ok(Some(if negative { -minor } else { minor }))
}

/// The largest single amount read (a billion in a currency with cents): nothing a newsroom is
/// paid in one go comes near it, and with it no file's sums can overflow (2^63 minor units
/// would take more than 92 million such rows).
pub const MAX_MINOR: i64 = 100_000_000_000;

/// Currency symbols exports write, and the currencies each may stand for.
const SYMBOLS: &[(&str, &[&str])] = &[
    ("US$", &["USD"]),
    ("CA$", &["CAD"]),
    ("AU$", &["AUD"]),
    ("NZ$", &["NZD"]),
    ("R$", &["BRL"]),
    (
        "$",
        &[
            "USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN", "ARS", "CLP", "COP", "TWD",
        ],
    ),
    ("€", &["EUR"]),
    ("£", &["GBP"]),
    ("¥", &["JPY", "CNY"]),
    ("₴", &["UAH"]),
    ("₹", &["INR"]),
    ("zł", &["PLN"]),
    ("kr", &["SEK", "NOK", "DKK", "ISK"]),
    ("CHF", &["CHF"]),
];

/// Takes the currency's code or symbol off either end. A symbol of another currency ("€12.00"
/// in a dollar row) is an error: which of the two is right cannot be known.
fn strip_currency<'a>(s: &'a str, currency: &str) -> std::result::Result<&'a str, String> {
    let mut s = s;
    let code = currency.to_ascii_uppercase();
    for _ in 0..2 {
        let before = s;
        if let Some(rest) = s
            .strip_prefix(code.as_str())
            .or_else(|| s.strip_suffix(code.as_str()))
        {
            s = rest;
        }
        for (symbol, currencies) in SYMBOLS {
            if let Some(rest) = s.strip_prefix(symbol).or_else(|| s.strip_suffix(symbol)) {
                // Beyond the list, "$" stands for any currency whose own symbol has one
                // (Jamaican, Fijian, Brunei dollars, ...).
                let dollar_like = *symbol == "$"
                    && money::currency(&code).is_ok_and(|c| c.symbol().symbol.contains('$'));
                if !currencies.contains(&code.as_str()) && !dollar_like {
                    return Err(format!(
                        "written in {symbol}, which is not {code}, the currency of this row"
                    ));
                }
                s = rest;
                break;
            }
        }
        if s == before {
            break;
        }
    }
    Ok(s)
}

/// Splits the digits into whole and fraction, deciding which separator is the decimal one.
fn split(s: &str, exponent: u32) -> std::result::Result<(String, String), String> {
    let dots = s.matches('.').count();
    let commas = s.matches(',').count();
    let (decimal, grouping): (Option<char>, Vec<char>) = match (dots, commas) {
        (0, 0) => (None, vec!['\'']),
        (d, c) if d > 0 && c > 0 => {
            // Both appear: the last one is the decimal point, and it appears once.
            let last = if s.rfind('.') > s.rfind(',') {
                '.'
            } else {
                ','
            };
            let other = if last == '.' { ',' } else { '.' };
            if s.matches(last).count() != 1 {
                return Err(format!(
                    "{last:?} appears more than once after the last {other:?}"
                ));
            }
            (Some(last), vec![other, '\''])
        }
        (d, 0) if d > 1 => (None, vec!['.', '\'']),
        (0, c) if c > 1 => (None, vec![',', '\'']),
        _ => {
            // One separator, once: a decimal point, or a thousands separator?
            let sep = if dots == 1 { '.' } else { ',' };
            let (head, tail) = s.split_once(sep).unwrap_or((s, ""));
            let grouped_shape = tail.len() == 3
                && !head.is_empty()
                && head.len() <= 3
                && !head.replace('\'', "").starts_with('0');
            if tail.len() == 3 && exponent == 3 && grouped_shape {
                return Err(format!(
                    "the {sep:?} could be a decimal point or a thousands separator"
                ));
            }
            if grouped_shape && tail.len() as u32 > exponent {
                (None, vec![sep, '\''])
            } else {
                (Some(sep), vec!['\''])
            }
        }
    };
    let (whole_part, fraction) = match decimal {
        Some(point) => {
            let (w, f) = s.rsplit_once(point).unwrap_or((s, ""));
            if f.contains(['.', ',', '\'']) {
                return Err("a separator after the decimal point".into());
            }
            (w, f)
        }
        None => (s, ""),
    };
    let whole = ungroup(whole_part, &grouping)?;
    Ok((whole, fraction.to_owned()))
}

/// Removes thousands separators, checking that they stand every three digits.
fn ungroup(s: &str, grouping: &[char]) -> std::result::Result<String, String> {
    let groups: Vec<&str> = s.split(|c| grouping.contains(&c)).collect();
    if groups.len() > 1 {
        let first_ok = !groups[0].is_empty() && groups[0].len() <= 3;
        if !first_ok || groups[1..].iter().any(|g| g.len() != 3) {
            return Err("thousands separators must stand every three digits".into());
        }
    }
    let digits: String = groups.concat();
    if digits.contains(['.', ',', '\'']) {
        return Err("mixed separators".into());
    }
    Ok(digits)
}

#[cfg(test)]
mod tests {
    use super::parse;

    fn usd(text: &str) -> Option<i64> {
        parse(text, "USD").unwrap_or_else(|err| panic!("{text:?}: {err}"))
    }

    #[test]
    fn a_symbol_of_another_currency_is_an_error_not_a_guess() {
        for (text, currency) in [
            ("€12.00", "USD"),
            ("12,00 €", "GBP"),
            ("R$ 5", "USD"),
            ("£3", "EUR"),
        ] {
            let err = parse(text, currency).unwrap_err();
            assert!(
                err.to_string().contains("which is not"),
                "{text} in {currency}: {err}"
            );
        }
        assert_eq!(parse("€12.00", "EUR").unwrap(), Some(1200));
        assert_eq!(parse("CA$ 5.00", "CAD").unwrap(), Some(500));
        assert_eq!(
            parse("$5.00", "CAD").unwrap(),
            Some(500),
            "$ stands for several dollars"
        );
        assert_eq!(parse("R$ 5,00", "BRL").unwrap(), Some(500));
        assert_eq!(parse("120 kr", "SEK").unwrap(), Some(12000));
        assert_eq!(parse("¥3,000", "JPY").unwrap(), Some(3000));
        assert_eq!(
            parse("$10.00", "JMD").unwrap(),
            Some(1000),
            "a dollar ISO lists with $"
        );
    }

    #[test]
    fn reads_the_ways_exports_write_amounts() {
        assert_eq!(usd("1,653.75"), Some(165_375));
        assert_eq!(usd("49,37"), Some(4_937));
        assert_eq!(usd("4.626,81"), Some(462_681));
        assert_eq!(usd("-0.54"), Some(-54));
        assert_eq!(usd("(12.00)"), Some(-1_200));
        assert_eq!(usd("$5"), Some(500));
        assert_eq!(usd("$ 1,234"), Some(123_400));
        assert_eq!(usd("1 234,56"), Some(123_456));
        assert_eq!(usd("1\u{a0}234.5"), Some(123_450));
        assert_eq!(usd("1'234.50"), Some(123_450));
        assert_eq!(usd("USD 20.00"), Some(2_000));
        assert_eq!(usd("20.00 USD"), Some(2_000));
        assert_eq!(usd("12.50-"), Some(-1_250));
        assert_eq!(usd("$-3.10"), Some(-310));
        assert_eq!(usd(".5"), Some(50));
        assert_eq!(usd("1.234.567,89"), Some(123_456_789));
        assert_eq!(usd("1,234,567"), Some(123_456_700));
        assert_eq!(usd(""), None);
        assert_eq!(usd("   "), None);
        assert_eq!(parse("€1.234,50", "EUR").unwrap(), Some(123_450));
        assert_eq!(parse("3000", "JPY").unwrap(), Some(3_000));
        assert_eq!(parse("¥3,000", "JPY").unwrap(), Some(3_000));
        assert_eq!(parse("1.500", "KWD").unwrap_err().code(), "invalid");
        assert_eq!(parse("1.5", "KWD").unwrap(), Some(1_500));
    }

    #[test]
    fn ambiguous_or_malformed_text_is_an_error_that_says_why() {
        for (text, currency, why) in [
            ("1,234", "KWD", "could be a decimal point"),
            ("0.345", "USD", "decimal places"),
            ("--5", "USD", "more than one sign"),
            ("(-5)", "USD", "more than one sign"),
            ("1.2.3", "USD", "every three digits"),
            ("12,34,56", "USD", "every three digits"),
            ("1,23.45", "USD", "every three digits"),
            ("1.234,5,6", "USD", "more than once"),
            ("ten dollars", "USD", "not an amount"),
            ("1e5", "USD", "not an amount"),
            ("0x10", "USD", "not an amount"),
            ("99999999999999999999", "USD", "too large"),
            ("1.5", "JPY", "0 decimal places"),
        ] {
            let err = parse(text, currency).unwrap_err();
            assert_eq!(err.code(), "invalid", "{text}");
            let message = err.to_string();
            assert!(message.contains(why), "{text}: {message}");
            assert!(
                message.contains(&format!("{text:?}")),
                "names the text: {message}"
            );
        }
        assert_eq!(parse("1", "XXZ").unwrap_err().code(), "invalid");
    }
}
