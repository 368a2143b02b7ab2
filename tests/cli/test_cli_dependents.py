"""`lint --with-dependents`: a changed base brings the overlays built on it; and
`render --check` sees a diagram edited by hand."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from linter.cli import main

GOOD = (Path(__file__).parents[1] / "fixtures" / "spec_example.yaml").read_text()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.archlint]\npaths = ["blueprints"]\n')
    folder = tmp_path / "blueprints"
    folder.mkdir()
    (folder / "base.yaml").write_text(GOOD)
    (folder / "mid.yaml").write_text("extends: base.yaml\nblueprint: mid\n")
    (folder / "top.yaml").write_text("extends: mid.yaml\nblueprint: top\n")
    (folder / "other.yaml").write_text(GOOD.replace("blueprint: ", "blueprint: other-", 1))
    (folder / "loop-a.yaml").write_text("extends: loop-b.yaml\nblueprint: a\n")
    (folder / "loop-b.yaml").write_text("extends: loop-a.yaml\nblueprint: b\n")
    return tmp_path


def shown(capsys, *args: str) -> list[str]:
    assert main(["lint", *args, "--show-files"]) == 0
    return capsys.readouterr().out.splitlines()


def test_overlays_of_a_changed_base_through_a_chain(project, capsys):
    assert shown(capsys, "blueprints/base.yaml") == ["blueprints/base.yaml"]
    assert shown(capsys, "blueprints/base.yaml", "--with-dependents") == [
        "blueprints/base.yaml", "blueprints/mid.yaml", "blueprints/top.yaml"]
    assert shown(capsys, "blueprints/top.yaml", "--with-dependents") == ["blueprints/top.yaml"]


def test_a_base_change_that_breaks_an_overlay_fails(project, capsys):
    (project / "blueprints" / "mid.yaml").write_text("extends: base.yaml\nblueprint: mid\ncomponents:\n  db: {multi_az: false}\n")
    (project / "blueprints" / "base.yaml").write_text(GOOD.replace("db", "database"))
    assert main(["lint", "blueprints/base.yaml", "--fail-on", "never"]) == 0
    capsys.readouterr()
    assert main(["lint", "blueprints/base.yaml", "--with-dependents", "--fail-on", "never"]) == 2
    assert "blueprints/mid.yaml" in capsys.readouterr().out


def test_extends_cycle_does_not_hang(project, capsys):
    assert shown(capsys, "blueprints/loop-a.yaml", "--with-dependents") == ["blueprints/loop-a.yaml", "blueprints/loop-b.yaml"]


@pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz `dot`")
def test_render_check_sees_a_hand_edited_diagram(project, capsys):
    assert main(["render", "blueprints/other.yaml", "--format", "dot", "-o", "out"]) == 0
    assert main(["render", "blueprints/other.yaml", "--format", "dot", "-o", "out", "--check"]) == 0
    diagram = project / "out" / "other.dot"
    diagram.write_text(diagram.read_text() + "// touched up\n")
    assert main(["render", "blueprints/other.yaml", "--format", "dot", "-o", "out", "--check"]) == 1
