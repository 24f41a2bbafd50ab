#!/usr/bin/env python3
"""Benchmark: klantwaarde against the Python peer and against the libraries' own floor.

For each work size (respondents x 6 KWIs x 6 questions, every respondent all questions) it
synthesises a master with the peer's `synth`, then measures, each as the median of several runs
in a fresh child process (wall time; CPU time from wait4; peak resident memory from GNU time
when installed, else from wait4):

  generate   ours: `klantwaarde generate --quiet`      peer: `generate`   floor: floor_write
  ingest     ours: `klantwaarde ingest --quiet`        peer: `ingest`     floor: floor_read
             (all questionnaires, filled once by the peer's `fill` outside the timing, to a
             finished monitor; the floor reads the same cells and writes no monitor)
  read       ours: `klantwaarde status`                                   floor: floor_read
             (reads and judges every file like ingest but writes no monitor: ingest's reading
             part, held against the reading floor)

and prints one table with the ratios and the issue's targets. Every output goes to a fresh
folder; nothing is reused between runs unless --reuse is given.

    cargo build --release --examples
    python3 scripts/bench.py                      # 200 and 2,000 respondents, 3 runs each
    python3 scripts/bench.py --big                # and 20,000 (the peer runs once there: slow)
    python3 scripts/bench.py --sizes 200 --runs 5 --no-peer

Needs python3 >= 3.11 (stdlib only); the peer needs openpyxl (pip install openpyxl). LibreOffice
(`soffice`) is optional: when found, the 2,000-respondent monitor is converted headless and timed.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KWIS = 6
QUESTIONS = 6


@dataclass
class Run:
    wall: float
    cpu: float
    rss_mb: float
    code: int


@dataclass
class Measure:
    """The runs of one command at one size."""

    runs: list[Run] = field(default_factory=list)
    failed: str | None = None

    @property
    def wall(self) -> float | None:
        return statistics.median(r.wall for r in self.runs) if self.runs and not self.failed else None

    @property
    def cpu(self) -> float | None:
        return statistics.median(r.cpu for r in self.runs) if self.runs and not self.failed else None

    @property
    def rss(self) -> float | None:
        return max(r.rss_mb for r in self.runs) if self.runs and not self.failed else None


def gnu_time() -> str | None:
    """`/usr/bin/time` if it is GNU time (BSD's has no `-f` or `-o`)."""
    path = "/usr/bin/time"
    try:
        ok = subprocess.run([path, "-f", "%M", "-o", os.devnull, "true"],
                            capture_output=True).returncode == 0
    except OSError:
        ok = False
    return path if ok else None


GNU_TIME = gnu_time()


def run_child(cmd: list[str], ok: tuple[int, ...] = (0,), env: dict | None = None,
              stdout: Path | None = None, timeout: float | None = None) -> Run:
    """Runs `cmd` in a fresh child and returns its wall time, CPU time (user + system, from wait4,
    children included) and peak resident memory. Output goes to a scratch file, shown when the
    command fails.

    Peak memory comes from GNU time (`/usr/bin/time -f %M`) when it is installed: on Linux a
    child's ru_maxrss also counts the pages it shared with its parent before exec, so wait4 from
    this script reports at least the script's own ~15-20 MB. Without GNU time that is the fallback,
    and the header says so."""
    with tempfile.TemporaryDirectory() as scratch:
        err_path, rss_path = Path(scratch) / "stderr", Path(scratch) / "rss"
        wrapped = [GNU_TIME, "-f", "%M", "-o", str(rss_path), *map(str, cmd)] if GNU_TIME else cmd
        with open(err_path, "wb") as err, (open(stdout, "wb") if stdout else
                                           open(os.devnull, "wb")) as out:
            start = time.perf_counter()
            child = subprocess.Popen(wrapped, stdout=out, stderr=err, env=env, start_new_session=True)
            timer = None
            if timeout is not None:
                timer = threading.Timer(timeout, os.killpg, (child.pid, signal.SIGKILL))
                timer.start()
            _, status, usage = os.wait4(child.pid, 0)
            wall = time.perf_counter() - start
            if timer:
                timer.cancel()
            child.returncode = os.waitstatus_to_exitcode(status)
            if timeout is not None and wall >= timeout:
                raise TimeoutError(f"did not finish in {timeout:.0f} s")
        if child.returncode not in ok:
            tail = err_path.read_bytes().decode(errors="replace")[-2000:]
            raise RuntimeError(f"{' '.join(map(str, cmd))} exited with {child.returncode}:\n{tail}")
        # Both in kilobytes on Linux.
        rss_kb = usage.ru_maxrss
        if GNU_TIME:
            lines = rss_path.read_text().split()
            rss_kb = int(lines[-1]) if lines else rss_kb
    return Run(wall, usage.ru_utime + usage.ru_stime, rss_kb / 1024, child.returncode)


def measure(label: str, runs: int, make_cmd, prepare=None, ok=(0,), timeout=None,
            quiet=False) -> Measure:
    """The median of `runs` runs; `prepare` runs before each one, outside the timing."""
    result = Measure()
    for n in range(runs):
        if prepare:
            prepare()
        try:
            result.runs.append(run_child(make_cmd(), ok=ok, timeout=timeout))
        except TimeoutError as error:
            result.failed = str(error)
            break
        if not quiet:
            r = result.runs[-1]
            print(f"    {label:<28} run {n + 1}/{runs}: {r.wall:8.3f} s wall, {r.cpu:8.3f} s CPU, "
                  f"{r.rss_mb:7.1f} MB", flush=True)
    if result.failed and not quiet:
        print(f"    {label:<28} {result.failed}", flush=True)
    return result


def fresh(path: Path) -> None:
    if path.exists():
        shutil.rmtree(path)


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.iterdir()):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def machine() -> list[str]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f", {int(line.split()[1]) / 1024 / 1024:.1f} GB memory"
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return [
        f"machine: {usable} usable cores (nproc; {os.cpu_count()} online), CPU {model}{memory}",
        f"system:  {platform.system()} {platform.release()}, python {platform.python_version()}",
        f"load average at start: {load}",
    ]


