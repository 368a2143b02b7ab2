"""Hand translations of public designs get the findings an expert expects.

Each `<name>.yaml` names its source and lists, in header comments, every
finding it must get (`# expect: RULE element`) — the comparison is exact —
and findings that archlint 1.0 gave wrongly (`# absent: RULE element`), which
must stay gone.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import lint_paths

HERE = Path(__file__).parent
DESIGNS = sorted(HERE.glob("*.yaml"))
LINE_RE = re.compile(r"^#\s*(expect|absent):\s*(\S+)\s+(\S+)\s*$", re.MULTILINE)


def declared(text: str, kind: str) -> set[tuple[str, str]]:
    return {(rule, element) for found, rule, element in LINE_RE.findall(text) if found == kind}


@pytest.mark.parametrize("design", DESIGNS, ids=[p.stem for p in DESIGNS])
def test_real_design_findings(design: Path) -> None:
    text = design.read_text()
    assert "# Source:" in text, "a real design names where it comes from"
    report = lint_paths([design])
    assert not report.errors, report.errors
    found = {(f.rule, f.element) for f in report.findings}
    assert not found & declared(text, "absent")
    assert found == declared(text, "expect")
