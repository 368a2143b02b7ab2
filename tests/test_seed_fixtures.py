"""The guides' own designs, copied faithfully, produce exactly the findings they deserve.

Each `tests/fixtures/seeds/<name>.yaml` has `<name>.expected.txt` with one
`RULE element` line per expected finding.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import lint_paths
from linter.rules import builtin_rules

SEEDS = Path(__file__).parent / "fixtures" / "seeds"
FIXTURES = sorted(SEEDS.glob("*.yaml"))


@pytest.mark.parametrize("fixture", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_seed_design_findings(fixture: Path) -> None:
    lines = fixture.with_suffix(".expected.txt").read_text().split("\n")
    expected = {tuple(line.split()) for line in lines if line.strip()}
    assert all(rule in builtin_rules() for rule, _ in expected), "expected.txt names an unknown rule"
    report = lint_paths([fixture])
    assert not report.errors
    assert {(f.rule, f.element) for f in report.findings} == expected


def test_blueprints_lint_clean() -> None:
    blueprints = sorted((Path(__file__).parent.parent / "blueprints").glob("*.yaml"))
    report = lint_paths(blueprints)
    assert len(blueprints) >= 15 and not report.errors
    assert [f for f in report.findings if f.severity != "info"] == []
