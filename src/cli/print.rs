//! `--html`, `--pdf` and `--xlsx`: the 评分表 an officer signs and the bureau's reviews, as a
//! page (render::html), printed to PDF by headless Chromium when it is installed, and as a
//! workbook (render::xlsx).

use std::path::{Path, PathBuf};
use std::process::Command;

use jixiao::render::html::{self, Page};

use super::files::{write_out, write_reason};
use super::score::Kept;
use super::{shown, Exit};

/// The outputs a command was asked for, each with its option (`--html`, `--pdf`, `--xlsx`).
pub type Outputs<'a> = Vec<(&'static str, &'a Path)>;

/// Where to print a page: HTML, and PDF through Chromium (`diff` has only these).
#[derive(clap::Args, Debug, Default)]
pub struct Pages {
    /// 另写出可打印的网页（.html，A4）。score、explain：评分表带签字栏，多份报告时带汇总页，写文件夹名则每份一页；audit、replay、diff：审核、回放、对比页。
    #[arg(long, value_name = "文件.html")]
    pub html: Option<PathBuf>,
    /// 另写出 PDF（用本机的 Chromium 打印网页；没有 Chromium 时说明如何安装）。
    #[arg(long, value_name = "文件.pdf")]
    pub pdf: Option<PathBuf>,
}

/// Where to print: a page and a workbook. `score` and `explain` print the 评分表; `audit` and
/// `replay` their reviews.
#[derive(clap::Args, Debug, Default)]
pub struct Print {
    #[command(flatten)]
    pub pages: Pages,
    /// 另写出 Excel（.xlsx）。score、explain：每份报告一张评分表，多份时带汇总表；audit、replay：排名与差额、逐份对比。
    #[arg(long, value_name = "文件.xlsx")]
    pub xlsx: Option<PathBuf>,
}

impl Pages {
    /// The outputs asked for.
    pub fn outputs(&self) -> Vec<(&'static str, &Path)> {
        [("--html", &self.html), ("--pdf", &self.pdf)]
            .into_iter()
            .filter_map(|(flag, p)| p.as_deref().map(|p| (flag, p)))
            .collect()
    }

    /// Writes the page `page` gives as HTML and PDF, where asked (`what`: `（3 份报告）`); an
    /// `--html` folder gets it as its `index.html`.
    pub fn write_page(&self, page: impl Fn() -> String, what: &str) -> Exit {
        self.write_pages(&page, || vec![("index.html".into(), page())], what)
    }

    /// Writes `document` (one page) as HTML and PDF, where asked; an `--html` folder (one that
    /// exists, or a name ending in `/`) gets the pages `folder` gives instead, each by its name.
    pub fn write_pages(
        &self,
        document: impl Fn() -> String,
        folder: impl FnOnce() -> Vec<(String, String)>,
        what: &str,
    ) -> Exit {
        if let Some(out) = &self.html {
            let code = if is_folder(out) {
                write_folder(out, &folder(), what)
            } else {
                write_out(out, document().as_bytes(), what)
            };
            if code != Exit::Done {
                return code;
            }
        }
        match &self.pdf {
            Some(out) => pdf(&document(), out, what),
            None => Exit::Done,
        }
    }
}

impl Print {
    /// Whether anything is to be printed.
    pub fn any(&self) -> bool {
        !self.outputs().is_empty()
    }

    /// The outputs asked for.
    pub fn outputs(&self) -> Vec<(&'static str, &Path)> {
        let mut out = self.pages.outputs();
        out.extend(self.xlsx.as_deref().map(|p| ("--xlsx", p)));
        out
    }

    /// Writes the workbook `book` gives, where asked (`--xlsx`).
    pub fn write_book(&self, book: impl FnOnce() -> Result<Vec<u8>, String>, what: &str) -> Exit {
        let Some(out) = &self.xlsx else {
            return Exit::Done;
        };
        match book() {
            Ok(bytes) => write_out(out, &bytes, what),
            Err(e) => {
                sayln!("错误：无法写出 `{}`：{e}", shown(out));
                Exit::Usage
            }
        }
    }

    /// Writes the page, then the workbook; the first way that did not end well.
    pub fn write(
        &self,
        page: impl Fn() -> String,
        book: impl FnOnce() -> Result<Vec<u8>, String>,
        what: &str,
    ) -> Exit {
        match self.pages.write_page(page, what) {
            Exit::Done => self.write_book(book, what),
            other => other,
        }
    }
}

