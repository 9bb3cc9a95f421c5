//! Money under property tests: any amount written as exports and the window write it reads
//! back to the same minor units; the parts of an export always add up to its total, to the
//! minor unit; and converting parts one by one never drifts from converting their sum by more
//! than the half-units each rounding may move.
use proptest::prelude::*;
use readerdesk_core::fundraising::import::{self, ReadOptions};
use readerdesk_core::fundraising::money::{self, Style};
use readerdesk_core::fundraising::{amount, convert};
use readerdesk_core::model::DonationKind;

const CURRENCIES: [&str; 6] = ["USD", "EUR", "GBP", "JPY", "KWD", "CHF"];

fn currency() -> impl Strategy<Value = &'static str> {
    prop::sample::select(&CURRENCIES[..])
}

#[test]
fn an_amount_above_the_cap_is_refused_with_the_reason() {
    let over = money::plain(amount::MAX_MINOR + 1, "USD").unwrap();
    let err = amount::parse(&over, "USD").unwrap_err().to_string();
    assert!(err.contains("larger than any one payment"), "{err}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Up to the largest single amount the readers take (`amount::MAX_MINOR`).
    #[test]
    fn an_amount_written_out_reads_back_the_same(
        minor in -amount::MAX_MINOR..=amount::MAX_MINOR,
        code in currency(),
    ) {
        let plain = money::plain(minor, code).unwrap();
        prop_assert_eq!(amount::parse(&plain, code).unwrap(), Some(minor), "plain {}", plain);
        let shown = money::format(minor, code, Style::Exact).unwrap();
        prop_assert_eq!(amount::parse(&shown, code).unwrap(), Some(minor), "shown {}", shown);
    }

    #[test]
    fn converting_parts_never_drifts_from_converting_the_whole(
        parts in prop::collection::vec(0i64..10_000_000, 1..40),
        rate_micros in 1u32..5_000_000,
        from in currency(),
        to in currency(),
    ) {
        let rate = convert::parse_rate(&format!("{}.{:06}", rate_micros / 1_000_000, rate_micros % 1_000_000)).unwrap();
        let each: i64 = parts.iter().map(|p| convert::convert(*p, from, to, rate).unwrap()).sum();
        let whole = convert::convert(parts.iter().sum(), from, to, rate).unwrap();
        // Each part's rounding moves it by half a unit at most; so does the whole's.
        let bound = (parts.len() as i64 + 1) / 2 + 1;
        prop_assert!((each - whole).abs() <= bound, "{} vs {} over {} parts", each, whole, parts.len());
        // And a single amount is exact to the half unit: converting 0 is 0, the rate 1
        // between the same exponents is the identity.
        if money::exponent(money::currency(from).unwrap()) == money::exponent(money::currency(to).unwrap()) {
            prop_assert_eq!(convert::convert(parts[0], from, to, rust_decimal::Decimal::ONE).unwrap(), parts[0]);
        }
    }

    #[test]
    fn the_records_of_an_export_add_up_to_its_total(
        payments in prop::collection::vec((1i64..100_000_000, 0i64..100, 0u8..4), 1..60),
    ) {
        // A Stripe payments export: amount, fee (a share of it) and how much was refunded.
        let mut csv = String::from("id,Created date (UTC),Amount,Amount Refunded,Currency,Fee,Status\n");
        let (mut gross, mut fees, mut refunded) = (0i64, 0i64, 0i64);
        for (i, (cents, fee_share, refund)) in payments.iter().enumerate() {
            let fee = cents * fee_share / 1_000;
            let back = match refund { 0 => *cents, 1 => cents / 3, _ => 0 };
            gross += cents;
            fees += fee;
            refunded += back;
            let money = |m: i64| format!("\"{}\"", money::plain(m, "USD").unwrap());
            let back_text = if back == 0 { String::new() } else { money(back) };
            csv.push_str(&format!(
                "ch_{i},2024-05-{:02} 10:00:00,{},{back_text},usd,{},Paid\n",
                1 + i % 28,
                money(*cents),
                money(fee)
            ));
        }
        let parsed = import::read_bytes(csv.as_bytes(), "p.csv", None, &ReadOptions::default()).unwrap();
        prop_assert_eq!(parsed.skips().count(), 0);
        let records: Vec<_> = parsed.records().collect();
        let sum = |pick: &dyn Fn(&import::DonationRecord) -> Option<i64>| -> i64 {
            records.iter().filter_map(|r| pick(r)).sum()
        };
        let is_gift = |r: &import::DonationRecord| matches!(r.kind, DonationKind::OneTime | DonationKind::Recurring);
        prop_assert_eq!(sum(&|r| is_gift(r).then_some(r.gross_minor)), gross);
        prop_assert_eq!(sum(&|r| Some(r.fee_minor)), fees);
        prop_assert_eq!(sum(&|r| (!is_gift(r)).then_some(r.gross_minor)), -refunded);
        prop_assert_eq!(sum(&|r| Some(r.net_minor)), gross - fees - refunded);
    }
}
