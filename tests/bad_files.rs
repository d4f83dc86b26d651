//! Files that are not what they seem (`tests/cases/bad-input/`): a `基于` that points out of
//! its folder or at a device, pipes and devices among the reports, folders whose links loop,
//! empty folders. Each behaves as its case file says, and so do other members of its kind.
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "test code: a failure is the report"
)]
#![cfg(unix)]

mod common;

use std::os::unix::fs::symlink;
use std::path::Path;

use common::{jixiao, tempdir, write};

const MINI: &str = "tests/cases/bad-input/mini.jx";

/// A valid report for `mini.jx`.
const REPORT: &str = "单位: 测\n年度: 2020\n数据:\n  金额: 5\n  人数: 3\n  率: 88\n  有否: 否\n";

use common::bad_input as case;

fn mkfifo(path: &Path) {
    let ok = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs")
        .success();
    assert!(ok, "mkfifo {}", path.display());
}

/// `基于 "/etc/passwd"`, `基于 "/dev/zero"`: refused before anything is read, never echoed.
#[test]
fn a_base_outside_the_folder_is_refused_before_reading() {
    for (name, path) in [
        ("base-etc-passwd.jx", "/etc/passwd"),
        ("base-dev-zero.jx", "/dev/zero"),
    ] {
        let (code, out, err) = jixiao(&["check", &case(name)]);
        assert_eq!(code, 1, "{name}: {out}{err}");
        assert!(out.contains("base-outside"), "{out}");
        assert!(
            out.contains(&format!(
                "`基于 \"{path}\"` 不在本方案所在的文件夹内：不能写绝对路径"
            )),
            "{out}"
        );
        assert!(!out.contains("root:"), "never shows the file: {out}");
    }
}

/// Every way out of the folder: `..`, a link to a file outside, a link to a device, a pipe
/// inside the folder, a file that is not a scheme, a chain of bases too deep.
#[test]
fn a_base_resolves_only_to_scheme_files_inside_its_folder() {
    let dir = tempdir("bases");
    let sub = dir.join("sub");
    std::fs::create_dir_all(&sub).unwrap();
    let base = std::fs::read_to_string(MINI).unwrap();
    write(&dir, "2020.jx", &base);
    write(&sub, "2020.jx", &base);
    symlink("/etc/passwd", dir.join("passwd.jx")).unwrap();
    symlink("/dev/zero", dir.join("zero.jx")).unwrap();
    mkfifo(&dir.join("pipe.jx"));
    write(&dir, "notes.txt", "root:x:0:0:root:/root:/bin/bash\n");
    let cases = [
        (
            "../2020.jx",
            "base-outside",
            "`..` 越出了本方案所在的文件夹",
        ),
        (
            "sub/../../2020.jx",
            "base-outside",
            "`..` 越出了本方案所在的文件夹",
        ),
        ("passwd.jx", "base-outside", "它是指向文件夹外的链接"),
        ("zero.jx", "base-outside", "它是指向文件夹外的链接"),
        ("pipe.jx", "base-unreadable", "不是普通文件"),
        ("notes.txt", "base-not-scheme", "基础方案应是 .jx 文件"),
    ];
    for (k, (written, id, why)) in cases.iter().enumerate() {
        let scheme = write(
            &dir,
            &format!("t{k}.jx"),
            &format!("基于 \"{written}\"\n年度 2021\n"),
        );
        let (code, out, err) = jixiao(&["check", &scheme]);
        assert_eq!(code, 1, "{written}: {out}{err}");
        assert!(out.contains(id), "{written}: {out}");
        assert!(out.contains(why), "{written}: {out}");
        assert!(
            !out.contains("root:"),
            "{written}: never shows the file: {out}"
        );
    }
    // Inside the folder, below it, or back into it: allowed.
    for written in ["2020.jx", "sub/2020.jx", "sub/../2020.jx", "./2020.jx"] {
        let scheme = write(&dir, "ok.jx", &format!("基于 \"{written}\"\n年度 2021\n"));
        let (code, out, err) = jixiao(&["check", &scheme]);
        assert_eq!(code, 0, "{written}: {out}{err}");
    }
    // A chain of 40 bases: refused at the limit.
    let deep = tempdir("deep-bases");
    write(&deep, "y0.jx", &base);
    for k in 1..40 {
        write(
            &deep,
            &format!("y{k}.jx"),
            &format!("基于 \"y{}.jx\"\n年度 {}\n", k - 1, 2020 + k),
        );
    }
    let (code, out, err) = jixiao(&["check", &deep.join("y39.jx").display().to_string()]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("基础方案层层相套超过 32 层"), "{out}");
}

