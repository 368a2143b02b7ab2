"""Text output: `path:line:col: ID [severity] message (element)` and a summary.

Everything taken from input is shown with control characters escaped.
"""
from __future__ import annotations

from ..findings import Report
from ..terminal import printable
from . import OutputContext

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_RESET = "\033[0m"


def render(report: Report, context: OutputContext) -> str:
    lines = [f"{printable(e.file)}:{e.line}:{e.column}: {printable(e.message)}" for e in report.errors]
    for f in report.findings:
        severity = f"[{f.severity}]"
        if context.color:
            severity = f"{_COLORS[f.severity]}{severity}{_RESET}"
        lines.append(f"{printable(f.file)}:{f.line}:{f.column}: {f.rule} {severity} {printable(f.message)} ({printable(f.element)})")
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


def summary(report: Report) -> str:
    counts = ", ".join(f"{report.count(s)} {s}{'s' if report.count(s) != 1 else ''}" for s in ("error", "warning", "info"))
    parts = [f"{len(report.files)} file{'s' if len(report.files) != 1 else ''}", f"{len(report.findings)} findings ({counts})"]
    if report.waived:
        parts.append(f"{report.waived} waived")
    if report.errors:
        failed = len({e.file for e in report.errors})
        parts.append(f"{failed} file{'s' if failed != 1 else ''} could not be loaded")
    return "Found " + "; ".join(parts) + "."
