"""Command line: `archlint lint | rules | rule | types | schema | graph`.

Exit status: 0 clean, 1 findings at or above `--fail-on`, 2 bad usage or a
blueprint that cannot be loaded. Bad input never produces a traceback.
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime
import os
import sys
from typing import Callable

from . import __version__
from .config import FAIL_ON, Config, ConfigError, check_rule_ids, check_rules_dirs, load_config
from .discovery import PathError, discover
from .findings import SEVERITY_RANK, Report
from .fsutil import WriteError, atomic_write
from .importers.command import add_drift, add_from_option, add_import
from .yaml_reader import LoadError
from .rules import DOC_SECTIONS, Rule, load_builtin_rules
from .terminal import printable_lines

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad usage: printed as `archlint: message`, exit status 2."""


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="archlint", description="Lint cloud architecture blueprints.")
    parser.add_argument("--version", action="version", version=f"archlint {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in COMMANDS:
        add(commands)
    return parser


def _config_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--config", metavar="FILE", help="read configuration from FILE")
    group.add_argument("--no-config", action="store_true", help="ignore configuration files")


def read_config(args: argparse.Namespace) -> Config:
    """The configuration, with the rule set it makes: built-ins, installed plugins and its policies."""
    from .custom import load_custom_rules
    config = load_config(args.config, search=not args.no_config)
    check_rules_dirs(config)
    config.rules, broken = load_custom_rules(config.root, config.rules_dirs)
    for message in broken:
        complain(f"archlint: {message}")
        args.broken_plugins = True
    check_rule_ids(config, config.rules)
    return config


# -- lint -------------------------------------------------------------------
def add_lint(commands) -> None:
    p = commands.add_parser("lint", help="check blueprints and print findings")
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: configured paths)")
    p.add_argument("--format", choices=["text", "json", "sarif", "junit", "github"],
                   help="output format (default text; github under GitHub Actions)")
    p.add_argument("--output", metavar="FILE", help="write the report to FILE")
    from .lint_steps import add_lint_options
    add_lint_options(p)
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


def config_options(config: Config):
    """Engine options from the configuration alone (diagrams, reports)."""
    from .engine import Options
    return Options(select=config.select, ignore=config.ignore, severity=config.severity,
                   per_file_ignores=config.per_file_ignores, config_root=config.base_scope.config_root,
                   allow_extends_outside=config.allow_extends_outside, rules=config.rules)


def lint_options(args: argparse.Namespace, config: Config):
    """Engine options for `lint`: the configuration, with the command line winning."""
    return dataclasses.replace(config_options(config), select=_split(args.select) or config.select,
                               ignore=config.ignore + (_split(args.ignore) or []),
                               today=args.today or datetime.date.today(),
                               # Relative to the working folder: `--diff-base` lints from the mirrored
                               # working folder, where this names the mirrored configuration folder.
                               config_root=os.path.relpath(config.root) if config.source else None)


def lint_report(engine, paths: list[str], config: Config, jobs: int, warn: Callable[[str], None] | None = None) -> Report:
    files = discover(paths, warn)
    return engine.lint_files(without_policy_files(files, config), Report(), jobs=jobs)


def warn_if_no_rule_runs(engine) -> None:
    """`select = []`, or an `ignore` that covers everything: the run passes, checking nothing."""
    if not engine.selected:
        warn("no rule runs: `select` and `ignore` leave no rule selected, so nothing is checked")


def without_policy_files(files: list[str], config: Config) -> list[str]:
    """Policy files are not blueprints (pre-commit passes every changed YAML file);
    they were validated when the custom rules were loaded."""
    folders = [os.path.join(os.path.abspath(config.root), folder) + os.sep for folder in config.rules_dirs]
    return [f for f in files if not any(os.path.abspath(f).startswith(folder) for folder in folders)]


def run_lint(args: argparse.Namespace) -> int:
    from .repo import repository_root
    from .engine import Engine
    from .lint_steps import lint_and_report, lint_paths, lint_run, show_files
    from .outputs.targets import report_targets
    if args.diff_base is not None and not args.diff_base.strip():
        raise UsageError("--diff-base needs a git revision (a branch, tag or commit), not an empty string")
    targets = report_targets(args)
    config = read_config(args)
    if args.show_files:
        return show_files(args, config)
    engine = Engine(lint_options(args, config))
    if not args.quiet:
        warn_if_no_rule_runs(engine)
    root = repository_root(fallback=config.root)
    if args.write_baseline:
        return record_baseline(args.write_baseline, lint_run(args, engine, config), root)
    if args.watch:
        from .watch import watch
        return watch(lambda: lint_and_report(args, engine, config, root, targets), lambda: lint_paths(args, config))
    return lint_and_report(args, engine, config, root, targets)


