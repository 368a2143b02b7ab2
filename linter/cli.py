"""Command line: parse the arguments, run the command, print.

`archlint lint` hands its request to a `LintSession` (session.py), which
builds the options and lints; this module prints what it returns.

Exit status: 0 clean, 1 findings at or above `--fail-on`, 2 bad usage or a
blueprint that cannot be loaded. Bad input never produces a traceback.
"""
from __future__ import annotations

import argparse
import datetime
import gc
import os
import sys
from typing import Callable, NoReturn

from . import __version__
from .config import FAIL_ON, Config, ConfigError
from .discovery import PathError
from .findings import Report
from .fsutil import WriteError, atomic_write
from .importers import ALIASES, SOURCES
from .loading import display_path
from .rules import Rule, load_builtin_rules
from .session import (EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, Configured, LintRequest, LintSession, UsageError,
                      configured_options, paths_to_read, read_configuration)
from .terminal import printable_lines
from .yaml_reader import LoadError


def entry() -> NoReturn:
    """The `archlint` command, which runs on every save in pre-commit and editors.

    What archlint and its libraries made while loading lives until exit: it is
    frozen out of the cyclic collector's sight, so that the collector's passes
    during the run do not scan it again. Once the output is flushed the process
    ends at once: tearing every module down would cost more than the run of a
    small blueprint, and nothing is left to clean (files are written atomically,
    worker pools and temporary folders are closed by then). For the same reason
    a lint leaves its last blueprint to the exit (see `Options.keep_last_blueprint`).
    """
    gc.freeze()
    try:
        status = main(exits_after=True)
    except SystemExit as exc:  # argparse: --help, --version and usage errors
        status = exit_status(exc.code)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`archlint ... | head`) or stream
            pass
    os._exit(status)


def exit_status(code: object) -> int:
    """The status `sys.exit(code)` would end the process with."""
    if code is None or isinstance(code, int):
        return code or 0
    print(code, file=sys.stderr)
    return 1


def main(argv: list[str] | None = None, exits_after: bool = False) -> int:
    """Run one command; `exits_after`: the process ends when it returns (see `entry`)."""
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(argv).parse_args(argv)
    args.exits_after = exits_after
    try:
        load_builtin_rules()
        return args.run(args)
    except (UsageError, ConfigError, PathError, WriteError) as exc:
        complain(f"archlint: {exc}")
        return EXIT_USAGE
    except LoadError as exc:  # custom policies that do not validate
        for problem in exc.problems:
            complain(str(problem))
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a defect in archlint: never a traceback, never exit 1 ("findings")
        return internal_error(exc)


def internal_error(exc: Exception) -> int:
    """One line naming the defect and how to report it; the traceback only on request."""
    if os.environ.get("ARCHLINT_DEBUG"):
        import traceback
        traceback.print_exception(exc, file=sys.stderr)
    detail = " ".join(str(exc).split())[:300]
    print(f"archlint: internal error: {type(exc).__name__}: {detail}", file=sys.stderr)
    print("archlint: this is a defect in archlint, not in your input; please report it with the command and the "
          "file that caused it (run again with ARCHLINT_DEBUG=1 to see the traceback)", file=sys.stderr)
    return EXIT_USAGE


def complain(message: str) -> None:
    """A message on standard error; what came from input is shown with control characters escaped."""
    print(printable_lines(message), file=sys.stderr)