/// An output that would overwrite one of the files read (`inputs`: the scheme and report
/// arguments as given), or put a workbook where a folder of reports is read (the next run
/// would read it as a report): said, exit 2, before anything is read.
pub fn check_outputs(outputs: &[(&'static str, &Path)], inputs: &[PathBuf]) -> Result<(), Exit> {
    // Each output is of its kind: a workbook named .xlsx, a PDF .pdf, a page .html (or a
    // folder), and no two write one file.
    for (i, (flag, out)) in outputs.iter().enumerate() {
        let ext = out
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let folder = out.is_dir() || out.as_os_str().to_string_lossy().ends_with('/');
        let (wanted, ok): (&str, bool) = match *flag {
            "--xlsx" => (".xlsx", ext == "xlsx"),
            "--pdf" => (".pdf", ext == "pdf"),
            _ => (".html", folder || ext == "html" || ext == "htm"),
        };
        if !ok {
            sayln!(
                "错误：`{flag}` 写出的文件名应以 {wanted} 结尾，写的是 `{}`",
                shown(out)
            );
            return Err(Exit::Usage);
        }
        // The same file however named (a link, `./`): compared where they resolve.
        let resolved = |p: &Path| {
            std::fs::canonicalize(p).ok().or_else(|| {
                let parent = p.parent().filter(|d| !d.as_os_str().is_empty());
                std::fs::canonicalize(parent.unwrap_or(Path::new(".")))
                    .ok()
                    .map(|d| d.join(p.file_name().unwrap_or_default()))
            })
        };
        let here = resolved(out);
        if let Some((other, _)) = outputs[..i]
            .iter()
            .find(|(_, o)| o == out || (here.is_some() && resolved(o) == here))
        {
            sayln!(
                "错误：`{other}` 与 `{flag}` 写到了同一个文件 `{}`；请各写一个文件名",
                shown(out)
            );
            return Err(Exit::Usage);
        }
    }
    let outputs: Vec<&Path> = outputs.iter().map(|(_, p)| *p).collect();
    let real = |p: &Path| std::fs::canonicalize(p).ok();
    for out in &outputs {
        let out_real = real(out).or_else(|| {
            let parent = out.parent().filter(|d| !d.as_os_str().is_empty());
            real(parent.unwrap_or(Path::new(".")))
                .map(|d| d.join(out.file_name().unwrap_or_default()))
        });
        let Some(out_real) = out_real else { continue };
        for input in inputs {
            let Some(in_real) = real(input) else { continue };
            if in_real == out_real {
                sayln!(
                    "错误：输出 `{}` 就是要读的文件，写出会覆盖它；请另写一个文件名",
                    shown(out)
                );
                return Err(Exit::Usage);
            }
            let read_there = jixiao::grid::Kind::of(out).is_some()
                || out.extension().is_some_and(|e| e == "yaml" || e == "json");
            if in_real.is_dir() && out_real.starts_with(&in_real) && read_there {
                sayln!(
                    "错误：输出 `{}` 在要读的文件夹 `{}` 中，下次会被当作报告读入；请写到别的文件夹",
                    shown(out),
                    shown(input)
                );
                return Err(Exit::Usage);
            }
        }
    }
    Ok(())
}

/// The longest a browser is given to print (a batch of 60 reports takes about 5 s).
const PRINT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(180);

/// The browsers that print to PDF, by the names Debian and others install them under.
const BROWSERS: [&str; 4] = [
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
];

/// Stops a browser and the processes it started (its process group, on Unix; `kill` is the
/// system's command, so no unsafe call is needed), then reaps it.
fn stop_group(c: &mut std::process::Child) {
    #[cfg(unix)]
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{}", c.id())])
        .stderr(std::process::Stdio::null())
        .status();
    let _ = c.kill();
    let _ = c.wait();
}

/// The first browser found on `PATH`.
pub fn browser() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| BROWSERS.iter().map(move |b| dir.join(b)))
        .find(|p| p.is_file())
}

