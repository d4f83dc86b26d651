//! The scheme a report is scored with: the file named, or, for a folder of schemes (one per
//! year or span of years), the one in force in the report's 年度.

use std::path::{Path, PathBuf};

use jixiao::eval::Program;
use jixiao::Scheme;

use super::{load_scheme, shown};

/// A checked scheme, compiled for scoring, and the file it came from.
pub struct Loaded {
    /// The file as given (or as found in the folder).
    pub path: String,
    /// The scheme and its code.
    pub program: Program,
}

impl Loaded {
    fn new(path: String, scheme: Scheme) -> Self {
        Loaded {
            path,
            program: Program::new(scheme),
        }
    }

    /// The scheme.
    pub fn scheme(&self) -> &Scheme {
        self.program.scheme()
    }
}

/// What `SCHEME` named on the command line: a file, which scores every report whatever its
/// year, or a folder, whose scheme in force in a report's year scores it.
pub struct Schemes {
    /// The folder as given; `None` for a file.
    pub dir: Option<String>,
    /// The file's scheme, or the folder's schemes by file name.
    all: Vec<Loaded>,
}

impl Schemes {
    /// Loads a scheme file or every `.jx` file of a folder; prints diagnostics. `Err(code)`
    /// when a scheme has errors or two schemes of the folder claim the same year.
    pub fn load(path: &Path) -> Result<Schemes, u8> {
        if !path.is_dir() {
            return load_scheme(path).map(|scheme| Schemes {
                dir: None,
                all: vec![Loaded::new(shown(path), scheme)],
            });
        }
        let dir = shown(path);
        let mut files: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| {
                eprintln!("错误：无法读取文件夹 `{dir}`：{e}");
                2u8
            })?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "jx") && p.is_file())
            .collect();
        files.sort();
        if files.is_empty() {
            eprintln!("错误：文件夹 `{dir}` 中没有方案文件（.jx）");
            return Err(2);
        }
        let mut all = Vec::new();
        let mut failed = false;
        for f in &files {
            match load_scheme(f) {
                Ok(scheme) => all.push(Loaded::new(shown(f), scheme)),
                Err(_) => failed = true,
            }
        }
        if failed {
            return Err(1);
        }
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                if let Some(y) = first_shared_year(a.scheme(), b.scheme()) {
                    eprintln!(
                        "错误：`{}`（{}）与 `{}`（{}）都适用于 {y} 年度，无法按年度选择方案\n  提示：调整其中一个的 `年度`，如 `年度 2020 至 2023`",
                        a.path,
                        a.scheme().years_words(),
                        b.path,
                        b.scheme().years_words()
                    );
                    return Err(1);
                }
            }
        }
        Ok(Schemes {
            dir: Some(dir),
            all,
        })
    }

    /// The file or folder and its years in words, for headings.
    pub fn describe(&self) -> (String, String) {
        match &self.dir {
            None => {
                let l = &self.all[0];
                (l.path.clone(), l.scheme().years_words())
            }
            Some(dir) => {
                let years: Vec<String> =
                    self.all.iter().map(|l| l.scheme().years_words()).collect();
                (dir.clone(), years.join("、"))
            }
        }
    }

    /// Decimal places of the (first) scheme.
    pub fn places(&self) -> u32 {
        self.all.first().map_or(2, |l| l.scheme().places)
    }

    /// The scheme for a report of `year` (`None`: the year could not be read), or why none.
    pub fn pick(&self, year: Option<i32>) -> Result<&Loaded, String> {
        match &self.dir {
            None => self.all.first().ok_or_else(String::new),
            Some(dir) => {
                let all = &self.all;
                let Some(y) = year else {
                    return Err(format!(
                        "报告没有可读的 `年度:` 行，无法在文件夹 `{dir}` 中选择方案"
                    ));
                };
                all.iter().find(|l| l.scheme().in_force(y)).ok_or_else(|| {
                    let list: Vec<String> = all
                        .iter()
                        .map(|l| format!("{}（{}）", l.path, l.scheme().years_words()))
                        .collect();
                    format!(
                        "文件夹 `{dir}` 中没有适用于 {y} 年度的方案；其中的方案：{}",
                        list.join("、")
                    )
                })
            }
        }
    }
}

/// The first year both schemes are in force, if any.
fn first_shared_year(a: &Scheme, b: &Scheme) -> Option<i32> {
    let from = a.year_from.max(b.year_from);
    let to = match (a.year_to, b.year_to) {
        (Some(x), Some(y)) => x.min(y),
        (Some(x), None) | (None, Some(x)) => x,
        (None, None) => i32::MAX,
    };
    (from <= to).then_some(from)
}
