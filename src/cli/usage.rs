//! The command line in Chinese: help laid out under Chinese headings, and clap's errors
//! (an unknown option, a missing argument, a misspelt command) said in Chinese with what to
//! type instead. A file name that starts with `-` gets the two ways to write it.

use clap::error::{ContextKind, ContextValue, ErrorKind};

use super::Exit;

/// The layout of the top-level help.
pub const TOP_HELP: &str = "{about-with-newline}\n用法：{usage}\n\n命令：\n{subcommands}\n\n选项：\n{options}\n\n每个命令的说明：jixiao 命令 --help（如 `jixiao score --help`）\n";

/// The layout of a command's help.
pub const COMMAND_HELP: &str =
    "{about-with-newline}\n用法：{usage}\n\n参数：\n{positionals}\n\n选项：\n{options}\n";

/// A context value of a clap error as text (several values joined with `、`).
fn context(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join("、")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => Some(
            v.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("、"),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Prints a command-line error in Chinese (help and version as they are) and returns how the
/// run ends: [`Exit::Usage`] for an error, [`Exit::Done`] for help asked for.
pub fn report(e: &clap::Error) -> Exit {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            return Exit::Done;
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand | ErrorKind::MissingSubcommand => {
            let _ = e.print();
            return Exit::Usage;
        }
        _ => {}
    }
    let arg = context(e, ContextKind::InvalidArg).unwrap_or_default();
    // clap names the first letter of `-报告.yaml` as `-报`: say the argument as typed.
    let arg = if arg.starts_with('-') && !arg.starts_with("--") {
        std::env::args()
            .skip(1)
            .find(|a| a.starts_with(&arg))
            .unwrap_or(arg)
    } else {
        arg
    };
    let usage = context(e, ContextKind::Usage).map(|u| {
        let u = u.trim();
        u.strip_prefix("Usage:").unwrap_or(u).trim().to_string()
    });
    let command = usage
        .as_deref()
        .and_then(|u| u.split_whitespace().nth(1))
        .filter(|c| !c.starts_with(['[', '<']) && *c != "命令")
        .map(str::to_string);
    let mut hints = Vec::new();
    let message = match e.kind() {
        ErrorKind::UnknownArgument if arg.starts_with('-') => {
            if let Some(s) = context(e, ContextKind::SuggestedArg) {
                hints.push(format!("是否想写 `{s}`？"));
            }
            if !arg.starts_with("--") || arg.contains('.') {
                let c = command.as_deref().unwrap_or("score");
                hints.push(format!(
                    "若 `{arg}` 是文件名，写成 `./{arg}`，或在文件名前单独写一个 `--`（如 `jixiao {c} 方案.jx -- {arg}`）"
                ));
            }
            format!("不认识的选项 `{arg}`")
        }
        ErrorKind::UnknownArgument => {
            hints.push("检查参数的个数与顺序：方案在前，报告在后".into());
            format!("多余的参数 `{arg}`")
        }
        ErrorKind::InvalidSubcommand => {
            let sub = context(e, ContextKind::InvalidSubcommand).unwrap_or_default();
            if let Some(s) = context(e, ContextKind::SuggestedSubcommand) {
                hints.push(format!("是否想写 `jixiao {s}`？"));
            }
            hints.push(
                "命令有 check、fmt、score、explain、diff、replay、audit、test、import、template；`jixiao --help` 列出各自的用途"
                    .into(),
            );
            format!("没有 `{sub}` 这个命令")
        }
        ErrorKind::MissingRequiredArgument => format!("缺少参数 {arg}"),
        ErrorKind::InvalidValue => {
            let value = context(e, ContextKind::InvalidValue).unwrap_or_default();
            if let Some(valid) = context(e, ContextKind::ValidValue).filter(|v| !v.is_empty()) {
                hints.push(format!("可以写：{valid}"));
            }
            if value.is_empty() {
                format!("`{arg}` 后面要写一个值")
            } else {
                format!("`{value}` 不是 `{arg}` 可以取的值")
            }
        }
        ErrorKind::ValueValidation => {
            let value = context(e, ContextKind::InvalidValue).unwrap_or_default();
            format!("`{arg}` 的值 `{value}` 无效（应为不小于 0 的整数）")
        }
        ErrorKind::ArgumentConflict => {
            let prior = context(e, ContextKind::PriorArg).unwrap_or_default();
            // clap says an option given twice as a conflict with itself.
            let name = |a: &str| a.split_whitespace().next().unwrap_or_default().to_string();
            if name(&prior) == name(&arg) {
                format!("`{}` 只能写一次", name(&arg))
            } else {
                format!("`{arg}` 不能与 `{prior}` 同时使用")
            }
        }
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            format!("`{arg}` 的值的个数不对")
        }
        ErrorKind::NoEquals => format!("`{arg}` 的值要用 `=` 连着写"),
        _ => "命令行参数有误".into(),
    };
    sayln!("错误：{message}");
    for h in hints {
        sayln!("  提示：{h}");
    }
    if let Some(usage) = usage {
        sayln!("\n用法：{usage}");
        match command {
            Some(c) => sayln!("更多说明：jixiao {c} --help"),
            None => sayln!("更多说明：jixiao --help"),
        }
    }
    Exit::Usage
}
