//! Files dropped on the window. The drop is caught here, in the app, not by the page: the
//! path stays in Rust (the page only ever learns the file's name and what it holds), and the
//! import it leads to is started by the person from the page, as with the file dialog.
use std::path::PathBuf;
use std::sync::Mutex;

use readerdesk_core::filekind;
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{DragDropEvent, Manager, Window, WindowEvent};
use ts_rs::TS;

use crate::state::AppState;

/// What the page hears about a drag over the window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DropNotice {
    /// Files are being dragged over the window.
    Hover,
    /// The drag left the window (or was dropped with nothing usable).
    Leave,
    /// A file was dropped and can be imported.
    File {
        file_name: String,
        what: String,
        format: String,
    },
    /// A file was dropped that Readerdesk cannot import, and why.
    Refused {
        file_name: String,
        code: String,
        message: String,
    },
}

/// The page's listener and the file waiting to be imported.
#[derive(Default)]
pub struct Drops {
    listener: Mutex<Option<Channel<DropNotice>>>,
    waiting: Mutex<Option<PathBuf>>,
}

impl Drops {
    pub fn listen(&self, channel: Channel<DropNotice>) {
        *relock(&self.listener) = Some(channel);
    }

    /// The dropped file, once: a second import needs a second drop.
    pub fn take(&self) -> Option<PathBuf> {
        relock(&self.waiting).take()
    }

    /// Decides what a drop means; keeps the path when it can be imported.
    pub fn dropped(&self, paths: &[PathBuf]) -> DropNotice {
        let notice = notice_for(paths);
        *relock(&self.waiting) = match notice {
            DropNotice::File { .. } => paths.first().cloned(),
            _ => None,
        };
        notice
    }

    fn tell(&self, notice: DropNotice) {
        if let Some(channel) = relock(&self.listener).as_ref() {
            // The page may be reloading; the next drop reaches the new listener.
            let _ = channel.send(notice);
        }
    }
}

fn relock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn notice_for(paths: &[PathBuf]) -> DropNotice {
    let name = |p: &PathBuf| {
        p.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| p.display().to_string())
    };
    match paths {
        [] => DropNotice::Leave,
        [path] => match filekind::identify(path) {
            Ok(found) => DropNotice::File {
                file_name: found.file_name,
                what: found.what,
                format: found.format,
            },
            Err(err) => DropNotice::Refused {
                file_name: name(path),
                code: err.code().to_string(),
                message: err.to_string(),
            },
        },
        [first, ..] => DropNotice::Refused {
            file_name: name(first),
            code: "invalid".into(),
            message: format!(
                "{} files were dropped; drop one export file at a time",
                paths.len()
            ),
        },
    }
}

/// The window's drag-and-drop events, turned into notices for the page.
pub fn on_window_event(window: &Window, event: &WindowEvent) {
    let WindowEvent::DragDrop(drag) = event else {
        return;
    };
    let state = window.state::<AppState>();
    let notice = match drag {
        DragDropEvent::Enter { .. } | DragDropEvent::Over { .. } => DropNotice::Hover,
        DragDropEvent::Leave => DropNotice::Leave,
        DragDropEvent::Drop { paths, .. } => state.drops.dropped(paths),
        _ => return,
    };
    state.drops.tell(notice);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dropped_export_waits_for_the_import_and_anything_else_is_refused_with_why() {
        let dir = tempfile::tempdir().unwrap();
        let wxr = dir.path().join("site.xml");
        std::fs::write(
            &wxr,
            "<?xml version=\"1.0\"?><rss xmlns:wp=\"http://wordpress.org/export/1.2/\"><channel><wp:wxr_version>1.2</wp:wxr_version></channel></rss>",
        )
        .unwrap();
        let photo = dir.path().join("photo.png");
        std::fs::write(&photo, b"\x89PNG\r\n\x1a\n....").unwrap();
        let drops = Drops::default();

        assert_eq!(
            drops.dropped(std::slice::from_ref(&wxr)),
            DropNotice::File {
                file_name: "site.xml".into(),
                what: "comments".into(),
                format: "wxr".into()
            }
        );
        assert_eq!(drops.take(), Some(wxr.clone()));
        assert_eq!(drops.take(), None, "one drop, one import");

        let refused = drops.dropped(std::slice::from_ref(&photo));
        assert!(
            matches!(&refused, DropNotice::Refused { file_name, .. } if file_name == "photo.png"),
            "{refused:?}"
        );
        assert_eq!(drops.take(), None, "a refused file is not kept");

        let two = drops.dropped(&[wxr.clone(), photo]);
        assert!(matches!(two, DropNotice::Refused { message, .. } if message.contains("2 files")));
        let folder = drops.dropped(&[dir.path().to_path_buf()]);
        assert!(
            matches!(folder, DropNotice::Refused { message, .. } if message.contains("folder"))
        );
        assert_eq!(drops.take(), None);
    }
}
