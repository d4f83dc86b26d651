//! Command-line interface: arguments, file reading and exit codes. No scoring logic here.

/// `eprint!` that cannot fail: a closed or full standard error (`2>&1 | head`, `2>/dev/full`)
/// loses the message, never the run (`eprint!` would panic).
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr(), $($arg)*);
    }};
}

/// `eprintln!` that cannot fail; see [`say!`].
macro_rules! sayln {
    () => { say!("\n") };
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

mod audit;
mod check;
mod draft;
mod files;
mod fmt;
mod import;
mod lsp;
mod print;
mod progress;
mod repeats;
mod replay;
mod schemes;
mod score;
mod template;
mod test;
mod usage;
mod walk;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use jixiao::{compile, Scheme, Sources};

pub use files::{read_text, report_files, report_text, shown, FsLoader};

/// `--format`, which every command that prints results takes.
#[derive(clap::Args)]
struct Output {
    /// 输出格式：text（文字，默认）或 json。
    #[arg(
        long,
        value_enum,
        default_value = "text",
        value_name = "格式",
        hide_possible_values = true,
        hide_default_value = true
    )]
    format: Format,
}

/// A scheme and the reports to score with it, as `score`, `audit` and `test` take them.
#[derive(clap::Args)]
struct SchemeReports {
    /// 方案文件，或按年度存放方案的文件夹（按报告年度选用当年适用的方案）。
    #[arg(value_name = "方案")]
    scheme: PathBuf,
    /// 报告文件（.yaml、.json、.xlsx、.docx、.csv、.txt）或存放报告的文件夹（含下级文件夹；其中的 .txt 须写出文件名）。
    #[arg(required = true, value_name = "报告")]
    reports: Vec<PathBuf>,
}

/// `--strict` and `--jobs`, which every batch command takes.
#[derive(clap::Args, Debug, Clone, Copy)]
struct BatchArgs {
    /// 严格模式：未声明的输入算错误，缺数据的报告算失败。
    #[arg(long)]
    strict: bool,
    /// 同时读取计分的线程数（默认每个处理器核一个）。
    #[arg(
        long,
        short = 'j',
        default_value_t = 0,
        value_name = "线程数",
        hide_default_value = true,
        // `-j -1` is a wrong count, said as one, not an unknown option `-1`.
        allow_negative_numbers = true
    )]
    jobs: usize,
}

/// 绩效：预算绩效评价评分方案的检查与计分。
#[derive(Parser)]
#[command(
    name = "jixiao",
    version,
    about,
    long_about = None,
    help_template = usage::TOP_HELP,
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    subcommand_value_name = "命令",
    override_usage = "jixiao 命令 [选项] 参数…",
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// 显示帮助。
    #[arg(short = 'h', long = "help", action = clap::ArgAction::Help, global = true)]
    help: Option<bool>,
    /// 显示版本。
    #[arg(short = 'V', long = "version", action = clap::ArgAction::Version)]
    version: Option<bool>,
}

