//! What the XML readers (WXR, Disqus) share: where a document breaks, the state of its root
//! element, and the text of the element being read (CDATA or not).
use super::wxr::Position;

/// A document that cannot be read, and where.
pub(super) struct Broken {
    pub line: u64,
    pub column: u64,
    pub message: String,
}

impl Broken {
    pub fn at(at: Position, message: String) -> Self {
        Broken {
            line: at.line,
            column: at.column,
            message,
        }
    }
}

#[derive(Default, PartialEq, Eq)]
pub(super) enum Root {
    #[default]
    Before,
    Inside,
    After,
}

/// The text of the element being captured, for a reader whose fields are `F`.
pub(super) struct Capture<F> {
    pub field: Option<F>,
    pub depth: usize,
    /// All character data, CDATA included.
    pub text: String,
    /// The CDATA sections only.
    pub cdata: String,
    pub saw_cdata: bool,
    /// Character data outside CDATA that is not whitespace.
    pub loose: bool,
}

impl<F> Default for Capture<F> {
    fn default() -> Self {
        Capture {
            field: None,
            depth: 0,
            text: String::new(),
            cdata: String::new(),
            saw_cdata: false,
            loose: false,
        }
    }
}

impl<F> Capture<F> {
    pub fn start(&mut self, field: F, depth: usize) {
        self.field = Some(field);
        self.depth = depth;
        self.text.clear();
        self.cdata.clear();
        self.saw_cdata = false;
        self.loose = false;
    }

    pub fn markup(&mut self, parts: &[&str]) {
        self.loose = true;
        for part in parts {
            self.text.push_str(part);
        }
    }

    /// The field and its value (the CDATA when only whitespace surrounds it, else all the
    /// text); None when no field was being captured.
    pub fn finish(&mut self) -> Option<(F, String)> {
        let field = self.field.take()?;
        let value = if self.saw_cdata && !self.loose {
            std::mem::take(&mut self.cdata)
        } else {
            std::mem::take(&mut self.text)
        };
        Some((field, value))
    }
}
