"""Command-line conventions of `archlint lint`: --quiet, --statistics,
--show-files, --color, code context, standard input, "1 finding"."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from linter.cli import main

BAD = (Path(__file__).parents[1] / "ci" / "bad_blueprint.yaml").read_text()  # AZ001 at 12:14, LP003 at 17:3


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bp.yaml").write_text(BAD)
    return tmp_path


def lint(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["lint", "--no-config", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_quiet_prints_findings_without_summary_or_warnings(folder, capsys):
    code, out, err = lint(capsys, "bp.yaml", "--quiet", "--select", "AZ001")
    assert code == 1 and out.splitlines() == [out.splitlines()[0]] and out.startswith("bp.yaml:12:14: AZ001")
    code, out, err = lint(capsys, "bp.yaml", "-q", "--ignore", "ALL")
    assert code == 0 and out == "" and err == ""


def test_statistics_counts_per_rule(folder, capsys):
    (folder / "second.yaml").write_text(BAD.replace("blueprint: ", "blueprint: second-", 1))
    code, out, _ = lint(capsys, "bp.yaml", "second.yaml", "--statistics")
    lines = out.splitlines()
    assert code == 1
    assert [line.split() for line in lines[:2]] == [["2", "AZ001", "single-az"], ["2", "LP003", "unused-grant"]]
    assert lines[2].startswith("Found 2 files; 4 findings")


def test_show_files_lists_and_lints_nothing(folder, capsys):
    (folder / "notes.yaml").write_text("title: not a blueprint\n")
    code, out, _ = lint(capsys, ".", "--show-files")
    assert code == 0 and out.splitlines() == ["bp.yaml"]


def test_code_context_under_each_finding(folder, capsys):
    code, out, _ = lint(capsys, "bp.yaml", "--context", "--select", "AZ001")
    lines = out.splitlines()
    source = BAD.splitlines()[11]
    assert lines[1] == f"  12 | {source}"
    assert lines[2].index("^") == lines[1].index("|") + 2 + 13  # under column 14
    _, out, _ = lint(capsys, "bp.yaml", "--no-context", "--select", "AZ001")
    assert len(out.splitlines()) == 2


@pytest.mark.parametrize("choice, colored", [("always", True), ("never", False), ("auto", False)])
def test_color_choice(folder, capsys, choice, colored):
    _, out, _ = lint(capsys, "bp.yaml", "--color", choice)
    assert ("\033[" in out) == colored


def test_color_never_reaches_a_report_file(folder, capsys):
    lint(capsys, "bp.yaml", "--color", "always", "--output", "r.txt")
    assert "\033[" not in (folder / "r.txt").read_text()


def test_one_finding_is_singular(folder, capsys):
    _, out, _ = lint(capsys, "bp.yaml", "--select", "AZ001")
    assert out.splitlines()[-1].startswith("Found 1 file; 1 finding (1 error, 0 warnings, 0 infos)")


def stdin_lint(folder: Path, text: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "linter", "lint", "--no-config", *args], input=text.encode(),
                          capture_output=True, cwd=folder)


def test_stdin_is_linted_as_the_named_file(folder):
    (folder / "sub").mkdir()
    (folder / "sub" / "base.yaml").write_text(BAD)
    done = stdin_lint(folder, "extends: base.yaml\nblueprint: overlay\n", "-", "--stdin-filename", "sub/overlay.yaml")
    assert done.returncode == 1 and done.stdout.startswith(b"sub/base.yaml:12:14: AZ001")  # `extends` from the named folder
    assert not (folder / "sub" / "overlay.yaml").exists()
    done = stdin_lint(folder, BAD, "-", "--stdin-filename", "piped.yaml", "--select", "AZ001")
    assert done.returncode == 1 and done.stdout.startswith(b"piped.yaml:12:14: AZ001")


def test_stdin_load_error_names_the_file(folder):
    done = stdin_lint(folder, "blueprint: x\nblueprint: y\n", "-", "--stdin-filename", "dup.yaml")
    assert done.returncode == 2 and done.stdout.startswith(b"dup.yaml:2:") and b"Traceback" not in done.stderr


def test_stdin_filename_needs_dash_alone(folder, capsys):
    code, _, err = lint(capsys, "bp.yaml", "--stdin-filename", "x.yaml")
    assert code == 2 and "standard input" in err


def test_code_context_is_read_afresh_on_every_run(folder, capsys):
    """`--watch` runs again in the same process: the context shows the file as it is now."""
    lint(capsys, "bp.yaml", "--context", "--select", "AZ001")
    (folder / "bp.yaml").write_text(BAD.replace("subnets: [a]", "subnets: [a]   # still one"))
    _, out, _ = lint(capsys, "bp.yaml", "--context", "--select", "AZ001")
    assert out.splitlines()[1].endswith("subnets: [a]   # still one")


@pytest.mark.parametrize("value", ["", " , "])
def test_an_empty_select_is_refused_not_read_as_the_configured_one(folder, capsys, value):
    code, out, err = lint(capsys, "bp.yaml", "--select", value)
    assert code == 2 and out == "" and "--select" in err
