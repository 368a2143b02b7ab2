"""One folder per rule (tests/rules/<ID>/) with fixtures where it fires and near-misses.

A fixture marks each finding it expects with a comment after the content of
the line the finding must point at, naming the folder's rule and the element:

    web: {type: aws.ec2, subnets: [a]}  # expect: SPOF001 web

(several findings on one line: one `# expect:` each, side by side). A fixture
without `# expect:` is a near-miss: the rule must stay silent. Only the
folder's rule runs (plus the options a fixture asks for with
`# today: YYYY-MM-DD`, and the rules it names with `# also-run: ID, ...`, whose
own findings are not compared), so the comparison is exact: rule, element, line,
in the fixture itself. An `# expect:` naming another rule, missing the element
or standing on a line of its own fails the fixture.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import EXPECT_RE, expected_hits, fixture_options, hits, lint_paths

HERE = Path(__file__).parent
FIXTURES = sorted(p for p in HERE.glob("*/*.yaml") if not p.name.startswith("_"))


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f"{p.parent.name}/{p.name}" for p in FIXTURES])
def test_fixture(fixture: Path) -> None:
    rule_id = fixture.parent.name
    text = fixture.read_text()
    report = lint_paths([fixture], **fixture_options(rule_id, text))
    assert not report.errors, report.errors
    own = [f for f in report.findings if f.rule == rule_id]
    assert {Path(f.file).resolve() for f in own} <= {fixture.resolve()}, "a finding points outside the fixture"
    assert {h for h in hits(report) if h[0] == rule_id} == expected_hits(rule_id, text)


def test_every_rule_has_fixtures_that_fire_and_near_misses() -> None:
    from linter.rules import all_rules
    for rule in all_rules():
        if rule.origin != "built-in":
            continue
        folder = HERE / rule.id
        texts = [p.read_text() for p in folder.glob("*.yaml")] if folder.is_dir() else []
        assert any(EXPECT_RE.search(t) for t in texts), f"{rule.id}: no fixture where it fires"
        assert any(not EXPECT_RE.search(t) for t in texts), f"{rule.id}: no near-miss fixture"
