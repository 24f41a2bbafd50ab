//! Writing files so that a failed run never leaves a half-written one behind.
//!
//! Every workbook and draft is written to a temporary file in the target folder, synced, and
//! renamed over the target: readers see the old file or the complete new one, never a mix.
//!
//! A temporary file is named `.klantwaarde-XXXXXX.tmp` and locked (an advisory lock, which the
//! system releases when the process ends, also on `kill -9`) for as long as it is written. A run
//! killed mid-write leaves one behind: the next write into that folder removes every temporary
//! file of exactly that naming that nobody holds locked, and leaves every other file alone.

use std::io::Write;
use std::path::Path;

use crate::labels::Language;

/// Why a file could not be written. [`WriteError::message`] words it in either language;
/// `Display` shows the English.
#[derive(Debug)]
pub struct WriteError {
    /// The file that was to be written.
    pub path: std::path::PathBuf,
    /// The underlying error (its text is the system's).
    pub source: std::io::Error,
    /// What to do about it.
    pub hint: WriteHint,
}

/// What the account manager can do about a [`WriteError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteHint {
    /// The path names a folder: give a file name.
    Folder,
    /// The folder does not exist.
    NoFolder,
    /// Writing there is not allowed.
    NotAllowed,
    /// The folder is on a read-only file system.
    ReadOnly,
    /// The disk is full.
    DiskFull,
    /// Something else: check the folder and the free space.
    Other,
}

impl WriteError {
    /// The message in `language`.
    #[must_use]
    pub fn message(&self, language: Language) -> String {
        let path = self.path.display();
        let source = &self.source;
        // Where the cause is known, the hint says it all in the reader's language; the system's
        // own words (in its language) only stand where nothing else explains.
        let hint = match self.hint {
            WriteHint::Folder => return crate::msg!(language, "outputs.write_folder", path),
            WriteHint::NoFolder => crate::msg!(language, "outputs.write_hint_no_folder"),
            WriteHint::NotAllowed => crate::msg!(language, "outputs.write_hint_not_allowed"),
            WriteHint::ReadOnly => crate::msg!(language, "outputs.write_hint_read_only"),
            WriteHint::DiskFull => crate::msg!(language, "outputs.write_hint_disk_full"),
            WriteHint::Other => {
                let hint = crate::msg!(language, "outputs.write_hint_other");
                return crate::msg!(language, "outputs.write_failed", path, source, hint);
            }
        };
        crate::msg!(language, "outputs.write_failed_known", path, hint)
    }
}

impl std::error::Error for WriteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
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
            _ if path.is_dir() => WriteHint::Folder,
            std::io::ErrorKind::NotFound => WriteHint::NoFolder,
            std::io::ErrorKind::PermissionDenied => WriteHint::NotAllowed,
            std::io::ErrorKind::ReadOnlyFilesystem => WriteHint::ReadOnly,
            std::io::ErrorKind::StorageFull => WriteHint::DiskFull,
            _ => WriteHint::Other,
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
    remove_stale_temporaries(folder);
    let mut builder = tempfile::Builder::new();
    builder
        .prefix(TEMPORARY_PREFIX)
        .suffix(TEMPORARY_SUFFIX)
        .rand_bytes(TEMPORARY_RANDOM);
    // A temporary file is private (0600); the workbook is an ordinary file: readable as any file
    // the user makes (0666 less the umask), or with the permissions of the file it replaces.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut temporary = locked_temporary(&builder, folder).map_err(fail)?;
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

const TEMPORARY_PREFIX: &str = ".klantwaarde-";
const TEMPORARY_SUFFIX: &str = ".tmp";
const TEMPORARY_RANDOM: usize = 6;

/// A new temporary file in `folder`, locked until it is renamed and closed, so that a concurrent
/// write's cleaning leaves it alone. Another write may remove it in the moment between its
/// creation and the lock (it was not locked yet): then a new one is made. On a file system
/// without locks the file is written all the same; only the cleaning is less sure there.
fn locked_temporary(
    builder: &tempfile::Builder<'_, '_>,
    folder: &Path,
) -> std::io::Result<tempfile::NamedTempFile> {
    let mut attempts = 0;
    loop {
        let temporary = builder.tempfile_in(folder)?;
        match temporary.as_file().try_lock() {
            // Held by a write that is cleaning it away: make another.
            Err(std::fs::TryLockError::WouldBlock) => {}
            Err(std::fs::TryLockError::Error(_)) => return Ok(temporary),
            Ok(()) if still_there(&temporary) => return Ok(temporary),
            Ok(()) => {}
        }
        attempts += 1;
        if attempts == 10 {
            return Err(std::io::Error::other(
                "another program keeps removing the temporary file",
            ));
        }
    }
}

/// Whether the locked temporary file is still the file at its path.
fn still_there(temporary: &tempfile::NamedTempFile) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let (Ok(open), Ok(named)) = (
            temporary.as_file().metadata(),
            std::fs::symlink_metadata(temporary.path()),
        ) else {
            return false;
        };
        open.dev() == named.dev() && open.ino() == named.ino()
    }
    #[cfg(not(unix))]
    {
        temporary.path().exists()
    }
}

