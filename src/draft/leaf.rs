//! A leaf of the draft: its texts verbatim, the quantity it scores (a formula from its 说明,
//! or an input of its own), the cases and the rule read from its 评价标准 — each decided or a
//! `待定` — and the questions a formula raises (a divisor that can be zero).

use rust_decimal::Decimal;

use super::formula::{self, Formula};
use super::rules::{self, Leaf, Part};
use super::table::Row;
use super::write::{clean, quoted, Writer};

/// Generic words a subject ends with, left out when looking for it in other leaves
/// (`楼堂馆所项目` is looked for as `楼堂馆所`).
const SUBJECT_ENDS: &[&str] = &["项目", "工作", "任务", "业务", "事项"];

impl Writer {
    /// Writes leaf `r` (named `name`, worth `points`) at `depth`; `at` names it in the summary.
    pub(super) fn leaf(&mut self, r: &Row, depth: usize, at: &str, name: &str, points: Decimal) {
        self.summary.leaves += 1;
        if !r.standard.is_empty() {
            self.line(depth, &format!("标准 {}", quoted(&r.standard)));
        }
        if !r.explanation.is_empty() {
            self.line(depth, &format!("说明 {}", quoted(&r.explanation)));
        }
        if !r.continued.is_empty() {
            let places: Vec<String> = r
                .continued
                .iter()
                .map(|p| format!("{}{p}", self.source))
                .collect();
            self.pending(
                depth,
                at,
                "",
                &format!(
                    "原表 {} 没有指标名，其文字接在本指标的标准、说明之后：是否读对？",
                    places.join("、")
                ),
                &[],
            );
        }
        if let Some(short) = &r.short {
            self.pending(
                depth,
                at,
                "",
                &format!("{short}：标准、说明是否读对？"),
                &[],
            );
        }
        let formula = formula::read(&r.explanation);
        let leaf = Leaf {
            standard: &r.standard,
            points,
            name,
            range: formula.is_none().then(|| formula::range_of(name)).flatten(),
        };
        let recognised = rules::recognise(&leaf).unwrap_or_default();
        if recognised.rule {
            self.summary.recognised += 1;
        }
        for decl in &recognised.inputs {
            self.declare(decl, "由评价标准中的情形读出");
        }
        // The quantity scored.
        let own_input = match (&recognised.value_type, &formula) {
            (Some(ty), f) => {
                let value = recognised.value_name.as_deref().unwrap_or(name);
                if let Some(f) = f {
                    self.line(
                        depth,
                        &format!(
                            "// 说明中的公式 `{} = {}` 未用：规则按本指标自己的输入计分",
                            f.name, f.expr
                        ),
                    );
                }
                self.declare(
                    &format!("{value}：{ty}"),
                    &format!("“{name}”的规则所计的值"),
                );
                // A checklist names its input itself.
                if !ty.starts_with("清单") {
                    self.line(depth, &format!("值 {value}"));
                }
                true
            }
            (None, Some(f)) => {
                self.formula(f, depth, at);
                false
            }
            (None, None) => {
                let defines = r.explanation.contains(['=', '＝']);
                if defines {
                    self.pending(
                        depth,
                        at,
                        &r.explanation,
                        "没有从说明中认出公式：所计的量怎样算？（写成 `值 名称 = 公式`）",
                        &[],
                    );
                } else if recognised.rule {
                    self.own_value(name, &r.standard, depth);
                }
                !defines
            }
        };
        self.shared_cases(r, name, &recognised.parts, depth, at);
        for part in &recognised.parts {
            self.part(part, depth, at);
        }
        if !recognised.rule {
            let rest = rules::without_cases(&r.standard);
            let phrase = if rest.is_empty() {
                &r.explanation
            } else {
                &rest
            };
            self.unrecognised(
                name,
                points,
                phrase,
                own_input && formula.is_none(),
                depth,
                at,
            );
        }
    }

    /// `值 名称 = 公式` from the 说明 (a dashed one is asked), and what its divisor raises.
    fn formula(&mut self, f: &Formula, depth: usize, at: &str) {
        let line = format!("值 {} = {}", f.name, f.expr);
        if f.dashed {
            self.pending(
                depth,
                at,
                "",
                "说明中的公式在名称后写的是“-”：是否就是“=”？",
                &[&line],
            );
        } else {
            self.line(depth, "// 公式取自说明");
            self.line(depth, &line);
        }
        let Some((n, d)) = f.division() else { return };
        let divisor = d.join(" ");
        let one = d.len() == 1;
        let shown = if one {
            divisor.clone()
        } else {
            format!("({divisor})")
        };
        let mut readings = Vec::new();
        if let Some((_, decl)) = self.declared.iter().find(|(n, _)| one && *n == divisor) {
            // `编制数：人 "…"` → `编制数：人 > 0 "…"`.
            let (head, desc) = match decl.find(" \"") {
                Some(i) => decl.split_at(i),
                None => (decl.as_str(), ""),
            };
            readings.push(format!("输入 {head} > 0{desc}"));
        }
        readings.push(format!(
            "若 {shown} = 0 则 0分 \"{divisor}为零，无法计算，不得分\""
        ));
        if let Some(top) = one
            .then(|| formula::numerator_at_zero(&n, &divisor))
            .flatten()
        {
            readings.push(format!(
                "若 {shown} = 0 且 {top} = 0 则 满分 \"{divisor}与{top}均为零\"\n若 {shown} = 0 则 0分 \"{divisor}为零而{top}不为零，不得分\""
            ));
        }
        readings.push(format!(
            "允许 div-zero \"{divisor}为零时报“除数为零”，由人工核对数据\""
        ));
        let readings: Vec<&str> = readings.iter().map(String::as_str).collect();
        self.pending(
            depth,
            at,
            "",
            &format!("公式除以 {shown}：它为零时怎么办？（须大于零、不得分、分情形，或报“除数为零”由人工核对）"),
            &readings,
        );
    }

