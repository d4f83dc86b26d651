//! jixiao（绩效）: a checked language for budget-performance scoring schemes.
//!
//! The pipeline, one module per stage:
//!
//! text → [`syntax`] (pest grammar → syntax tree) → [`check`] (names, units, points →
//! [`ir::Scheme`]) → [`report`] (a unit's YAML data, read against the scheme's inputs) →
//! [`eval`] (`evaluate(&Scheme, &Report) -> Outcome`, with a ledger per indicator) →
//! [`explain`] (ledgers as sentences) → [`output`] (the JSON contract).
//!
//! ```
//! use jixiao::{compile, Sources};
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
//! let compiled = compile(&sources, file);
//! let scheme = compiled.scheme.expect("the scheme checks clean");
//!
//! let mut reports = Sources::new();
//! let r = reports.add("甲.yaml", "单位: 甲\n年度: 2020\n数据:\n  编制数: 20\n  在职人员数: 21\n");
//! let read = jixiao::report::read(&reports, r, &scheme, Default::default());
//! let report = read.report.expect("the report is valid");
//! let outcome = jixiao::eval::evaluate(&scheme, &report);
//! assert_eq!(outcome.total.to_string(), "2.50");
//! ```

// pest's derive without `std` refers to `alloc` (see Cargo.toml: the stack probe is off).
extern crate alloc;

pub mod base;
pub mod syntax;
pub mod ir;
pub mod check;
pub mod analysis;
pub mod report;
pub mod form;
pub mod eval;
pub mod lint;
pub mod explain;
pub mod diff;
pub mod workflow;
pub mod render;

pub use base::diag::{Diag, Severity};
pub use syntax::compose::{Loader, MemLoader};
pub use workflow::compile::{compile, Compiled};
pub use ir::Scheme;
pub use base::source::{FileId, Sources, Span};