/// Whether `name` is exactly one of our temporary files' names.
fn is_our_temporary(name: &str) -> bool {
    name.strip_prefix(TEMPORARY_PREFIX)
        .and_then(|rest| rest.strip_suffix(TEMPORARY_SUFFIX))
        .is_some_and(|random| {
            random.len() == TEMPORARY_RANDOM && random.bytes().all(|b| b.is_ascii_alphanumeric())
        })
}

/// Removes the temporary files an interrupted write left in `folder`: regular files of exactly
/// our naming that no process holds locked. Whatever cannot be checked is left alone.
fn remove_stale_temporaries(folder: &Path) {
    // Once per folder and process: a run writing 2,000 questionnaires reads the folder once.
    static CLEANED: std::sync::Mutex<std::collections::BTreeSet<std::path::PathBuf>> =
        std::sync::Mutex::new(std::collections::BTreeSet::new());
    if let Ok(mut cleaned) = CLEANED.lock()
        && !cleaned.insert(folder.to_path_buf())
    {
        return;
    }
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !name.to_str().is_some_and(is_our_temporary)
            || !entry.file_type().is_ok_and(|kind| kind.is_file())
        {
            continue;
        }
        let path = entry.path();
        let Ok(file) = std::fs::File::open(&path) else {
            continue;
        };
        if file.try_lock().is_ok() {
            let _ = std::fs::remove_file(&path);
        }
    }
}

#[cfg(test)]
mod naming {
    #[test]
    fn knows_its_own_temporary_files_exactly() {
        assert!(super::is_our_temporary(".klantwaarde-a1B2c3.tmp"));
        for other in [
            ".klantwaarde-a1B2c.tmp",
            ".klantwaarde-a1B2c3d.tmp",
            ".klantwaarde-a1-2c3.tmp",
            "klantwaarde-a1B2c3.tmp",
            ".klantwaarde-a1B2c3.tmp.xlsx",
            ".klantwaarde-a1B2c3.TMP",
            "monitor.xlsx",
        ] {
            assert!(!super::is_our_temporary(other), "{other}");
        }
    }
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

    #[test]
    fn a_temporary_file_left_by_a_killed_write_goes_on_the_next_write_and_a_locked_one_stays() {
        let folder = tempfile::tempdir().unwrap();
        let stale = folder.path().join(".klantwaarde-Ab12Cd.tmp");
        let busy = folder.path().join(".klantwaarde-Xy34Zw.tmp");
        let lookalike = folder.path().join(".klantwaarde-notes.tmp.txt");
        for path in [&stale, &busy, &lookalike] {
            std::fs::write(path, b"half a workbook").unwrap();
        }
        // Another run still writing holds its temporary file locked.
        let writer = std::fs::File::open(&busy).unwrap();
        writer.lock().unwrap();
        super::write_atomic(&folder.path().join("monitor.xlsx"), b"bytes").unwrap();
        assert!(!stale.exists());
        assert!(busy.exists());
        assert!(lookalike.exists());
        drop(writer);
        // Concurrent writes into one folder never take each other's temporary file.
        std::thread::scope(|scope| {
            for thread in 0..8 {
                let folder = folder.path();
                scope.spawn(move || {
                    for n in 0..25 {
                        let path = folder.join(format!("q-{thread}-{n}.xlsx"));
                        super::write_atomic(&path, b"bytes").unwrap();
                    }
                });
            }
        });
        for thread in 0..8 {
            for n in 0..25 {
                let path = folder.path().join(format!("q-{thread}-{n}.xlsx"));
                assert_eq!(std::fs::read(&path).unwrap(), b"bytes");
                std::fs::remove_file(path).unwrap();
            }
        }
        let mut names: Vec<String> = std::fs::read_dir(folder.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names,
            [
                ".klantwaarde-Xy34Zw.tmp",
                ".klantwaarde-notes.tmp.txt",
                "monitor.xlsx"
            ]
        );
    }

    #[test]
    fn a_write_error_is_worded_in_both_languages() {
        let folder = tempfile::tempdir().unwrap();
        let error =
            super::write_atomic(&folder.path().join("missing/monitor.xlsx"), b"x").unwrap_err();
        assert_eq!(error.hint, super::WriteHint::NoFolder);
        let english = error.message(crate::labels::Language::English);
        let dutch = error.message(crate::labels::Language::Dutch);
        assert!(english.starts_with("cannot write "), "{english}");
        assert!(
            english
                .ends_with("monitor.xlsx: the folder does not exist; create it or choose another"),
            "{english}"
        );
        assert_eq!(error.to_string(), english);
        assert!(dutch.starts_with("kan "), "{dutch}");
        assert!(
            dutch
                .ends_with(" niet schrijven: de map bestaat niet; maak hem aan of kies een andere"),
            "{dutch}"
        );
        let error = super::write_atomic(folder.path(), b"x").unwrap_err();
        assert!(
            error
                .message(crate::labels::Language::Dutch)
                .ends_with(" niet schrijven: het pad is een map; geef een bestandsnaam"),
            "{error}"
        );
    }
}

crate::messages::english_display!(WriteError);
