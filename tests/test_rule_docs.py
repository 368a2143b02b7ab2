"""Every rule documents itself fully, and docs/rules.md is generated from it."""
from __future__ import annotations

import re

import pytest
import yaml

from linter.docgen import DOCS_PAGE, builtin_rules, rules_markdown
from linter.rules import DOC_SECTIONS

RULES = builtin_rules()
YAML_BLOCK_RE = re.compile(r"```yaml\n(.*?)```", re.S)


def test_docs_page_is_current() -> None:
    assert DOCS_PAGE.read_text(encoding="utf-8") == rules_markdown(RULES), \
        "docs/rules.md is out of date; run `python -m linter.docgen`"


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_has_every_section(rule) -> None:
    missing = [title for title in DOC_SECTIONS if not rule.sections.get(title, "").strip()]
    assert not missing, f"{rule.id} lacks {missing}"
    assert rule.summary and not rule.summary.startswith("#")


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_examples_are_yaml(rule) -> None:
    for title in ("Example that fails", "Example that passes"):
        blocks = YAML_BLOCK_RE.findall(rule.sections[title])
        assert blocks, f"{rule.id}: `{title}` has no yaml snippet"
        for block in blocks:
            yaml.safe_load(block)


def test_docgen_check_detects_a_stale_page(tmp_path, monkeypatch) -> None:
    from linter import docgen
    stale = tmp_path / "rules.md"
    stale.write_text("# old\n")
    monkeypatch.setattr(docgen, "DOCS_PAGE", stale)
    assert docgen.main(["--check"]) == 1
    assert docgen.main([]) == 0 and docgen.main(["--check"]) == 0