def warn(message: str) -> None:
    """Something the user should know, that does not change the exit status."""
    complain(f"archlint: warning: {message}")


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The command line's parser. When `argv` starts with a command, only that command's
    arguments are declared: a pre-commit run on every save pays for one, not for all."""
    parser = argparse.ArgumentParser(prog="archlint", description="Lint cloud architecture blueprints.")
    parser.add_argument("--version", action="version", version=f"archlint {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    named = COMMANDS.get(argv[0]) if argv else None
    for add in [named] if named else dict.fromkeys(COMMANDS.values()):
        add(commands)
    return parser


def _config_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--config", metavar="FILE", help="read configuration from FILE")
    group.add_argument("--no-config", action="store_true", help="ignore configuration files")


def add_from_option(parser: argparse.ArgumentParser) -> None:
    """`--from` on lint and render (the importers load only when it is used)."""
    parser.add_argument("--from", dest="from_iac", choices=[*SOURCES, *ALIASES], metavar="cloudformation|terraform",
                        help="the PATHs are templates or plans: import each, then lint or draw it")
    parser.add_argument("--parameters", metavar="FILE", help="with --from cloudformation: parameter values")


def read_config(args: argparse.Namespace) -> Configured:
    """The configuration with its rule set; plugins that could not be loaded are named."""
    configured = read_configuration(args.config, search=not args.no_config)
    for message in configured.broken_plugins:
        complain(f"archlint: {message}")
    return configured


# -- lint -------------------------------------------------------------------
def add_lint(commands) -> None:
    from .outputs.targets import COLOR_CHOICES, output_file
    p = commands.add_parser("lint", help="check blueprints and print findings")
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: configured paths)")
    p.add_argument("--format", choices=["text", "json", "sarif", "junit", "github"],
                   help="output format (default text; github under GitHub Actions)")
    p.add_argument("--output", metavar="FILE", help="write the report to FILE")
    p.add_argument("-o", "--output-file", action="append", type=output_file, metavar="FORMAT:FILE",
                   help="also write a FORMAT report to FILE (repeatable: sarif:archlint.sarif junit:archlint.xml)")
    p.add_argument("-q", "--quiet", action="store_true", help="print findings only: no summary, no warnings")
    p.add_argument("--statistics", action="store_true", help="print how many findings each rule has, not each finding")
    p.add_argument("--show-files", action="store_true", help="print the files that would be linted, and exit")
    p.add_argument("--color", choices=COLOR_CHOICES, default="auto",
                   help="colour text output: auto (on a terminal, unless NO_COLOR is set), always, never")
    p.add_argument("--context", action=argparse.BooleanOptionalAction,
                   help="show the offending YAML line under each finding (default: on a terminal)")
    p.add_argument("--fix", action="store_true",
                   help="make the one safe edit of each fixable finding (SEC003, SEC007, WVR002), keeping every other byte")
    p.add_argument("--diff", action="store_true", help="with or without --fix: print the edits --fix would make, change nothing")
    p.add_argument("--watch", action="store_true",
                   help="lint again whenever a linted blueprint or a base it extends is saved (Ctrl-C stops)")
    p.add_argument("--with-dependents", action="store_true",
                   help="also lint the configured blueprints that extend the given files (for pre-commit)")
    p.add_argument("--stdin-filename", metavar="PATH",
                   help="with the path `-`: the blueprint on standard input is linted as if it were at PATH")
    p.add_argument("--select", metavar="IDS", help="comma-separated ids, prefixes or names; ALL")
    p.add_argument("--ignore", metavar="IDS", help="comma-separated ids, prefixes or names")
    p.add_argument("--fail-on", choices=FAIL_ON, help="lowest severity that fails the run (default error)")
    p.add_argument("--today", type=_date, metavar="YYYY-MM-DD", help="date for waiver expiry (default today)")
    history = p.add_mutually_exclusive_group()
    history.add_argument("--baseline", metavar="FILE", help="do not report findings recorded in FILE")
    history.add_argument("--write-baseline", metavar="FILE", help="record the current findings in FILE and exit 0")
    p.add_argument("--diff-base", metavar="REF", help="report only findings not present at git revision REF")
    _jobs_option(p)
    add_from_option(p)
    _config_options(p)
    p.set_defaults(run=run_lint)


def _jobs_option(parser: argparse.ArgumentParser) -> None:
    from .parallel import default_jobs
    parser.add_argument("-j", "--jobs", type=_positive, default=default_jobs(), metavar="N",
                        help="files processed in parallel (default: the number of cores)")


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1 or int(text) > 1024:
        raise argparse.ArgumentTypeError(f"not a number of jobs from 1 to 1024: {text!r}")
    return int(text)


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from None


def _split(text: str | None) -> list[str] | None:
    return None if text is None else [part.strip() for part in text.split(",") if part.strip()]


def lint_request(args: argparse.Namespace) -> LintRequest:
    if args.select is not None and not _split(args.select):
        # An empty `--select` is a slip (an unset variable in a CI script), not a wish to check nothing.
        raise UsageError("--select needs rule ids, prefixes or names (ALL for every rule); to check nothing, use --ignore ALL")
    return LintRequest(paths=[] if args.from_iac else args.paths, select=_split(args.select), ignore=_split(args.ignore) or [],
                       today=args.today, fail_on=args.fail_on, baseline=args.baseline, diff_base=args.diff_base,
                       jobs=args.jobs, with_dependents=args.with_dependents,
                       exits_after=args.exits_after and not args.watch)


def run_lint(args: argparse.Namespace) -> int:
    from .outputs.targets import report_targets
    request = lint_request(args)
    targets = report_targets(args)
    configured = read_config(args)
    session = LintSession(request, configured.config, None if args.quiet else warn)
    if args.show_files:
        for file in session.files():
            print(printable_lines(display_path(file)))
        return EXIT_OK
    check_edits_allowed(args)
    if not args.quiet and session.checks_nothing:
        warn("no rule runs: `select` and `ignore` leave no rule selected, so nothing is checked")
    if args.write_baseline:
        return record_baseline(session, args.write_baseline, lint_input(args, session))
    if args.watch:
        from .watch import watch
        return watch(lambda: lint_and_print(args, session, targets, configured), session.watched_paths)
    return lint_and_print(args, session, targets, configured)


def check_edits_allowed(args: argparse.Namespace) -> None:
    """`--fix` and `--diff` edit blueprint files: neither generated ones nor standard input."""
    if args.from_iac and (args.fix or args.diff):
        raise UsageError("--fix and --diff edit blueprint files; with --from the blueprints are generated")
    if not args.from_iac and reads_stdin(args):
        if args.fix or args.diff:
            raise UsageError("--fix and --diff edit files; standard input is not one")
        if args.paths != ["-"]:
            raise UsageError("--stdin-filename names the blueprint read from `-` (standard input), the only path then")


def reads_stdin(args: argparse.Namespace) -> bool:
    return "-" in args.paths or bool(args.stdin_filename)


def lint_input(args: argparse.Namespace, session: LintSession) -> Report:
    """Every finding of the run, from imported IaC, standard input or the blueprint files."""
    if args.from_iac:
        return session.lint_imported(args.from_iac, args.paths, args.parameters)
    if reads_stdin(args):
        from .yaml_reader import decode_text
        name = args.stdin_filename or "-"
        return session.lint_text(name, decode_text(sys.stdin.buffer.read(), display_path(name)))
    return session.lint()


def lint_and_print(args: argparse.Namespace, session: LintSession, targets: list, configured: Configured) -> int:
    """One lint run, from the files to the printed reports and the exit status."""
    from .outputs import OutputContext
    from .outputs.targets import write_reports
    report = session.new_findings(lint_input(args, session))
    if args.diff:
        return print_fix_diff(report)
    if args.fix:
        report = fix_and_relint(args, report, lambda: session.new_findings(lint_input(args, session)))
    context = OutputContext(root=session.root, rules=session.engine.rules, quiet=args.quiet, statistics=args.statistics,
                            context=sys.stdout.isatty() if args.context is None else args.context)
    write_reports(report, targets, context, args.color)
    if configured.broken_plugins:
        return EXIT_USAGE  # rules the user installed did not run: never pass the gate silently
    return session.exit_status(report)


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


def record_baseline(session: LintSession, path: str, report: Report) -> int:
    for e in report.errors:  # the files that keep a baseline from being written
        complain(f"{e.file}:{e.line}:{e.column}: {e.message}")
    session.record_baseline(path, report)
    print(f"archlint: recorded {len(report.findings)} findings in {path}", file=sys.stderr)
    return EXIT_OK


def emit(text: str, output: str | None) -> None:
    if output:
        atomic_write(output, text)
    else:
        sys.stdout.write(text)


# -- rules and types ----------------------------------------------------------
def add_rules(commands) -> None:
    p = commands.add_parser("rules", help="list every rule")
    _config_options(p)
    p.set_defaults(run=run_rules)
    p = commands.add_parser("rule", help="show a rule's documentation")
    p.add_argument("id", metavar="ID", help="rule id or name")
    _config_options(p)
    p.set_defaults(run=run_rule)


def env_marker(rule: Rule) -> str:
    """`[prod] ` before the summary of a rule that applies to some environments only."""
    return "" if rule.all_environments else f"[{'/'.join(rule.environments)}] "


def run_rules(args: argparse.Namespace) -> int:
    rules = read_config(args).config.rules
    rows = [(r.id, r.name, r.severity, env_marker(r) + r.summary) for r in rules.values()]
    width = max(len(r[1]) for r in rows)
    for rid, name, severity, summary in rows:
        print(f"{rid:<8} {name:<{width}}  {severity:<7}  {summary}")
    return EXIT_OK


def run_rule(args: argparse.Namespace) -> int:
    from .rules import builtin_rules
    # Every rule archlint documents: the configured run's, and those another command evaluates (drift).
    rules = read_config(args).config.rules.adding(builtin_rules().values())
    found = rules.find(args.id)
    if found is None:
        from .checks import did_you_mean
        raise UsageError(f"unknown rule `{args.id}`{did_you_mean(args.id, [*rules, *(r.name for r in rules.values())])}")
    print(found.help_text, end="")
    return EXIT_OK


def add_types(commands) -> None:
    p = commands.add_parser("types", help="list the component type catalog and the keys each type takes")
    p.set_defaults(run=run_types)


def run_types(args: argparse.Namespace) -> int:
    from .catalog import AUTH_METHODS, CATALOG, COMMON_KEYS, ENGINES, ORGANIZATION_SERVICES
    print(f"Every type takes: {', '.join(sorted(COMMON_KEYS))}\n")
    for info in CATALOG.values():
        flags = [f for f, on in (("stateful", info.stateful), ("IAM-called", info.iam_called),
                                 ("public entry", info.public_entry), ("managed standby", info.managed_standby)) if on]
        sla = f"{info.sla_single:g}" + (f"/{info.sla_multi:g}" if info.sla_multi and info.scope == "zonal" else "")
        print(f"{info.name:<24} {info.scope:<9} {info.tier:<13} sla {sla:<12} {', '.join(flags)}")
        extra = sorted(info.extra_keys)
        if extra:
            print(f"{'':<24} also: {', '.join(extra)}")
        if info.name in ENGINES:
            print(f"{'':<24} engine: {' | '.join(ENGINES[info.name])}")
        if info.note:
            print(f"{'':<24} note: {info.note}")
    # Keys outside components that the catalog's values govern.
    print(f"\nflow `auth`: {' | '.join(AUTH_METHODS)}")
    print("role `assumed_by`: the AWS service principal that assumes the role (e.g. s3.amazonaws.com)")
    print(f"`organization`: {', '.join(f'{s}: bool' for s in ORGANIZATION_SERVICES)}")
    return EXIT_OK


# -- schema and graph ---------------------------------------------------------
def add_schema(commands) -> None:
    p = commands.add_parser("schema", help="print the JSON Schema of the blueprint format")
    p.add_argument("--output", metavar="FILE", help="write the schema to FILE")
    p.set_defaults(run=run_schema)


def run_schema(args: argparse.Namespace) -> int:
    from .schema import schema_text
    emit(schema_text(), args.output)
    return EXIT_OK


def add_graph(commands) -> None:
    p = commands.add_parser("graph", help="print a blueprint's graph for other tools")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--format", default="json", choices=["json", "graphml", "gexf", "dot"])
    p.add_argument("--output", metavar="FILE")
    _config_options(p)  # custom rules, so that waivers naming them load
    p.set_defaults(run=run_graph)


def run_graph(args: argparse.Namespace) -> int:
    from .graph_export import export
    blueprint = load_or_report(args.file, read_config(args).config)
    if blueprint is None:
        return EXIT_USAGE
    emit(export(blueprint, args.format), args.output)
    return EXIT_OK


def add_report(commands) -> None:
    p = commands.add_parser("report", help="availability estimate, RPO per store and AZ-outage table")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--format", default="text", choices=["text", "json", "markdown"],
                   help="text (default), json, or markdown (with the blueprint's findings, for docs and PR comments)")
    p.add_argument("--output", metavar="FILE")
    _config_options(p)  # custom rules, so that waivers naming them load
    p.set_defaults(run=run_report)


def run_report(args: argparse.Namespace) -> int:
    from .resilience_report import report_json, report_markdown, report_text
    config = read_config(args).config
    blueprint = load_or_report(args.file, config)
    if blueprint is None:
        return EXIT_USAGE
    if args.format == "markdown":
        emit(report_markdown(blueprint, blueprint_findings(blueprint, config)), args.output)
    else:
        emit((report_json if args.format == "json" else report_text)(blueprint), args.output)
    return EXIT_OK


def blueprint_findings(blueprint, config: Config) -> list:
    """The findings of one loaded blueprint under the configuration's rule choices."""
    from .engine import Engine
    return Engine(configured_options(config)).findings_of(blueprint)


