"""Benchmark `archlint render` (a script, not a test).

    python bench/bench_render.py [--runs 5] [--folder blueprints]

Prints medians of:
1. per blueprint: a full PNG render (lint, layout, DOT, `dot`, write) against
   running `dot -Tpng` alone on the same DOT text (target: overhead <= 30 %);
2. a cache-hit run of `archlint render` over the whole folder, as a fresh
   process, interpreter start-up included (target < 0.5 s);
3. a full render of a generated 200-component blueprint (target < 5 s).
"""
from __future__ import annotations

import argparse
import functools
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Callable

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from linter.discovery import discover  # noqa: E402
from linter.rules import load_builtin_rules  # noqa: E402


def median_seconds(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def render_fresh(path: str) -> None:
    """A full render into an empty folder: nothing is cached."""
    from linter.render import RenderRequest, render
    with tempfile.TemporaryDirectory() as out, open(os.devnull, "w") as sink:
        status = render(RenderRequest(paths=[path], out_dir=out), out=sink, err=sink)
    if status != 0:
        raise SystemExit(f"render of {path} failed with status {status}")


def dot_source(path: str) -> str:
    from linter.render import RenderRequest, _Job, _prepare
    return _prepare(_Job(path, "bench"), RenderRequest(paths=[path], out_dir="")).source


def dot_alone(source: str) -> None:
    from linter.render.output import run_dot
    run_dot(source, "png")


def per_blueprint(folder: str, runs: int) -> None:
    print(f"{'blueprint':<36} {'render':>8} {'dot':>8} {'overhead':>9}")
    overheads = []
    for path in discover([folder]):
        try:
            source = dot_source(path)
        except Exception as exc:  # a blueprint another engineer is still writing
            print(f"{os.path.basename(path):<36} skipped: {type(exc).__name__}")
            continue
        full = median_seconds(functools.partial(render_fresh, path), runs)
        alone = median_seconds(functools.partial(dot_alone, source), runs)
        overheads.append((full - alone) / alone)
        print(f"{os.path.basename(path):<36} {full:>7.3f}s {alone:>7.3f}s {overheads[-1]:>8.1%}")
    if overheads:
        print(f"median overhead over `dot` alone: {statistics.median(overheads):.1%} (target <= 30 %)")


def cache_hit(folder: str, runs: int) -> None:
    with tempfile.TemporaryDirectory() as out:
        command = [sys.executable, "-m", "linter", "render", "--no-config", folder, "-o", out]
        subprocess.run(command, cwd=ROOT, capture_output=True)  # the first run draws everything
        seconds = median_seconds(lambda: subprocess.run(command, cwd=ROOT, capture_output=True), runs)
    print(f"cache-hit run of {folder}/ (new process): {seconds:.3f}s (target < 0.5 s)")


def generated_blueprint(components: int = 200) -> str:
    """A prod-like blueprint: one VPC over three AZs, multi-AZ services, queues, tables, functions."""
    azs = ["us-east-1a", "us-east-1b", "us-east-1c"]
    lines = ["blueprint: generated", "regions:", f"  us-east-1: {{azs: [{', '.join(azs)}]}}", "networks:",
             "  main:", "    cidr: 10.0.0.0/16", "    subnets:"]
    for index, az in enumerate(azs):
        lines.append(f"      app-{index}: {{az: {az}, cidr: 10.0.{index}.0/24}}")
    lines += ["components:", "  users: {type: external.users}", "  edge: {type: aws.cloudfront}"]
    kinds = ["svc", "queue", "table", "fn"]
    for i in range(components - 2):
        kind = kinds[i % 4]
        if kind == "svc":
            lines.append(f"  svc{i}: {{type: aws.ecs, subnets: [app-0, app-1], count: 2}}")
        elif kind == "queue":
            lines.append(f"  queue{i}: {{type: aws.sqs}}")
        elif kind == "table":
            lines.append(f"  table{i}: {{type: aws.dynamodb}}")
        else:
            lines.append(f"  fn{i}: {{type: aws.lambda}}")
    names = [f"{kinds[i % 4]}{i}" for i in range(components - 2)]
    lines += ["flows:", "  - users -> edge", f"  - edge -> {names[0]}"]
    for i, name in enumerate(names[:-1]):
        lines.append(f"  - {{from: {name}, to: {names[i + 1]}, port: 443, protocol: https}}")
    return "\n".join(lines) + "\n"


def large(runs: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "generated.yaml")
        with open(path, "w") as handle:
            handle.write(generated_blueprint())
        source = dot_source(path)
        nodes = sum(1 for line in source.splitlines() if re.match(r'\s*"[^"]+" \[', line))
        seconds = median_seconds(lambda: render_fresh(path), runs)
    print(f"generated 200-component blueprint ({nodes} nodes): {seconds:.3f}s (target < 5 s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--folder", default="blueprints")
    args = parser.parse_args()
    os.chdir(ROOT)
    load_builtin_rules()
    render_fresh(discover([args.folder])[0]) if discover([args.folder]) else None  # warm-up: imports
    per_blueprint(args.folder, args.runs)
    cache_hit(args.folder, args.runs)
    large(max(1, args.runs // 2))


if __name__ == "__main__":
    main()
