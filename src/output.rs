//! Writing files so that a failed run never leaves a half-written one behind.
//!
//! Every workbook and draft is written to a temporary file in the target folder, synced, and
//! renamed over the target: readers see the old file or the complete new one, never a mix.

use std::io::Write;
use std::path::Path;

/// Why a file could not be written.
#[derive(Debug, thiserror::Error)]
#[error("cannot write {}: {source}; {hint}", path.display())]
pub struct WriteError {
    /// The file that was to be written.
    pub path: std::path::PathBuf,
    /// The underlying error.
    pub source: std::io::Error,
    /// What to do about it.
    pub hint: &'static str,
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder, synced, then renamed.
///
/// # Errors
/// A [`WriteError`] naming the path when the folder is missing or not writable, the path is a
/// folder, or the disk is full; the previous file at `path`, if any, is then left untouched.
///
/// # Examples
/// ```
/// let folder = tempfile::tempdir().unwrap();
/// let path = folder.path().join("monitor.xlsx");
/// klantwaarde::output::write_atomic(&path, b"bytes").unwrap();
/// assert_eq!(std::fs::read(&path).unwrap(), b"bytes");
/// ```
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let fail = |source: std::io::Error| {
        let hint = match source.kind() {
            _ if path.is_dir() => "the path is a folder; give a file name",
            std::io::ErrorKind::NotFound => {
                "the folder does not exist; create it or choose another"
            }
            std::io::ErrorKind::PermissionDenied => {
                "you may not write there; choose another folder"
            }
            std::io::ErrorKind::StorageFull => "the disk is full; free some space",
            _ => "check the folder and the free disk space",
        };
        WriteError {
            path: path.to_owned(),
            source,
            hint,
        }
    };
    if path.is_dir() {
        return Err(fail(std::io::Error::new(
            std::io::ErrorKind::IsADirectory,
            "is a folder",
        )));
    }
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".klantwaarde-").suffix(".tmp");
    // A temporary file is private (0600); the workbook is an ordinary file: readable as any file
    // the user makes (0666 less the umask), or with the permissions of the file it replaces.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut temporary = builder.tempfile_in(folder).map_err(fail)?;
    #[cfg(unix)]
    if let Ok(existing) = std::fs::metadata(path) {
        use std::os::unix::fs::PermissionsExt;
        let mode = existing.permissions().mode() & 0o777;
        let keep = std::fs::Permissions::from_mode(mode);
        temporary.as_file().set_permissions(keep).map_err(fail)?;
    }
    temporary.write_all(bytes).map_err(fail)?;
    temporary.as_file().sync_all().map_err(fail)?;
    temporary.persist(path).map_err(|error| fail(error.error))?;
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &std::path::Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn a_new_file_is_readable_by_others_like_any_file_and_a_replaced_one_keeps_its_mode() {
        let folder = tempfile::tempdir().unwrap();
        let ordinary = folder.path().join("ordinary");
        std::fs::write(&ordinary, b"").unwrap();
        let path = folder.path().join("monitor.xlsx");
        super::write_atomic(&path, b"one").unwrap();
        // Not the temporary file's private 0600: what any new file gets under this umask.
        assert_eq!(mode(&path), mode(&ordinary));
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o664)).unwrap();
        super::write_atomic(&path, b"two").unwrap();
        assert_eq!(mode(&path), 0o664);
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
    }
}
