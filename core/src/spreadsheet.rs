//! Text bound for CSV files that people open in spreadsheets: a cell that starts like a
//! formula is made inert with a leading `'`, so a reader's "=HYPERLINK(...)" stays text. A
//! cell that already starts with `'` gets one too, so that `uncell` (our CSV importers) gives
//! back exactly the original text.
const GUARDED: [char; 7] = ['=', '+', '-', '@', '\t', '\r', '\''];

pub fn cell(text: &str) -> String {
    match text.chars().next() {
        Some(c) if GUARDED.contains(&c) => format!("'{text}"),
        _ => text.to_owned(),
    }
}

/// The text `cell` guarded: one leading `'` before a guarded character is taken off.
pub fn uncell(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if rest.starts_with(GUARDED) => rest,
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_cells_are_defused() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(cell("-1"), "'-1");
        assert_eq!(cell("Olena"), "Olena");
        assert_eq!(cell("'quoted"), "''quoted");
    }

    #[test]
    fn every_text_comes_back_from_its_cell() {
        for text in [
            "", "=1+1", "+44", "-", "@x", "\tx", "\rx", "'", "''=", "'=x", "'plain", "plain", "é",
        ] {
            assert_eq!(uncell(&cell(text)), text, "{text:?}");
        }
    }
}
