"""Every rule documents itself fully, and docs/rules.md is generated from it.

The examples are complete blueprints that architects can copy: each one is
linted with only its rule selected; the failing example must make the rule
fire, the passing one must load cleanly and keep it silent.
"""
from __future__ import annotations

import datetime
import re

import pytest

from linter.docgen import DOCS_PAGE, builtin_rules, rules_markdown
from linter.rules import DOC_SECTIONS

RULES = builtin_rules()
YAML_BLOCK_RE = re.compile(r"```yaml\n(.*?)```", re.S)
EXAMPLE_SECTIONS = {"Example that fails": True, "Example that passes": False}  # title -> the rule fires

# Context an example cannot carry in its YAML, given explicitly so that the
# examples do not depend on the day the tests run or on rules left unselected;
# the rules' docs tell readers the same next to the example.
EXAMPLE_OPTIONS: dict[str, dict] = {
    # The failing waiver lapsed before this day, the passing one lapses after it.
    "WVR001": {"today": datetime.date(2026, 6, 1)},
    # Whether a waiver is used is only known when its rule (AZ001) runs too.
    "WVR002": {"also_run": ["AZ001"]},
}


def test_docs_page_is_current() -> None:
    assert DOCS_PAGE.read_text(encoding="utf-8") == rules_markdown(RULES), \
        "docs/rules.md is out of date; run `python -m linter.docgen`"


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_has_every_section(rule) -> None:
    missing = [title for title in DOC_SECTIONS if not rule.sections.get(title, "").strip()]
    assert not missing, f"{rule.id} lacks {missing}"
    assert rule.summary and not rule.summary.startswith("#")


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_examples_have_yaml(rule) -> None:
    for title in EXAMPLE_SECTIONS:
        assert YAML_BLOCK_RE.findall(rule.sections[title]), f"{rule.id}: `{title}` has no yaml snippet"


def rule_examples() -> list:
    """(rule, section title, yaml) for every yaml block of every example section."""
    return [pytest.param(rule, title, block, id=f"{rule.id}-{'fails' if fires else 'passes'}-{n}")
            for rule in RULES for title, fires in EXAMPLE_SECTIONS.items()
            for n, block in enumerate(YAML_BLOCK_RE.findall(rule.sections[title]), 1)]


def example_options(rule_id: str) -> dict:
    options = dict(EXAMPLE_OPTIONS.get(rule_id, {}))
    also_run = options.pop("also_run", [])
    return {**options, "select": [rule_id, *also_run]}


@pytest.mark.parametrize(("rule", "title", "example"), rule_examples())
def test_rule_example_is_linted(rule, title, example, lint_yaml) -> None:
    report = lint_yaml(example, **example_options(rule.id))
    assert not report.errors, f"{rule.id} `{title}` does not load: {report.errors}"
    fired = any(f.rule == rule.id for f in report.findings)
    assert fired == EXAMPLE_SECTIONS[title], f"{rule.id} `{title}`: the rule {'stays silent' if not fired else 'fires'}"


def test_docgen_check_detects_a_stale_page(tmp_path, monkeypatch) -> None:
    from linter import docgen
    stale = tmp_path / "rules.md"
    stale.write_text("# old\n")
    monkeypatch.setattr(docgen, "DOCS_PAGE", stale)
    assert docgen.main(["--check"]) == 1
    assert docgen.main([]) == 0 and docgen.main(["--check"]) == 0
