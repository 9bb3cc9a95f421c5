//! Money from one currency into another, in decimal arithmetic (never floating point).
//!
//! Rule: `minor_from / 10^exp(from) × rate`, then rounded to the target currency's minor unit
//! half to even (banker's rounding, so many conversions do not drift up together). The rate is
//! the one entered or imported for that pair on the gift's day, or the latest before it; the
//! inverse pair is used (1 / rate) when only that one is known. A provider's own converted
//! amount (Stripe's "Converted Amount", Donorbox's "Amount in USD") is preferred to any rate.
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};

use super::money;
use crate::error::{CoreError, Result};

/// Parses a rate as typed or stored ("1.0842"): positive decimal text.
pub fn parse_rate(text: &str) -> Result<Decimal> {
    let rate = Decimal::from_str(text.trim())
        .map_err(|_| CoreError::invalid("rate", format!("{text:?} is not a decimal number")))?;
    if rate <= Decimal::ZERO {
        return Err(CoreError::invalid(
            "rate",
            format!("{text:?}: a rate must be above zero"),
        ));
    }
    Ok(rate)
}

/// `minor` units of `from` in minor units of `to` at `rate` (1 `from` = rate `to`).
pub fn convert(minor: i64, from: &str, to: &str, rate: Decimal) -> Result<i64> {
    let from_exp = money::exponent(money::currency(from)?);
    let to_exp = money::exponent(money::currency(to)?);
    let overflow = || CoreError::invalid("amount", "the converted amount is too large");
    let value = Decimal::from(minor)
        .checked_mul(rate)
        .ok_or_else(overflow)?
        .checked_mul(Decimal::from(10i64.pow(to_exp)))
        .ok_or_else(overflow)?
        .checked_div(Decimal::from(10i64.pow(from_exp)))
        .ok_or_else(overflow)?;
    let rounded = value.round_dp_with_strategy(0, RoundingStrategy::MidpointNearestEven);
    i64::try_from(rounded).map_err(|_| overflow())
}

/// 1 / rate, for the inverse pair.
pub fn inverse(rate: Decimal) -> Result<Decimal> {
    Decimal::ONE
        .checked_div(rate)
        .ok_or_else(|| CoreError::invalid("rate", "the rate cannot be inverted"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_between_exponents_with_bankers_rounding() {
        let r = |t: &str| parse_rate(t).unwrap();
        assert_eq!(convert(10_000, "EUR", "USD", r("1.0842")).unwrap(), 10_842);
        // 1.005 USD → 1 USD (0.5 of a cent to even: 100), 1.015 → 102.
        assert_eq!(convert(1_005, "USD", "USD", r("0.1")).unwrap(), 100);
        assert_eq!(convert(1_015, "USD", "USD", r("0.1")).unwrap(), 102);
        // JPY has no minor unit, KWD three.
        assert_eq!(convert(1_000, "JPY", "USD", r("0.0067")).unwrap(), 670);
        assert_eq!(convert(100, "USD", "KWD", r("0.3071")).unwrap(), 307);
        assert_eq!(convert(-2_500, "EUR", "USD", r("1.1")).unwrap(), -2_750);
        assert!(
            parse_rate("0").is_err() && parse_rate("1,2").is_err() && parse_rate("-1").is_err()
        );
        assert_eq!(inverse(r("4")).unwrap(), r("0.25"));
    }

    #[test]
    fn many_conversions_do_not_drift() {
        // Converting 1,000 gifts one by one equals converting their sum, within half a
        // minor unit per gift, and banker's rounding keeps the signed error near zero.
        let rate = parse_rate("1.0837").unwrap();
        let gifts: Vec<i64> = (0..1000).map(|i| 500 + (i * 37) % 9_000).collect();
        let each: i64 = gifts
            .iter()
            .map(|g| convert(*g, "EUR", "USD", rate).unwrap())
            .sum();
        let whole = convert(gifts.iter().sum(), "EUR", "USD", rate).unwrap();
        assert!((each - whole).abs() <= 20, "each {each} whole {whole}");
    }
}
