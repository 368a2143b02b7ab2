"""The pre-commit hooks in real commits: a project repository that installs
the hooks from a committed copy of this working tree, and `git commit` runs
them through the real `pre-commit`.

- Changing only a base blueprint lints the overlays that extend it.
- Staging only a hand-edited diagram runs the render hook, which redraws it
  and fails the commit.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ci_fixtures import GIT_IDENTITY, GOOD
from test_ci_precommit import git_commit_all, hook_repo  # noqa: F401  (pytest fixture)

PYPROJECT = '[tool.archlint]\npaths = ["blueprints"]\nselect = ["AZ001", "LP"]\ndiagrams-out = "diagrams_out"\n'
OVERLAY = "extends: base.yaml\nblueprint: shop-dev\nenvironment: dev\ncomponents:\n  db: {multi_az: false}\n"


def git(folder: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, **GIT_IDENTITY, "PRE_COMMIT_COLOR": "never",
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    return subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=folder, env=env,
                          capture_output=True, text=True, check=check, timeout=900)


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")  # hook environments built once for the module


def project(tmp: Path, hook_repo: Path, home: Path, hook: str, files: str) -> Path:
    """A git repository whose commits run `hook` from the hook repository."""
    folder = tmp / f"project-{hook}"
    (folder / "blueprints").mkdir(parents=True)
    (folder / "pyproject.toml").write_text(PYPROJECT)
    (folder / "blueprints" / "base.yaml").write_text(GOOD)
    (folder / "blueprints" / "dev.yaml").write_text(OVERLAY)
    rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=hook_repo, capture_output=True, text=True, check=True).stdout.strip()
    (folder / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hook_repo}\n    rev: {rev}\n    hooks:\n      - id: {hook}\n        files: {files}\n")
    git_commit_all(folder)
    os.environ["PRE_COMMIT_HOME"] = str(home)
    subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=folder, check=True, capture_output=True)
    return folder


@pytest.fixture
def restore_home():
    before = os.environ.get("PRE_COMMIT_HOME")
    yield
    if before is None:
        os.environ.pop("PRE_COMMIT_HOME", None)
    else:
        os.environ["PRE_COMMIT_HOME"] = before


def test_changing_a_base_lints_its_overlays(tmp_path, hook_repo, home, restore_home):
    folder = project(tmp_path, hook_repo, home, "archlint", "^blueprints/")
    base = folder / "blueprints" / "base.yaml"
    base.write_text(GOOD.replace("  db:", "  database:").replace("db", "database"))  # fine alone; the overlay's `db` is gone
    assert subprocess.run([sys.executable, "-m", "linter", "lint", "blueprints/base.yaml"], cwd=folder).returncode == 0
    git(folder, "add", "blueprints/base.yaml")
    done = git(folder, "commit", "-q", "-m", "rename db", check=False)
    assert done.returncode != 0, done.stdout + done.stderr
    assert "blueprints/dev.yaml" in done.stdout + done.stderr
    assert git(folder, "status", "--porcelain").stdout.strip() == "M  blueprints/base.yaml"  # nothing committed


@pytest.mark.skipif(shutil.which("dot") is None, reason="needs Graphviz `dot`")
def test_a_hand_edited_diagram_cannot_be_committed(tmp_path, hook_repo, home, restore_home):
    folder = project(tmp_path, hook_repo, home, "archlint-render", "^(blueprints|diagrams_out)/")
    subprocess.run([sys.executable, "-m", "linter", "render", "--engine", "dot"], cwd=folder, check=True, capture_output=True)
    git_commit_all_again(folder)
    diagram = folder / "diagrams_out" / "base.png"
    drawn = diagram.read_bytes()
    diagram.write_bytes(drawn + b"hand edit")
    git(folder, "add", "diagrams_out/base.png")
    done = git(folder, "commit", "-q", "-m", "touch up the diagram", check=False)
    assert done.returncode != 0, done.stdout + done.stderr
    assert not diagram.read_bytes().endswith(b"hand edit")  # redrawn as archlint draws it
    assert git(folder, "log", "--format=%s", "-1").stdout.strip() != "touch up the diagram"


def git_commit_all_again(folder: Path) -> None:
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "--no-verify", "-m", "diagrams")