def record_baseline(path: str, report: Report, root: str) -> int:
    """`--write-baseline`: never from a run where some blueprint could not be loaded,
    since its findings would be missing and come back as new later."""
    from .baseline import write_baseline
    if report.errors:
        for e in report.errors:
            complain(f"{e.file}:{e.line}:{e.column}: {e.message}")
        print(f"archlint: baseline not written: {len({e.file for e in report.errors})} file(s) could not be loaded", file=sys.stderr)
        return EXIT_USAGE
    write_baseline(path, report, root)
    print(f"archlint: recorded {len(report.findings)} findings in {path}", file=sys.stderr)
    return EXIT_OK


def hide_known_findings(args: argparse.Namespace, report: Report, root: str, lint: Callable[[list[str]], Report]) -> None:
    """`--diff-base` (findings already present at REF) and `--baseline` (recorded findings)."""
    from .baseline import BaselineError, apply_baseline, read_baseline
    from .diffbase import DiffBaseError, keep_new_findings
    try:
        if args.diff_base is not None:
            keep_new_findings(report, args.diff_base, lint)
        if args.baseline:
            apply_baseline(report, read_baseline(args.baseline), root)
    except (BaselineError, DiffBaseError) as exc:
        raise UsageError(str(exc)) from None


def exit_status(report: Report, fail_on: str) -> int:
    if report.errors:
        return EXIT_USAGE
    threshold = SEVERITY_RANK[fail_on]
    return EXIT_FINDINGS if any(SEVERITY_RANK[f.severity] >= threshold for f in report.findings) else EXIT_OK


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
    rules = read_config(args).rules
    rows = [(r.id, r.name, r.severity, env_marker(r) + r.summary) for r in rules.values()]
    width = max(len(r[1]) for r in rows)
    for rid, name, severity, summary in rows:
        print(f"{rid:<8} {name:<{width}}  {severity:<7}  {summary}")
    return EXIT_OK


def run_rule(args: argparse.Namespace) -> int:
    rules = read_config(args).rules
    found = rules.find(args.id)
    if found is None:
        from .checks import did_you_mean
        raise UsageError(f"unknown rule `{args.id}`{did_you_mean(args.id, [*rules, *(r.name for r in rules.values())])}")
    print(rule_text(found), end="")
    return EXIT_OK


def rule_text(rule) -> str:
    head = f"{rule.id} {rule.name}  ·  {rule.severity}  ·  {rule.applies_to}  ·  {rule.origin}\n\n{rule.summary}\n"
    body = "".join(f"\n{title}\n{'-' * len(title)}\n{rule.sections.get(title, '')}\n" for title in DOC_SECTIONS)
    return head + body


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
    blueprint = load_or_report(args.file, read_config(args))
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
    config = read_config(args)
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
    return Engine(config_options(config)).findings_of(blueprint)


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
    config = read_config(args)
    if args.from_iac:
        from .importers.command import imported_paths
        with imported_paths(args) as (paths, _):
            return run_render(argparse.Namespace(**{**vars(args), "paths": paths, "from_iac": None}))
    request = RenderRequest(
        paths=discover_args(args, config), out_dir=args.output_dir or os.path.join(config.root, config.diagrams_out),
        formats=_split(args.format) or [], check=args.check, highlight=not args.no_highlight, engine=args.engine,
        fail_on_change=args.fail_on_change, jobs=args.jobs, view=args.view, **({'rule_docs': args.rule_docs} if args.rule_docs else {}),
        lint_options=config_options(config))
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
    config = read_config(args)
    request = DiffRequest(ref=args.ref, paths=discover_args(args, config),
                          out_dir=args.output_dir or os.path.join(config.root, config.diagrams_out, "diff"),
                          formats=_split(args.format) or [], engine=args.engine, lint_options=config_options(config))
    try:
        return draw_diff(request, sys.stdout, sys.stderr)
    except RenderUsageError as exc:
        raise UsageError(str(exc)) from None


def discover_args(args: argparse.Namespace, config: Config) -> list[str]:
    """The PATH arguments, else the configured paths (relative to the configuration file)."""
    return args.paths or [os.path.join(config.root, p) for p in config.paths]


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


COMMANDS: list[Callable] = [add_lint, add_rules, add_types, add_schema, add_graph, add_report, add_render, add_diff, add_import, add_drift,
                            add_completion, add_server]
