//! Which export a file is, from its header row alone (names compared without case, BOM or
//! extra spaces). Each format names the columns that together only it has; the order below
//! tries the most specific first. Some exports that people mistake for payment lists (a Stripe
//! subscriptions list, a members or newsletter list) are recognized too, to refuse them with a
//! message that says what they are instead of "unknown header".
use super::table::Columns;
use super::{donorbox, github_sponsors, opencollective, patreon, paypal, stripe, Format};

/// The format whose header this is, if any (never `Generic`: that one needs a mapping).
pub fn detect(header: &[String]) -> Option<Format> {
    match recognize(&Columns::new(header)) {
        Recognized::Format(format) => Some(format),
        _ => None,
    }
}

pub(crate) enum Recognized {
    Format(Format),
    /// An export that is not a list of payments; the text says what it is.
    NotDonations(&'static str),
    Unknown,
}

/// A format's header test and the format it names.
type Check = (fn(&Columns) -> bool, Format);

pub(crate) fn recognize(cols: &Columns) -> Recognized {
    let checks: [Check; 8] = [
        (stripe::matches_balance, Format::StripeBalance),
        (stripe::matches_payments, Format::StripePayments),
        (paypal::matches_statement, Format::PaypalStatement),
        (paypal::matches_activity, Format::PaypalActivity),
        (opencollective::matches, Format::OpenCollective),
        (github_sponsors::matches, Format::GithubSponsors),
        (patreon::matches, Format::Patreon),
        (donorbox::matches, Format::Donorbox),
    ];
    for (matches, format) in checks {
        if matches(cols) {
            return Recognized::Format(format);
        }
    }
    if cols.has(&["interval"]) && cols.has(&["customer email", "customer id"]) {
        return Recognized::NotDonations(
            "a Stripe subscriptions list (who subscribes at what price; export Payments for the money received)",
        );
    }
    let member_columns = [
        "email",
        "name",
        "note",
        "subscribed_to_emails",
        "subscribed",
        "complimentary_plan",
        "stripe_customer_id",
        "created_at",
        "deleted_at",
        "labels",
        "tiers",
        "status",
        "id",
    ];
    if cols.has(&["email"])
        && cols
            .names()
            .iter()
            .all(|name| name.is_empty() || member_columns.contains(&name.as_str()))
    {
        return Recognized::NotDonations(
            "a members or subscribers list (e-mail, name, notes: no amounts or payment dates)",
        );
    }
    Recognized::Unknown
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(names: &str) -> Vec<String> {
        names.split(',').map(str::to_owned).collect()
    }

    #[test]
    fn headers_name_their_formats() {
        for (names, format) in [
            ("id,Description,Created (UTC),Amount,Amount Refunded,Currency,Converted Amount,Fee,Status,Customer ID", Format::StripePayments),
            ("id,Created date (UTC),Amount,Amount Refunded,Currency,Fee,Status,Customer Email", Format::StripePayments),
            ("balance_transaction_id,created_utc,available_on_utc,currency,gross,fee,net,reporting_category,description", Format::StripeBalance),
            ("Date,Time,TimeZone,Name,Type,Status,Currency,Gross,Fee,Net,From Email Address,Transaction ID", Format::PaypalActivity),
            ("Date,Time,Time zone,Name,Type,Status,Currency,Gross,Fee,Net,Transaction ID,Balance Impact", Format::PaypalActivity),
            ("Date,Time,Time Zone,Description,Currency,Gross,Fee,Net,Balance,Transaction ID,From Email Address", Format::PaypalStatement),
            ("Name,Email,Patron Status,Lifetime Amount,Pledge Amount,Last Charge Date,Last Charge Status,User ID", Format::Patreon),
            ("datetime,shortId,shortGroup,description,type,kind,amount,paymentProcessorFee,netAmount,currency", Format::OpenCollective),
            ("Date & Time,Transaction ID,Description,Credit/Debit,Kind,Group ID,Amount Single Column,Currency", Format::OpenCollective),
            ("Sponsor Handle,Sponsor Profile Name,Transaction ID,Processed Amount,Status,Transaction Date", Format::GithubSponsors),
            ("Donor Email,Campaign,Amount,Currency,Processing Fee,Donated At,Recurring Donation", Format::Donorbox),
        ] {
            assert_eq!(detect(&header(names)), Some(format), "{names}");
        }
        assert_eq!(detect(&header("email,name,note")), None);
        assert!(matches!(
            recognize(&Columns::new(&header("email,name,note"))),
            Recognized::NotDonations(_)
        ));
        assert!(matches!(
            recognize(&Columns::new(&header(
                "Customer Email,Quantity,Interval,Amount,Status"
            ))),
            Recognized::NotDonations(_)
        ));
        assert!(matches!(
            recognize(&Columns::new(&header("when,how much"))),
            Recognized::Unknown
        ));
    }
}
