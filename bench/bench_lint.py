"""End-to-end lint benchmark: `archlint lint` on generated blueprints.

Measures wall time (median of several runs) and peak memory of the whole
process, against the floor of `python -c "import yaml, networkx"`.

    python bench/bench_lint.py [--runs 7] [--sizes 50,2000,20000]
    python bench/bench_lint.py --catalog-growth [--sizes 50,2000]

`--catalog-growth` times, in one run, the rules of the first catalog (multi-AZ,
single points of failure, peering, least-privilege edges and the resilience
analysis) against the complete catalog, to show what the later rule families
cost.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from generate import generate  # noqa: E402


def run_measured(command: list[str], env: dict | None = None, cwd: str | None = None) -> tuple[float, Any]:
    """Wall seconds and resource usage (CPU, peak RSS) of one run of `command`."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=cwd)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed with status {status}")
    return elapsed, usage


def measure(command: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one run of `command`."""
    elapsed, usage = run_measured(command)
    return elapsed, usage.ru_maxrss


def median_run(command: list[str], runs: int) -> tuple[float, int]:
    samples = [measure(command) for _ in range(runs)]
    return statistics.median(s for s, _ in samples), max(m for _, m in samples)


FIRST_CATALOG = "SPOF001,AZ001,AZ002,NET001,NET002,NET003,LP001,LP002,LP003,LP004,DR001,DR002,AV001"


def catalog_growth(sizes: list[int], runs: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            path = os.path.join(folder, f"bench-{size}.yaml")
            with open(path, "w") as handle:
                handle.write(generate(size))
            lint = [sys.executable, "-m", "linter", "lint", path, "--no-config"]
            # Interleaved, so drift in machine load hits both sides alike.
            pairs = [(measure(lint + ["--select", FIRST_CATALOG])[0], measure(lint)[0]) for _ in range(runs)]
            first, full = (statistics.median(side) for side in zip(*pairs, strict=True))
            print(f"{size:>6} components: first catalog {first * 1000:6.0f} ms, full catalog {full * 1000:6.0f} ms "
                  f"(medians of {runs}): {(full / first - 1) * 100:+.1f} %")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--sizes", default="50,2000,20000")
    parser.add_argument("--catalog-growth", action="store_true")
    args = parser.parse_args()
    if args.catalog_growth:
        catalog_growth([int(s) for s in args.sizes.split(",")], args.runs)
        return
    floor, _ = median_run([sys.executable, "-c", "import yaml, networkx"], args.runs)
    print(f"import yaml, networkx floor: {floor * 1000:.0f} ms (median of {args.runs})")
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for size in (int(s) for s in args.sizes.split(",")):
            path = os.path.join(folder, f"bench-{size}.yaml")
            with open(path, "w") as handle:
                handle.write(generate(size))
            command = [sys.executable, "-m", "linter", "lint", path, "--no-config"]
            seconds, peak = median_run(command, args.runs if size <= 2000 else max(3, args.runs // 2))
            results[size] = seconds
            mib = os.path.getsize(path) / 2**20
            print(f"{size:>6} components ({mib:5.2f} MiB): {seconds * 1000:7.0f} ms median, "
                  f"{seconds / floor:5.2f}x floor, peak {peak / 1024:6.0f} MiB")
    if 2000 in results and 20000 in results:
        print(f"20000/2000 time ratio: {results[20000] / results[2000]:.1f}")


if __name__ == "__main__":
    main()
