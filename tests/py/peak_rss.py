#!/usr/bin/env python3
"""Runs a command and records its peak resident memory and wall time, killing it after a timeout.

    peak_rss.py REPORT TIMEOUT_SECONDS COMMAND [ARGS...]

Standard input, output and error pass through; the exit code is the command's (128 + signal when
a signal ended it, 124 after the timeout). REPORT gets one line: `PEAK_KB SECONDS`. The peak is
the kernel's `ru_maxrss` of the waited-for child, so it holds however short the peak was, and
needs nothing beyond Python (GNU time is not on every machine).
"""
import resource
import subprocess
import sys
import time


def main():
    report, timeout, command = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
    started = time.monotonic()
    child = subprocess.Popen(command)
    try:
        code = child.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
        code = 124
    seconds = time.monotonic() - started
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    with open(report, "w", encoding="utf-8") as f:
        f.write(f"{peak_kb} {seconds:.3f}\n")
    sys.exit(128 - code if code < 0 else code)


if __name__ == "__main__":
    main()