/// Reports: a pipe in a folder is skipped with a note (never opened: that would wait for a
/// writer forever), `/dev/zero` named on the command line is refused, the others are scored.
#[test]
fn only_regular_report_files_are_read() {
    let dir = tempdir("pipes");
    write(&dir, "a.yaml", REPORT);
    mkfifo(&dir.join("b.yaml"));
    write(&dir, "c.yaml", REPORT);
    let (code, out, err) = jixiao(&["score", MINI, &dir.display().to_string()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        err.contains("b.yaml` 不是普通文件（管道、设备等），跳过"),
        "{err}"
    );
    // A header, a line per report, and the closing summary.
    let reports = common::report_lines(&out);
    assert_eq!(reports, 2, "a and c: {out}");
    assert!(
        out.ends_with("共 2 份：计分 2 份，平均总分 17.40；好 2 份\n"),
        "{out}"
    );
    let (code, out, err) = jixiao(&[
        "score",
        MINI,
        "/dev/zero",
        &dir.join("a.yaml").display().to_string(),
    ]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("无法读取 `/dev/zero`：不是普通文件"), "{err}");
    let reports = common::report_lines(&out);
    assert_eq!(reports, 1, "a is still scored: {out}");
}

/// The links of `symlink-loop.sh`: a folder linked into itself, and two folders linked to each
/// other. Each real report is read once; each loop is noted; nothing hangs.
#[test]
fn link_loops_are_noted_and_each_report_is_read_once() {
    let dir = tempdir("loops");
    let one = dir.join("one");
    let two = dir.join("two");
    std::fs::create_dir_all(&one).unwrap();
    std::fs::create_dir_all(two.join("sub")).unwrap();
    write(&one, "a.yaml", REPORT);
    write(&two, "a.yaml", REPORT);
    symlink(".", one.join("again")).unwrap();
    symlink("../two", two.join("self")).unwrap();
    symlink("..", two.join("sub/up")).unwrap();
    for (folder, loops) in [(&one, 1), (&two, 2)] {
        for cmd in ["score", "audit"] {
            let (code, out, err) = jixiao(&[cmd, MINI, &folder.display().to_string()]);
            assert_eq!(code, 0, "{cmd} {}: {out}{err}", folder.display());
            assert_eq!(err.matches("符号链接成环").count(), loops, "{err}");
            if cmd == "score" {
                assert_eq!(out.matches("总分").count(), 1, "read once: {out}");
            } else {
                assert!(out.contains("读取 1 份报告"), "{out}");
            }
        }
    }
    // The same report by two paths (a link to the file) is read once, and said.
    symlink(one.join("a.yaml"), dir.join("link.yaml")).unwrap();
    let (code, out, err) = jixiao(&[
        "score",
        MINI,
        &one.join("a.yaml").display().to_string(),
        &dir.join("link.yaml").display().to_string(),
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(err.contains("是同一个文件，只读一次"), "{err}");
    // Inside one folder walked as a batch (never listed): a link to a report beside it is the
    // same report, read once and said, and the other reports are all read.
    let batch = dir.join("batch");
    std::fs::create_dir_all(&batch).unwrap();
    write(&batch, "a.yaml", REPORT);
    write(&batch, "c.yaml", REPORT);
    symlink("a.yaml", batch.join("b.yaml")).unwrap();
    let (code, out, err) = jixiao(&["score", MINI, &batch.display().to_string()]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(err.matches("是同一个文件，只读一次").count(), 1, "{err}");
    assert!(out.contains("共 2 份"), "{out}");
    // A hard link is a file of its own name (as it always was), with or without a link in
    // the folder: only the symbolic link is the same report twice.
    let hard = dir.join("hard");
    std::fs::create_dir_all(&hard).unwrap();
    write(&hard, "x.yaml", REPORT);
    std::fs::hard_link(hard.join("x.yaml"), hard.join("y.yaml")).unwrap();
    let (code, out, err) = jixiao(&["score", MINI, &hard.display().to_string()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("共 2 份") && !err.contains("同一个文件"),
        "{out}{err}"
    );
    symlink("x.yaml", hard.join("z.yaml")).unwrap();
    let (code, out, err) = jixiao(&["score", MINI, &hard.display().to_string()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("共 2 份"), "{out}");
    assert!(
        err.contains("z.yaml` 与 `") && err.contains("x.yaml` 是同一个文件"),
        "{err}"
    );
    // The script itself finishes (rc 124 would be its timeout).
    let (code, out, err) = run_script("symlink-loop.sh");
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("rc=0"), "{out}{err}");
}

/// An empty folder is an error on every command that reads reports, with the same message.
#[test]
fn an_empty_folder_is_an_error_on_every_command() {
    let dir = tempdir("empty");
    let empty = dir.display().to_string();
    for args in [
        vec!["score", MINI, &empty],
        vec!["explain", MINI, &empty],
        vec!["test", MINI, &empty],
        vec!["audit", MINI, &empty],
        vec!["replay", MINI, MINI, &empty],
    ] {
        let (code, out, err) = jixiao(&args);
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert!(
            err.contains("没有找到报告（.yaml、.yml、.json、.xlsx、.docx 或 .csv 文件；.txt 文件须写出文件名）"),
            "{args:?}: {err}"
        );
    }
    let (_, out, _) = run_script("empty-folder.sh");
    assert!(
        out.contains("score rc=2") && out.contains("test rc=2"),
        "{out}"
    );
}

/// Runs a case script with the binary and `mini.jx`.
fn run_script(name: &str) -> (i32, String, String) {
    let out = std::process::Command::new("sh")
        .arg(case(name))
        .arg(env!("CARGO_BIN_EXE_jixiao"))
        .arg(MINI)
        .output()
        .expect("sh runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
