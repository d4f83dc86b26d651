//! The file system: reading files as text, walking folders of reports, and the loader that
//! reads the files a scheme builds on (`基于`). The library never touches files itself.
//!
//! Only regular files are read, each up to a size limit: a device (`/dev/zero`), a named pipe
//! or a socket is refused, never opened (opening a pipe would wait for a writer forever). A
//! folder walk follows links but reads each real file once and each real folder once, and
//! says what it skipped: a link that loops back, a second way to the same file, a pipe.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use jixiao::report::MAX_REPORT_BYTES;
use jixiao::syntax::compose::MAX_SCHEME_BYTES;
use jixiao::{LoadError, Loader};

use super::Exit;

/// What a file is read as, for its size limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A scheme (`.jx`).
    Scheme,
    /// A report (`.yaml`, `.yml`, `.json`).
    Report,
    /// A table file a report is read from (`.xlsx`, `.docx`, `.csv`, `.txt`).
    Table,
}

impl Kind {
    /// The largest file read, in bytes.
    fn limit(self) -> u64 {
        match self {
            Kind::Scheme => MAX_SCHEME_BYTES,
            Kind::Report => MAX_REPORT_BYTES,
            Kind::Table => jixiao::grid::MAX_BYTES,
        }
    }
}

/// Why a file (or standard output) could not be written, in Chinese.
pub fn write_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "所在的文件夹不存在".into(),
        std::io::ErrorKind::PermissionDenied => "没有写入权限".into(),
        std::io::ErrorKind::StorageFull => "磁盘已满".into(),
        std::io::ErrorKind::IsADirectory => "同名的文件夹已存在，请写文件名".into(),
        std::io::ErrorKind::NotADirectory => "路径中有一段是文件而不是文件夹".into(),
        std::io::ErrorKind::ReadOnlyFilesystem => "只读的磁盘".into(),
        std::io::ErrorKind::InvalidFilename => {
            "文件名太长或含有不允许的字符（一个文件名最多约 80 个汉字）".into()
        }
        std::io::ErrorKind::AlreadyExists => "已有同名的文件，无法在其中建文件夹".into(),
        std::io::ErrorKind::QuotaExceeded => "磁盘配额已用完".into(),
        std::io::ErrorKind::FileTooLarge => "文件超过了磁盘允许的大小".into(),
        std::io::ErrorKind::ResourceBusy => "文件正被其他程序占用".into(),
        std::io::ErrorKind::StaleNetworkFileHandle | std::io::ErrorKind::NetworkDown => {
            "网络磁盘暂时无法访问".into()
        }
        // EIO and the like: the device refused; its own words are all there is.
        _ => match e.raw_os_error() {
            Some(5) => "设备读写出错（该位置不能写入文件）".into(),
            Some(code) => format!("系统拒绝写入（错误代码 {code}）"),
            None => "系统拒绝写入".into(),
        },
    }
}

/// Writes `bytes` to `out` and says so (`what`: `（3 份报告）` or nothing); exit 2 with the
/// reason in Chinese when it cannot.
pub fn write_out(out: &Path, bytes: &[u8], what: &str) -> Exit {
    match std::fs::write(out, bytes) {
        Ok(()) => {
            sayln!("已写出 `{}`{what}", shown(out));
            Exit::Done
        }
        Err(e) => {
            sayln!("错误：无法写出 `{}`：{}", shown(out), write_reason(&e));
            Exit::Usage
        }
    }
}

/// Why a file is not read.
#[derive(Debug)]
enum Unread {
    NotFound,
    Folder,
    /// A device, pipe or socket.
    NotRegular,
    TooLarge(u64),
    NotUtf8(jixiao::base::source::NotUtf8),
    Io(std::io::Error),
}

impl Unread {
    /// The reason, in Chinese, without the path.
    fn reason(&self) -> String {
        match self {
            Unread::NotFound => "文件不存在".into(),
            Unread::Folder => "这是一个文件夹，不是文件".into(),
            Unread::NotRegular => "不是普通文件（设备、管道或套接字），不读取".into(),
            Unread::TooLarge(limit) => format!("文件超过 {} MB，不读取", limit >> 20),
            Unread::NotUtf8(e) => e.to_string(),
            Unread::Io(e) => match e.kind() {
                std::io::ErrorKind::PermissionDenied => "没有读取权限".into(),
                _ => format!("读取出错（{e}）"),
            },
        }
    }
}