/// Prints scored reports, each with its file as shown (`ledger`: each indicator's whole
/// explanation, as `explain` gives it). Reports that could not be scored are listed in the
/// index and the summary sheet, never dropped from the printout.
pub fn scored_pages(reports: &[(String, Kept<'_>)], print: &Print, ledger: bool) -> Exit {
    let pages: Vec<Page<'_, '_>> = reports
        .iter()
        .filter_map(|(file, r)| r.as_ref().ok().map(|scored| Page { scored, file }))
        .collect();
    if pages.is_empty() {
        sayln!("错误：没有可以打印的报告（报告都无效）");
        return Exit::Invalid;
    }
    let invalid: Vec<(String, String)> = reports
        .iter()
        .filter_map(|(file, r)| r.as_ref().err().map(|why| (file.clone(), why.clone())))
        .collect();
    let what = match invalid.len() {
        0 => format!("（{} 份报告）", pages.len()),
        n => format!("（{} 份报告；另有 {n} 份无效，列在汇总中）", pages.len()),
    };
    match print.pages.write_pages(
        || html::document(&pages, &invalid, ledger),
        || html::folder(&pages, &invalid, ledger),
        &what,
    ) {
        Exit::Done => {
            print.write_book(|| jixiao::render::xlsx::score_book(&pages, &invalid), &what)
        }
        other => other,
    }
}

/// Whether `--html` names a folder: one that exists, or a name written with a trailing `/`.
fn is_folder(path: &Path) -> bool {
    path.is_dir() || path.as_os_str().to_string_lossy().ends_with(['/', '\\'])
}

/// Writes `pages` (name, page) into the folder `dir`, made if need be.
fn write_folder(dir: &Path, pages: &[(String, String)], what: &str) -> Exit {
    if let Err(e) = std::fs::create_dir_all(dir) {
        sayln!(
            "错误：无法建立文件夹 `{}`：{}",
            shown(dir),
            write_reason(&e)
        );
        return Exit::Usage;
    }
    for (name, page) in pages {
        let out = dir.join(name);
        if let Err(e) = std::fs::write(&out, page) {
            sayln!("错误：无法写出 `{}`：{}", shown(&out), write_reason(&e));
            return Exit::Usage;
        }
    }
    let index = dir.join("index.html");
    match pages.len() {
        1 => sayln!("已写出 `{}`{what}", shown(&index)),
        n => sayln!("已写出 `{}` 及 {} 页{what}", shown(&index), n - 1),
    }
    Exit::Done
}

/// A new folder under the system's temporary folder, made for this print alone (its name
/// taken only if no one has it), or `None`.
fn private_dir() -> Option<PathBuf> {
    let base = std::env::temp_dir();
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    (0..100).find_map(|k| {
        let dir = base.join(format!("jixiao-print-{}-{seed}-{k}", std::process::id()));
        std::fs::create_dir(&dir).ok().map(|()| dir)
    })
}

/// `path` as a `file://` URL, its characters a URL gives meaning to escaped.
fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    for c in path.display().to_string().chars() {
        match c {
            '%' | '#' | '?' | ' ' | '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}' => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    url.push_str(&format!("%{b:02X}"));
                }
            }
            c => url.push(c),
        }
    }
    url
}

/// Prints `html` to `out` with headless Chromium.
fn pdf(html: &str, out: &Path, what: &str) -> Exit {
    let Some(browser) = browser() else {
        sayln!(
            "错误：没有找到 Chromium，无法生成 PDF。请安装（Debian/Ubuntu：`apt install chromium`），或改用 --html 生成网页后在浏览器中打印"
        );
        return Exit::Usage;
    };
    // A folder of this run's own (created, never reused): the page, the browser's profile
    // and the PDF, moved into place only once printed, so that a failed print leaves an old
    // file as it was and a path that cannot be written is said as such.
    let Some(dir) = private_dir() else {
        sayln!("错误：无法在临时文件夹中建立工作文件夹");
        return Exit::Usage;
    };
    let page = dir.join("评分表.html");
    if let Err(e) = std::fs::write(&page, html) {
        let _ = std::fs::remove_dir_all(&dir);
        sayln!("错误：无法写出临时文件：{}", write_reason(&e));
        return Exit::Usage;
    }
    let target = dir.join("评分表.pdf");
    // As the machine's browser runs without a display or a network: no sandbox (CI runs as
    // root), no background fetches, a fresh profile.
    let mut command = Command::new(&browser);
    // In a process group of its own, so that a browser stopped for taking too long is
    // stopped with every helper process it started.
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let child = command
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .arg(format!("--print-to-pdf={}", target.display()))
        .arg(file_url(&page))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    // A browser that does not finish in time is stopped, and said.
    let mut timed_out = false;
    let done = child.map(|mut c| {
        let start = std::time::Instant::now();
        loop {
            match c.try_wait() {
                Ok(Some(status)) => break status.success(),
                Ok(None) if start.elapsed() < PRINT_TIMEOUT => {
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                _ => {
                    timed_out = true;
                    stop_group(&mut c);
                    break false;
                }
            }
        }
    });
    let printed = match done {
        Ok(true) => std::fs::read(&target).ok(),
        _ => None,
    };
    let _ = std::fs::remove_dir_all(&dir);
    match printed {
        Some(bytes) => write_out(out, &bytes, what),
        None if timed_out => {
            sayln!(
                "错误：Chromium（{}）{} 秒内没有打印完，已停止；可改用 --html 生成网页后在浏览器中打印，或分批打印",
                browser.display(),
                PRINT_TIMEOUT.as_secs()
            );
            Exit::Usage
        }
        None => {
            sayln!(
                "错误：Chromium（{}）未能打印 PDF；可改用 --html 生成网页后在浏览器中打印",
                browser.display()
            );
            Exit::Usage
        }
    }
}