def load_or_report(path: str, config: Config):
    """Load one blueprint for a command that needs exactly one; print problems otherwise."""
    from .loading import load_blueprint
    if not os.path.lexists(path):  # a folder, FIFO or dangling link is loaded, and says what it is
        raise UsageError(f"{path}: no such file")
    try:
        return load_blueprint(path, config.rules, config.base_scope)
    except LoadError as exc:
        for problem in exc.problems:
            complain(str(problem))
        return None


# -- render -------------------------------------------------------------------------
def add_render(commands) -> None:
    p = commands.add_parser("render", help="draw each blueprint as a diagram (needs Graphviz `dot`, or the `pure` extra)")
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: configured paths)")
    p.add_argument("-o", "--output-dir", metavar="DIR", help="where to write (default: configured diagrams-out)")
    p.add_argument("--format", default="png", metavar="png,svg,dot,mermaid",
                   help="comma-separated formats (default png); mermaid writes a Mermaid flowchart (.mmd) for Markdown docs")
    p.add_argument("--view", choices=("network", "overview", "flows", "security"), default="network",
                   help="network: full placement (default, FILE.png); overview: fits a README column (FILE.overview.png); "
                        "flows: the flows only; security: entry points, WAF, IAM grants, findings")
    p.add_argument("--rule-docs", metavar="URL",
                   help="where SVG tooltips link each rule id (default ../docs/rules.md, relative to the output folder)")
    p.add_argument("--check", action="store_true", help="draw nothing; exit 1 naming each missing or stale diagram")
    p.add_argument("--no-highlight", action="store_true", help="do not colour elements that have findings")
    p.add_argument("--fail-on-change", action="store_true",
                   help="exit 1 when a diagram had to be drawn (for pre-commit: new diagrams fail the commit too)")
    p.add_argument("--engine", choices=("auto", "dot", "pure"), default="auto",
                   help="layout engine: Graphviz `dot`, or `pure` (pip extra, no system Graphviz); auto prefers dot")
    _jobs_option(p)
    add_from_option(p)
    _config_options(p)
    p.set_defaults(run=run_render)


