"""Fixtures and samples shared by the CI-integration tests.

Not a conftest.py: a second `conftest` module would shadow tests/conftest.py
for the test modules that import from it. Test modules import the fixtures
they use from here.
"""
from __future__ import annotations

import subprocess
import textwrap
from pathlib import Path
from typing import Callable

import pytest

from linter.cli import main

# AZ001 (error) on `worker` at line 12, LP003 (warning) on `worker-role` at line 17.
BAD = (Path(__file__).parent / "bad_blueprint.yaml").read_text()
GOOD = (Path(__file__).parents[1] / "fixtures" / "spec_example.yaml").read_text()
GIT_IDENTITY = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
                "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}


@pytest.fixture
def samples() -> dict[str, str]:
    """Blueprint texts: `bad` has two findings (AZ001, LP003), `good` none of AZ001 or LP."""
    return {"bad": BAD, "good": GOOD}


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty git repository (no configuration above it), as the working directory."""
    root = tmp_path / "repo"
    root.mkdir()
    for key, value in GIT_IDENTITY.items():
        monkeypatch.setenv(key, value)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def git(repo: Path) -> Callable[..., str]:
    """Run git in the repository; `git("commit-all", msg)` stages everything and commits."""
    def run(*args: str) -> str:
        if args[0] == "commit-all":
            subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
            args = ("-c", "commit.gpgsign=false", "commit", "-q", "-m", args[1])
        return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout
    return run


@pytest.fixture
def write() -> Callable[[Path, str], Path]:
    def put(path: Path, text: str) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
        return path
    return put


@pytest.fixture
def cli(capsys: pytest.CaptureFixture) -> Callable[..., tuple[int, str, str]]:
    """Run `archlint ARGS...` in-process: (exit status, stdout, stderr)."""
    def run(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err
    return run
