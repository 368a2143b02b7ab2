"""Every built-in rule honours the user's controls, table-driven over the rule fixtures.

For each rule, its first firing fixture (tests/rules/<ID>/) is linted as is and
then under each control: `--select`/`--ignore`, a severity override, a waiver
for the finding's element, an inline `# archlint: ignore[ID]` comment on the
finding's line, and (for prod-only rules) a `dev` environment.
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import EXPECT_RE, RULE_FIXTURES, fixture_options, hits, lint_paths
from linter.rules import ENVIRONMENTS, SEVERITIES, all_rules

AUDIT_RULES = {r.id for r in all_rules() if r.audit}  # about waivers: a waiver cannot hide them


def firing_fixture(rule_id: str) -> Path | None:
    """The rule's first fixture where it fires. None when it has none: collection goes on,
    and tests/rules/test_rule_fixtures.py fails naming the rule."""
    return next((p for p in sorted((RULE_FIXTURES / rule_id).glob("*.yaml")) if EXPECT_RE.search(p.read_text())), None)


FIRING = {r.id: firing_fixture(r.id) for r in all_rules() if r.origin == "built-in"}
CASES = [(rule_id, path) for rule_id, path in FIRING.items() if path is not None]
RULES = {r.id: r for r in all_rules()}
RESTRICTED = [(rid, path) for rid, path in CASES if set(RULES[rid].environments) != set(ENVIRONMENTS)]


def lint_variant(tmp_path: Path, fixture: Path, text: str):
    """Lint `text` in place of `fixture`, next to a copy of its folder (so `extends` resolves)."""
    folder = tmp_path / fixture.parent.name
    shutil.copytree(fixture.parent, folder)
    variant = folder / fixture.name
    variant.write_text(text)
    return lint_paths([variant], **fixture_options(fixture.parent.name, text))


def own_findings(report, rule_id: str):
    return [f for f in report.findings if f.rule == rule_id]


def baseline(fixture: Path, rule_id: str):
    report = lint_paths([fixture], **fixture_options(rule_id, fixture.read_text()))
    found = own_findings(report, rule_id)
    assert found, f"{fixture} should fire {rule_id}"
    return found


@pytest.mark.parametrize("rule_id, fixture", CASES, ids=[c[0] for c in CASES])
def test_select_and_ignore(rule_id: str, fixture: Path) -> None:
    baseline(fixture, rule_id)
    options = fixture_options(rule_id, fixture.read_text())
    assert not own_findings(lint_paths([fixture], **{**options, "ignore": [rule_id]}), rule_id)
    others = [r.id for r in all_rules() if r.id != rule_id and r.id not in AUDIT_RULES]
    assert not own_findings(lint_paths([fixture], **{**options, "select": others}), rule_id)


@pytest.mark.parametrize("rule_id, fixture", CASES, ids=[c[0] for c in CASES])
def test_severity_override(rule_id: str, fixture: Path) -> None:
    default = baseline(fixture, rule_id)[0].severity
    other = next(s for s in SEVERITIES if s != default)
    options = fixture_options(rule_id, fixture.read_text())
    report = lint_paths([fixture], **{**options, "severity": {rule_id: other}})
    assert {f.severity for f in own_findings(report, rule_id)} == {other}


def add_waiver(text: str, rule_id: str, element: str) -> str:
    entry = f"  - {{rule: {rule_id}, element: {json.dumps(element)}, reason: accepted by the review board}}\n"
    if re.search(r"^waivers:\s*$", text, re.M):
        return re.sub(r"^waivers:\s*$\n", lambda m: m.group(0) + entry, text, count=1, flags=re.M)
    return text.rstrip("\n") + "\nwaivers:\n" + entry


@pytest.mark.parametrize("rule_id, fixture", [c for c in CASES if c[0] not in AUDIT_RULES],
                         ids=[c[0] for c in CASES if c[0] not in AUDIT_RULES])
def test_waiver_hides_the_finding(tmp_path: Path, rule_id: str, fixture: Path) -> None:
    found = baseline(fixture, rule_id)
    text = fixture.read_text()
    for element in {f.element for f in found}:
        text = add_waiver(text, rule_id, element)
    report = lint_variant(tmp_path, fixture, text)
    assert not report.errors, report.errors
    assert not own_findings(report, rule_id)
    assert report.waived >= len(found)


@pytest.mark.parametrize("rule_id, fixture", CASES, ids=[c[0] for c in CASES])
def test_inline_ignore_hides_the_finding(tmp_path: Path, rule_id: str, fixture: Path) -> None:
    found = baseline(fixture, rule_id)
    in_fixture = {f.line for f in found if Path(f.file).resolve() == fixture.resolve()}
    if len(in_fixture) < len(found):
        pytest.skip("the finding points into a base file")
    lines = fixture.read_text().splitlines(keepends=True)
    for number in in_fixture:
        lines[number - 1] = lines[number - 1].rstrip("\n") + f"  # archlint: ignore[{rule_id}] reviewed\n"
    report = lint_variant(tmp_path, fixture, "".join(lines))
    assert not report.errors, report.errors
    assert not own_findings(report, rule_id)


def in_environment(text: str, environment: str) -> str:
    """The blueprint moved, networks included, to another environment."""
    text = re.sub(r"^(\s*environment:\s*)\w+", rf"\g<1>{environment}", text, flags=re.M)
    if not re.search(r"^environment:", text, re.M):
        text = re.sub(r"^(blueprint:.*)$", rf"\1\nenvironment: {environment}", text, count=1, flags=re.M)
    return text


@pytest.mark.parametrize("rule_id, fixture", RESTRICTED, ids=[c[0] for c in RESTRICTED])
def test_rule_is_silent_outside_its_environments(tmp_path: Path, rule_id: str, fixture: Path) -> None:
    baseline(fixture, rule_id)
    other = next(env for env in ENVIRONMENTS if env not in RULES[rule_id].environments)
    report = lint_variant(tmp_path, fixture, in_environment(fixture.read_text(), other))
    assert not report.errors, report.errors
    assert not own_findings(report, rule_id), hits(report)
