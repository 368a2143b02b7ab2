"""Shared test helpers: lint inline YAML and compare (rule, element, line)."""
from __future__ import annotations

import datetime
import re
import textwrap
from pathlib import Path

import pytest

from linter.engine import Engine, Options
from linter.findings import Report


@pytest.fixture(autouse=True)
def outside_github_actions(monkeypatch: pytest.MonkeyPatch):
    """Under GitHub Actions `lint` prints annotations by default; tests expect the plain default."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)

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


RULE_FIXTURES = Path(__file__).parent / "rules"
EXPECT_RE = re.compile(r"^#\s*expect:\s*(\S+)\s*@\s*(\d+)\s*$", re.MULTILINE)
TODAY_RE = re.compile(r"^#\s*today:\s*(\d{4}-\d{2}-\d{2})\s*$", re.MULTILINE)
ALSO_RUN_RE = re.compile(r"^#\s*also-run:\s*(.+?)\s*$", re.MULTILINE)


def fixture_options(rule_id: str, text: str) -> dict:
    """Engine options a rule fixture asks for in its `# today:` / `# also-run:` headers."""
    also_run = ALSO_RUN_RE.search(text)
    options: dict = {"select": [rule_id, *(also_run.group(1).replace(",", " ").split() if also_run else [])]}
    today = TODAY_RE.search(text)
    if today:
        options["today"] = datetime.date.fromisoformat(today.group(1))
    return options


def expected_hits(rule_id: str, text: str) -> set[tuple[str, str, int]]:
    return {(rule_id, element, int(line)) for element, line in EXPECT_RE.findall(text)}