/// Output format.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// 文字（默认）。
    Text,
    /// JSON。
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// 检查评分方案：语法、名称、单位、分值合计、规则。
    #[command(help_template = usage::COMMAND_HELP, override_usage = "jixiao check [选项] <方案.jx>…")]
    Check {
        /// 方案文件（.jx）。
        #[arg(required = true, value_name = "方案.jx")]
        schemes: Vec<PathBuf>,
        #[command(flatten)]
        output: Output,
        /// 有警告也算失败。
        #[arg(long)]
        deny_warnings: bool,
    },
    /// 把方案文件排成标准格式（缩进、空格、分档对齐、指标之间空一行），注释原样保留，含义不变。
    #[command(help_template = usage::COMMAND_HELP, override_usage = "jixiao fmt [选项] <方案.jx>…")]
    Fmt {
        /// 方案文件（.jx），或存放方案的文件夹（含下级文件夹）。
        #[arg(required = true, value_name = "方案.jx")]
        schemes: Vec<PathBuf>,
        /// 只检查不改动：列出需要排版的文件，有则退出码为 1。
        #[arg(long)]
        check: bool,
        /// 不改动文件，显示排版会怎样改（统一差异格式）。
        #[arg(long)]
        diff: bool,
    },
    /// 语言服务器（经标准输入输出与编辑器通信）：随改随查、悬停说明、跳转、改名、补全、排版、快速修复。
    #[command(help_template = usage::COMMAND_HELP, override_usage = "jixiao lsp")]
    Lsp,
    /// 按方案给一份或多份报告计分。
    #[command(help_template = usage::COMMAND_HELP, override_usage = "jixiao score [选项] <方案> <报告>…")]
    Score {
        #[command(flatten)]
        input: SchemeReports,
        #[command(flatten)]
        output: Output,
        #[command(flatten)]
        batch: BatchArgs,
        #[command(flatten)]
        print: print::Print,
    },
    /// 逐项解释一份报告的得分。
    #[command(help_template = usage::COMMAND_HELP, override_usage = "jixiao explain [选项] <方案> <报告>")]
    Explain {
        /// 方案文件，或按年度存放方案的文件夹。
        #[arg(value_name = "方案")]
        scheme: PathBuf,
        /// 报告文件（.yaml、.json、.xlsx、.docx、.csv、.txt）。
        #[arg(value_name = "报告")]
        report: PathBuf,
        #[command(flatten)]
        output: Output,
        /// 严格模式。
        #[arg(long)]
        strict: bool,
        #[command(flatten)]
        print: print::Print,
    },
    /// 比较两个方案：逐个指标列出改动，以及规则改动后得分不同的取值范围。
    #[command(help_template = usage::COMMAND_HELP, override_usage = "jixiao diff [选项] <旧方案.jx> <新方案.jx>")]
    Diff {
        /// 旧方案文件。
        #[arg(value_name = "旧方案.jx")]
        old: PathBuf,
        /// 新方案文件。
        #[arg(value_name = "新方案.jx")]
        new: PathBuf,
        #[command(flatten)]
        output: Output,
        #[command(flatten)]
        print: print::Pages,
    },
    /// 用新旧两个方案给过去的报告计分，列出每份的变化、等级变化及变化来自哪些指标。
    #[command(help_template = usage::COMMAND_HELP, override_usage = "jixiao replay [选项] <旧方案> <新方案> <报告>…")]
    Replay {
        /// 旧方案文件（或按年度存放方案的文件夹）。
        #[arg(value_name = "旧方案")]
        old: PathBuf,
        /// 新方案文件（或文件夹）。
        #[arg(value_name = "新方案")]
        new: PathBuf,
        /// 报告文件或文件夹。
        #[arg(required = true, value_name = "报告")]
        reports: Vec<PathBuf>,
        #[command(flatten)]
        output: Output,
        #[command(flatten)]
        batch: BatchArgs,
        #[command(flatten)]
        print: print::Print,
    },
    /// 审核自评：列出自评与规则计分不同的指标及原因，按自评高出排名；有核定时列出核定与计算不一致之处。
    #[command(help_template = usage::COMMAND_HELP, override_usage = "jixiao audit [选项] <方案> <报告>…")]
    Audit {
        #[command(flatten)]
        input: SchemeReports,
        #[command(flatten)]
        output: Output,
        #[command(flatten)]
        batch: BatchArgs,
        #[command(flatten)]
        print: print::Print,
    },
    /// 按报告中的 `期望:` 逐份核对得分；最后一行为 `N passed, N failed`。
    #[command(help_template = usage::COMMAND_HELP, override_usage = "jixiao test [选项] <方案> <报告>…")]
    Test {
        #[command(flatten)]
        input: SchemeReports,
        #[command(flatten)]
        output: Output,
        #[command(flatten)]
        batch: BatchArgs,
        /// 按现在的计分结果写入或刷新每份报告（.yaml）的 `期望:`（其余内容不动），不核对。
        #[arg(long)]
        update: bool,
        /// 只处理文件路径中含有这段文字的报告。
        #[arg(long, value_name = "文字")]
        filter: Option<String>,
    },
    /// 从 Excel（.xlsx）、Word（.docx）、CSV 或文本（.txt）文件中读出自评表，写成 YAML 报告。
    #[command(help_template = usage::COMMAND_HELP, override_usage = "jixiao import [选项] <文件>…")]
    Import {
        /// 要读的文件（.xlsx、.docx、.csv、.txt）。
        #[arg(required = true, value_name = "文件")]
        files: Vec<PathBuf>,
        /// 把每份报告写成一个 .yaml 文件放到这个文件夹（不写则打印出来）。
        #[arg(short = 'o', long = "out", value_name = "文件夹")]
        out: Option<PathBuf>,
        /// 按这个（固定指标表）方案列出表中没有的输入，并给出正文中提到它们的句子（不自动填写）。
        #[arg(long, value_name = "方案")]
        scheme: Option<PathBuf>,
        /// 覆盖文件夹中已有的同名 .yaml（否则不覆盖）。
        #[arg(long)]
        force: bool,
    },
    /// 从现有评分表（.docx、.xlsx、.csv、.txt）起草方案：指标、分值、评价标准与指标说明照录，规则按常见写法读出，需要人决定之处写成“待定”。
    #[command(help_template = usage::COMMAND_HELP, override_usage = "jixiao draft [选项] <评分表文件>…")]
    Draft {
        /// 评分表文件（.xlsx、.docx、.csv、.txt）。
        #[arg(required = true, value_name = "文件")]
        files: Vec<PathBuf>,
        /// 把方案写入这个 .jx 文件（不写则打印出来）；起草多个评分表时是文件夹，每个写成“原文件名.jx”。
        #[arg(short = 'o', long = "out", value_name = "方案.jx|文件夹")]
        out: Option<PathBuf>,
        /// 覆盖已有的文件。
        #[arg(long)]
        force: bool,
    },
    /// 打印方案的空白报告（YAML），或写出 Excel 填报表（--xlsx），供单位填写。
    #[command(help_template = usage::COMMAND_HELP, override_usage = "jixiao template [选项] <方案.jx>")]
    Template {
        /// 方案文件。
        #[arg(value_name = "方案.jx")]
        scheme: PathBuf,
        /// 写成 Excel 填报表（.xlsx）：带单位、范围、下拉选项，只有黄色格子可填。
        #[arg(long, value_name = "文件.xlsx")]
        xlsx: Option<PathBuf>,
        /// 覆盖已有的文件。
        #[arg(long)]
        force: bool,
    },
}

