"""Text output: `path:line:col: ID [severity] message (element)` and a summary.

With `context`, the offending YAML line follows each finding, a caret under
its column (as ruff shows source). `--statistics` replaces the findings by a
count per rule; `--quiet` leaves out the summary.

Everything taken from input is shown with control characters escaped.
"""
from __future__ import annotations

import os
from collections import Counter

from ..findings import Finding, Report
from ..terminal import printable
from . import OutputContext

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_RESET = "\033[0m"
_MAX_SOURCE_BYTES = 10 * 1024 * 1024  # the loader's limit: larger files were never linted


def render(report: Report, context: OutputContext) -> str:
    lines = [f"{printable(e.file)}:{e.line}:{e.column}: {printable(e.message)}" for e in report.errors]
    lines += statistics(report) if context.statistics else findings(report, context)
    if not context.quiet:
        lines.append(summary(report))
    return "".join(line + "\n" for line in lines)


def findings(report: Report, context: OutputContext) -> list[str]:
    lines: list[str] = []
    sources: dict[str, tuple[str, ...]] = {}  # per run: under --watch the files change between runs
    for f in report.findings:
        severity = f"[{f.severity}]"
        if context.color:
            severity = f"{_COLORS[f.severity]}{severity}{_RESET}"
        lines.append(f"{printable(f.file)}:{f.line}:{f.column}: {f.rule} {severity} {printable(f.message)} ({printable(f.element)})")
        if context.context:
            if f.file not in sources:
                sources[f.file] = source_lines(f.file)
            lines += source_context(f, sources[f.file])
    return lines


def source_context(finding: Finding, source: tuple[str, ...]) -> list[str]:
    """The finding's line with its number, and a caret under the column."""
    if not 1 <= finding.line <= len(source):
        return []
    text = printable(source[finding.line - 1].expandtabs(1))
    gutter = " " * len(str(finding.line))
    return [f"  {finding.line} | {text}", f"  {gutter} | {' ' * (finding.column - 1)}^"]


def source_lines(file: str) -> tuple[str, ...]:
    from ..yaml_reader import UNSAVED
    if os.path.abspath(file) in UNSAVED:
        return tuple(UNSAVED[os.path.abspath(file)].splitlines())
    try:
        with open(file, "rb") as handle:
            data = handle.read(_MAX_SOURCE_BYTES)
    except OSError:  # gone since it was linted: the finding is still reported
        return ()
    return tuple(data.decode("utf-8-sig", "replace").splitlines())


def statistics(report: Report) -> list[str]:
    """`--statistics`: how many findings each rule has, most first."""
    counts = Counter((f.rule, f.name) for f in report.findings)
    width = len(str(max(counts.values(), default=0)))
    return [f"{count:>{width}}  {rule:<8} {name}" for (rule, name), count in
            sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def summary(report: Report) -> str:
    counts = ", ".join(plural(report.count(s), s) for s in ("error", "warning", "info"))
    parts = [plural(len(report.files), "file"), f"{plural(len(report.findings), 'finding')} ({counts})"]
    if report.waived:
        parts.append(f"{report.waived} waived")
    if report.errors:
        parts.append(f"{plural(len({e.file for e in report.errors}), 'file')} could not be loaded")
    return "Found " + "; ".join(parts) + "."
