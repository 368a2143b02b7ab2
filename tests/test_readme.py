"""What the README shows is what the tool prints."""
from __future__ import annotations

import re
from pathlib import Path

from linter.cli import main

ROOT = Path(__file__).parents[1]


def test_readme_report_is_current(monkeypatch, capsys) -> None:
    monkeypatch.chdir(ROOT)
    block = re.search(r"\$ archlint report blueprints/core-banking-ha\.yaml\n(.*?)```", (ROOT / "README.md").read_text(), re.S)
    assert block, "README shows the core banking report"
    assert main(["report", "blueprints/core-banking-ha.yaml"]) == 0
    assert capsys.readouterr().out.rstrip() == block.group(1).rstrip()


def test_readme_links_resolve() -> None:
    text = (ROOT / "README.md").read_text()
    for target in re.findall(r"\]\(([^)#]+)\)", text):
        assert (ROOT / target).exists(), target
