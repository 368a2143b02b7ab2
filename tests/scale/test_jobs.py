"""`--jobs`: many files in parallel give the same bytes as one process."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from linter.cli import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def monorepo(tmp_path: Path) -> Path:
    """The example blueprints, a broken file and the example policies, with a configuration."""
    shutil.copytree(ROOT / "blueprints", tmp_path / "blueprints")
    shutil.copytree(ROOT / "policies", tmp_path / "policies")
    (tmp_path / "blueprints" / "broken.yaml").write_text("blueprint: broken\ncomponents: {a: {type: aws.nope}}\n")
    (tmp_path / "archlint.toml").write_text('rules-dirs = ["policies"]\nper-file-ignores = { "blueprints/banking-*" = ["SEC"] }\n')
    return tmp_path


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit"])
def test_parallel_output_is_byte_identical(monorepo, monkeypatch, capsys, fmt):
    monkeypatch.chdir(monorepo)
    outputs = []
    for jobs in ("1", "2", "3"):
        status = main(["lint", "blueprints", "--format", fmt, "--jobs", jobs])
        outputs.append((status, capsys.readouterr().out))
    assert outputs[0][0] == 2  # the broken file
    assert outputs[0] == outputs[1] == outputs[2]


@pytest.mark.parametrize("jobs", ["0", "-1", "x", "5000"])
def test_jobs_must_be_a_sensible_count(jobs, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["lint", "--jobs", jobs])
    assert exited.value.code == 2