    /// The leaf's own input as the quantity scored (no formula in its 说明), its unit from its
    /// name, or `%` where the rule counts in percent.
    fn own_value(&mut self, name: &str, standard: &str, depth: usize) {
        let range = formula::range_of(name)
            .map(|(lo, hi)| format!(" [{}, {}%]", lo.normalize(), hi.normalize()))
            .unwrap_or_default();
        let (unit, why) = match formula::unit_of(name) {
            Some((word, unit)) if unit != "万元" => (unit, format!("单位：名称含“{word}”")),
            _ if standard.contains(['%', '％']) || standard.contains("百分点") => {
                ("%", "单位：标准按百分比计".to_string())
            }
            _ => ("%", "单位：没有可推断的，暂按百分比，须核对".to_string()),
        };
        self.declare(
            &format!("{name}：{unit}{range}"),
            &format!("说明中没有公式：“{name}”由单位填报；{why}"),
        );
        self.line(depth, &format!("值 {name}"));
    }

    /// A case or rule read from the wording: written with its words when decided, else asked.
    fn part(&mut self, part: &Part, depth: usize, at: &str) {
        if let Some(note) = &part.note {
            self.line(depth, &format!("// {note}"));
        }
        if let (true, [text]) = (part.question.is_empty(), part.readings.as_slice()) {
            self.line(
                depth,
                &format!("// 读自标准：“{}”", clean(&part.phrase).replace('\n', " ")),
            );
            for l in text.lines() {
                self.line(depth, l);
            }
            return;
        }
        let readings: Vec<&str> = part.readings.iter().map(String::as_str).collect();
        self.pending(depth, at, &part.phrase, &part.question, &readings);
    }

    /// A case sentence of an earlier leaf (`没有楼堂馆所项目的部门按满分计算`) whose subject
    /// this leaf names but does not repeat: asked whether it holds here too.
    fn shared_cases(&mut self, r: &Row, name: &str, parts: &[Part], depth: usize, at: &str) {
        let text = format!("{name}{}{}", r.standard, r.explanation);
        let own: Vec<&str> = parts.iter().map(|p| p.phrase.as_str()).collect();
        let asked: Vec<(String, Vec<String>)> = self
            .cases_seen
            .iter()
            .filter(|(subject, sentence, _)| {
                text.contains(subject.as_str()) && !own.contains(&sentence.as_str())
            })
            .map(|(_, s, r)| (s.clone(), r.clone()))
            .collect();
        for (sentence, readings) in asked {
            let mut readings = readings;
            readings.push("// 不同样处理".to_string());
            let readings: Vec<&str> = readings.iter().map(String::as_str).collect();
            self.pending(
                depth,
                at,
                &sentence,
                "前面的指标写了这一句，本指标没有写：是否同样处理？",
                &readings,
            );
        }
        for p in parts
            .iter()
            .filter(|p| p.readings.iter().any(|r| r.contains("不适用")))
        {
            // The subject: the input the case reads, without `有` and a generic ending.
            let Some(input) = p.readings[0].split_whitespace().nth(1) else {
                continue;
            };
            let core = input.strip_prefix('有').unwrap_or(input);
            let core = SUBJECT_ENDS
                .iter()
                .find_map(|e| core.strip_suffix(e))
                .unwrap_or(core);
            if core.chars().count() >= 2 {
                self.cases_seen
                    .push((core.to_string(), p.phrase.clone(), p.readings.clone()));
            }
        }
    }

    /// A wording no recogniser reads: asked with the table's words; the usual rules offered
    /// as readings (each complete: the input it scores, `值`, the rule).
    fn unrecognised(
        &mut self,
        name: &str,
        points: Decimal,
        phrase: &str,
        own: bool,
        depth: usize,
        at: &str,
    ) {
        let rate = name.ends_with('率') || formula::unit_of(name).is_some_and(|(_, u)| u == "%");
        let mut readings = Vec::new();
        // A wording that deducts or bands (扣, %, 分) is a rule not read: no usual rule is
        // offered for it, the person writes it.
        let scores = ["扣", "%", "％", "分", "每"]
            .iter()
            .any(|w| phrase.contains(w));
        if !scores && own {
            if rate {
                readings.push(format!("输入 {name}：%\n值 {name}\n按比例计分 封顶 100%"));
            }
            readings.push(format!(
                "输入 {name}：评审打分 [0, {}]\n值 {name}\n评审打分",
                points.normalize()
            ));
        } else if !scores && rate {
            readings.push("按比例计分 封顶 100%".to_string());
        }
        let readings: Vec<&str> = readings.iter().map(String::as_str).collect();
        let question = if readings.is_empty() {
            "没有认出这一写法：按什么计分？照原表写出规则"
        } else {
            "没有认出这一写法：按什么计分？下面是常见的计分办法，都不合原意就照原表写出规则"
        };
        self.pending(depth, at, phrase, question, &readings);
    }
}
