"""Dense blueprints: `archlint render` returns within seconds, never runs Graphviz for minutes."""
from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from linter.render import budget, output

ROOT = Path(__file__).resolve().parents[2]
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz `dot` is not installed")


def write_blueprint(path: Path, components: int, all_pairs: bool) -> Path:
    """`components` queues; with `all_pairs`, a flow from every one to every other."""
    lines = ["blueprint: dense", "regions:", "  us-east-1: {azs: [us-east-1a, us-east-1b]}", "components:"]
    lines += [f"  c{i}: {{type: aws.sqs}}" for i in range(components)]
    if all_pairs:
        lines.append("flows:")
        lines += [f"  - {{from: c{i}, to: [{', '.join(f'c{j}' for j in range(components) if j != i)}]}}"
                  for i in range(components)]
    path.write_text("\n".join(lines) + "\n")
    return path


def render(tmp_path: Path, blueprint: Path, *args: str) -> tuple[subprocess.CompletedProcess, float]:
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "linter", "render", "--no-config", str(blueprint),
                           "-o", str(tmp_path / "out"), *args], cwd=ROOT, capture_output=True, text=True, timeout=120)
    return done, time.monotonic() - start


@needs_dot
def test_all_pairs_flows_are_drawn_as_placement_only_within_seconds(tmp_path):
    blueprint = write_blueprint(tmp_path / "dense.yaml", 150, all_pairs=True)  # 22,350 flows
    done, seconds = render(tmp_path, blueprint, "--format", "svg,dot", "--engine", "dot")
    assert done.returncode == 0, done.stderr
    assert seconds < 60  # `dot` on the full graph takes many minutes
    assert "22,350 flows not drawn" in done.stderr and "Traceback" not in done.stderr
    dot_text = (tmp_path / "out" / "dense.dot").read_text()
    assert "->" not in dot_text and "22,350 flows not drawn" in dot_text
    assert (tmp_path / "out" / "dense.svg").stat().st_size > 0


def test_too_many_nodes_is_refused_before_any_layout(tmp_path, monkeypatch):
    blueprint = write_blueprint(tmp_path / "huge.yaml", 40, all_pairs=True)  # even the overview has 40 nodes
    from linter.cli import main
    monkeypatch.setattr(budget, "MAX_NODES", 30)
    monkeypatch.setattr(output, "run_graphviz", lambda *args: pytest.fail("Graphviz must not run"))
    assert main(["render", "--no-config", str(blueprint), "-o", str(tmp_path / "out"), "--format", "png,dot"]) == 2
    assert not (tmp_path / "out").exists()  # nothing half-written, no manifest


def test_refusal_names_the_limit_and_how_to_draw_anyway(tmp_path, monkeypatch, capsys):
    blueprint = write_blueprint(tmp_path / "huge.yaml", 40, all_pairs=True)
    from linter.cli import main
    monkeypatch.setattr(budget, "MAX_NODES", 30)
    main(["render", "--no-config", str(blueprint), "-o", str(tmp_path / "out"), "--format", "dot"])
    err = capsys.readouterr().err
    assert "huge.yaml" in err and "40 nodes" in err and "30 nodes" in err and "archlint graph" in err


def test_flows_under_the_budget_are_all_drawn(tmp_path):
    blueprint = write_blueprint(tmp_path / "small.yaml", 10, all_pairs=True)  # 90 edges
    done, _ = render(tmp_path, blueprint, "--format", "dot")
    assert done.returncode == 0 and "not drawn" not in done.stderr
    assert (tmp_path / "out" / "small.dot").read_text().count("->") == 90


def fake_graphviz(tmp_path: Path, body: str) -> str:
    program = tmp_path / "fake-dot"
    program.write_text(f"#!{sys.executable}\n{body}\n")
    program.chmod(0o755)
    return str(program)


def test_a_layout_past_its_time_limit_is_stopped(tmp_path, monkeypatch):
    monkeypatch.setattr(output, "DOT_TIMEOUT", 1)
    program = fake_graphviz(tmp_path, "import time; time.sleep(30)")
    start = time.monotonic()
    with pytest.raises(output.RenderError, match="--format dot"):
        output.run_graphviz(program, "dot", "digraph {}", "png")
    assert time.monotonic() - start < 10


def test_a_layout_past_its_memory_limit_is_stopped(tmp_path, monkeypatch):
    monkeypatch.setattr(output, "DOT_MEMORY", 1 << 30)
    program = fake_graphviz(tmp_path, "data = bytearray(2 << 30)")  # 2 GiB against a 1 GiB limit
    with pytest.raises(output.RenderError, match="--format dot"):
        output.run_graphviz(program, "dot", "digraph {}", "png")


def test_a_stopped_layout_leaves_no_file_behind(tmp_path, monkeypatch, capsys):
    from linter.cli import main
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "dot").symlink_to(fake_graphviz(tmp_path, "import time; time.sleep(30)"))
    monkeypatch.setenv("PATH", str(fake))
    monkeypatch.setattr(output, "DOT_TIMEOUT", 1)
    blueprint = write_blueprint(tmp_path / "slow.yaml", 3, all_pairs=True)
    out = tmp_path / "out"
    out.mkdir()
    assert main(["render", "--no-config", str(blueprint), "-o", str(out), "--format", "dot,png", "--engine", "dot"]) == 2
    assert list(out.iterdir()) == []  # neither the .dot of the set, nor a temporary file, nor a manifest
    assert "did not finish within 1 s" in capsys.readouterr().err