/// Reads a regular file of at most `kind`'s limit as UTF-8 text (a byte-order mark is kept
/// for [`jixiao::Sources`] to drop).
fn read_file(path: &Path, kind: Kind) -> Result<String, Unread> {
    let bytes = read_bytes(path, kind)?;
    String::from_utf8(bytes).map_err(|_| Unread::NotUtf8(jixiao::base::source::NotUtf8))
}

/// Reads a regular file of `kind` as bytes, or a message in Chinese naming it.
pub fn read_file_bytes(path: &Path, kind: Kind) -> Result<Vec<u8>, String> {
    read_bytes(path, kind).map_err(|e| match e {
        Unread::NotFound => format!("找不到文件 `{}`", shown(path)),
        e => format!("无法读取 `{}`：{}", shown(path), e.reason()),
    })
}

/// Reads a regular file of at most `kind`'s limit.
fn read_bytes(path: &Path, kind: Kind) -> Result<Vec<u8>, Unread> {
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Unread::NotFound,
        _ => Unread::Io(e),
    })?;
    if meta.is_dir() {
        return Err(Unread::Folder);
    }
    if !meta.is_file() {
        return Err(Unread::NotRegular);
    }
    let limit = kind.limit();
    if meta.len() > limit {
        return Err(Unread::TooLarge(limit));
    }
    let file = std::fs::File::open(path).map_err(Unread::Io)?;
    // The file may have grown since: never read past the limit.
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(Unread::Io)?;
    if bytes.len() as u64 > limit {
        return Err(Unread::TooLarge(limit));
    }
    Ok(bytes)
}

/// Reads a file of `kind` as UTF-8 text, or a message in Chinese naming it.
pub fn read_text(path: &Path, kind: Kind) -> Result<String, String> {
    read_file(path, kind).map_err(|e| match e {
        Unread::NotFound => format!("找不到文件 `{}`", shown(path)),
        e => format!("无法读取 `{}`：{}", shown(path), e.reason()),
    })
}

/// The path as shown to the user.
pub fn shown(p: &Path) -> String {
    p.display().to_string()
}

/// The report files under `args` (see [`walk_reports`]) with what was skipped printed to
/// stderr, or [`Exit::Usage`] when there are none.
pub fn report_files(args: &[PathBuf]) -> Result<Vec<PathBuf>, Exit> {
    not_a_scheme(args)?;
    let mut found = walk_reports(args);
    found.files = super::import::expand(std::mem::take(&mut found.files));
    for note in &found.notes {
        sayln!("提示：{note}");
    }
    if found.files.is_empty() {
        sayln!("错误：没有找到报告（.yaml、.yml、.json、.xlsx、.docx 或 .csv 文件；.txt 文件须写出文件名）");
        return Err(Exit::Usage);
    }
    Ok(found.files)
}

/// A scheme named where reports are wanted: said, with the order of the arguments.
fn not_a_scheme(args: &[PathBuf]) -> Result<(), Exit> {
    if let Some(scheme) = args
        .iter()
        .find(|a| a.extension().is_some_and(|x| x.eq_ignore_ascii_case("jx")) && !a.is_dir())
    {
        sayln!(
            "错误：这里应写报告（.yaml、.json、.xlsx、.docx 等文件或文件夹），`{}` 是方案\n  提示：参数顺序为方案在前、报告在后（replay 为 旧方案 新方案 报告），如 `jixiao score 方案.jx 报告.yaml`",
            shown(scheme)
        );
        return Err(Exit::Usage);
    }
    Ok(())
}

/// Whether a folder walk takes this file as a report.
fn walked_report(p: &Path) -> bool {
    is_report(p) && !is_text(p)
}

/// The report files under `args` for a batch that walks them as it scores them.
pub struct Reports {
    args: Vec<PathBuf>,
    /// Keep each file's key (a second way to a file is possible).
    once: bool,
    /// How many files.
    pub count: usize,
    /// The folder they are all in (`fixtures/bumen-zhengti/`), or nothing.
    pub folder: String,
    /// The first file.
    pub first: Option<PathBuf>,
}

impl Reports {
    /// The files, walked again in the same order.
    pub fn walk(&self) -> super::walk::Walk {
        super::walk::Walk::new(&self.args, walked_report, self.once)
    }
}

