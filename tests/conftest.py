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
# `# expect: RULE element` as a comment after the flagged line's content; it runs to the
# next comment mark (a `#` after a blank), so an element such as `app->db#2` stays whole.
EXPECT_RE = re.compile(r"(?:^|\s)#\s*expect:(.*?)(?=\s+#|$)", re.MULTILINE)
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
    """(rule, element, line) of each `# expect:` comment of a fixture in `rule_id`'s folder,
    the line being the comment's own; fails naming every malformed or misplaced one."""
    expected, problems = set(), []
    for number, line in enumerate(text.splitlines(), 1):
        for match in EXPECT_RE.finditer(line):
            problem = expectation_problem(rule_id, line, match)
            if problem:
                problems.append(f"line {number}: {problem}")
            else:
                expected.add((rule_id, match.group(1).split()[1], number))
    if problems:
        raise ValueError("; ".join(problems))
    return expected


def expectation_problem(rule_id: str, line: str, match: re.Match) -> str | None:
    """Why an `# expect:` comment cannot be read, if it cannot: a typo must not pass as a near-miss."""
    words = match.group(1).split()
    if not line[:match.start()].strip():
        return "`# expect:` stands alone; write it after the content of the line the finding points at"
    if len(words) != 2:
        return f"write `# expect: {rule_id} <element>`"
    if words[0] != rule_id:
        return f"expects {words[0]} in the fixture folder of {rule_id}"
    return None