def needs_diagrams(command: str) -> None:
    """Import the drawing code here, never on the lint path; a broken install is told before any work."""
    try:
        from .render import builder  # noqa: F401  (diagrams and graphviz)
    except ImportError as exc:
        raise UsageError(f"`archlint {command}` draws with the `diagrams` library, which cannot be imported ({exc}); "
                         f"reinstall archlint (`pip install --force-reinstall .` in the archlint checkout), which installs it") from None


def run_render(args: argparse.Namespace) -> int:
    needs_diagrams("render")
    from .render import RenderRequest, RenderUsageError, render
    config = read_config(args).config
    if args.from_iac:
        from .importers.command import imported_paths
        with imported_paths(args.from_iac, args.paths, args.parameters) as (paths, _):
            return run_render(argparse.Namespace(**{**vars(args), "paths": paths, "from_iac": None}))
    request = RenderRequest(
        paths=paths_to_read(args.paths, config), out_dir=args.output_dir or os.path.join(config.root, config.diagrams_out),
        formats=_split(args.format) or [], check=args.check, highlight=not args.no_highlight, engine=args.engine,
        fail_on_change=args.fail_on_change, jobs=args.jobs, view=args.view, **({'rule_docs': args.rule_docs} if args.rule_docs else {}),
        lint_options=configured_options(config))
    try:
        return render(request)
    except RenderUsageError as exc:
        raise UsageError(str(exc)) from None