def fmt(value: float | None, digits: int = 3) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def ratio(a: float | None, b: float | None) -> str:
    return "—" if a is None or b is None or b == 0 else f"{a / b:.1f}×"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="200,2000",
                        help="respondent counts, comma-separated (default 200,2000)")
    parser.add_argument("--big", action="store_true", help="add 20,000 respondents")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median; default 3)")
    parser.add_argument("--runs-big", type=int, default=None,
                        help="runs of ours and the floors at sizes of 10,000 and more (default: --runs)")
    parser.add_argument("--peer-runs-big", type=int, default=1,
                        help="runs of the peer at sizes of 10,000 and more (default 1: it is slow)")
    parser.add_argument("--peer", default=str(ROOT / ".." / "shared" / "peers" / "peer_openpyxl.py"),
                        help="the Python peer (default ../shared/peers/peer_openpyxl.py from the "
                             "repository root)")
    parser.add_argument("--no-peer", action="store_true",
                        help="skip the peer's generate and ingest (it still synthesises and fills)")
    parser.add_argument("--peer-timeout", type=float, default=None,
                        help="give up on one peer run after this many seconds")
    parser.add_argument("--timeout", type=float, default=None,
                        help="give up on one run of ours or the floor after this many seconds")
    parser.add_argument("--work", default=str(ROOT / "target" / "bench"),
                        help="scratch folder (default target/bench)")
    parser.add_argument("--reuse", action="store_true",
                        help="reuse masters and filled questionnaires from an earlier run in --work")
    parser.add_argument("--no-soffice", action="store_true",
                        help="skip timing LibreOffice on the 2,000-respondent monitor")
    parser.add_argument("--soffice-runs", type=int, default=1,
                        help="runs of each LibreOffice conversion (default 1: it is slow)")
    parser.add_argument("--markdown", help="also write the tables as Markdown to this file")
    parser.add_argument("--json", help="also write every measurement as JSON to this file")
    args = parser.parse_args()

    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()} | ({20000} if args.big else set()))
    binary = ROOT / "target" / "release" / "klantwaarde"
    floor_write = ROOT / "target" / "release" / "examples" / "floor_write"
    floor_read = ROOT / "target" / "release" / "examples" / "floor_read"
    for path in (binary, floor_write, floor_read):
        if not path.exists():
            print(f"error: {path.relative_to(ROOT)} is missing; run `cargo build --release --examples` first",
                  file=sys.stderr)
            return 1
    # Run copies, so that a rebuild by someone else during a long run does not mix two builds.
    frozen = Path(args.work) / "bin"
    frozen.mkdir(parents=True, exist_ok=True)
    for path in (binary, floor_write, floor_read):
        shutil.copy2(path, frozen / path.name)
    binary, floor_write, floor_read = (frozen / p.name for p in (binary, floor_write, floor_read))
    peer = Path(args.peer)
    if not peer.exists():
        print(f"error: the peer {peer} is missing; give it with --peer PATH", file=sys.stderr)
        return 1
    python = sys.executable
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)

    header = machine()
    version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()
    openpyxl = subprocess.run([python, "-c", "import openpyxl; print(openpyxl.__version__)"],
                              capture_output=True, text=True).stdout.strip() or "not installed"
    header.append("memory:  peak RSS by " + ("GNU time (/usr/bin/time -f %M)" if GNU_TIME else
                  "wait4 ru_maxrss (GNU time not found: values include this script's own RSS)"))
    header.append(f"ours:    {version} (a copy of target/release); peer: {peer.name} with openpyxl {openpyxl}")
    header.append(f"work:    {len(sizes)} size(s) x {KWIS} KWIs x {QUESTIONS} questions; "
                  f"median of {args.runs} run(s) ({args.peer_runs_big} for the peer at 10,000 and more)")
    print("\n".join(header), flush=True)

    results: dict[int, dict[str, Measure]] = {}
    checks: list[str] = []
    monitors: dict[int, Path] = {}
    for size in sizes:
        print(f"\n== {size} respondents (load {os.getloadavg()[0]:.2f})", flush=True)
        base = work / str(size)
        base.mkdir(parents=True, exist_ok=True)
        master = base / "master.toml"
        filled = base / "filled"
        if not (args.reuse and master.exists()):
            subprocess.run([python, peer, "synth", str(size), str(KWIS), str(QUESTIONS), master], check=True)
        out = base / "out"
        runs = args.runs if size < 10000 or args.runs_big is None else args.runs_big
        peer_runs = args.peer_runs_big if size >= 10000 else args.runs
        r: dict[str, Measure] = {}

        r["generate/ours"] = measure("generate ours", runs,
                                     lambda: [binary, "generate", master, "-o", out, "--quiet"],
                                     prepare=lambda: fresh(out), timeout=args.timeout)
        if not (args.reuse and (filled / ".filled").exists()):
            fresh(filled)
            shutil.copytree(out, filled)
            started = time.perf_counter()
            subprocess.run([python, peer, "fill", filled], check=True)
            (filled / ".filled").write_text("filled by the peer\n")
            print(f"    (peer fill, not timed: {time.perf_counter() - started:.1f} s)", flush=True)
        r["generate/floor"] = measure("generate floor", runs,
                                      lambda: [floor_write, master, out], prepare=lambda: fresh(out),
                                      timeout=args.timeout)
        if size == sizes[0] or size == 2000:
            r["generate/floor+fsync"] = measure("generate floor --sync", runs,
                                                lambda: [floor_write, master, out, "--sync"],
                                                prepare=lambda: fresh(out), timeout=args.timeout)
            r["generate/floor-level1"] = measure("generate floor --level 1", runs,
                                                 lambda: [floor_write, master, out, "--level", "1"],
                                                 prepare=lambda: fresh(out), timeout=args.timeout)

        monitor = base / "monitor.xlsx"
        # ingest exits 3 when some answer was left out (the peer's fill leaves 5 % blank).
        r["ingest/ours"] = measure("ingest ours", runs,
                                   lambda: [binary, "ingest", master, filled, "-o", monitor, "--quiet"],
                                   ok=(0, 3), timeout=args.timeout)
        monitors[size] = monitor
        # status exits 4 when someone answered only part.
        r["read/ours"] = measure("read ours (status)", runs,
                                 lambda: [binary, "status", master, filled], ok=(0, 4),
                                 timeout=args.timeout)
        r["read/floor"] = measure("read floor (cells reader)", runs, lambda: [floor_read, filled],
                                   timeout=args.timeout)
        r["read/floor-range"] = measure("read floor (worksheet_range)", runs,
                                        lambda: [floor_read, filled, "--mode", "range"],
                                        timeout=args.timeout)
        if not args.no_peer:
            peer_out = base / "peer-out"
            r["generate/peer"] = measure("generate peer", peer_runs,
                                         lambda: [python, peer, "generate", master, peer_out],
                                         prepare=lambda: fresh(peer_out), timeout=args.peer_timeout)
            r["ingest/peer"] = measure("ingest peer", peer_runs,
                                       lambda: [python, peer, "ingest", master, filled, "-o",
                                                base / "peer-monitor.xlsx"],
                                       timeout=args.peer_timeout)
        results[size] = r

        # Sanity, untimed (and skipped at the big size, where one ingest is long enough):
        # ours and the floor read the same answers.
        if size >= 10000:
            continue
        summary = json.loads(subprocess.run(
            [binary, "ingest", master, filled, "-o", base / "check.xlsx", "--quiet", "--json"],
            capture_output=True, text=True).stdout)
        answers = sum(k["answers"] for k in summary["kwis"])
        floor_says = subprocess.run([floor_read, filled], capture_output=True, text=True).stdout.split()
        same = int(floor_says[2]) == answers and int(floor_says[7]) == summary["nps"]["responses"]
        checks.append(f"{size}: ingest counted {answers} answers and {summary['nps']['responses']} NPS "
                      f"answers; the floor read {floor_says[2]} and {floor_says[7]}: "
                      f"{'same' if same else 'DIFFERENT'}")
        # Determinism, untimed, at the smallest size: two threads give the bytes of one.
        if size == sizes[0]:
            single = base / "out-1thread"
            fresh(out)
            fresh(single)
            quiet = {"check": True, "stderr": subprocess.DEVNULL}
            subprocess.run([binary, "generate", master, "-o", out, "--quiet"], **quiet)
            env = dict(os.environ, RAYON_NUM_THREADS="1")
            subprocess.run([binary, "generate", master, "-o", single, "--quiet"], env=env, **quiet)
            run_child([binary, "ingest", master, filled, "-o", base / "monitor-1thread.xlsx", "--quiet"],
                      ok=(0, 3), env=env)
            same_q = tree_digest(out) == tree_digest(single)
            same_m = (base / "monitor-1thread.xlsx").read_bytes() == monitor.read_bytes()
            checks.append(f"{size}: one thread vs all: questionnaires {'identical' if same_q else 'DIFFER'}, "
                          f"monitor {'identical' if same_m else 'DIFFERS'}")

    soffice_lines: list[str] = []
    target_size = 2000 if 2000 in monitors else max((s for s in monitors if s <= 2000), default=None)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not args.no_soffice and soffice and target_size:
        print(f"\n== LibreOffice headless on the {target_size}-respondent monitor", flush=True)
        profile = work / "soffice-profile"
        conv = work / "soffice-out"
        base_cmd = [soffice, f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless",
                    "--norestore"]
        empty = work / "questionnaire.xlsx"
        shutil.copy(sorted((work / str(sizes[0]) / "out").glob("*.xlsx"))[0], empty)
        conv.mkdir(parents=True, exist_ok=True)
        # The first start of a fresh profile is slow: warm it up, untimed.
        subprocess.run(base_cmd + ["--convert-to", "pdf", "--outdir", conv, empty],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for label, target, to in [("startup: one questionnaire to pdf", empty, "pdf"),
                                  (f"monitor {target_size} to pdf", monitors[target_size], "pdf"),
                                  (f"monitor {target_size} to ods", monitors[target_size], "ods")]:
            m = measure(f"soffice {label.split(':')[0]}", args.soffice_runs,
                        lambda: base_cmd + ["--convert-to", to, "--outdir", conv, target],
                        prepare=lambda: fresh(conv) or conv.mkdir(parents=True))
            size_mb = monitors[target_size].stat().st_size / 1e6
            soffice_lines.append(f"{label}: {fmt(m.wall, 1)} s wall, {fmt(m.cpu, 1)} s CPU, "
                                 f"{fmt(m.rss, 0)} MB" +
                                 (f" (monitor file {size_mb:.1f} MB)" if target is not empty else ""))

    # ---- the table
    rows = []
    for size, r in results.items():
        def row(task, ours, peer_m, floor_m):
            o, p, f = r.get(ours), r.get(peer_m) if peer_m else None, r.get(floor_m) if floor_m else None
            return [f"{size:,}", task, fmt(o.wall if o else None),
                    (p.failed if p and p.failed else fmt(p.wall if p else None, 2)),
                    ratio(p.wall if p else None, o.wall if o else None),
                    fmt(f.wall if f else None), ratio(o.wall if o else None, f.wall if f else None),
                    " / ".join(fmt(x.cpu if x else None, 2) for x in (o, p, f)),
                    " / ".join(fmt(x.rss if x else None, 0) for x in (o, p, f))]
        rows.append(row("generate", "generate/ours", "generate/peer", "generate/floor"))
        rows.append(row("ingest", "ingest/ours", "ingest/peer", "read/floor"))
        rows.append(row("read (status)", "read/ours", None, "read/floor"))
    head = ["size", "task", "ours (s)", "peer (s)", "peer/ours", "floor (s)", "ours/floor",
            "CPU ours / peer / floor (s)", "peak RSS ours / peer / floor (MB)"]
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows)]
    lines = ["  ".join(str(c).rjust(w) if i not in (1,) else str(c).ljust(w)
                       for i, (c, w) in enumerate(zip(cells, widths))) for cells in [head] + rows]
    print("\n" + lines[0] + "\n" + "-" * len(lines[0]) + "\n" + "\n".join(lines[1:]))

    extra = []
    for size, r in results.items():
        fc, fr = r.get("read/floor"), r.get("read/floor-range")
        extra.append(f"{size:,}: reading floor with worksheet_cells_reader {fmt(fc.wall)} s, "
                     f"with worksheet_range {fmt(fr.wall)} s")
        if "generate/floor+fsync" in r:
            base_floor = r["generate/floor"]
            for key, what in [("generate/floor+fsync", "with an fsync per file (in parallel)"),
                              ("generate/floor-level1", "with zip compression level 1")]:
                m = r[key]
                extra.append(f"{size:,}: writing floor {what}: {fmt(m.wall)} s, {fmt(m.cpu, 2)} s CPU "
                             f"(default: {fmt(base_floor.wall)} s, {fmt(base_floor.cpu, 2)} s CPU)")

    # ---- per respondent, for linear growth
    growth = []
    for key, label in [("generate/ours", "generate"), ("ingest/ours", "ingest"), ("read/ours", "read")]:
        per = [(size, results[size][key].wall / size * 1000, results[size][key].cpu / size * 1000)
               for size in results if key in results[size] and results[size][key].wall]
        growth.append(f"{label:<9} " + "   ".join(f"{s:>6,}: {ms:.3f} ms ({cpu_ms:.3f} ms CPU)"
                                                  for s, ms, cpu_ms in per) +
                      (f"   (largest/smallest per respondent: {per[-1][1] / per[0][1]:.2f}×)"
                       if len(per) > 1 else ""))
    def monitor_mb(size):
        path = monitors.get(size)
        return f"{path.stat().st_size / 1e6:.1f}" if path and path.exists() else "—"
    rss_growth = "ingest peak RSS " + "   ".join(
        f"{s:,}: {fmt(results[s]['ingest/ours'].rss, 0)} MB (monitor {monitor_mb(s)} MB)" for s in results)

    # ---- targets, at 2,000 respondents
    verdicts = []
    if 2000 in results:
        r = results[2000]

        def verdict(name, value, limit, good):
            if value is None:
                verdicts.append(f"[ n/a ] {name}: not measured")
            else:
                verdicts.append(f"[{'  met' if good(value, limit) else 'MISSED'}] {name}: {value:.2f} "
                                f"(target {limit})")

        def cpu(key):
            return r[key].cpu if key in r else None

        def both(a, b):
            """The wall-time ratio, and the CPU-time ratio after it (steadier on a busy machine)."""
            wall = (r[a].wall / r[b].wall) if a in r and b in r and r[a].wall and r[b].wall else None
            return wall, (cpu(a) / cpu(b)) if cpu(a) and cpu(b) else None

        for name, (a, b), limit, good in [
            ("generate: peer/ours", ("generate/peer", "generate/ours"), "≥ 25", lambda v: v >= 25),
            ("generate: ours/floor", ("generate/ours", "generate/floor"), "≤ 1.5", lambda v: v <= 1.5),
            ("ingest: peer/ours", ("ingest/peer", "ingest/ours"), "≥ 30", lambda v: v >= 30),
            ("ingest reading part (status)/reading floor", ("read/ours", "read/floor"), "≤ 1.5",
             lambda v: v <= 1.5),
        ]:
            wall, by_cpu = both(a, b)
            if wall is None:
                verdicts.append(f"[ n/a ] {name}: not measured")
            else:
                verdicts.append(f"[{'  met' if good(wall) else 'MISSED'}] {name}: {wall:.2f} wall "
                                f"(target {limit}); {fmt(by_cpu, 2)} in CPU time")
        verdict("ingest peak RSS (MB)", r["ingest/ours"].rss, "< 200", lambda v, _: v < 200)
    if len(results) > 1:
        small, large = min(results), max(results)
        for key, label in [("generate/ours", "generate"), ("ingest/ours", "ingest")]:
            a, b = results[small][key], results[large][key]
            if a.wall and b.wall:
                growth_ratio = (b.wall / large) / (a.wall / small)
                cpu_ratio = (b.cpu / large) / (a.cpu / small)
                verdicts.append(f"[{'  met' if growth_ratio <= 1.5 else 'MISSED'}] {label}: time per respondent "
                                f"at {large:,} / at {small:,}: {growth_ratio:.2f} wall, {cpu_ratio:.2f} CPU "
                                f"(linear ≈ 1, or below it while fixed start-up costs spread; flagged above 1.5)")

    print("\nextra floors:\n  " + "\n  ".join(extra))
    print("\ntime per respondent (ours):\n  " + "\n  ".join(growth) + "\n  " + rss_growth)
    if soffice_lines:
        print("\nLibreOffice headless (median):\n  " + "\n  ".join(soffice_lines))
    print("\nchecks:\n  " + "\n  ".join(checks))
    if verdicts:
        print("\ntargets (2,000 respondents; growth over the sizes run):\n  " + "\n  ".join(verdicts))

    if args.markdown:
        md = ["```", *header, "```", "",
              "| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|",
              *("| " + " | ".join(str(c) for c in cells) + " |" for cells in rows), "",
              "Extra floors:", "", *(f"- {x}" for x in extra), "",
              "Time per respondent (ours):", "", *(f"- {x}" for x in growth), f"- {rss_growth}", ""]
        if soffice_lines:
            md += ["LibreOffice headless (median):", "", *(f"- {x}" for x in soffice_lines), ""]
        md += ["Checks:", "", *(f"- {x}" for x in checks), ""]
        if verdicts:
            md += ["Targets:", "", "```", *verdicts, "```", ""]
        Path(args.markdown).write_text("\n".join(md))
    if args.json:
        Path(args.json).write_text(json.dumps(
            {"header": header,
             "results": {str(s): {k: {"runs": [vars(x) for x in m.runs], "failed": m.failed}
                                  for k, m in r.items()} for s, r in results.items()},
             "soffice": soffice_lines, "checks": checks, "targets": verdicts}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