impl Command {
    /// The files a command is asked to write (`--html`, `--pdf`, `--xlsx`), with the files and
    /// folders it reads.
    fn outputs_and_inputs(&self) -> Option<(print::Outputs<'_>, Vec<PathBuf>)> {
        let with = |p: &PathBuf, rest: &[PathBuf]| {
            let mut v = vec![p.clone()];
            v.extend(rest.iter().cloned());
            v
        };
        match self {
            Command::Score { input, print, .. } | Command::Audit { input, print, .. } => {
                Some((print.outputs(), with(&input.scheme, &input.reports)))
            }
            Command::Explain {
                scheme,
                report,
                print,
                ..
            } => Some((print.outputs(), vec![scheme.clone(), report.clone()])),
            Command::Diff {
                old, new, print, ..
            } => Some((print.outputs(), vec![old.clone(), new.clone()])),
            Command::Replay {
                old,
                new,
                reports,
                print,
                ..
            } => Some((
                print.outputs(),
                with(old, &[vec![new.clone()], reports.clone()].concat()),
            )),
            _ => None,
        }
    }
}

/// How a command ends: the exit codes README.md lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: done (checked, scored, compared, every test passed).
    Done = 0,
    /// 1: the input has errors: a scheme with errors, an invalid report, a failed test, or
    /// (under `--strict`) a report with data missing.
    Invalid = 1,
    /// 2: the command cannot run: wrong arguments, a file that cannot be read, no reports.
    Usage = 2,
}

impl Exit {
    /// `Invalid` when `failed`, else `Done`.
    pub fn failed_if(failed: bool) -> Exit {
        if failed {
            Exit::Invalid
        } else {
            Exit::Done
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> ExitCode {
        ExitCode::from(e as u8)
    }
}

/// The width to fit text to: `COLUMNS` when set, else the terminal's; `None` when the output
/// is not a terminal (a file or a pipe gets text unwrapped).
pub fn terminal_width() -> Option<usize> {
    if let Some(c) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
    {
        return Some(c.clamp(40, 1000));
    }
    terminal_size::terminal_size_of(std::io::stdout())
        .map(|(terminal_size::Width(w), _)| usize::from(w))
}

/// `text` with each line longer than the terminal wrapped, its continuations indented under
/// the line's text (past its indentation and a short label such as `计算  `).
pub fn fit(text: &str) -> String {
    let Some(width) = terminal_width() else {
        return text.to_string();
    };
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        if unicode_width::UnicodeWidthStr::width(line) <= width {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let lead = line.chars().take_while(|c| *c == ' ').count();
        let indent = " ".repeat((lead + 6).min(width / 2));
        let opts = textwrap::Options::new(width).subsequent_indent(&indent);
        for part in textwrap::wrap(line, &opts) {
            out.push_str(&part);
            out.push('\n');
        }
    }
    out
}

/// The worse of two ways a command ended (usage over invalid over done).
fn worst(a: Exit, b: Exit) -> Exit {
    if a as u8 >= b as u8 {
        a
    } else {
        b
    }
}

/// Writes to standard output; a reader that has gone away (`… | head`) ends the command
/// quietly.
pub fn emit(text: &str) {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        closed(e)
    }
}

/// Standard output could not be written: quietly when its reader has gone away (exit 141,
/// as a command killed by SIGPIPE), else with a message.
pub fn closed(e: std::io::Error) -> ! {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(141)
    }
    sayln!("错误：无法写出结果（{}）", files::write_reason(&e));
    std::process::exit(Exit::Usage as i32)
}