def add_diff(commands) -> None:
    p = commands.add_parser("diff", help="draw what the changes since a git revision do to each blueprint")
    p.add_argument("ref", metavar="BASE_REF", help="git revision to compare the working tree with (e.g. origin/main)")
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: configured paths)")
    p.add_argument("-o", "--output-dir", metavar="DIR", help="where to write (default: DIAGRAMS-OUT/diff)")
    p.add_argument("--format", default="png", metavar="png,svg,dot,markdown",
                   help="comma-separated formats (default png); markdown prints a summary for a pull-request comment")
    p.add_argument("--engine", choices=("auto", "dot", "pure"), default="auto", help="layout engine (as for render)")
    _config_options(p)
    p.set_defaults(run=run_diff)


def run_diff(args: argparse.Namespace) -> int:
    needs_diagrams("diff")
    from .render import RenderUsageError
    from .render.diff import DiffRequest, run_diff as draw_diff
    if not args.ref.strip():
        raise UsageError("archlint diff needs a git revision (a branch, tag or commit), not an empty string")
    config = read_config(args).config
    request = DiffRequest(ref=args.ref, paths=paths_to_read(args.paths, config),
                          out_dir=args.output_dir or os.path.join(config.root, config.diagrams_out, "diff"),
                          formats=_split(args.format) or [], engine=args.engine, lint_options=configured_options(config))
    try:
        return draw_diff(request, sys.stdout, sys.stderr)
    except RenderUsageError as exc:
        raise UsageError(str(exc)) from None


