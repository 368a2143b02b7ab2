"""Several `archlint render` processes drawing into one folder keep each other's manifest entries."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHOP = Path(__file__).parent / "fixtures" / "web_shop.yaml"
PER_PROCESS = 20
SIDES = ("left", "middle", "right")


def blueprint_folder(tmp_path: Path, name: str) -> list[str]:
    folder = tmp_path / name
    folder.mkdir()
    for index in range(PER_PROCESS):
        shutil.copy(SHOP, folder / f"{name}_{index}.yaml")
    return sorted(f"{name}_{index}" for index in range(PER_PROCESS))


def test_concurrent_renders_into_one_folder_lose_no_manifest_entry(tmp_path):
    out = tmp_path / "out"
    expected = sorted(stem for side in SIDES for stem in blueprint_folder(tmp_path, side))
    # DOT only: no Graphviz needed, and each process reads the manifest at its start and writes it at its end
    runs = [subprocess.Popen([sys.executable, "-m", "linter", "render", "--no-config", str(tmp_path / side),
                              "-o", str(out), "--format", "dot"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for side in SIDES]
    for run in runs:
        _, err = run.communicate(timeout=120)
        assert run.returncode == 0, err.decode(errors="replace")
    manifest = json.loads((out / ".archlint-render.json").read_text())
    assert sorted(manifest["diagrams"]) == sorted(expected)
    assert sorted(p.name for p in out.iterdir()) == sorted([".archlint-render.json"] + [f"{stem}.dot" for stem in expected])


def test_a_save_keeps_entries_another_run_saved_since_this_one_loaded(tmp_path):
    from linter.render.manifest import Manifest
    first, second = Manifest.load(str(tmp_path)), Manifest.load(str(tmp_path))
    first.record("a", "hash-a", ["png"], "a.yaml")
    second.record("b", "hash-b", ["svg"], "b.yaml")
    first.save()
    second.save()
    assert sorted(Manifest.load(str(tmp_path)).entries) == ["a", "b"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".archlint-render.json"]  # no lock or temporary file left
