"""Shared test helpers: lint inline YAML and compare (rule, element, line)."""
from __future__ import annotations

import datetime
import textwrap
from pathlib import Path

import pytest

from linter.engine import Engine, Options
from linter.findings import Report
from linter.rules import load_builtin_rules

load_builtin_rules()

TODAY = datetime.date(2026, 11, 22)


def lint_paths(paths: list[str], **options) -> Report:
    options.setdefault("today", TODAY)
    return Engine(Options(**options)).lint_files([str(p) for p in paths], Report())


@pytest.fixture
def lint_yaml(tmp_path: Path):
    """Write inline YAML (dedented) to a file, lint it, return the report."""
    def run(text: str, name: str = "bp.yaml", **options) -> Report:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text))
        return lint_paths([path], **options)
    return run


def hits(report: Report) -> set[tuple[str, str, int]]:
    """(rule, element, line) of every finding: what rule tests compare."""
    return {(f.rule, f.element, f.line) for f in report.findings}
