"""`render --jobs` and `--format mermaid` through the command line."""
from __future__ import annotations

import shutil
from pathlib import Path

from linter.cli import main

ROOT = Path(__file__).resolve().parents[2]
SOME = ["multi-tier-web-app", "lambda-dlq", "vpc-peering", "rds-multi-az-read-replicas", "transit-gateway-hub-spoke"]


def folder_of_blueprints(tmp_path: Path) -> Path:
    source = tmp_path / "blueprints"
    source.mkdir()
    for name in SOME:
        shutil.copy(ROOT / "blueprints" / f"{name}.yaml", source)
    (source / "broken.yaml").write_text("blueprint: broken\nbad: 1\n")
    return source


def rendered(tmp_path: Path, jobs: str, capsys) -> tuple[int, str, dict[str, bytes]]:
    out = tmp_path / f"out-{jobs}"
    status = main(["render", str(tmp_path / "blueprints"), "-o", str(out), "--format", "dot,mermaid",
                   "--no-config", "--jobs", jobs])
    printed = capsys.readouterr()
    files = {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.suffix in (".dot", ".mmd")}
    return status, printed.out.replace(f"out-{jobs}", "out") + printed.err, files


def test_parallel_render_matches_serial(tmp_path, capsys):
    folder_of_blueprints(tmp_path)
    serial = rendered(tmp_path, "1", capsys)
    parallel = rendered(tmp_path, "2", capsys)
    assert serial[0] == 2  # the broken blueprint, reported; the others drawn
    assert serial == parallel
    assert {f"{name}.mmd" for name in SOME} | {f"{name}.dot" for name in SOME} == set(serial[2])


def test_mermaid_is_incremental_and_checked(tmp_path, capsys):
    folder_of_blueprints(tmp_path)
    (tmp_path / "blueprints" / "broken.yaml").unlink()
    out = str(tmp_path / "diagrams")
    argv = ["render", str(tmp_path / "blueprints"), "-o", out, "--format", "mermaid", "--no-config"]
    assert main(argv) == 0 and "drew" in capsys.readouterr().out
    assert main(argv + ["--check"]) == 0
    assert main(argv) == 0 and "drew" not in capsys.readouterr().out
    (tmp_path / "diagrams" / "lambda-dlq.mmd").unlink()
    assert main(argv + ["--check"]) == 1


def test_render_bounds_extends_like_lint_and_escapes_messages(tmp_path, capsys, monkeypatch):
    project = tmp_path / "project"  # the repository; the base blueprint lies outside it
    (project / "blueprints").mkdir(parents=True)
    (project / ".git").mkdir()
    shutil.copy(ROOT / "blueprints" / "lambda-dlq.yaml", tmp_path / "base.yaml")
    overlay = project / "blueprints" / "overlay.yaml"
    overlay.write_text("blueprint: overlay\nextends: ../../base.yaml\n")
    (project / "blueprints" / "bad.yaml").write_text("blueprint: bad\nbad\x1b[2J: 1\n")
    monkeypatch.chdir(project)
    argv = ["render", "blueprints", "-o", "out", "--format", "dot"]
    (project / "archlint.toml").write_text("allow-extends-outside = true\n")
    assert main(argv) == 2  # only the bad blueprint fails
    printed = capsys.readouterr()
    assert "\x1b" not in printed.err and (project / "out" / "overlay.dot").exists()
    (project / "archlint.toml").write_text("")
    (project / "out" / "overlay.dot").unlink()
    assert main(argv) == 2
    assert not (project / "out" / "overlay.dot").exists()
