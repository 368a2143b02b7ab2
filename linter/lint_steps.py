"""The steps of `archlint lint` beyond linting and reporting once: several
reports, standard input, `--show-files`, `--with-dependents`, `--fix` and
`--diff` (run by `cli.run_lint`, which `--watch` repeats).
"""
from __future__ import annotations

import argparse
import os
import sys
from typing import Callable

from .cli import (EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, discover_args, exit_status, hide_known_findings,
                  lint_report, warn, without_policy_files)
from .config import Config
from .discovery import discover
from .findings import Report
from .terminal import printable_lines


def add_lint_options(parser: argparse.ArgumentParser) -> None:
    from .outputs.targets import COLOR_CHOICES, output_file
    parser.add_argument("-o", "--output-file", action="append", type=output_file, metavar="FORMAT:FILE",
                        help="also write a FORMAT report to FILE (repeatable: sarif:archlint.sarif junit:archlint.xml)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print findings only: no summary, no warnings")
    parser.add_argument("--statistics", action="store_true", help="print how many findings each rule has, not each finding")
    parser.add_argument("--show-files", action="store_true", help="print the files that would be linted, and exit")
    parser.add_argument("--color", choices=COLOR_CHOICES, default="auto",
                        help="colour text output: auto (on a terminal, unless NO_COLOR is set), always, never")
    parser.add_argument("--context", action=argparse.BooleanOptionalAction,
                        help="show the offending YAML line under each finding (default: on a terminal)")
    parser.add_argument("--fix", action="store_true",
                        help="make the one safe edit of each fixable finding (SEC003, SEC007, WVR002), keeping every other byte")
    parser.add_argument("--diff", action="store_true", help="with or without --fix: print the edits --fix would make, change nothing")
    parser.add_argument("--watch", action="store_true",
                        help="lint again whenever a linted blueprint or a base it extends is saved (Ctrl-C stops)")
    parser.add_argument("--with-dependents", action="store_true",
                        help="also lint the configured blueprints that extend the given files (for pre-commit)")
    parser.add_argument("--stdin-filename", metavar="PATH",
                        help="with the path `-`: the blueprint on standard input is linted as if it were at PATH")


def lint_and_report(args: argparse.Namespace, engine, config: Config, root: str, targets: list) -> int:
    """One lint run, from the files to the reports and the exit status."""
    from .outputs import OutputContext
    from .outputs.targets import write_reports
    report = reported_findings(args, engine, config, root)
    if args.diff:
        return print_fix_diff(report)
    if args.fix:
        report = fix_and_relint(args, report, lambda: reported_findings(args, engine, config, root))
    context = OutputContext(root=root, rules=engine.rules, quiet=args.quiet, statistics=args.statistics,
                            context=sys.stdout.isatty() if args.context is None else args.context)
    write_reports(report, targets, context, args.color)
    if getattr(args, "broken_plugins", False):
        return EXIT_USAGE  # rules the user installed did not run: never pass the gate silently
    return exit_status(report, args.fail_on or config.fail_on)


def print_fix_diff(report: Report) -> int:
    """`--diff`: the edits `--fix` would make; exit 1 when there is one, as a check in CI."""
    from .fix import fix_files
    diff, changed = fix_files(report.findings, write=False)
    sys.stdout.write(diff)
    return EXIT_FINDINGS if changed else EXIT_OK


def fix_and_relint(args: argparse.Namespace, report: Report, relint: Callable[[], Report]) -> Report:
    """`--fix`: edit the files, then report what is left to do by hand."""
    from .fix import fix_files
    _, changed = fix_files(report.findings, write=True)
    if not changed:
        return report
    if not args.quiet:
        print(f"archlint: fixed {changed} file{'s' if changed != 1 else ''}", file=sys.stderr)
    return relint()


def lint_run(args: argparse.Namespace, engine, config: Config) -> Report:
    """Every finding of the run, from imported IaC, standard input or the blueprint files."""
    if getattr(args, "from_iac", None) and (args.fix or args.diff):
        raise UsageError("--fix and --diff edit blueprint files; with --from the blueprints are generated")
    if getattr(args, "from_iac", None):
        from .importers.command import lint_iac
        return lint_iac(args, lambda paths: engine.lint_files(paths, Report()))
    if "-" in args.paths or args.stdin_filename:
        if args.fix or args.diff:
            raise UsageError("--fix and --diff edit files; standard input is not one")
        return lint_stdin(args, engine)
    return lint_report(engine, lint_paths(args, config), config, args.jobs, None if args.quiet else warn)


def reported_findings(args: argparse.Namespace, engine, config: Config, root: str) -> Report:
    """The run's findings less those `--baseline` and `--diff-base` hide."""
    report = lint_run(args, engine, config)
    hide_known_findings(args, report, root, lambda paths: lint_report(engine, paths, config, args.jobs))
    return report


def lint_paths(args: argparse.Namespace, config: Config) -> list[str]:
    """The PATH arguments (or configured paths) and, with `--with-dependents`, the overlays built on them."""
    paths = discover_args(args, config)
    if not args.with_dependents:
        return paths
    from .dependents import with_dependents
    configured = discover([os.path.join(config.root, p) for p in config.paths if os.path.exists(os.path.join(config.root, p))])
    return with_dependents(discover(paths, warn), configured)


def show_files(args: argparse.Namespace, config: Config) -> int:
    """`--show-files`: what a run would lint, after discovery and the policy-file exclusion."""
    from .loading import display_path
    for file in without_policy_files(discover(lint_paths(args, config), warn), config):
        print(printable_lines(display_path(file)))
    return EXIT_OK


def lint_stdin(args: argparse.Namespace, engine) -> Report:
    """`archlint lint -`: standard input, linted as if it were the file `--stdin-filename`."""
    from .unsaved import unsaved_text
    if args.paths != ["-"]:
        raise UsageError("--stdin-filename names the blueprint read from `-` (standard input), the only path then")
    from .loading import display_path
    from .yaml_reader import decode_text
    name = args.stdin_filename or "-"
    with unsaved_text(name, decode_text(sys.stdin.buffer.read(), display_path(name))):
        return engine.lint_files([name], Report())
