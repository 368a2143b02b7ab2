"""Helpers for the custom-rule tests: a project folder with policies, a blueprint and a config."""
from __future__ import annotations

import textwrap
from pathlib import Path

from conftest import lint_paths
from linter.custom import load_custom_rules
from linter.findings import Report

NETWORK = """\
regions:
  us-east-1: {azs: [us-east-1a, us-east-1b]}
networks:
  shop:
    cidr: 10.0.0.0/16
    flow_logs: true
    subnets:
      public-a: {az: us-east-1a, cidr: 10.0.0.0/24, public: true}
      public-b: {az: us-east-1b, cidr: 10.0.1.0/24, public: true}
      app-a: {az: us-east-1a, cidr: 10.0.10.0/24}
      app-b: {az: us-east-1b, cidr: 10.0.11.0/24}
      data-a: {az: us-east-1a, cidr: 10.0.20.0/24}
      data-b: {az: us-east-1b, cidr: 10.0.21.0/24}
"""


def make_project(root: Path, policies: dict[str, str], blueprint: str | None = None) -> Path:
    """Write policies/<name>.yaml, archlint.toml (rules-dirs = policies) and bp.yaml; return root."""
    (root / "policies").mkdir(parents=True, exist_ok=True)
    for name, text in policies.items():
        (root / "policies" / f"{name}.yaml").write_text(textwrap.dedent(text))
    (root / "archlint.toml").write_text('rules-dirs = ["policies"]\n')
    if blueprint is not None:
        (root / "bp.yaml").write_text(textwrap.dedent(blueprint))
    return root


def lint_with_policies(root: Path, policies: dict[str, str], blueprint: str, **options) -> Report:
    """Load the policies as the CLI does, then lint bp.yaml with every rule they define."""
    make_project(root, policies, blueprint)
    options.setdefault("rules", load_custom_rules(str(root), ["policies"]).rules)
    options.setdefault("select", ["ORG"])
    return lint_paths([root / "bp.yaml"], **options)


def found(report: Report) -> set[tuple[str, str]]:
    """(rule, element) of each finding."""
    assert not report.errors, report.errors
    return {(f.rule, f.element) for f in report.findings}
