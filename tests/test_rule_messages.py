"""Finding messages name the element they are about and never leak a secret."""
from __future__ import annotations

import pytest

from conftest import EXPECT_RE, RULE_FIXTURES, fixture_options, lint_paths
from linter.cli import main

FIRING = sorted(p for p in RULE_FIXTURES.glob("*/*.yaml") if EXPECT_RE.search(p.read_text()))


@pytest.mark.parametrize("fixture", FIRING, ids=[f"{p.parent.name}/{p.name}" for p in FIRING])
def test_message_names_the_element(fixture) -> None:
    rule_id = fixture.parent.name
    report = lint_paths([fixture], **fixture_options(rule_id, fixture.read_text()))
    for finding in report.findings:
        # A blueprint-wide finding is about the whole design, which the report names already.
        assert finding.kind == "blueprint" or finding.element in finding.message, finding


@pytest.mark.parametrize("form", ["text", "json", "sarif", "github", "junit"])
def test_secret_values_are_never_printed(capsys, form: str) -> None:
    fixture = RULE_FIXTURES / "SEC005" / "fail_literal_secrets.yaml"
    code = main(["lint", str(fixture), "--no-config", "--select", "SEC005", "--format", form])
    out = capsys.readouterr().out
    assert code == 1 and "x-deploy.DB_PASSWORD" in out
    for secret in ("correct-horse-battery", "abc123", "AKIAEXAMPLE"):
        assert secret not in out
