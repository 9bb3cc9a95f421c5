//! The numbers as the window lists them, each with its label, its value ready to show, a
//! line that says what it counts, and the key that opens the rows behind it.
use super::recurring::Recurring;
use super::{CampaignMetrics, Figure, Ratio};
use crate::error::Result;
use crate::fundraising::campaigns::percent_text;
use crate::fundraising::money::{self, Style};
use crate::model::Basis;

/// The figures of `m`, in the order the window shows them.
pub(super) fn of(m: &CampaignMetrics, recurring: &Recurring) -> Result<Vec<Figure>> {
    let mut figures = vec![raised(m)?];
    figures.extend(gifts(m)?);
    figures.extend(donors(m));
    figures.extend(gift_sizes(m)?);
    figures.extend(recurring_donors(m, recurring)?);
    Ok(figures)
}

fn figure(key: &str, label: &str, value: String, detail: String) -> Figure {
    Figure {
        key: key.into(),
        label: label.into(),
        value,
        detail,
    }
}

fn round(m: &CampaignMetrics, minor: i64) -> Result<String> {
    money::format(minor, &m.currency, Style::Round)
}

fn exact(m: &CampaignMetrics, minor: i64) -> Result<String> {
    money::format(minor, &m.currency, Style::Exact)
}

fn percent(r: &Ratio) -> String {
    r.permille
        .map(|p| percent_text(Some(p)))
        .unwrap_or_else(|| "—".to_string())
}

/// The amount the goal is measured by: raised, or recurring income a month.
fn raised(m: &CampaignMetrics) -> Result<Figure> {
    let basis_word = match m.basis {
        Basis::Gross => "before fees",
        Basis::Net => "after fees",
    };
    let value = round(m, m.raised_minor)?;
    Ok(if m.goal_type == "monthly_recurring" {
        figure(
            "mrr",
            "Monthly recurring",
            value,
            format!(
                "each active recurring donor's latest gift as income a month (a yearly \
                 plan counts a twelfth), {basis_word}"
            ),
        )
    } else {
        figure(
            "raised",
            "Raised",
            value,
            format!(
                "{basis_word}, refunds subtracted, of a {} goal",
                round(m, m.goal_minor)?
            ),
        )
    })
}

fn gifts(m: &CampaignMetrics) -> Result<[Figure; 2]> {
    Ok([
        figure(
            "gifts",
            "Gifts",
            m.gifts.to_string(),
            format!(
                "{} before fees, {} in fees",
                round(m, m.gross_minor)?,
                exact(m, m.fees_minor)?
            ),
        ),
        figure(
            "refunds",
            "Refunds and disputes",
            exact(m, m.refunds_minor)?,
            format!("{} entries", m.refunds),
        ),
    ])
}

fn donors(m: &CampaignMetrics) -> [Figure; 3] {
    [
        figure(
            "unique_donors",
            "Donors",
            m.unique_donors.to_string(),
            format!("plus {} anonymous gifts", m.anonymous_gifts),
        ),
        figure(
            "new_donors",
            "New donors",
            m.new_donors.to_string(),
            "first gift ever in this period".into(),
        ),
        figure(
            "returning_donors",
            "Returning donors",
            m.returning_donors.to_string(),
            "gave before this period".into(),
        ),
    ]
}

fn gift_sizes(m: &CampaignMetrics) -> Result<[Figure; 2]> {
    let shown = |minor: Option<i64>| -> Result<String> {
        Ok(minor
            .map(|minor| exact(m, minor))
            .transpose()?
            .unwrap_or_else(|| "—".into()))
    };
    Ok([
        figure(
            "gifts",
            "Average gift",
            shown(m.average_gift_minor)?,
            format!("median {}", shown(m.median_gift_minor)?),
        ),
        figure(
            "recurring_share",
            "Recurring share",
            percent(&m.recurring_share),
            "of gifts before fees".into(),
        ),
    ])
}

fn recurring_donors(m: &CampaignMetrics, recurring: &Recurring) -> Result<[Figure; 4]> {
    let active = match recurring.active {
        1 => "1 active recurring donor".to_string(),
        n => format!("{n} active recurring donors"),
    };
    let mrr_detail = if recurring.waiting == 0 {
        active
    } else {
        format!(
            "{active}, {} not counted until an exchange rate is entered",
            recurring.waiting
        )
    };
    Ok([
        figure("mrr", "MRR", round(m, m.mrr_minor)?, mrr_detail),
        figure(
            "churn",
            "Churn (30 days)",
            percent(&m.churn),
            format!(
                "{} of {} recurring donors lost",
                m.churn.part, m.churn.whole
            ),
        ),
        figure(
            "retention",
            "Retention",
            percent(&m.retention),
            format!(
                "{} of {} donors from 24–12 months ago gave again",
                m.retention.part, m.retention.whole
            ),
        ),
        figure(
            "lapsed",
            "Lapsed donors",
            m.lapsed_donors.to_string(),
            "gave 24–12 months ago, not since".into(),
        ),
    ])
}
