"""Configuration files that are broken or hostile: exit 2, every problem at once, each naming the file."""
from __future__ import annotations

from pathlib import Path

import pytest
from hostile_cli import BLUEPRINT, lines_of, lint_json, project, run  # noqa: F401  (pytest fixture)


def setup(project: Path, name: str, content: str | bytes) -> None:
    (project / "bp.yaml").write_text(BLUEPRINT)
    target = project / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content if isinstance(content, bytes) else content.encode())


def problem_lines(err: str, name: str) -> list[str]:
    return [line for line in err.splitlines() if name in line]


@pytest.mark.parametrize("name, content", [
    ("archlint.toml", b'fail-on = "never"\n\xff\xfe = 1\n'),
    ("archlint.toml", "x = " + "[" * 5000 + "]" * 5000 + "\n"),
    ("archlint.toml", "x = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n"),
    ("pyproject.toml", "tool = 5\n"),
    ("pyproject.toml", "[tool]\narchlint = 5\n"),
    ("pyproject.toml", '[tool]\narchlint = "yes"\n'),
    ("pyproject.toml", b'[tool.archlint]\nfail-on = "\xe9"\n'),
])
def test_unusable_configuration_is_exit_2_naming_the_file(project, capsys, name, content):
    setup(project, name, content)
    code, _, err = run(capsys, "lint", "bp.yaml")
    assert code == 2 and problem_lines(err, name)


def test_non_utf8_configuration_gives_the_line(project, capsys):
    setup(project, "archlint.toml", b'fail-on = "never"\n\n# caf\xe9\n')
    code, _, err = run(capsys, "lint", "bp.yaml")
    assert code == 2 and "archlint.toml:3:" in err


def test_configuration_given_with_config_is_checked_the_same(project, capsys):
    setup(project, "conf/pyproject.toml", "tool = []\n")
    code, _, err = run(capsys, "lint", "bp.yaml", "--config", "conf/pyproject.toml")
    assert code == 2 and problem_lines(err, "pyproject.toml")


def test_wrong_types_at_every_level_are_all_reported(project, capsys):
    setup(project, "archlint.toml", """\
select = "AZ001"
paths = ["bp.yaml", 3]
fail-on = ["error"]
diagrams-out = 5
allow-extends-outside = "yes"
[severity]
AZ001 = ["error"]
LP003 = "fatal"
[per-file-ignores]
"a" = "AZ001"
"b" = ["AZ001", 1]
[per-file-ignores.c]
x = 1
""")
    code, _, err = run(capsys, "lint", "bp.yaml")
    wanted = ["`select`", "`paths[1]`", "`fail-on`", "`diagrams-out`", "`allow-extends-outside`", "`severity.AZ001`",
              "`severity.LP003`", "`per-file-ignores.a`", "`per-file-ignores.b[1]`", "`per-file-ignores.c`"]
    named = problem_lines(err, "archlint.toml")
    assert code == 2 and len(named) == len(wanted)
    assert all(any(key in line for line in named) for key in wanted)


def test_severity_and_ignores_must_be_tables(project, capsys):
    setup(project, "archlint.toml", 'severity = ["AZ001"]\nper-file-ignores = "AZ001"\n')
    code, _, err = run(capsys, "lint", "bp.yaml")
    assert code == 2 and len(problem_lines(err, "archlint.toml")) == 2


def test_unknown_rule_ids_are_all_reported_with_the_file(project, capsys):
    setup(project, "pyproject.toml", """\
[tool.archlint]
select = ["AZ01"]
ignore = ["NOPE"]
[tool.archlint.severity]
XX001 = "error"
[tool.archlint.per-file-ignores]
"*.yaml" = ["QQ"]
""")
    code, _, err = run(capsys, "lint", "bp.yaml")
    named = problem_lines(err, "pyproject.toml")
    assert code == 2 and len(named) == 4
    assert all(word in err for word in ("AZ01", "NOPE", "XX001", "QQ"))


