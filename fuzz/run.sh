#!/usr/bin/env bash
# Runs one fuzz target: fuzz/run.sh TARGET [EXECUTIONS]   (default 2,000,000)
# Targets: scheme report form_rows form_value diff. Needs the nightly toolchain and
# cargo-fuzz (`cargo install cargo-fuzz`). Crashes land in fuzz/artifacts/TARGET/; each one
# found is kept in fuzz/regressions/TARGET/ (replayed by `cargo test`) with a case file.
set -euo pipefail
cd "$(dirname "$0")"
target=${1:?"用法：fuzz/run.sh 目标 [执行次数]；目标：scheme report form_rows form_value diff"}
runs=${2:-2000000}
python3 seed.py >/dev/null
# -s none: jixiao forbids unsafe code, so the address sanitizer finds nothing safe Rust does
# not; without it a run is several times faster. Debug assertions stay on (integer overflow).
exec cargo +nightly fuzz run -s none "$target" -- \
  -runs="$runs" -max_len=32768 -timeout=10 -rss_limit_mb=2048 \
  -dict=jixiao.dict -print_final_stats=1
