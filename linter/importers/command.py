"""`archlint import` and `archlint drift`: the command-line side of the importers."""
from __future__ import annotations

import argparse
import contextlib
import os
import sys
from typing import Callable, Iterator

from . import ALIASES, SOURCES
from .resources import ImportFailure
from ..findings import Finding, Report
from ..fsutil import atomic_write
from ..loading import LoadError, display_path, load_blueprint
from ..rules import builtin_rules

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def add_import(commands) -> None:
    p = commands.add_parser("import", help="write a blueprint from a CloudFormation template or a Terraform plan/state")
    p.add_argument("source", choices=[*SOURCES, *ALIASES], metavar="cloudformation|terraform", help="what FILE is (aliases cfn, tf)")
    p.add_argument("file", metavar="FILE", help="template (YAML or JSON), or `terraform show -json` output")
    p.add_argument("--parameters", metavar="FILE", help="CloudFormation parameter values (AWS CLI list or a map)")
    p.add_argument("--region", metavar="REGION", help="region the template is deployed to (default us-east-1)")
    p.add_argument("--output", metavar="BLUEPRINT", help="write the blueprint there (default: standard output, or the --update file)")
    p.add_argument("--update", metavar="BLUEPRINT", help="re-import into this blueprint, keeping what was added by hand")
    p.set_defaults(run=run_import)


def run_import(args: argparse.Namespace) -> int:
    from .pipeline import imported_blueprint  # the importers load only for the commands that use them
    from .update import updated_text
    from .writer import blueprint_text
    kind = ALIASES.get(args.source, args.source)
    destination = args.output or args.update
    try:
        data, head = imported_blueprint(kind, args.file, args.parameters, args.region)
        text, notes = updated_text(args.update, data, head) if args.update else (blueprint_text(data, head), [])
        check_loads(text, os.path.dirname(os.path.abspath(destination)) if destination else None)
    except (ImportFailure, LoadError) as exc:
        return report_problems(exc.problems)
    for note in notes:
        print(f"archlint: {note}", file=sys.stderr)
    if destination:
        atomic_write(destination, text)
        print(f"archlint: wrote {destination}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def report_problems(problems) -> int:
    for problem in problems:
        print(problem, file=sys.stderr)
    return EXIT_USAGE


def check_loads(text: str, folder: str | None = None) -> None:
    """An import the blueprint loader refuses is a bug to report, never a file to write.

    `folder` is where the blueprint will live, so that an updated blueprint's `extends` resolves.
    """
    import tempfile
    handle, path = tempfile.mkstemp(prefix=".archlint-import-", suffix=".yaml", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        load_blueprint(path, builtin_rules())  # a kept blueprint's waivers name rules
    except LoadError as exc:
        raise ImportFailure([p._replace(message=f"imported blueprint does not validate: {p.message}") for p in exc.problems]) from None
    finally:
        os.unlink(path)


def add_drift(commands) -> None:
    p = commands.add_parser("drift", help="compare a blueprint with the template or plan that deploys it")
    p.add_argument("blueprint", metavar="BLUEPRINT")
    code = p.add_mutually_exclusive_group(required=True)
    code.add_argument("--cloudformation", "--cfn", metavar="TEMPLATE", help="CloudFormation template (YAML or JSON)")
    code.add_argument("--terraform", "--tf", metavar="PLAN", help="`terraform show -json` output (plan or state)")
    p.add_argument("--parameters", metavar="FILE", help="CloudFormation parameter values")
    p.add_argument("--region", metavar="REGION", help="deployment region (default: the blueprint's primary region)")
    p.add_argument("--format", default="text", choices=["text", "json", "sarif", "junit", "github"], help="output format (default text)")
    p.add_argument("--output", metavar="FILE", help="write the report to FILE")
    p.set_defaults(run=run_drift)


def run_drift(args: argparse.Namespace) -> int:
    from ..drift import drift_report
    from ..outputs import OutputContext, formatter
    from ..repo import repository_root
    if not os.path.isfile(args.blueprint):
        return report_problems([f"archlint: {args.blueprint}: no such file"])
    kind, iac = ("terraform", args.terraform) if args.terraform else ("cloudformation", args.cloudformation)
    try:
        report = drift_report(args.blueprint, kind, iac, args.parameters, args.region)
    except ImportFailure as exc:
        return report_problems(exc.problems)
    color = args.output is None and args.format == "text" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    text = formatter(args.format)(report, OutputContext(color=color, root=repository_root(fallback=".")))
    if args.output:
        atomic_write(args.output, text)
    else:
        sys.stdout.write(text)
    if report.errors:
        return EXIT_USAGE
    return EXIT_FINDINGS if report.findings else EXIT_OK


# -- `--from` on lint and render ------------------------------------------------
@contextlib.contextmanager
def imported_paths(kind: str, sources: list[str], parameters: str | None) -> Iterator[tuple[list[str], dict[str, dict]]]:
    """Each template or plan imported into a temporary blueprint named after it, with the data written."""
    import tempfile  # here, not at the top: every `archlint` command builds this module's parsers
    from .pipeline import imported_blueprint
    from .writer import blueprint_text
    kind = ALIASES.get(kind, kind)
    with tempfile.TemporaryDirectory(prefix="archlint-from-") as folder:
        paths, written = [], {}
        for source in sources:
            try:
                data, head = imported_blueprint(kind, source, parameters)
                text = blueprint_text(data, head)
                check_loads(text)
            except ImportFailure as exc:  # reported like a blueprint that cannot be loaded: exit 2
                raise LoadError(exc.problems) from None
            path = os.path.join(folder, os.path.splitext(os.path.basename(source))[0] + ".yaml")
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(text)
            paths.append(path)
            written[display_path(path)] = data
        yield paths, written


def lint_iac(kind: str, sources: list[str], parameters: str | None, lint: Callable[[list[str]], Report]) -> Report:
    """Lint imported blueprints; findings point at the template or plan line of their element."""
    with imported_paths(kind, sources, parameters) as (paths, written):
        report = lint(paths)
    report.findings = [at_source(f, written.get(f.file)) for f in report.findings]
    report.files = [at_source_file(shown, written) for shown in report.files]
    report.sort()
    return report


def at_source(finding: Finding, data: dict | None) -> Finding:
    if data is None:
        return finding
    element = next((data[part][finding.element] for part in ("components", "networks", "iam") if finding.element in data.get(part, {})), None)
    if element is None:
        element = next((f for f in data.get("flows", []) if f"{f['from']}->{f['to']}" == finding.element), None)
    source = (element or {}).get("x-source") or {"file": at_source_file(finding.file, {finding.file: data}), "line": 1}
    return finding._replace(file=source["file"], line=source["line"], column=1)


def at_source_file(shown: str, written: dict[str, dict]) -> str:
    data = written.get(shown)
    sources = [c["x-source"]["file"] for c in (data or {}).get("components", {}).values() if "x-source" in c]
    return sources[0] if sources else shown