def test_nul_in_a_configured_path_is_refused(project, capsys):
    setup(project, "archlint.toml", 'paths = ["bp\\u0000.yaml"]\n')
    code, _, err = run(capsys, "lint")
    assert code == 2 and problem_lines(err, "archlint.toml")


def test_byte_order_mark_is_accepted(project, capsys):
    setup(project, "archlint.toml", '\ufefffail-on = "never"\n')
    code, _, _ = run(capsys, "lint", "bp.yaml")
    assert code == 0


def test_unrelated_broken_pyproject_on_the_walk_is_skipped(project, capsys):
    setup(project, "pyproject.toml", "[project\nname = 'x'\n")
    code, _, _ = run(capsys, "lint", "bp.yaml")
    assert code == 1  # the findings, with the defaults


def test_broken_pyproject_that_mentions_archlint_is_an_error(project, capsys):
    setup(project, "pyproject.toml", "[tool.archlint\nfail-on = 'never'\n")
    code, _, err = run(capsys, "lint", "bp.yaml")
    assert code == 2 and problem_lines(err, "pyproject.toml")


@pytest.mark.parametrize("content", ["select = []\n", 'ignore = ["ALL"]\n', 'select = ["AZ001"]\nignore = ["AZ"]\n'])
def test_no_rule_selected_warns_and_still_runs(project, capsys, content):
    setup(project, "archlint.toml", content)
    code, data, err = lint_json(capsys, "bp.yaml")
    assert code == 0 and data["summary"]["files"] == 1 and data["findings"] == []
    assert "warning" in err and "no rule" in err


def test_some_rule_selected_does_not_warn(project, capsys):
    setup(project, "archlint.toml", 'select = ["AZ001"]\n')
    code, data, err = lint_json(capsys, "bp.yaml")
    assert code == 1 and lines_of(data) == [7] and "no rule" not in err


@pytest.mark.parametrize("entry, fact", [("archlint.toml", "not a folder"), ("missing", "does not exist")])
def test_rules_dirs_that_are_not_folders(project, capsys, entry, fact):
    setup(project, "archlint.toml", f'rules-dirs = ["{entry}"]\n')
    code, _, err = run(capsys, "lint", "bp.yaml")
    assert code == 2 and fact in err and problem_lines(err, "archlint.toml")


def test_empty_diff_base_is_refused(project, capsys):
    (project / "bp.yaml").write_text(BLUEPRINT)
    code, _, err = run(capsys, "lint", "bp.yaml", "--no-config", "--diff-base", "")
    assert code == 2 and "--diff-base" in err


def test_per_file_ignores_are_relative_to_the_configuration(project, capsys, monkeypatch):
    (project / "blueprints" / "legacy").mkdir(parents=True)
    (project / "blueprints" / "legacy" / "old.yaml").write_text(BLUEPRINT)
    (project / "archlint.toml").write_text('select = ["AZ001"]\n[per-file-ignores]\n"blueprints/legacy/*.yaml" = ["AZ001"]\n')
    results = []
    for folder, target in ((project, "blueprints/legacy/old.yaml"), (project / "blueprints", "legacy/old.yaml"),
                           (project / "blueprints" / "legacy", "old.yaml")):
        monkeypatch.chdir(folder)
        code, data, _ = lint_json(capsys, target)
        results.append((code, data["findings"]))
    assert results == [(0, [])] * 3


def test_per_file_ignores_match_from_outside_the_configuration_folder(project, capsys, monkeypatch):
    (project / "repo" / "blueprints").mkdir(parents=True)
    (project / "repo" / "blueprints" / "a.yaml").write_text(BLUEPRINT)
    (project / "repo" / "archlint.toml").write_text('select = ["AZ001"]\n[per-file-ignores]\n"blueprints/a.yaml" = ["AZ001"]\n')
    code, data, _ = lint_json(capsys, "repo/blueprints/a.yaml", "--config", "repo/archlint.toml")
    assert code == 0 and data["findings"] == []
