#!/usr/bin/env python3
"""Seeds fuzz/corpus/<target>/ from the project's own files (run from anywhere).

scheme      every .jx under schemes/, fixtures/, tests/cases/
report      every .yaml and .json under fixtures/ and tests/cases/
form_rows   the 绩效指标 rows of every form report, one row per line as `键=值|键=值`
            (the first line holds the report's own keys); needs PyYAML
form_value  the 指标值 and 完成值 of every such row, as `指标值\\n完成值`
diff        the old/new pairs of tests/cases/diff and the shipped 2020/2024 schemes,
            joined by a line `====`

Files are named by the hash of their content, so seeding twice adds nothing.
"""

import hashlib
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"


def put(target, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    d = CORPUS / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()).write_bytes(data)


def files(*patterns):
    for base in ("schemes", "fixtures", "tests/cases"):
        for pattern in patterns:
            yield from sorted((ROOT / base).rglob(pattern))


def cell(v):
    return "" if v is None else str(v).replace("|", "｜").replace("\n", " ")


def form_seeds():
    try:
        import yaml
    except ImportError:
        print("PyYAML 未安装：跳过 form_rows 与 form_value 的种子", file=sys.stderr)
        return
    for path in files("*.yaml"):
        try:
            doc = yaml.safe_load(path.read_text("utf-8"))
        except Exception:
            continue
        if not isinstance(doc, dict) or not isinstance(doc.get("绩效指标"), list):
            continue
        head = {"年度": doc.get("年度", 2023)}
        if isinstance(doc.get("预算执行"), dict):
            head.update(doc["预算执行"])
        lines = ["|".join(f"{k}={cell(v)}" for k, v in head.items())]
        for row in doc["绩效指标"]:
            if not isinstance(row, dict):
                continue
            lines.append("|".join(f"{k}={cell(v)}" for k, v in row.items()))
            put("form_value", f"{cell(row.get('指标值'))}\n{cell(row.get('完成值'))}")
        put("form_rows", "\n".join(lines))


def main():
    for path in files("*.jx"):
        put("scheme", path.read_bytes())
    for path in files("*.yaml", "*.json"):
        put("report", path.read_bytes())
    form_seeds()
    shipped = ROOT / "schemes" / "bumen-zhengti"
    pairs = [(shipped / "2020.jx", shipped / "2024.jx")]
    for old in sorted((ROOT / "tests" / "cases" / "diff").glob("*.old.jx")):
        pairs.append((old, old.with_name(old.name.replace(".old.", ".new."))))
    for old, new in pairs:
        if new.exists():
            put("diff", old.read_text("utf-8") + "\n====\n" + new.read_text("utf-8"))
    for target in sorted(p.name for p in CORPUS.iterdir()):
        print(f"{target}: {len(list((CORPUS / target).iterdir()))} 个种子")


if __name__ == "__main__":
    main()
