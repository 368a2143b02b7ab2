"""Scaling benchmark: lint time against design size and shape, many files in
parallel, and start-up of the commands that run on every save.

    python bench/bench_scale.py shapes   [--sizes 2000,20000] [--runs 3] [--availability]
    python bench/bench_scale.py jobs     [--files 500] [--runs 3]
    python bench/bench_scale.py startup  [--runs 9]
    python bench/bench_scale.py versus BEFORE [--shapes cells,fan-out] [--sizes 20000] [--runs 5] [--availability]

Every figure is a whole `archlint` process (interpreter start-up included),
as a median, compared within one run of this script against the floor of
`python -c "import yaml, networkx"`. `versus` compares this checkout with
another (BEFORE holds its `linter/`, e.g. `git archive REV linter | tar -x
-C BEFORE`) in CPU seconds, which a busy machine disturbs less than wall time.
"""
from __future__ import annotations

import argparse
import compileall
import os
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_lint import measure, run_measured  # noqa: E402
from generate import generate  # noqa: E402
from shapes import SHAPES, shape  # noqa: E402

ARCHLINT = [sys.executable, "-m", "linter"]
CHECKOUT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FLOOR = [sys.executable, "-c", "import yaml, networkx"]


def medians(commands: dict[str, list[str]], runs: int) -> dict[str, tuple[float, int]]:
    """Median seconds and peak RSS (KiB) per command, the commands interleaved run by run."""
    samples: dict[str, list[tuple[float, int]]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            samples[name].append(measure(command))
    return {name: (statistics.median(s for s, _ in runs_of), max(m for _, m in runs_of))
            for name, runs_of in samples.items()}


def write(folder: str, name: str, text: str) -> str:
    path = os.path.join(folder, name)
    with open(path, "w") as handle:
        handle.write(text)
    return path


def bench_shapes(sizes: list[int], runs: int, availability: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        commands = {"floor": FLOOR}
        for name in SHAPES:
            for size in sizes:
                path = write(folder, f"{name}-{size}.yaml", shape(name, size, availability))
                commands[f"{name} {size}"] = [*ARCHLINT, "lint", path, "--no-config", "--jobs", "1"]
        results = medians(commands, runs)
    floor = results["floor"][0]
    print(f"import yaml, networkx floor: {floor * 1000:.0f} ms; medians of {runs}"
          f"{'; with an availability target' if availability else ''}")
    for name in SHAPES:
        row = [f"{name:<11}"]
        for size in sizes:
            seconds, peak = results[f"{name} {size}"]
            row.append(f"{size:>6}: {seconds:6.2f} s {peak / 1024:5.0f} MiB")
        if len(sizes) == 2:
            row.append(f"growth {results[f'{name} {sizes[1]}'][0] / results[f'{name} {sizes[0]}'][0]:5.1f}")
        print("  ".join(row))


def bench_jobs(files: int, runs: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for number in range(files):
            write(folder, f"bp{number}.yaml", generate(50).replace("blueprint: bench-50", f"blueprint: bp{number}"))
        lint = [*ARCHLINT, "lint", folder, "--no-config", "--format", "json"]
        results = medians({"1 job": lint + ["--jobs", "1"], "2 jobs": lint + ["--jobs", "2"]}, runs)
    one, two = results["1 job"][0], results["2 jobs"][0]
    print(f"{files} blueprints of 50 components: 1 job {one:.2f} s, 2 jobs {two:.2f} s "
          f"(medians of {runs}): 2 jobs take {two / one:.2f}x the time of 1")


def bench_startup(runs: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        small = write(folder, "small.yaml", generate(50))
        commands = {"floor": FLOOR, "--version": [*ARCHLINT, "--version"], "rules": [*ARCHLINT, "rules", "--no-config"],
                    "rule SPOF001": [*ARCHLINT, "rule", "SPOF001", "--no-config"], "types": [*ARCHLINT, "types"],
                    "lint 50 components": [*ARCHLINT, "lint", small, "--no-config"]}
        results = medians(commands, runs)
    floor = results["floor"][0]
    for name, (seconds, _) in results.items():
        print(f"{name:<20} {seconds * 1000:5.0f} ms  {seconds / floor:4.2f}x floor")


def cpu_seconds(command: list[str], tree: str, folder: str) -> float:
    """User and system CPU of `command` run with `tree`'s `linter` package (from `folder`, so
    that no `linter/` in the working directory shadows it)."""
    _, usage = run_measured(command, env={**os.environ, "PYTHONPATH": tree}, cwd=folder)
    return usage.ru_utime + usage.ru_stime


def bench_versus(before: str, names: list[str], sizes: list[int], runs: int, availability: bool) -> None:
    trees = {"before": os.path.abspath(before), "now": CHECKOUT}
    for tree in trees.values():  # with PYTHONDONTWRITEBYTECODE set, each run would otherwise recompile
        compileall.compile_dir(os.path.join(tree, "linter"), quiet=2)
    with tempfile.TemporaryDirectory() as folder:
        files = {(name, size): write(folder, f"{name}-{size}.yaml", shape(name, size, availability))
                 for name in names for size in sizes}
        samples: dict[tuple, list[float]] = {}
        for _ in range(runs):
            for key, path in files.items():
                for label, tree in trees.items():
                    command = [*ARCHLINT, "lint", path, "--no-config", "--jobs", "1"]
                    samples.setdefault((*key, label), []).append(cpu_seconds(command, tree, folder))
    print(f"CPU seconds (user + system), medians of {runs}, the two checkouts interleaved run by run")
    for name, size in files:
        old, new = (statistics.median(samples[(name, size, label)]) for label in trees)
        print(f"{name:<11} {size:>6}: before {old:6.2f} s, now {new:6.2f} s: {old / new:4.2f}x faster")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=("shapes", "jobs", "startup", "versus"))
    parser.add_argument("before", nargs="?", help="versus: a folder holding an earlier checkout's linter/")
    parser.add_argument("--shapes", default="cells,fan-out")
    parser.add_argument("--sizes", default="2000,20000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--files", type=int, default=500)
    parser.add_argument("--availability", action="store_true")
    args = parser.parse_args()
    if args.what == "shapes":
        bench_shapes([int(s) for s in args.sizes.split(",")], args.runs, args.availability)
    elif args.what == "versus":
        if not args.before:
            parser.error("versus needs the folder of the earlier checkout")
        bench_versus(args.before, args.shapes.split(","), [int(s) for s in args.sizes.split(",")], args.runs, args.availability)
    elif args.what == "jobs":
        bench_jobs(args.files, args.runs)
    else:
        bench_startup(args.runs)


if __name__ == "__main__":
    main()
