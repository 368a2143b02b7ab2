"""`archlint lint --watch`: lints again when a blueprint or its base is saved."""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from linter.watch import watch

BAD = (Path(__file__).parents[1] / "ci" / "bad_blueprint.yaml").read_text()  # AZ001 and LP003


def wait_for(condition, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def summary(report: Path) -> str:
    return report.read_text().splitlines()[-1] if report.exists() and report.read_text() else ""


def test_watch_lints_again_after_each_save(tmp_path: Path):
    (tmp_path / "base.yaml").write_text(BAD)
    (tmp_path / "bp.yaml").write_text("extends: base.yaml\nblueprint: over\n")
    report = tmp_path / "report.txt"
    process = subprocess.Popen([sys.executable, "-m", "linter", "lint", "bp.yaml", "--watch", "--no-config", "--output", "report.txt"],
                               cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        assert wait_for(lambda: "2 findings" in summary(report))
        (tmp_path / "base.yaml").write_text(BAD.replace("s3:PutObject, s3:DeleteObject", "s3:PutObject"))  # the base
        assert wait_for(lambda: "1 finding " in summary(report))
        (tmp_path / "bp.yaml").write_text("extends: base.yaml\nblueprint: over\n"
                                          "waivers: [{rule: AZ001, element: worker, reason: batch jobs retry}]\n")  # the file
        assert wait_for(lambda: "0 findings" in summary(report))
        assert process.poll() is None  # still watching
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert b"Traceback" not in process.stderr.read()


def test_a_save_while_a_lint_runs_is_linted_again(tmp_path: Path):
    path = tmp_path / "bp.yaml"
    path.write_text("blueprint: first\n")
    seen: list[str] = []
    polls = iter(range(50))

    def lint_once() -> int:
        seen.append(path.read_text())
        if len(seen) == 1:
            path.write_text("blueprint: saved while the first lint ran\n")
        return 0

    def paths() -> list[str]:
        if next(polls, None) is None or len(seen) == 2:
            raise KeyboardInterrupt  # the user's Ctrl-C, once it has been seen or not
        return [str(path)]

    with pytest.raises(KeyboardInterrupt):
        watch(lint_once, paths, poll=0)
    assert seen == ["blueprint: first\n", "blueprint: saved while the first lint ran\n"]
