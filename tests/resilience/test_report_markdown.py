"""`archlint report --format markdown`: the figures and the findings as tables a docs page embeds."""
from __future__ import annotations

from pathlib import Path

from linter.cli import main

ROOT = Path(__file__).resolve().parents[2]


def tables(text: str) -> list[list[str]]:
    """Consecutive `|` lines, as tables."""
    found, current = [], []
    for line in text.splitlines() + [""]:
        if line.startswith("|"):
            current.append(line)
        elif current:
            found.append(current)
            current = []
    return found


def cells(row: str) -> int:
    """Cells of a row: `|` not escaped by a backslash separate them."""
    return row.replace("\\|", "").count("|") - 1


def test_markdown_report_has_well_formed_tables_and_the_findings(tmp_path, capsys):
    seed = ROOT / "tests" / "fixtures" / "seeds" / "multi-tier-web-app.yaml"
    assert main(["report", str(seed), "--format", "markdown", "--no-config"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("## Blueprint `multi-tier-web-app-guide`")
    for table in tables(text):
        assert len({cells(row) for row in table}) == 1, table
    findings = [row.split(" | ") for row in tables(text)[-1][2:]]
    assert ("| error", "SEC001 entry-without-waf", "`cdn`", "31") in {tuple(row[:4]) for row in findings}


def test_pipes_and_line_breaks_in_messages_stay_inside_their_cell(tmp_path, capsys):
    path = tmp_path / "bp.yaml"
    path.write_text("blueprint: pipes\nregions:\n  r: {azs: [a, b]}\ncomponents:\n"
                    "  users: {type: external.users}\n  db: {type: aws.rds, azs: [a], label: 'x | y'}\n"
                    "flows:\n  - users -> db\n")
    assert main(["report", str(path), "--format", "markdown", "--no-config"]) == 0
    text = capsys.readouterr().out
    findings = tables(text)[-1]
    assert len(findings) > 2 and len({cells(row) for row in findings}) == 1
