"""The composite GitHub Action: installs archlint from its own repository, lints
with annotations and SARIF from one run, and passes inputs safely."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).parents[2]
ACTION = yaml.safe_load((ROOT / "action.yml").read_text())
STEPS = ACTION["runs"]["steps"]


def index_installs(text: str) -> list[str]:
    """Requirements naming archlint that are not paths (`archlint`, `'archlint[pure]'`): they would go to an index."""
    arguments = [arg.strip("'\"") for command in re.findall(r"pip install ([^`\n]*)", text) for arg in command.split()]
    return [arg for arg in arguments if "archlint" in arg and not arg.startswith((".", "/", "$"))]


def step(name: str) -> dict:
    return next(s for s in STEPS if s.get("name") == name)


def test_composite_action_with_a_shell_for_every_script():
    assert ACTION["runs"]["using"] == "composite"
    for s in STEPS:
        assert ("run" in s) != ("uses" in s)
        if "run" in s:
            assert s["shell"] == "bash"
            assert "${{" not in s["run"], "inputs reach scripts through the environment (no script injection)"


def test_installs_from_the_repository_never_from_an_index():
    install = step("Install archlint from its repository")["run"]
    assert '"$GITHUB_ACTION_PATH"' in install and "constraints.txt" in install
    for text in ((ROOT / "action.yml").read_text(), (ROOT / "docs" / "ci.md").read_text()):
        assert index_installs(text) == []
    assert index_installs("pip install 'archlint[pure]'") and index_installs("run: pip install -U archlint")


def test_sarif_upload_runs_even_when_lint_fails():
    upload = step("Upload to code scanning")
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert upload["if"].startswith("always()")


def test_lint_step_writes_annotations_and_sarif(tmp_path: Path):
    (tmp_path / "bp.yaml").write_text((ROOT / "tests" / "ci" / "bad_blueprint.yaml").read_text())
    lint = step("Lint")
    env = {**os.environ, "GITHUB_ACTIONS": "true", "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "ARCHLINT_PATHS": "bp.yaml", "ARCHLINT_ARGS": "--no-config", "ARCHLINT_SARIF": "out dir/a.sarif"}
    (tmp_path / "out dir").mkdir()
    done = subprocess.run(["bash", "-c", lint["run"]], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stdout.startswith("::error file=bp.yaml,line=12,col=14")
    results = json.loads((tmp_path / "out dir" / "a.sarif").read_text())["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["AZ001", "LP003"]
