"""`archlint import` and `archlint drift`: the command-line side of the importers."""
from __future__ import annotations

import argparse
import os
import sys
import tempfile

from . import ImportFailure
from .pipeline import ALIASES, SOURCES, imported_text
from ..fsutil import atomic_write
from ..loading import LoadError, load_blueprint

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def add_import(commands) -> None:
    p = commands.add_parser("import", help="write a blueprint from a CloudFormation template or a Terraform plan/state")
    p.add_argument("source", choices=[*SOURCES, *ALIASES], metavar="cloudformation|terraform", help="what FILE is (aliases cfn, tf)")
    p.add_argument("file", metavar="FILE", help="template (YAML or JSON), or `terraform show -json` output")
    p.add_argument("--parameters", metavar="FILE", help="CloudFormation parameter values (AWS CLI list or a map)")
    p.add_argument("--region", metavar="REGION", help="region the template is deployed to (default us-east-1)")
    p.add_argument("--output", metavar="BLUEPRINT", help="write the blueprint there (default: standard output)")
    p.set_defaults(run=run_import)


def run_import(args: argparse.Namespace) -> int:
    kind = ALIASES.get(args.source, args.source)
    try:
        text = imported_text(kind, args.file, args.parameters, args.region)
        check_loads(text)
    except ImportFailure as exc:
        return report_problems(exc.problems)
    if args.output:
        atomic_write(args.output, text)
        print(f"archlint: wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def report_problems(problems) -> int:
    for problem in problems:
        print(problem, file=sys.stderr)
    return EXIT_USAGE


def check_loads(text: str) -> None:
    """An import the blueprint loader refuses is a bug to report, never a file to write."""
    with tempfile.TemporaryDirectory(prefix="archlint-import-") as folder:
        path = os.path.join(folder, "imported.yaml")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        try:
            load_blueprint(path, ())
        except LoadError as exc:
            raise ImportFailure([p._replace(message=f"imported blueprint does not validate: {p.message}") for p in exc.problems]) from None


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
