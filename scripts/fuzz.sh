#!/usr/bin/env bash
# Fuzzes each cargo-fuzz target for a while (fuzz/README.md), seeded from the committed fixtures
# and the committed corpus (fixtures/fuzz/). Not part of CI: `cargo test` replays the committed
# corpus instead (tests/it/replay.rs).
#
#   bash scripts/fuzz.sh [SECONDS] [TARGET...]     default: 60 s for each of master, reader, reader_parts
#
# Installs cargo-fuzz when it is missing. Only the stable toolchain is needed: RUSTC_BOOTSTRAP=1
# lets it take cargo-fuzz's nightly flags. `-O` builds without overflow checks, like the binary
# users run. An allocation over 256 MB, 512 MB resident, a panic (also one the reader catches) or
# 10 s on one input is a failure; its input is kept in fuzz/artifacts/TARGET/. A failed target
# does not stop the others; the exit code says whether any failed.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
if ! [[ $seconds =~ ^[0-9]+$ ]]; then
  echo "usage: bash scripts/fuzz.sh [SECONDS] [TARGET...]" >&2
  exit 2
fi
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(master reader reader_parts)
fi

if ! command -v c++ >/dev/null 2>&1; then
  echo "fuzzing needs a C++ compiler (libfuzzer-sys builds libFuzzer): install g++ first" >&2
  exit 1
fi
cargo fuzz --version >/dev/null 2>&1 || cargo install cargo-fuzz --locked

bash fuzz/seed.sh
RUSTC_BOOTSTRAP=1 cargo fuzz build -O
mkdir -p fuzz/artifacts
failed=()
for target in "${targets[@]}"; do
  log="fuzz/artifacts/$target.log"
  if RUSTC_BOOTSTRAP=1 cargo fuzz run -O "$target" -- -max_total_time="$seconds" \
      -rss_limit_mb=512 -malloc_limit_mb=256 -timeout=10 >"$log" 2>&1; then
    echo "fuzz target $target: $(grep -E '^Done [0-9]+ runs' "$log")"
  else
    tail -n 80 "$log"
    echo "fuzz target $target failed; its input is in fuzz/artifacts/$target/ (log: $log)"
    failed+=("$target")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "failed: ${failed[*]}"
  exit 1
fi
echo "no failures; new inputs are in fuzz/corpus/ (fuzz/README.md says how to refresh fixtures/fuzz/)"