def add_completion(commands) -> None:
    from .completion import SHELLS
    p = commands.add_parser("completion", help="print a shell completion script (bash, zsh or fish)")
    p.add_argument("shell", choices=SHELLS)
    p.set_defaults(run=run_completion)


def run_completion(args: argparse.Namespace) -> int:
    from .completion import script
    sys.stdout.write(script(args.shell, build_parser()))
    return EXIT_OK


def add_server(commands) -> None:
    p = commands.add_parser("server", help="language server for editors (LSP over standard input and output)")
    _config_options(p)
    p.set_defaults(run=run_server)


def run_server(args: argparse.Namespace) -> int:
    from .lsp import serve
    return serve(args)


def importer_command(name: str) -> Callable:
    """The importers' `add_<name>`: their module loads only when one of their parsers is built."""
    def add(commands) -> None:
        from .importers import command
        getattr(command, f"add_{name}")(commands)
    return add


# Each command's name -> what declares its parser (`rules` and `rule` are declared together).
COMMANDS: dict[str, Callable] = {
    "lint": add_lint, "rules": add_rules, "rule": add_rules, "types": add_types, "schema": add_schema,
    "graph": add_graph, "report": add_report, "render": add_render, "diff": add_diff,
    "import": importer_command("import"), "drift": importer_command("drift"),
    "completion": add_completion, "server": add_server,
}
