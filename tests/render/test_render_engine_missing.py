"""No layout engine, or a broken install: `archlint render` says what to install and exits 2.

Each case runs archlint in a fresh process with an empty PATH (no `dot`) and
the named modules made unimportable, as on a machine where they were never
installed.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHOP = Path(__file__).parent / "fixtures" / "web_shop.yaml"
PURE_MODULES = ("resvg_py", "font_roboto")
RUN_WITHOUT = """
import sys
for name in sys.argv[1].split(","):
    sys.modules[name] = None  # `import name` now raises ImportError
from linter.cli import main
sys.exit(main(sys.argv[2:]))
"""


def render_without(modules: tuple[str, ...], tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    empty = tmp_path / "empty-path"
    empty.mkdir(exist_ok=True)
    env = {**os.environ, "PATH": str(empty), "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-c", RUN_WITHOUT, ",".join(modules),
               "render", "--no-config", str(SHOP), "-o", str(tmp_path / "out"), *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)


@pytest.mark.parametrize("engine", ["auto", "dot"])
def test_no_dot_and_no_pure_engine_names_both_installs(tmp_path, engine):
    done = render_without(PURE_MODULES, tmp_path, "--engine", engine)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "apt-get install graphviz" in done.stderr and "brew install graphviz" in done.stderr
    assert "pip install '.[pure]'" in done.stderr
    assert not (tmp_path / "out").exists()


def test_pure_engine_without_the_extra_names_the_extra(tmp_path):
    done = render_without(PURE_MODULES, tmp_path, "--engine", "pure")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "pip install '.[pure]'" in done.stderr
    assert not (tmp_path / "out").exists()


def test_dot_text_needs_no_layout_engine(tmp_path):
    done = render_without(PURE_MODULES, tmp_path, "--format", "dot")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "web_shop.dot").is_file()


@pytest.mark.parametrize("missing", ["diagrams", "graphviz"])
@pytest.mark.parametrize("engine", ["auto", "dot", "pure"])
def test_broken_install_without_diagrams_is_told_not_a_traceback(tmp_path, missing, engine):
    done = render_without((missing,), tmp_path, "--engine", engine)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "pip install" in done.stderr and "diagrams" in done.stderr
    assert not (tmp_path / "out").exists()
