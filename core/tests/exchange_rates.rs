//! Exchange rates imported from a file: one rate a row, or the European Central Bank's
//! reference-rate history; all or nothing, with the line and field of a bad row named; a
//! second import replaces the same days' rates; only editors and admins may do it.
use readerdesk_core::fundraising::rates;
use readerdesk_core::model::Role;
use readerdesk_core::moderation::moderators;
use readerdesk_core::{newsroom, Store};

fn store(dir: &std::path::Path) -> Store {
    let store = Store::open(&dir.join("n.db")).unwrap();
    newsroom::start_empty(&store).unwrap();
    store
}

fn listed(store: &Store) -> Vec<String> {
    let mut all: Vec<String> = rates::list(store)
        .unwrap()
        .into_iter()
        .map(|r| {
            format!(
                "{} {}/{} {} ({})",
                r.on_date, r.base, r.quote, r.rate, r.source
            )
        })
        .collect();
    all.sort();
    all
}

#[test]
fn rates_come_in_from_rows_or_from_the_ecb_history_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path());
    let admin = moderators::add(&store, None, "Ada", Role::Admin).unwrap();
    let editor = moderators::add(&store, Some(&admin), "Ed", Role::Editor).unwrap();

    let rows = dir.path().join("rates.csv");
    std::fs::write(
        &rows,
        "\u{feff}Date,From,To,Rate\n2024-03-01,eur,USD,1.0830\n2024-03-01,GBP,USD,1.2650\n\n2024-03-04,GBP,USD,1.2690\n",
    )
    .unwrap();
    let summary = rates::import(&store, &editor, &rows).unwrap();
    assert_eq!(
        (summary.layout.as_str(), summary.rates, summary.replaced),
        ("rows", 3, 0)
    );
    assert_eq!(summary.pairs, ["EUR/USD", "GBP/USD"]);
    assert_eq!(
        (summary.first_day.as_deref(), summary.last_day.as_deref()),
        (Some("2024-03-01"), Some("2024-03-04"))
    );
    assert_eq!(
        listed(&store),
        [
            "2024-03-01 EUR/USD 1.083 (import: rates.csv)",
            "2024-03-01 GBP/USD 1.265 (import: rates.csv)",
            "2024-03-04 GBP/USD 1.269 (import: rates.csv)",
        ]
    );

    // The ECB's history: 1 EUR in each currency, N/A where there was no fixing.
    let ecb = dir.path().join("eurofxref-hist.csv");
    std::fs::write(
        &ecb,
        "Date,USD,JPY,CYP,GBP,\n2024-03-04,1.0852,162.57,N/A,0.85505,\n2024-03-01,1.0834,N/A,N/A,0.85550,\n",
    )
    .unwrap();
    let summary = rates::import(&store, &editor, &ecb).unwrap();
    assert_eq!(
        (summary.layout.as_str(), summary.rates, summary.replaced),
        ("ecb", 5, 1),
        "EUR/USD on 1 March was there already, at another rate"
    );
    assert_eq!(
        summary.columns_left_out,
        ["CYP"],
        "a currency the euro replaced"
    );
    let again = rates::import(&store, &editor, &ecb).unwrap();
    assert_eq!(
        (again.rates, again.replaced),
        (5, 0),
        "the same rates again replace nothing"
    );
    assert_eq!(summary.pairs, ["EUR/GBP", "EUR/JPY", "EUR/USD"]);
    assert_eq!(listed(&store).len(), 3 + 5 - 1);

    // A bad cell: the error names the file, the line and the column; nothing is written.
    let before = listed(&store);
    for (name, text, line, field) in [
        (
            "bad-rate.csv",
            "day,base,quote,rate\n2024-03-05,EUR,USD,1.08\n2024-03-05,EUR,GBP,abc\n",
            "line 3",
            "rate",
        ),
        (
            "bad-day.csv",
            "day,base,quote,rate\n05/03/2024,EUR,USD,1.08\n",
            "line 2",
            "day",
        ),
        (
            "bad-code.csv",
            "day,base,quote,rate\n2024-03-05,EUR,XYZ,1.08\n",
            "line 2",
            "quote",
        ),
        ("bad-ecb.csv", "Date,USD\n2024-03-05,-1\n", "line 2", "USD"),
        (
            "same.csv",
            "day,base,quote,rate\n2024-03-05,EUR,EUR,1\n",
            "line 2",
            "quote",
        ),
        (
            "twice.csv",
            "day,base,quote,rate\n2024-03-05,EUR,USD,1.08\n2024-03-05,EUR,USD,1.09\n",
            "line 3",
            "contradicts line 2",
        ),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let err = rates::import(&store, &editor, &path).unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains(name) && message.contains(line) && message.contains(field),
            "{name}: {message}"
        );
        assert_eq!(err.code(), "invalid");
        assert_eq!(listed(&store), before, "{name} wrote nothing");
    }
    let unknown = dir.path().join("unknown.csv");
    std::fs::write(&unknown, "when,amount\n2024-03-05,12\n").unwrap();
    let err = rates::import(&store, &editor, &unknown).unwrap_err();
    assert!(err.to_string().contains("when, amount"), "{err}");

    // Moderators keep the comments, not the books.
    let moderator = moderators::add(&store, Some(&admin), "Mo", Role::Moderator).unwrap();
    let err = rates::import(&store, &moderator, &rows).unwrap_err();
    assert_eq!(err.code(), "forbidden");
}
