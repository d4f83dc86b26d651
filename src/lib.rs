//! jixiao（绩效）: a checked language for budget-performance scoring schemes.
//!
//! The modules below are the pipeline, in order; a module uses only the ones above it
//! (`tests/layout.rs` checks this). A scheme goes down the left, a report down the right, and
//! what reads both comes after:
//!
//! ```text
//! base        spans, units, numbers, intervals, names, diagnostics: what every stage says
//! grid        the tables in .xlsx, .docx, .csv and text files, each cell with its place
//! syntax      scheme text → syntax tree; 基于 files put together (through a Loader)
//! ir          the checked scheme: ids, types, scaled literals
//! check       syntax tree → ir::Scheme, or located errors
//! analysis    the values each formula and rule can take
//! report      a report file → Report (inputs, self-scores, a form's rows read and classified)
//! import      the reports in a file's tables (a 自评表 found by its columns) → report YAML
//! form        (form scheme, report) → that report's own table: a stage of its own
//! eval        (scheme, report) → Outcome with a ledger per leaf; Program for many reports
//! lint        the reviewer's warnings on a checked scheme
//! explain     ledgers → lines a finance officer can sign
//! diff        two schemes compared by meaning
//! workflow    compile (compose → check → lint), batches (read → fill → evaluate),
//!             expectations, replay, audit
//! render      text tables and JSON of what the stages return
//! ide         what an editor asks of a scheme: names and their places, hover, completion,
//!             renaming, quick fixes (for `jixiao lsp`)
//! ```
//!
//! The command line (`src/cli/`, in the binary) reads files, calls these and prints.
//!
//! ```
//! use jixiao::{compile, form, eval, MemLoader, Sources};
//!
//! let mut sources = Sources::new();
//! let file = sources.add("示例.jx", r#"
//!     方案 示例
//!     年度 2020
//!     满分 5分
//!     保留 2位小数 四舍五入
//!     输入 编制数：人 >0 "核定编制"
//!     输入 在职人员数：人 "实际在职"
//!     指标 在职人员控制率 5分 {
//!       标准 "以100%为标准，每超过一个百分点扣0.5分，扣完为止"
//!       值 控制率 = 在职人员数 / 编制数
//!       超过 100% 每 1个百分点 扣 0.5分 按比例
//!     }
//! "#);
//! // No `基于` here, so the loader for the files a scheme builds on holds none.
//! let compiled = compile(&sources, file, &mut MemLoader::default());
//! let scheme = compiled.scheme.expect("the scheme checks clean");
//!
//! let mut reports = Sources::new();
//! let r = reports.add("甲.yaml", "单位: 甲\n年度: 2020\n数据:\n  编制数: 20\n  在职人员数: 21\n");
//! let read = jixiao::report::read(&reports, r, &scheme, Default::default());
//! let report = read.report.expect("the report is valid");
//! // A fixed table is filled by nothing; a self-evaluation form becomes the report's own table.
//! let filled = form::fill(&scheme, report);
//! let outcome = eval::evaluate(&filled.scheme, &filled.report);
//! assert_eq!(outcome.total.to_string(), "2.50");
//! ```

#![warn(missing_docs)]

// pest's derive without `std` refers to `alloc` (see Cargo.toml: the stack probe is off).
extern crate alloc;

pub mod base;
pub mod grid;
pub mod syntax;
pub mod ir;
pub mod check;
pub mod analysis;
pub mod report;
pub mod import;
pub mod draft;
pub mod form;
pub mod eval;
pub mod lint;
pub mod explain;
pub mod diff;
pub mod workflow;
pub mod render;
pub mod ide;

pub use base::diag::{Diag, Severity};
pub use base::source::{FileId, Sources, Span};
pub use ir::Scheme;
pub use syntax::compose::{LoadError, Loader, MemLoader};
pub use workflow::compile::{compile, Compiled};
