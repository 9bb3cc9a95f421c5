//! Global row keys that stay the same on every laptop: UUIDv5 of source + external id for rows
//! that came from somewhere (two laptops importing one export agree), UUIDv7 for rows made here.
use uuid::Uuid;

const NAMESPACE: Uuid = Uuid::from_u128(0x6d3c_1f0a_8b7e_4c52_9a41_52b1_e0d7_a9c3);

/// The key of a `table` row that `source` calls `external_id`.
pub fn from_source(table: &str, source: &str, external_id: &str) -> String {
    let name = format!("{table}\u{0}{source}\u{0}{external_id}");
    Uuid::new_v5(&NAMESPACE, name.as_bytes()).to_string()
}

/// A fresh, time-ordered key.
pub fn new_v7() -> String {
    Uuid::now_v7().to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn source_keys_are_stable_and_distinct() {
        let a = super::from_source("comments", "wxr:example.org", "17");
        assert_eq!(a, super::from_source("comments", "wxr:example.org", "17"));
        assert_ne!(a, super::from_source("comments", "wxr:example.org", "171"));
        assert_ne!(a, super::from_source("articles", "wxr:example.org", "17"));
        assert_ne!(super::new_v7(), super::new_v7());
    }
}
