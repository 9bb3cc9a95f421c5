//! Who gave to a campaign in the period: unique donors, new (their first gift ever is inside
//! the period) or returning, the gifts no donor is known for, and the ten who gave the most.
use super::period::Scope;
use super::{Behind, Row, TopDonor};
use crate::error::Result;
use crate::fundraising::money::{self, Style};
use crate::fundraising::snapshot::{Snapshot, NONE32};

/// How many of the largest donors are listed.
const TOP: usize = 10;

pub(super) struct Donors {
    /// Per donor (their index in the snapshot): the total on the campaign's basis, the gifts,
    /// and whether a gift of theirs was counted yet.
    total: Vec<i64>,
    gifts: Vec<u32>,
    seen: Vec<bool>,
    /// The donors with a row in scope.
    touched: Vec<u32>,
    pub new_donors: i64,
    pub returning: i64,
    pub anonymous: i64,
}

impl Donors {
    pub fn new(snap: &Snapshot) -> Self {
        let n = snap.donor_ids.len();
        Donors {
            total: vec![0; n],
            gifts: vec![0; n],
            seen: vec![false; n],
            touched: Vec::new(),
            new_donors: 0,
            returning: 0,
            anonymous: 0,
        }
    }

    pub fn add(&mut self, snap: &Snapshot, scope: &Scope, row: &Row, behind: &mut Behind) {
        let d = snap.donor[row.i];
        let gift = snap.is_gift(row.i);
        if gift {
            self.count_giver(snap, scope, d, row, behind);
        }
        if d != NONE32 {
            self.add_to_total(snap, d, gift, row, behind);
        }
    }

    fn count_giver(
        &mut self,
        snap: &Snapshot,
        scope: &Scope,
        d: u32,
        row: &Row,
        behind: &mut Behind,
    ) {
        if d == NONE32 {
            self.anonymous += 1;
            behind.keep("anonymous", row.rowid);
            return;
        }
        let is_new = snap.donor_first[d as usize] >= scope.span.0;
        if !self.seen[d as usize] {
            self.seen[d as usize] = true;
            if is_new {
                self.new_donors += 1;
            } else {
                self.returning += 1;
            }
        }
        let key = if is_new {
            "new_donors"
        } else {
            "returning_donors"
        };
        behind.keep(key, row.rowid);
        behind.keep("unique_donors", row.rowid);
    }

    fn add_to_total(
        &mut self,
        snap: &Snapshot,
        d: u32,
        gift: bool,
        row: &Row,
        behind: &mut Behind,
    ) {
        let slot = d as usize;
        if self.total[slot] == 0 && self.gifts[slot] == 0 {
            self.touched.push(d);
        }
        self.total[slot] += row.value;
        self.gifts[slot] += u32::from(gift);
        behind.keep_donor(&snap.donor_ids[slot], row.rowid);
    }

    pub fn unique(&self) -> i64 {
        self.new_donors + self.returning
    }

    /// The ten largest donors (by total, then name), found without sorting every donor.
    pub fn top(&mut self, snap: &Snapshot, currency: &str) -> Result<Vec<TopDonor>> {
        let (total, gifts) = (&self.total, &self.gifts);
        let order = |a: &u32, b: &u32| {
            total[*b as usize]
                .cmp(&total[*a as usize])
                .then_with(|| snap.donor_names[*a as usize].cmp(&snap.donor_names[*b as usize]))
        };
        let touched = &mut self.touched;
        if touched.len() > TOP {
            touched.select_nth_unstable_by(TOP - 1, order);
            touched.truncate(TOP);
        }
        touched.sort_by(order);
        touched
            .iter()
            .take(TOP)
            .map(|d| {
                let slot = *d as usize;
                Ok(TopDonor {
                    donor_id: snap.donor_ids[slot].clone(),
                    name: snap.donor_names[slot]
                        .clone()
                        .unwrap_or_else(|| "(no name)".into()),
                    total_minor: total[slot],
                    total_display: money::format(total[slot], currency, Style::Exact)?,
                    gifts: i64::from(gifts[slot]),
                })
            })
            .collect()
    }
}
