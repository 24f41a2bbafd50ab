#!/usr/bin/env python3
"""Chooses the small corpus committed in fixtures/fuzz/TARGET/ from a fuzzing run's corpus.

    python3 fuzz/select_corpus.py TARGET [--min-gain N] [--corpus DIR]

Needs the target built (`RUSTC_BOOTSTRAP=1 cargo fuzz build -O`, as scripts/fuzz.sh does).

1. libFuzzer's own merge (`cargo fuzz cmin` does the same) keeps the inputs that add coverage;
   it prefers small inputs, so it keeps many.
2. Each of those runs alone, which gives the code edges it reaches on its own.
3. Greedily, the input that reaches the most edges not yet reached is taken, until the best adds
   fewer than N: few inputs, each covering much. It prints the share of edges kept.
Inputs identical to a committed fixture are left out (fuzz/seed.sh seeds those anyway), and
fixtures/fuzz/TARGET/ is replaced by the choice.
"""

import argparse
import concurrent.futures
import hashlib
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
FLAGS = ["-rss_limit_mb=512", "-malloc_limit_mb=256", "-timeout=10"]
# The gains the committed corpus was chosen with: a master input is small, so it may add less.
MIN_GAIN = {"master": 3, "reader": 5, "reader_parts": 5}


def fuzz_binary(target):
    host = next(
        line.split()[1]
        for line in subprocess.run(
            ["rustc", "-vV"], capture_output=True, text=True, check=True
        ).stdout.splitlines()
        if line.startswith("host:")
    )
    binary = ROOT / "fuzz" / "target" / host / "release" / target
    if not binary.exists():
        sys.exit(f"{binary.relative_to(ROOT)} is missing: run RUSTC_BOOTSTRAP=1 cargo fuzz build -O")
    return binary


def merge(binary, into, sources, control=None):
    extra = [f"-merge_control_file={control}"] if control else []
    subprocess.run(
        [binary, "-merge=1", *FLAGS, *extra, into, *sources],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=True,
    )


def edges(binary, path):
    """The code edges one input reaches, from the control file of a merge of it alone."""
    with tempfile.TemporaryDirectory() as work:
        source, out = pathlib.Path(work, "in"), pathlib.Path(work, "out")
        source.mkdir()
        out.mkdir()
        shutil.copy(path, source)
        control = pathlib.Path(work, "control")
        merge(binary, out, [source], control)
        for line in control.read_text().splitlines():
            if line.startswith("COV "):
                return set(map(int, line.split()[2:]))
    return set()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", choices=sorted(MIN_GAIN))
    parser.add_argument("--min-gain", type=int)
    parser.add_argument("--corpus", type=pathlib.Path, help="default: fuzz/corpus/TARGET")
    args = parser.parse_args()
    min_gain = args.min_gain or MIN_GAIN[args.target]
    corpus = args.corpus or ROOT / "fuzz" / "corpus" / args.target
    binary = fuzz_binary(args.target)

    with tempfile.TemporaryDirectory() as merged:
        merge(binary, merged, [corpus])
        paths = sorted(pathlib.Path(merged).iterdir())
        with concurrent.futures.ThreadPoolExecutor(os.cpu_count()) as pool:
            reached = dict(zip(paths, pool.map(lambda p: edges(binary, p), paths)))
        every = set().union(*reached.values())
        covered, chosen = set(), []
        while reached:
            best = max(reached, key=lambda p: (len(reached[p] - covered), -p.stat().st_size))
            if len(reached[best] - covered) < min_gain:
                break
            covered |= reached.pop(best)
            chosen.append(best)

        fixtures = {
            hashlib.sha1(path.read_bytes()).hexdigest()
            for folder in ("fixtures", "templates")
            for path in (ROOT / folder).rglob("*")
            if path.is_file() and "fuzz" not in path.relative_to(ROOT / folder).parts[:1]
        }
        kept = [p for p in chosen if hashlib.sha1(p.read_bytes()).hexdigest() not in fixtures]
        output = ROOT / "fixtures" / "fuzz" / args.target
        shutil.rmtree(output, ignore_errors=True)
        output.mkdir(parents=True)
        for path in kept:
            shutil.copy(path, output)
        size = sum(p.stat().st_size for p in kept)
        print(
            f"{args.target}: {len(paths)} inputs after libFuzzer's merge; {len(chosen)} reach "
            f"{len(covered)} of their {len(every)} edges ({100 * len(covered) / max(len(every), 1):.1f} %); "
            f"{len(kept)} not already fixtures, {size:,} bytes, in {output.relative_to(ROOT)}/"
        )


if __name__ == "__main__":
    main()
