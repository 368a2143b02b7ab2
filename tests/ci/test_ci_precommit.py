"""The pre-commit hooks, run by the real `pre-commit` tool.

`pre-commit try-repo` clones the hook repository at its HEAD, so the test
commits a copy of this working tree (the package and the hooks file) to a
temporary repository first: it checks what is being changed, not what was
last committed. pre-commit then builds the hook's environment with pip (PyPI
only) and runs it on a temporary project with a good and a bad blueprint.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ci_fixtures import BAD, GIT_IDENTITY, GOOD

SOURCE = Path(__file__).parents[2]
PACKAGE_FILES = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml")


def git_commit_all(folder: Path) -> None:
    env = {**os.environ, **GIT_IDENTITY}
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["-c", "commit.gpgsign=false", "commit", "-q", "-m", "snapshot"]):
        subprocess.run(["git", *args], cwd=folder, env=env, check=True)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A committed copy of the working tree's package and hooks file."""
    copy = tmp_path_factory.mktemp("hook-repo")
    for name in PACKAGE_FILES:
        shutil.copy2(SOURCE / name, copy / name)
    shutil.copytree(SOURCE / "linter", copy / "linter", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    git_commit_all(copy)
    return copy


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with one good and one bad blueprint, selecting rules others will not change."""
    folder = tmp_path_factory.mktemp("project")
    (folder / "pyproject.toml").write_text('[tool.archlint]\nselect = ["AZ001", "LP"]\n')
    (folder / "good.yaml").write_text(GOOD)
    (folder / "bad.yaml").write_text(BAD)
    git_commit_all(folder)
    return folder


@pytest.fixture(scope="module")
def try_repo(hook_repo: Path, project: Path, tmp_path_factory: pytest.TempPathFactory):
    home = tmp_path_factory.mktemp("pre-commit-home")  # the hook environment is built once per module

    def run(hook: str, *files: str) -> subprocess.CompletedProcess:
        env = {**os.environ, **GIT_IDENTITY, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
        return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), hook, "--files", *files],
                              cwd=project, env=env, capture_output=True, text=True, timeout=900)
    return run


def test_hooks_manifest_is_valid():
    done = subprocess.run([sys.executable, "-m", "pre_commit", "validate-manifest", str(SOURCE / ".pre-commit-hooks.yaml")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_archlint_hook_passes_a_good_blueprint(try_repo):
    done = try_repo("archlint", "good.yaml")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "archlint" in done.stdout and "Passed" in done.stdout


def test_archlint_hook_fails_a_bad_blueprint(try_repo):
    done = try_repo("archlint", "good.yaml", "bad.yaml")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Failed" in done.stdout
    assert "bad.yaml:12:14: AZ001 [error]" in done.stdout


def test_archlint_hook_skips_files_that_are_not_yaml(try_repo):
    done = try_repo("archlint", "pyproject.toml")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no files to check" in done.stdout.lower()
