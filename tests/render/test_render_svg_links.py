"""Interactive SVG: an element with findings has a tooltip (rule id, message) and links to the rule's page."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest.importorskip("diagrams", reason="the `render` extra (diagrams) is not installed")

from linter.cli import main  # noqa: E402

HERE = Path(__file__).parent
BLUEPRINT = HERE / "fixtures" / "highlighted.yaml"
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz `dot` is not installed")


def svg_of(tmp_path: Path, *extra: str) -> str:
    assert main(["render", "--no-config", str(BLUEPRINT), "--format", "svg", "-o", str(tmp_path), *extra]) in (0, 1)
    return (tmp_path / "highlighted.svg").read_text()


@needs_dot
def test_findings_become_tooltips_linking_to_the_rule_docs(tmp_path):
    svg = svg_of(tmp_path)
    assert 'xlink:href="../docs/rules.md#' in svg
    assert 'xlink:title="' in svg and "(error): " in svg
    assert "file:" not in svg and 'xlink:href="resources/' not in svg  # still standalone: icons embedded


@needs_dot
def test_rule_docs_base_url_is_configurable(tmp_path):
    svg = svg_of(tmp_path, "--rule-docs", "https://example.org/rules")
    assert 'xlink:href="https://example.org/rules#' in svg
    assert 'xlink:href="../docs/rules.md#' not in svg
