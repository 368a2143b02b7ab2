"""`archlint render`: draw every blueprint as a diagram (PNG, SVG, DOT).

For each blueprint: lint it (for the highlights), place it (`layout`), build
the DOT text with `diagrams` (`builder`), and compare the text's hash with the
manifest; only diagrams whose text changed are drawn again, each format kept in
memory until Graphviz succeeded, then written atomically under the output
folder. File names come from the blueprint's file stem only, sanitized, so no
blueprint content can steer a write outside that folder.

This package imports `diagrams`; the lint path never imports it.
"""
from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from typing import TextIO

from ..discovery import discover
from ..findings import Report
from ..loading import LoadError, display_path, load_blueprint
from ..model import Blueprint
from ..rules import REGISTRY
from .manifest import Manifest, source_hash
from ..fsutil import atomic_write
from .budget import TooLarge
from .output import GraphvizMissing, RenderError, draw, resolve_engine

FORMATS = ("png", "svg", "dot")
EXIT_OK, EXIT_STALE, EXIT_ERROR = 0, 1, 2
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]")


@dataclass
class RenderRequest:
    paths: list[str]
    out_dir: str
    formats: list[str] = field(default_factory=lambda: ["png"])
    check: bool = False
    highlight: bool = True
    lint_options: object = None  # engine.Options; None: the defaults
    engine: str = "auto"  # auto | dot | pure (see output.py)
    fail_on_change: bool = False  # exit 1 when a diagram had to be drawn (the pre-commit hook)


@dataclass
class _Job:
    """One blueprint to draw."""

    path: str
    stem: str
    blueprint: Blueprint
    source: str = ""
    digest: str = ""


class RenderUsageError(Exception):
    """Bad usage (exit status 2), reported before anything is written."""


def safe_stem(path: str) -> str:
    """The output file stem: the blueprint file's stem, limited to [A-Za-z0-9_.-], never hidden or `..`."""
    stem = os.path.splitext(os.path.basename(path))[0]
    cleaned = _UNSAFE.sub("_", stem)[:100].lstrip(".")
    return cleaned or "blueprint"


def render(request: RenderRequest, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run `archlint render`; return the exit status."""
    out, err = out or sys.stdout, err or sys.stderr
    unknown = sorted(set(request.formats) - set(FORMATS))
    if unknown or not request.formats:
        raise RenderUsageError(f"--format takes a comma-separated list of {', '.join(FORMATS)}; got {','.join(request.formats) or 'nothing'}")
    files = discover(request.paths)
    stems = _stems(files)
    jobs, status = _load(files, stems, err)
    jobs, sized = _build_sources(jobs, request, err)
    status = max(status, sized)
    manifest = Manifest.load(request.out_dir)
    todo = [(job, manifest.stale_formats(job.stem, job.digest, request.formats)) for job in jobs]
    todo = [(job, formats) for job, formats in todo if formats]
    if request.check:
        return max(status, _report_stale(todo, request.out_dir, out))
    status = max(status, _draw_all(todo, manifest, request.out_dir, out, err, request.engine))
    return max(status, EXIT_STALE) if request.fail_on_change and todo else status


def _stems(files: list[str]) -> dict[str, str]:
    """File -> output stem; two blueprints that would share a diagram are a usage error."""
    stems: dict[str, str] = {}
    owners: dict[str, str] = {}
    for path in files:
        stem = safe_stem(path)
        if stem in owners:
            raise RenderUsageError(f"{display_path(owners[stem])} and {display_path(path)} would both be drawn as `{stem}`; "
                                   f"render them into different folders with -o")
        owners[stem], stems[path] = path, stem
    return stems


def _load(files: list[str], stems: dict[str, str], err: TextIO) -> tuple[list[_Job], int]:
    jobs, status = [], EXIT_OK
    for path in files:
        try:
            jobs.append(_Job(path, stems[path], load_blueprint(path, REGISTRY)))
        except LoadError as exc:
            for problem in exc.problems:
                print(problem, file=err)
            status = EXIT_ERROR
    return jobs, status


def _build_sources(jobs: list[_Job], request: RenderRequest, err: TextIO) -> tuple[list[_Job], int]:
    """Each job's DOT text and hash; a blueprint past the layout budget is reported and left out."""
    built, status = [], EXIT_OK
    for job in jobs:
        try:
            job.source, note = _dot_source(job.blueprint, request)
        except TooLarge as exc:
            print(f"archlint: {display_path(job.path)}: {exc}", file=err)
            status = EXIT_ERROR
            continue
        if note:
            print(f"archlint: {display_path(job.path)}: {note}", file=err)
        job.digest = source_hash(job.source, request.highlight)
        built.append(job)
    return built, status


def _dot_source(blueprint: Blueprint, request: RenderRequest) -> tuple[str, str]:
    """The DOT text, and a note when the diagram had to leave its flows out (see `budget`)."""
    from .budget import fit
    from .builder import build_dot  # imports diagrams
    from .highlight import Highlights
    from .layout import build_scene
    scene, note = fit(build_scene(blueprint))  # before the lint run and the DOT text: a refusal costs little
    findings = _findings(blueprint, request.lint_options) if request.highlight else []
    return build_dot(scene, Highlights(findings, enabled=request.highlight)), note


def _findings(blueprint: Blueprint, options) -> list:
    from ..engine import Engine, Options
    report = Report()
    Engine(options or Options()).lint_blueprint(blueprint, report)
    return report.findings


def _target(out_dir: str, stem: str, fmt: str) -> str:
    folder = os.path.abspath(out_dir)
    target = os.path.join(folder, f"{stem}.{fmt}")
    if os.path.dirname(target) != folder:  # cannot happen with safe_stem; refuse rather than trust it
        raise RenderError(f"refusing to write {target}: outside {folder}")
    return target


def _report_stale(todo: list[tuple[_Job, list[str]]], out_dir: str, out: TextIO) -> int:
    for job, formats in todo:
        for fmt in formats:
            target = _target(out_dir, job.stem, fmt)
            state = "stale" if os.path.exists(target) else "missing"
            print(f"{display_path(target)}: {state} (blueprint {display_path(job.path)})", file=out)
    if todo:
        print("run `archlint render` to update the diagrams", file=out)
    return EXIT_STALE if todo else EXIT_OK


def _draw_all(todo: list[tuple[_Job, list[str]]], manifest: Manifest, out_dir: str, out: TextIO, err: TextIO,
              requested_engine: str) -> int:
    engine = "dot"
    if any(fmt != "dot" for _, formats in todo for fmt in formats):
        try:
            engine = resolve_engine(requested_engine)  # before anything is written: no stray files
        except GraphvizMissing as exc:
            print(f"archlint: {exc}", file=err)
            return EXIT_ERROR
    status = EXIT_OK
    for job, formats in todo:
        try:
            drawn = {fmt: draw(job.source, fmt, engine) for fmt in formats}  # all in memory before any write
            for fmt, data in drawn.items():
                atomic_write(_target(out_dir, job.stem, fmt), data)
        except RenderError as exc:
            print(f"archlint: {display_path(job.path)}: {exc}", file=err)
            status = EXIT_ERROR
            continue
        manifest.record(job.stem, job.digest, formats, display_path(job.path))
        print(f"drew {', '.join(display_path(_target(out_dir, job.stem, fmt)) for fmt in formats)}", file=out)
    manifest.save()
    return status
