//! Walking the files and folders named on the command line, one file at a time: a batch of
//! any size walks its folders as it scores, never holding a list of every path.
//!
//! Folders are walked depth first, each folder's files (sorted) before its sub-folders
//! (sorted). Links are followed, but each real folder is walked once (a link back to a folder
//! above is a loop, noted and not followed) and each real file is given once: a second way to
//! the same file (its real path, links resolved) is noted. Remembering the files given is only
//! needed where a second way to one can exist (several paths named, or a link met); the
//! caller says so ([`Walk::new`]'s `once`), and otherwise nothing is kept per file.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::files::{shown, Found};

/// A file's real path (links resolved): what tells two files apart.
type FileKey = PathBuf;

/// The files under the paths named, as an iterator; [`Walk::notes`] says what was skipped.
pub struct Walk {
    wanted: fn(&Path) -> bool,
    args: std::collections::VecDeque<PathBuf>,
    /// The files of the folder being walked, still to give.
    files: std::vec::IntoIter<(PathBuf, bool)>,
    /// Folders to walk, last first, with the real paths of the folders above them.
    folders: Vec<(PathBuf, Vec<PathBuf>)>,
    /// Real paths of the folders walked.
    walked: HashSet<PathBuf>,
    /// The files given, by key, with the path each was first given by (`None`: not kept).
    given: Option<HashMap<FileKey, PathBuf>>,
    /// What was skipped and why, in Chinese, in the order met.
    pub notes: Vec<String>,
    /// Whether a link was met (a file may then be reached twice).
    pub links: bool,
}

impl Walk {
    /// Walks `args` for the files `wanted` takes; `once`: keep each file's key so that a
    /// second way to it is noted and skipped.
    pub fn new(args: &[PathBuf], wanted: fn(&Path) -> bool, once: bool) -> Self {
        Walk {
            wanted,
            args: args.iter().cloned().collect(),
            files: Vec::new().into_iter(),
            folders: Vec::new(),
            walked: HashSet::new(),
            given: once.then(HashMap::new),
            notes: Vec::new(),
            links: false,
        }
    }

    /// Every file, with the notes: what a command taking a list wants.
    pub fn found(args: &[PathBuf], wanted: fn(&Path) -> bool) -> Found {
        let mut w = Walk::new(args, wanted, true);
        let files = w.by_ref().collect();
        Found {
            files,
            notes: w.notes,
        }
    }

    /// Gives file `p` unless given before (`named`: given on the command line, so kept even
    /// when it cannot be read, for the reading to say why). `regular`: a regular file, no
    /// link, as the folder listing says (nothing to ask the file system).
    fn file(&mut self, p: PathBuf, named: bool, regular: bool) -> Option<PathBuf> {
        if !regular {
            match std::fs::metadata(&p) {
                Ok(m) if m.is_file() => {}
                Ok(_) if !named => {
                    self.notes.push(format!(
                        "`{}` 不是普通文件（管道、设备等），跳过",
                        shown(&p)
                    ));
                    return None;
                }
                Err(_) if !named => {
                    self.notes
                        .push(format!("`{}` 是指向不存在文件的链接，跳过", shown(&p)));
                    return None;
                }
                _ => return Some(p),
            }
        }
        let Some(given) = &mut self.given else {
            return Some(p);
        };
        let key = std::fs::canonicalize(&p).unwrap_or_else(|_| p.clone());
        match given.get(&key) {
            None => {
                given.insert(key, p.clone());
                Some(p)
            }
            Some(first) => {
                let note = format!(
                    "`{}` 与 `{}` 是同一个文件，只读一次",
                    shown(&p),
                    shown(first)
                );
                self.notes.push(note);
                None
            }
        }
    }

    /// Lists folder `dir`: its files to give next, its sub-folders to walk after them.
    fn enter(&mut self, dir: PathBuf, above: Vec<PathBuf>) -> Option<PathBuf> {
        let Ok(real) = std::fs::canonicalize(&dir) else {
            return Some(dir);
        };
        if above.contains(&real) {
            self.notes.push(format!(
                "符号链接成环：`{}` 指回它上层的文件夹 `{}`，不再进入",
                shown(&dir),
                shown(&real)
            ));
            return None;
        }
        if !self.walked.insert(real.clone()) {
            self.notes.push(format!(
                "`{}` 与前面读过的文件夹 `{}` 是同一个文件夹，不再重复读取",
                shown(&dir),
                shown(&real)
            ));
            return None;
        }
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return Some(dir);
        };
        let mut listed: Vec<(PathBuf, Option<std::fs::FileType>)> = entries
            .filter_map(Result::ok)
            .map(|e| (e.path(), e.file_type().ok()))
            .collect();
        listed.sort_by(|a, b| a.0.cmp(&b.0));
        let mut below = above;
        below.push(real);
        let mut files = Vec::new();
        let mut folders = Vec::new();
        for (p, kind) in listed {
            let link = kind.is_none_or(|k| k.is_symlink());
            self.links |= link;
            let is_dir = match kind {
                Some(k) if !link => k.is_dir(),
                _ => p.is_dir(),
            };
            if is_dir {
                folders.push(p);
            } else if (self.wanted)(&p) {
                // (For reports: a `.txt` in a folder is more often a note than a report, read
                // only when named.)
                let regular = !link && kind.is_some_and(|k| k.is_file());
                files.push((p, regular));
            }
        }
        self.files = files.into_iter();
        // Sub-folders after the files of this folder, in order: pushed last first.
        for f in folders.into_iter().rev() {
            self.folders.push((f, below.clone()));
        }
        None
    }
}

impl Iterator for Walk {
    type Item = PathBuf;

    fn next(&mut self) -> Option<PathBuf> {
        loop {
            if let Some((p, regular)) = self.files.next() {
                if let Some(f) = self.file(p, false, regular) {
                    return Some(f);
                }
                continue;
            }
            if let Some((dir, above)) = self.folders.pop() {
                if let Some(unread) = self.enter(dir, above) {
                    // A folder that cannot be listed: kept, for reading it to say why.
                    return Some(unread);
                }
                continue;
            }
            let a = self.args.pop_front()?;
            if a.is_dir() {
                self.folders.push((a, Vec::new()));
            } else if let Some(f) = self.file(a, true, false) {
                return Some(f);
            }
        }
    }
}
