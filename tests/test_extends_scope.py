"""`extends` reads bases inside the blueprint's repository only, unless the configuration allows more."""
from __future__ import annotations

from pathlib import Path

import pytest
from hostile_cli import AZ001_LINE, BLUEPRINT, lines_of, lint_json, project, run  # noqa: F401  (pytest fixture)

OVERLAY = "extends: {base}\nblueprint: overlay\n"


def layout(project: Path, base: str, *, git: bool = True) -> Path:
    """project/repo/blueprints/dev.yaml extends `base`; project/outside/base.yaml exists."""
    repo = project / "repo"
    (repo / "blueprints").mkdir(parents=True)
    (project / "outside").mkdir()
    (project / "outside" / "base.yaml").write_text(BLUEPRINT)
    (repo / "base.yaml").write_text(BLUEPRINT)
    if git:
        (repo / ".git").mkdir()
    (repo / "blueprints" / "dev.yaml").write_text(OVERLAY.format(base=base))
    return repo


def lint_overlay(capsys, monkeypatch, repo: Path, *config: str) -> tuple[int, dict]:
    monkeypatch.chdir(repo)
    code, data, _ = lint_json(capsys, "--select", "AZ001", *config, "blueprints/dev.yaml")
    return code, data


def test_base_inside_the_repository_is_read(project, capsys, monkeypatch):
    repo = layout(project, "../base.yaml")
    code, data = lint_overlay(capsys, monkeypatch, repo, "--no-config")
    assert code == 1 and lines_of(data) == [AZ001_LINE]


@pytest.mark.parametrize("base", ["../../outside/base.yaml", "{outside}/base.yaml", "{repo}/base.yaml"])
def test_absolute_or_outside_base_is_refused(project, capsys, monkeypatch, base):
    repo = layout(project, base.format(outside=project / "outside", repo=project / "repo"))
    code, data = lint_overlay(capsys, monkeypatch, repo, "--no-config")
    assert code == 2 and data["errors"][0]["line"] == 1 and data["findings"] == []


def test_symlink_leaving_the_repository_is_refused(project, capsys, monkeypatch):
    repo = layout(project, "link.yaml")
    (repo / "blueprints" / "link.yaml").symlink_to(project / "outside" / "base.yaml")
    code, data = lint_overlay(capsys, monkeypatch, repo, "--no-config")
    assert code == 2 and data["findings"] == []


def test_outside_git_the_configuration_folder_bounds_bases(project, capsys, monkeypatch):
    repo = layout(project, "../base.yaml", git=False)
    (repo / "archlint.toml").write_text("")
    assert lint_overlay(capsys, monkeypatch, repo)[0] == 1
    (repo / "blueprints" / "dev.yaml").write_text(OVERLAY.format(base="../../outside/base.yaml"))
    assert lint_overlay(capsys, monkeypatch, repo)[0] == 2


@pytest.mark.parametrize("base", ["../../outside/base.yaml", "{outside}/base.yaml"])
def test_allow_extends_outside_reads_any_base(project, capsys, monkeypatch, base):
    repo = layout(project, base.format(outside=project / "outside"))
    (repo / "archlint.toml").write_text("allow-extends-outside = true\n")
    code, data = lint_overlay(capsys, monkeypatch, repo)
    assert code == 1 and lines_of(data) == [AZ001_LINE]


def test_report_and_graph_keep_to_the_repository_too(project, capsys, monkeypatch):
    repo = layout(project, "../../outside/base.yaml")
    monkeypatch.chdir(repo)
    for command in ("report", "graph"):
        code, _, err = run(capsys, command, "--no-config", "blueprints/dev.yaml")
        assert code == 2 and "dev.yaml:1:" in err
