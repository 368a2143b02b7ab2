"""A linted blueprint is freed by reference counting, not left for the cyclic collector.

The collector is paused while a file is loaded and linted; when it resumes, its
first pass scans every object still alive. Those must not include the file's
tree and graphs, or that pass costs a second on 20,000 components.
"""
from __future__ import annotations

import gc
import weakref
import importlib.util
from pathlib import Path

import pytest

from linter import engine as engine_module
from linter.engine import Engine, Options
from linter.findings import Report


def generate(components: int) -> str:
    """The benchmark's blueprint of cells (bench/generate.py)."""
    spec = importlib.util.spec_from_file_location("bench_generate", Path(__file__).parents[2] / "bench" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate(components)


class _RecordingCollector:
    """The gc module, noting how many objects wait in the youngest generation when collection resumes."""

    def __init__(self) -> None:
        self.pending: list[int] = []

    def __getattr__(self, name: str):
        return getattr(gc, name)

    def enable(self) -> None:
        self.pending.append(len(gc.get_objects(0)))
        gc.enable()


def objects_left_for_the_collector(path: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    collector = _RecordingCollector()
    monkeypatch.setattr(engine_module, "gc", collector)
    Engine(Options()).lint_file(str(path), Report())  # once to load every module the rules import
    gc.collect()
    report = Report()
    Engine(Options()).lint_file(str(path), report)
    assert report.findings and not report.errors
    return collector.pending[-1]


def test_collector_resumes_without_the_blueprint(tmp_path, monkeypatch):
    small, large = tmp_path / "small.yaml", tmp_path / "large.yaml"
    small.write_text(generate(50))
    large.write_text(generate(1000))
    # 1,000 components are about 60,000 objects; none of them may be left over.
    assert objects_left_for_the_collector(large, monkeypatch) - objects_left_for_the_collector(small, monkeypatch) < 2000


def test_a_process_that_exits_keeps_only_the_last_blueprint(tmp_path):
    """`keep_last_blueprint` (the `archlint` command): the last file's blueprint is left
    to the exit, out of the collector's sight; the one before it is freed when the next
    file starts."""
    first, second = tmp_path / "first.yaml", tmp_path / "second.yaml"
    first.write_text(generate(50))
    second.write_text(generate(50))
    engine = Engine(Options(keep_last_blueprint=True))
    try:
        engine.lint_file(str(first), Report())
        assert engine.kept is not None
        first_blueprint = weakref.ref(engine.kept.blueprint)
        assert gc.get_freeze_count() > 0 and not any(o is first_blueprint() for o in gc.get_objects(0))
        engine.lint_file(str(second), Report())
        assert first_blueprint() is None
        assert engine.kept is not None and engine.kept.blueprint.file == str(second)
    finally:
        gc.unfreeze()


def test_a_blueprint_is_not_kept_by_default(tmp_path):
    path = tmp_path / "bp.yaml"
    path.write_text(generate(50))
    engine = Engine(Options())
    engine.lint_file(str(path), Report())
    assert engine.kept is None
