"""Where `archlint lint` writes its reports: standard output in one format, and
any number of `--output-file FORMAT:FILE` reports from the same run (CI wants
text in the log, SARIF for code scanning and JUnit for the test tab at once).

Under GitHub Actions (`GITHUB_ACTIONS=true`) the standard output format, when
not chosen with `--format` (and not redirected with `--output`), is `github`: the findings become annotations on
the pull request without any configuration.
"""
from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass, replace
from typing import Mapping

from ..findings import Report
from . import FORMATS, OutputContext, formatter

COLOR_CHOICES = ("auto", "always", "never")


@dataclass(frozen=True)
class Target:
    format: str
    file: str | None  # None: standard output


def output_file(text: str) -> Target:
    """`FORMAT:FILE`, as `--output-file` takes it (argparse type)."""
    name, colon, file = text.partition(":")
    if not colon or name not in FORMATS or not file:
        raise argparse.ArgumentTypeError(f"expected FORMAT:FILE with FORMAT one of {', '.join(FORMATS)}: {text!r}")
    return Target(name, file)


def stdout_format(chosen: str | None, output: str | None, environ: Mapping[str, str]) -> str:
    """`--format`; else annotations when printing in a GitHub Actions log, text otherwise (a file keeps text)."""
    if chosen:
        return chosen
    return "github" if output is None and environ.get("GITHUB_ACTIONS") == "true" else "text"


def report_targets(args: argparse.Namespace) -> list[Target]:
    """The report on standard output (or `--output`), then each `--output-file`; one file, one report."""
    targets = [Target(stdout_format(args.format, args.output, os.environ), args.output), *(args.output_file or [])]
    files = [os.path.abspath(t.file) for t in targets if t.file]
    repeated = sorted({f for f in files if files.count(f) > 1})
    if repeated:
        from ..session import UsageError
        raise UsageError(f"two reports would be written to {repeated[0]}; give each --output-file its own file")
    return targets


def use_color(choice: str, target: Target, environ: Mapping[str, str]) -> bool:
    """`auto`: text on a terminal, unless `NO_COLOR` is set."""
    if target.format != "text" or choice == "never":
        return False
    if choice == "always":
        return target.file is None
    return target.file is None and sys.stdout.isatty() and "NO_COLOR" not in environ


def write_reports(report: Report, targets: list[Target], base: OutputContext, color: str) -> None:
    """Every report of the run; the files first, so that they exist when standard output is closed early."""
    from ..fsutil import atomic_write
    for target in sorted(targets, key=lambda t: t.file is None):
        context = replace(base, color=use_color(color, target, os.environ),
                          context=base.context and target.format == "text")
        text = formatter(target.format)(report, context)
        if target.file:
            atomic_write(target.file, text)
        else:
            sys.stdout.write(text)
