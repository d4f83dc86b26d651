//! The scheme a report is scored with: a single scheme scores every report whatever its year;
//! a set of schemes by year (a folder, one per year or span of years) scores each report with
//! the one in force in its 年度.

use crate::eval::Program;
use crate::ir::Scheme;
use crate::report::year::year_of;
use crate::report::ReadOptions;
use crate::workflow::batch::{self, Invalid, Scoring};

/// A checked scheme, compiled for scoring, and the file it came from.
#[derive(Debug)]
pub struct Loaded {
    /// The file as given (or as found in the folder).
    pub path: String,
    /// The scheme and its code.
    pub program: Program,
}

impl Loaded {
    /// A scheme from `path`, compiled for scoring.
    pub fn new(path: String, scheme: Scheme) -> Self {
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

/// Two schemes of a set in force in the same year.
#[derive(Debug, Clone, thiserror::Error, miette::Diagnostic)]
#[error("`{first}`（{first_years}）与 `{second}`（{second_years}）都适用于 {year} 年度，无法按年度选择方案")]
#[diagnostic(
    code("scheme-years"),
    help("调整其中一个的 `年度`，如 `年度 2020 至 2023`")
)]
pub struct Overlap {
    /// The first scheme's file.
    pub first: String,
    /// Its years, in words.
    pub first_years: String,
    /// The second scheme's file.
    pub second: String,
    /// Its years, in words.
    pub second_years: String,
    /// The first year both are in force.
    pub year: i32,
}

/// What `SCHEME` named on the command line: one scheme, which scores every report whatever
/// its year, or a folder of schemes, whose scheme in force in a report's year scores it.
#[derive(Debug)]
pub struct SchemeSet {
    /// The folder as given; `None` for a single scheme.
    pub dir: Option<String>,
    /// The scheme, or the folder's schemes by file name.
    all: Vec<Loaded>,
}

impl SchemeSet {
    /// A single scheme: it scores every report.
    pub fn single(loaded: Loaded) -> Self {
        SchemeSet {
            dir: None,
            all: vec![loaded],
        }
    }

    /// The schemes of folder `dir`, each in force in its own years.
    ///
    /// # Errors
    /// [`Overlap`] when two schemes claim the same year.
    pub fn by_year(dir: String, all: Vec<Loaded>) -> Result<Self, Box<Overlap>> {
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                if let Some(year) = first_shared_year(a.scheme(), b.scheme()) {
                    return Err(Box::new(Overlap {
                        first: a.path.clone(),
                        first_years: a.scheme().years_words(),
                        second: b.path.clone(),
                        second_years: b.scheme().years_words(),
                        year,
                    }));
                }
            }
        }
        Ok(SchemeSet {
            dir: Some(dir),
            all,
        })
    }

    /// The file or folder and its years in words, for headings.
    pub fn describe(&self) -> (String, String) {
        match (&self.dir, self.all.first()) {
            (None, Some(l)) => (l.path.clone(), l.scheme().years_words()),
            (None, None) => (String::new(), String::new()),
            (Some(dir), _) => {
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
    ///
    /// # Errors
    /// A message in Chinese when a folder has no scheme for the year, or the year is unread.
    pub fn pick(&self, year: Option<i32>) -> Result<&Loaded, String> {
        let Some(dir) = &self.dir else {
            return self.all.first().ok_or_else(String::new);
        };
        let Some(y) = year else {
            return Err(format!(
                "报告没有可读的 `年度`（如 `年度: 2020`），无法在文件夹 `{dir}` 中选择方案"
            ));
        };
        self.all
            .iter()
            .find(|l| l.scheme().in_force(y))
            .ok_or_else(|| {
                let list: Vec<String> = self
                    .all
                    .iter()
                    .map(|l| format!("{}（{}）", l.path, l.scheme().years_words()))
                    .collect();
                format!(
                    "文件夹 `{dir}` 中没有适用于 {y} 年度的方案；其中的方案：{}",
                    list.join("、")
                )
            })
    }

    /// Reads report `text` (file `file`) and scores it with the scheme in force for it. The
    /// scheme is `None` when none applies (the scoring then says why).
    pub fn score(
        &self,
        file: &str,
        text: &str,
        opts: ReadOptions,
    ) -> (Scoring<'_>, Option<&Loaded>) {
        // Only a folder picks by year (reading the year is a pass over the file).
        let year = if self.dir.is_some() {
            year_of(file, text)
        } else {
            None
        };
        if year.is_none() && self.dir.is_some() {
            // No year to pick by: the report cannot be scored by any scheme of the folder;
            // reading it with one says why (its YAML, a missing or unreadable `年度`) exactly
            // as scoring with a scheme file would.
            if let Some(l) = self.all.first() {
                return (batch::score(&l.program, file, text, opts), None);
            }
        }
        match self.pick(year) {
            Ok(l) => (batch::score(&l.program, file, text, opts), Some(l)),
            Err(m) => {
                let help = "要用某一方案计分，直接写出它的文件名，如 `jixiao score 方案文件夹/2020.jx 报告.yaml`";
                let inv = Invalid::one(
                    file,
                    "scheme-year",
                    format!("`{file}`：{m}"),
                    Some(help.into()),
                );
                (Scoring::failed(file, inv), None)
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
