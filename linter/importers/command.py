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