/// [`report_files`] without the list: the files are walked once to be counted (and what was
/// skipped said), keeping nothing of each file but where a second way to it can exist (several
/// paths named, or a link met), and walked again by [`Reports::walk`].
pub fn reports(args: &[PathBuf]) -> Result<Reports, Exit> {
    not_a_scheme(args)?;
    let mut once = args.len() > 1;
    let mut walk = super::walk::Walk::new(args, walked_report, once);
    let mut r = Reports {
        args: args.to_vec(),
        once,
        count: 0,
        folder: String::new(),
        first: None,
    };
    let count = |walk: &mut super::walk::Walk, r: &mut Reports| {
        let mut folder = None;
        r.count = 0;
        for f in walk.by_ref() {
            r.count += 1;
            jixiao::render::text::shared_folder(&mut folder, &shown(&f));
            if r.first.is_none() {
                r.first = Some(f);
            }
        }
        r.folder = folder.unwrap_or_default();
    };
    count(&mut walk, &mut r);
    if walk.links && !once {
        // A link met: a file may be reached twice, so walked again keeping each file's key.
        once = true;
        r.once = true;
        walk = super::walk::Walk::new(args, walked_report, once);
        count(&mut walk, &mut r);
    }
    for note in &walk.notes {
        sayln!("提示：{note}");
    }
    if r.count == 0 {
        sayln!("错误：没有找到报告（.yaml、.yml、.json、.xlsx、.docx 或 .csv 文件；.txt 文件须写出文件名）");
        return Err(Exit::Usage);
    }
    Ok(r)
}

/// Report files found, and what was skipped on the way.
#[derive(Debug, Default)]
pub struct Found {
    /// The files, in the order named, each folder's sorted.
    pub files: Vec<PathBuf>,
    /// What was skipped and why, in Chinese.
    pub notes: Vec<String>,
}

/// Whether a path names a report file by its extension: YAML or JSON, or a table file a
/// report is read from (`.xlsx`, `.docx`, `.csv`, `.txt`).
pub fn is_report(p: &Path) -> bool {
    // An Office lock file (`~$报告.xlsx`) is not a report.
    if p.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with("~$"))
    {
        return false;
    }
    p.extension().is_some_and(|x| {
        ["yaml", "yml", "json"]
            .iter()
            .any(|e| x.eq_ignore_ascii_case(e))
    }) || super::import::is_table_file(p)
        // Old formats are listed to be said, not skipped in silence (a PDF beside a report is
        // usually its printout).
        || jixiao::grid::Kind::unsupported(p).is_some()
            && !p.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
}

/// Whether a path names a plain text file (`.txt`, `.tsv`).
fn is_text(p: &Path) -> bool {
    p.extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("txt") || x.eq_ignore_ascii_case("tsv"))
}

/// The text of the report at `path`: a YAML or JSON file as it is, a table file (or one form
/// of it, `报告.docx#2`) read into YAML.
pub fn report_text(path: &Path) -> Result<String, String> {
    if super::import::is_table_file(path)
        || jixiao::grid::Kind::unsupported(path).is_some()
        || !path.exists() && path.to_string_lossy().contains('#')
    {
        return super::import::report_text(path);
    }
    read_text(path, Kind::Report)
}

/// The report files named: files as given, folders walked (sorted, every `.yaml`, `.yml` or
/// `.json` at any depth, links followed). Each real file is listed once, each real folder
/// walked once; a link back to a folder being walked is a loop, noted and not followed. A path
/// that does not exist is kept, so that reading it reports the error.
pub fn walk_reports(args: &[PathBuf]) -> Found {
    walk_files(args, walked_report)
}

/// The files named, folders walked for the files `wanted` takes, as [`walk_reports`] walks
/// them (each real file once, link loops noted).
pub fn walk_files(args: &[PathBuf], wanted: fn(&Path) -> bool) -> Found {
    super::walk::Walk::found(args, wanted)
}

/// Reads from the file system: regular `.jx` files up to [`MAX_SCHEME_BYTES`], inside the
/// folder of the scheme that names them once links are followed.
#[derive(Debug, Default, Clone, Copy)]
pub struct FsLoader;

impl Loader for FsLoader {
    fn read(&mut self, path: &Path) -> Result<String, LoadError> {
        read_file(path, Kind::Scheme).map_err(|e| match e {
            Unread::NotFound => LoadError::NotFound,
            e => LoadError::Refused(e.reason()),
        })
    }

    fn key(&mut self, path: &Path) -> PathBuf {
        std::fs::canonicalize(path).unwrap_or_else(|_| jixiao::syntax::compose::normalize(path))
    }

    fn inside(&mut self, path: &Path, folder: &Path) -> bool {
        let folder = if folder.as_os_str().is_empty() {
            Path::new(".")
        } else {
            folder
        };
        match (std::fs::canonicalize(path), std::fs::canonicalize(folder)) {
            (Ok(p), Ok(f)) => p.starts_with(f),
            // Missing: reading it says so.
            _ => true,
        }
    }
}
