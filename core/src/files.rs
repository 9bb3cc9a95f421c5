//! Every file Readerdesk produces (exports, the audit CSV, skipped-row reports, charts, word
//! lists, the password file) is written whole or not at all: into a temporary file in the same
//! folder, readable only by its owner, flushed and synced to disk, renamed over the target,
//! and the folder synced so the rename itself survives a power cut. A failure (or a crash)
//! leaves the target as it was and no temporary file behind.
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{CoreError, Result};

/// A file being written; `commit` puts it in place, dropping it throws it away.
pub struct WholeFile {
    tmp: tempfile::NamedTempFile,
    path: PathBuf,
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> CoreError + '_ {
    move |source| CoreError::Io {
        path: path.to_path_buf(),
        source,
    }
}

impl WholeFile {
    pub fn create(path: &Path) -> Result<WholeFile> {
        let dir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        // tempfile creates it with mode 0600 on Unix.
        let tmp = tempfile::Builder::new()
            .prefix(".readerdesk-")
            .suffix(".part")
            .tempfile_in(dir)
            .map_err(io(path))?;
        Ok(WholeFile {
            tmp,
            path: path.to_path_buf(),
        })
    }

    /// A handle to write through (for writers that own their file).
    pub fn file(&self) -> Result<File> {
        self.tmp.as_file().try_clone().map_err(io(&self.path))
    }

    /// Syncs the data, renames it over the target and syncs the folder.
    pub fn commit(self) -> Result<()> {
        let path = self.path;
        self.tmp.as_file().sync_all().map_err(io(&path))?;
        self.tmp
            .persist(&path)
            .map_err(|err| io(&path)(err.error))?;
        #[cfg(unix)]
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            File::open(dir)
                .and_then(|d| d.sync_all())
                .map_err(io(&path))?;
        }
        Ok(())
    }
}

/// Writes `bytes` to `path`, whole or not at all.
pub fn write_bytes(path: &Path, bytes: &[u8]) -> Result<()> {
    let whole = WholeFile::create(path)?;
    let mut file = whole.file()?;
    file.write_all(bytes).map_err(io(path))?;
    drop(file);
    whole.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_written_whole_for_its_owner_only_and_a_dropped_one_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        std::fs::write(&path, "old").unwrap();
        {
            let whole = WholeFile::create(&path).unwrap();
            let mut file = whole.file().unwrap();
            file.write_all(b"half").unwrap();
            // dropped without commit: an interrupted export
        }
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary left"
        );
        write_bytes(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let missing = dir.path().join("no-such-folder/x.csv");
        assert_eq!(write_bytes(&missing, b"x").unwrap_err().code(), "io");
    }
}
