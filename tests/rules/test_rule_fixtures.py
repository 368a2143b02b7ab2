"""One folder per rule (tests/rules/<ID>/) with fixtures where it fires and near-misses.

Each fixture declares what it expects in header comments:

    # expect: <element> @ <line>      (one per expected finding of the folder's rule)

A fixture without `expect` lines is a near-miss: the rule must stay silent.
Only the folder's rule runs (plus the options a fixture asks for with
`# today: YYYY-MM-DD`, and the rules it names with `# also-run: ID, ...`, whose
own findings are not compared), so the comparison is exact: rule, element, line.
"""
from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

from conftest import lint_paths

HERE = Path(__file__).parent
EXPECT_RE = re.compile(r"^#\s*expect:\s*(\S+)\s*@\s*(\d+)\s*$", re.MULTILINE)
TODAY_RE = re.compile(r"^#\s*today:\s*(\d{4}-\d{2}-\d{2})\s*$", re.MULTILINE)
ALSO_RUN_RE = re.compile(r"^#\s*also-run:\s*(.+?)\s*$", re.MULTILINE)

FIXTURES = sorted(p for p in HERE.glob("*/*.yaml") if not p.name.startswith("_"))


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f"{p.parent.name}/{p.name}" for p in FIXTURES])
def test_fixture(fixture: Path) -> None:
    rule_id = fixture.parent.name
    text = fixture.read_text()
    expected = {(rule_id, element, int(line)) for element, line in EXPECT_RE.findall(text)}
    also_run = ALSO_RUN_RE.search(text)
    options = {"select": [rule_id, *(also_run.group(1).replace(",", " ").split() if also_run else [])]}
    today = TODAY_RE.search(text)
    if today:
        options["today"] = datetime.date.fromisoformat(today.group(1))
    report = lint_paths([fixture], **options)
    assert not report.errors, report.errors
    got = {(f.rule, f.element, f.line) for f in report.findings if f.rule == rule_id}
    assert got == expected


def test_every_rule_has_fixtures_that_fire_and_near_misses() -> None:
    from linter.rules import all_rules
    for rule in all_rules():
        if rule.origin != "built-in":
            continue
        folder = HERE / rule.id
        texts = [p.read_text() for p in folder.glob("*.yaml")] if folder.is_dir() else []
        assert any(EXPECT_RE.search(t) for t in texts), f"{rule.id}: no fixture where it fires"
        assert any(not EXPECT_RE.search(t) for t in texts), f"{rule.id}: no near-miss fixture"
