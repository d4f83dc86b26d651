//! What can go wrong while putting a scheme together from its base and its edits.

/// What can go wrong while putting a scheme together from its base and its edits.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum EditError {
    /// The base file cannot be read.
    ///
    /// ```text
    /// 基于 "2019.jx"    // no such file beside this one
    /// ```
    #[error("找不到基础方案 `{path}`")]
    #[diagnostic(code("base-missing"), help("{help}"))]
    BaseMissing {
        /// The path tried.
        path: String,
        /// What to check: the folder the path is taken from, or an invisible character in it.
        help: String,
    },
    /// The base is there but is not read: a device or pipe, too large, not UTF-8.
    ///
    /// ```text
    /// 基于 "2020.jx"    // 2020.jx is a named pipe
    /// ```
    #[error("无法读取基础方案 `{path}`：{reason}")]
    #[diagnostic(
        code("base-unreadable"),
        help("`基于` 应指向一个普通的 .jx 方案文件（UTF-8 编码，不超过 16 MB）")
    )]
    BaseUnreadable {
        /// The path tried.
        path: String,
        /// Why it is not read.
        reason: String,
    },
    /// A base outside the folder of the scheme that names it: an absolute path, a `..` that
    /// climbs out, or a link that points out.
    ///
    /// ```text
    /// 基于 "/etc/passwd"    // or "../其他单位/2020.jx"
    /// ```
    #[error("`基于 \"{path}\"` 不在本方案所在的文件夹内：{why}")]
    #[diagnostic(
        code("base-outside"),
        help("`基于` 只能引用本方案所在文件夹（或其下级文件夹）中的 .jx 方案文件，如 `基于 \"2020.jx\"`；把基础方案复制到这个文件夹里再引用")
    )]
    BaseOutside {
        /// The path as written.
        path: String,
        /// Why it is outside.
        why: &'static str,
    },
    /// A base that is not a scheme file (`.jx`).
    ///
    /// ```text
    /// 基于 "2020.yaml"
    /// ```
    #[error("`基于 \"{path}\"` 不是方案文件：基础方案应是 .jx 文件")]
    #[diagnostic(code("base-not-scheme"), help("{help}"))]
    BaseNotScheme {
        /// The path as written.
        path: String,
        /// What to write, or the invisible character to delete.
        help: String,
    },
    /// More bases under one another than allowed.
    ///
    /// ```text
    /// 基于 "2023.jx"    // which is built on 2022.jx, on 2021.jx, … 33 files deep
    /// ```
    #[error("基础方案层层相套超过 {limit} 层")]
    #[diagnostic(
        code("base-too-deep"),
        help("把较早年度的改动合并进一个完整的方案，再在它上面写以后年度的修改")
    )]
    BaseTooDeep {
        /// The most files a chain may hold.
        limit: usize,
    },
    /// A chain of bases that comes back to a file already in it.
    ///
    /// ```text
    /// // a.jx
    /// 基于 "b.jx"
    /// // b.jx
    /// 基于 "a.jx"
    /// ```
    #[error("方案的 `基于` 构成循环：{chain}")]
    #[diagnostic(
        code("base-cycle"),
        help("`基于` 应指向上一年度的方案，不能直接或间接指向本文件")
    )]
    BaseCycle {
        /// The files, joined by →.
        chain: String,
    },
    /// The base has errors of its own.
    ///
    /// ```text
    /// 基于 "2020.jx"    // 2020.jx itself has errors
    /// ```
    #[error("基础方案 `{path}` 有错误，本方案无法合成")]
    #[diagnostic(code("base-invalid"), help("先改正基础方案中的错误（见下文）"))]
    BaseInvalid {
        /// The base file.
        path: String,
    },
    /// An edit in a file that builds on nothing.
    ///
    /// ```text
    /// 方案 测试
    /// 年度 2024
    /// 修改 指标 甲 6分    // an edit, but no `基于`
    /// ```
    #[error("没有 `基于` 的方案不能写 `{verb}`")]
    #[diagnostic(
        code("edit-no-base"),
        help("在文件开头写 `基于 \"上一年度方案.jx\"`，或直接写出完整的定义")
    )]
    NoBase {
        /// 修改, 删除 or 新增.
        verb: &'static str,
    },
    /// An edit of something the base does not have.
    ///
    /// ```text
    /// 基于 "2020.jx"
    /// 修改 指标 在职人员控制 6分    // 2020.jx has 在职人员控制率
    /// ```
    #[error("基础方案中没有{what} `{name}`")]
    #[diagnostic(code("edit-unknown"), help("{help}"))]
    Unknown {
        /// 指标, 输入 or 值.
        what: &'static str,
        /// The name.
        name: String,
        /// A suggestion or how to add it.
        help: String,
    },
    /// A new item with a name the base already has.
    ///
    /// ```text
    /// 基于 "2020.jx"
    /// 输入 编制数：人 >0    // 2020.jx declares it: say `修改 输入`
    /// ```
    #[error("基础方案中已有{what} `{name}`")]
    #[diagnostic(
        code("edit-exists"),
        help("要改动它请写 `修改 {what} {name} …`；要新增请另取一个名称")
    )]
    Exists {
        /// 指标, 输入 or 值.
        what: &'static str,
        /// The name.
        name: String,
    },
    /// An indicator moved under itself or under one of its own lower indicators.
    ///
    /// ```text
    /// 修改 指标 预算管理 归入 预算执行率    // 预算执行率 is under 预算管理
    /// ```
    #[error("不能把 `{name}` 归入它自己或它的下级 `{parent}`")]
    #[diagnostic(code("edit-move"), help("`归入` 后写另一个分支上的指标"))]
    MoveIntoSelf {
        /// The indicator moved.
        name: String,
        /// Where it was to go.
        parent: String,
    },
    /// An input or value removed while something still uses it.
    ///
    /// ```text
    /// 删除 输入 编制数    // 在职人员控制率 still reads it
    /// ```
    #[error("删除了{what} `{name}`，但 `{user}` 仍在使用它")]
    #[diagnostic(
        code("edit-removed-used"),
        help("同时修改或删除用到它的指标和值，或保留这个{what}")
    )]
    RemovedUsed {
        /// 输入 or 值.
        what: &'static str,
        /// The name.
        name: String,
        /// The indicator or value that uses it.
        user: String,
    },
}
