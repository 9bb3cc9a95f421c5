//! The money a campaign took in during the period: gross, fees, refunds and the amount raised
//! on its basis, the gifts with their average and median, the recurring share, and the
//! one-time gifts of the last 30 and 90 days the projection paces on.
use rust_decimal::{Decimal, RoundingStrategy};

use super::period::Scope;
use super::{Behind, Ratio, Row};
use crate::error::{CoreError, Result};
use crate::fundraising::snapshot::{Snapshot, RECURRING};

#[derive(Default)]
pub(super) struct Raised {
    /// Every row's gross, refunds (negative) included.
    pub gross: i64,
    pub fees: i64,
    /// Refunds and disputes, negative.
    pub refunds_minor: i64,
    /// On the campaign's basis, refunds subtracted.
    pub raised: i64,
    pub gifts: i64,
    pub refunds: i64,
    /// The gifts' gross, and the recurring ones' part of it.
    pub gift_gross: i64,
    pub recurring_gross: i64,
    /// One-time gifts on the campaign's basis in the last 30 and 90 days up to "as of".
    pub one_time_30: i64,
    pub one_time_90: i64,
    /// Each gift's gross, for the median.
    amounts: Vec<i64>,
}

impl Raised {
    pub fn add(&mut self, snap: &Snapshot, scope: &Scope, row: &Row, behind: &mut Behind) {
        self.gross += row.gross;
        self.fees += row.fee;
        self.raised += row.value;
        // Every row that adds to (or takes from) the amount raised: they sum to it.
        behind.keep("raised", row.rowid);
        if snap.is_gift(row.i) {
            self.add_gift(snap, scope, row, behind);
        } else {
            self.refunds += 1;
            self.refunds_minor += row.gross;
            behind.keep("refunds", row.rowid);
        }
    }

    fn add_gift(&mut self, snap: &Snapshot, scope: &Scope, row: &Row, behind: &mut Behind) {
        self.gifts += 1;
        self.gift_gross += row.gross;
        self.amounts.push(row.gross);
        behind.keep("gifts", row.rowid);
        let ts = snap.ts[row.i];
        if snap.kind[row.i] == RECURRING {
            self.recurring_gross += row.gross;
            behind.keep("recurring_share", row.rowid);
        } else if ts < scope.as_of_end {
            if ts >= scope.last_30_from {
                self.one_time_30 += row.value;
            }
            if ts >= scope.last_90_from {
                self.one_time_90 += row.value;
            }
        }
    }

    /// Gifts before fees, refunds not subtracted.
    pub fn gross_of_gifts(&self) -> i64 {
        self.gross - self.refunds_minor
    }

    pub fn net(&self) -> i64 {
        self.gross - self.fees
    }

    pub fn recurring_share(&self) -> Ratio {
        Ratio::new(self.recurring_gross, self.gift_gross)
    }

    /// The average gift before fees (rounded half to even); None without gifts.
    pub fn average(&self) -> Result<Option<i64>> {
        if self.gifts == 0 {
            return Ok(None);
        }
        half_even(Decimal::from(self.gift_gross) / Decimal::from(self.gifts)).map(Some)
    }

    /// The median gift before fees (of an even count, the mean of the middle two).
    pub fn median(&mut self) -> Result<Option<i64>> {
        let amounts = &mut self.amounts;
        match amounts.len() {
            0 => Ok(None),
            n if n % 2 == 1 => Ok(Some(*amounts.select_nth_unstable(n / 2).1)),
            n => {
                let high = *amounts.select_nth_unstable(n / 2).1;
                let low = amounts[..n / 2].iter().copied().max().unwrap_or(high);
                half_even((Decimal::from(low) + Decimal::from(high)) / Decimal::from(2)).map(Some)
            }
        }
    }
}

fn half_even(d: Decimal) -> Result<i64> {
    i64::try_from(d.round_dp_with_strategy(0, RoundingStrategy::MidpointNearestEven))
        .map_err(|_| CoreError::invalid("amount", "the amount is too large"))
}
