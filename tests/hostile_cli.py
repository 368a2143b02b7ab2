"""Running archlint's command line in a scratch project, for the hostile-input tests."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from linter.cli import main

# One AZ001 finding, on the `azs` line (7), and nothing else when AZ001 alone is selected.
BLUEPRINT = """\
blueprint: worker
regions:
  us-east-1: {azs: [us-east-1a, us-east-1b]}
components:
  worker:
    type: aws.ec2
    azs: [us-east-1a]
"""
AZ001_LINE = 7


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working directory with no configuration above it."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str, str]:
    """Exit status, standard output and standard error; never a traceback."""
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def lint_json(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, dict, str]:
    code, out, err = run(capsys, "lint", "--format", "json", *args)
    return code, json.loads(out), err


def lines_of(data: dict, rule: str = "AZ001") -> list[int]:
    return [f["line"] for f in data["findings"] if f["rule"] == rule]
