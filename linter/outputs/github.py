"""GitHub Actions workflow commands: one annotation per finding and per load problem.

`::error file=F,line=L,col=C,title=ID name::message` (warning, notice for the
other severities). Paths are relative to the repository root, which is what
GitHub matches annotations against. Escaping follows the runner's rules: in
the message `%`, CR and LF; in property values also `:` and `,`, which would
otherwise end the value. Any other control character (an ANSI escape) is then
shown escaped (`\x1b`), as in text output, so the log shows what the input holds. A plain summary line follows; the runner shows it as
log text.
"""
from __future__ import annotations

from ..findings import Report
from ..repo import relative_path
from ..terminal import printable
from . import OutputContext
from .text import summary

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
_DATA_ESCAPES = (("%", "%25"), ("\r", "%0D"), ("\n", "%0A"))
_PROPERTY_ESCAPES = _DATA_ESCAPES + ((":", "%3A"), (",", "%2C"))


def render(report: Report, context: OutputContext) -> str:
    lines = [command("error", e.file, e.line, e.column, "archlint: cannot load blueprint", e.message, context.root)
             for e in report.errors]
    lines.extend(command(COMMANDS[f.severity], f.file, f.line, f.column, f"{f.rule} {f.name}", f.message, context.root)
                 for f in report.findings)
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


def command(name: str, file: str, line: int, column: int, title: str, message: str, root: str) -> str:
    properties = {"file": relative_path(file, root), "line": str(line), "col": str(column), "title": title}
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{name} {joined}::{escape_data(message)}"


def escape_data(text: str) -> str:
    return printable(_escape(text, _DATA_ESCAPES))


def escape_property(text: str) -> str:
    return printable(_escape(text, _PROPERTY_ESCAPES))


def _escape(text: str, escapes: tuple[tuple[str, str], ...]) -> str:
    for plain, escaped in escapes:  # `%` first, so the escapes themselves are not escaped again
        text = text.replace(plain, escaped)
    return text