/// A panic is a defect of jixiao: said in one line (where a batch catches it, the report
/// that hit it is also listed as not scored), never as a backtrace.
fn on_panic(info: &std::panic::PanicHookInfo<'_>) {
    // A file-format crate failing on a malformed file: the reader says so itself.
    if jixiao::grid::in_reader() {
        return;
    }
    let what = info
        .payload()
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| info.payload().downcast_ref::<String>().cloned())
        .unwrap_or_default();
    let at = info
        .location()
        .map(|l| format!("（{}:{}）", l.file(), l.line()))
        .unwrap_or_default();
    sayln!("内部错误：{what}{at}。这是 jixiao 的缺陷，请报告此问题并附上输入文件");
}

/// Runs the command line and returns how it ended.
pub fn run() -> ExitCode {
    std::panic::set_hook(Box::new(on_panic));
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => return usage::report(&e).into(),
    };
    if let Some((outputs, inputs)) = cli.command.outputs_and_inputs() {
        if let Err(code) = print::check_outputs(&outputs, &inputs) {
            return code.into();
        }
    }
    let code = match cli.command {
        Command::Check {
            schemes,
            output: Output { format },
            deny_warnings,
        } => check::run(&schemes, format, deny_warnings),
        Command::Lsp => lsp::run(),
        Command::Fmt {
            schemes,
            check,
            diff,
        } => fmt::run(
            &schemes,
            match (check, diff) {
                (false, false) => fmt::Mode::Write,
                (true, false) => fmt::Mode::Check,
                (false, true) => fmt::Mode::Diff,
                (true, true) => fmt::Mode::CheckDiff,
            },
        ),
        Command::Score {
            input: SchemeReports { scheme, reports },
            output: Output { format },
            batch,
            print,
        } => score::score(&scheme, &reports, format, batch, &print),
        Command::Explain {
            scheme,
            report,
            output: Output { format },
            strict,
            print,
        } => score::explain(&scheme, &report, format, strict, &print),
        Command::Diff {
            old,
            new,
            output: Output { format },
            print,
        } => diff(&old, &new, format, &print),
        Command::Replay {
            old,
            new,
            reports,
            output: Output { format },
            print,
            batch,
        } => replay::run(&old, &new, &reports, format, &print, batch),
        Command::Audit {
            input: SchemeReports { scheme, reports },
            output: Output { format },
            print,
            batch,
        } => audit::run(&scheme, &reports, format, &print, batch),
        Command::Test {
            input: SchemeReports { scheme, reports },
            output: Output { format },
            batch,
            update,
            filter,
        } => test::run(&scheme, &reports, format, batch, update, filter.as_deref()),
        Command::Import {
            files,
            out,
            scheme,
            force,
        } => import::run(&files, out.as_deref(), scheme.as_deref(), force),
        Command::Template {
            scheme,
            xlsx,
            force,
        } => template::run(&scheme, xlsx.as_deref(), force),
        Command::Draft { files, out, force } => draft::run(&files, out.as_deref(), force),
    };
    code.into()
}

/// `jixiao diff OLD NEW`: 0 when compared (whether or not they differ), 1 when a scheme has
/// errors, 2 when a file cannot be read.
fn diff(old: &Path, new: &Path, format: Format, print: &print::Pages) -> Exit {
    let (a, b) = (load_scheme(old), load_scheme(new));
    let (a, b) = match (a, b) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(c), _) | (_, Err(c)) => return c,
    };
    let d = jixiao::diff::diff(&a, &shown(old), &b, &shown(new));
    match format {
        Format::Text => emit(&fit(&jixiao::render::diff::render(&d))),
        Format::Json => emit(&format!(
            "{}\n",
            serde_json::to_string_pretty(&d).unwrap_or_default()
        )),
    }
    print.write_page(|| jixiao::render::html_review::diff(&d), "")
}

/// Loads and checks a scheme; prints its diagnostics. `Err(code)` when it cannot be used.
pub fn load_scheme(path: &Path) -> Result<Scheme, Exit> {
    if files::is_report(path) {
        sayln!(
            "错误：这里应写方案（.jx 文件或存放方案的文件夹），`{}` 是报告\n  提示：参数顺序为方案在前、报告在后（replay 为 旧方案 新方案 报告；diff 的两个参数都是方案），如 `jixiao score 方案.jx 报告.yaml`",
            shown(path)
        );
        return Err(Exit::Usage);
    }
    let text = read_text(path, files::Kind::Scheme).map_err(|m| {
        sayln!("错误：{m}");
        Exit::Usage
    })?;
    let mut sources = Sources::new();
    let file = sources.add(shown(path), &text);
    let compiled = compile(&sources, file, &mut FsLoader);
    if !compiled.diags.is_empty() {
        say!(
            "{}",
            jixiao::base::diag::render_all(&compiled.diags, &compiled.sources)
        );
    }
    compiled.scheme.ok_or_else(|| {
        sayln!("方案 `{}` 有错误，未计分", shown(path));
        Exit::Invalid
    })
}
