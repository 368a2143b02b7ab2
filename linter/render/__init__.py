"""`archlint render`: draw every blueprint as a diagram (PNG, SVG, DOT, Mermaid).

For each blueprint: lint it (for the highlights), place it (`layout`), build
the DOT text with `diagrams` (`builder`) and the Mermaid text (`mermaid`), and
compare the DOT text's hash with the manifest; only diagrams whose text changed
are drawn again, each format kept in memory until Graphviz succeeded, then
written atomically under the output folder. Blueprints are prepared and drawn
in worker processes (`--jobs`); files are written and reported in order by
this process, so output does not depend on the number of jobs. File names come from the blueprint's file stem only, sanitized, so no
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
from ..engine import Engine, Options
from ..fsutil import atomic_write
from ..loading import LoadError, display_path, load_blueprint
from ..parallel import ordered_map
from ..terminal import printable
from .manifest import Manifest, file_name, source_hash
from .budget import TooLarge
from .highlight import RULE_DOCS
from .output import GraphvizMissing, RenderError, draw, resolve_engine

FORMATS = ("png", "svg", "dot", "mermaid")
TEXT_FORMATS = ("dot", "mermaid")  # written without a layout engine
EXIT_OK, EXIT_STALE, EXIT_ERROR = 0, 1, 2
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]")


@dataclass
class RenderRequest:
    paths: list[str]
    out_dir: str
    formats: list[str] = field(default_factory=lambda: ["png"])
    check: bool = False
    highlight: bool = True
    lint_options: Options | None = None  # None: the defaults
    engine: str = "auto"  # auto | dot | pure (see output.py)
    fail_on_change: bool = False  # exit 1 when a diagram had to be drawn (the pre-commit hook)
    jobs: int = 1  # worker processes
    view: str = "network"  # network | overview | flows | security (see views.py)
    rule_docs: str = RULE_DOCS  # where SVG tooltips link a rule id to


@dataclass
class _Job:
    """One blueprint to draw: its texts once prepared, and what to say about it."""

    path: str
    stem: str
    source: str = ""  # DOT
    mermaid: str = ""
    digest: str = ""
    messages: list[str] = field(default_factory=list)  # for standard error, in order
    failed: bool = False


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
    from .views import VIEWS
    if request.view not in VIEWS:
        raise RenderUsageError(f"--view takes one of {', '.join(VIEWS)}; got {request.view}")
    unknown = sorted(set(request.formats) - set(FORMATS))
    if unknown or not request.formats:
        raise RenderUsageError(f"--format takes a comma-separated list of {', '.join(FORMATS)}; got {','.join(request.formats) or 'nothing'}")
    files = discover(request.paths)
    stems = _stems(files, request.view)
    jobs = list(ordered_map(lambda path: _prepare(_Job(path, stems[path]), request), files, request.jobs))
    status = EXIT_OK
    for job in jobs:
        for message in job.messages:
            print(printable(message), file=err)  # blueprint text may hold terminal escapes
        status = max(status, EXIT_ERROR if job.failed else EXIT_OK)
    jobs = [job for job in jobs if not job.failed]
    manifest = Manifest.load(request.out_dir)
    todo = [(job, manifest.stale_formats(job.stem, job.digest, request.formats)) for job in jobs]
    todo = [(job, formats) for job, formats in todo if formats]
    if request.check:
        return max(status, _report_stale(todo, request.out_dir, out))
    status = max(status, _draw_all(todo, manifest, request, out, err))
    return max(status, EXIT_STALE) if request.fail_on_change and todo else status


def _stems(files: list[str], view: str) -> dict[str, str]:
    """File -> output stem; two blueprints that would share a diagram are a usage error."""
    from .views import file_stem
    stems: dict[str, str] = {}
    owners: dict[str, str] = {}
    for path in files:
        stem = file_stem(safe_stem(path), view)
        if stem in owners:
            raise RenderUsageError(f"{display_path(owners[stem])} and {display_path(path)} would both be drawn as `{stem}`; "
                                   f"render them into different folders with -o")
        owners[stem], stems[path] = path, stem
    return stems


def _prepare(job: _Job, request: RenderRequest) -> _Job:
    """Load, lint and place one blueprint and build its texts; a load error or a
    blueprint past the layout budget marks the job failed (see `budget`)."""
    from .budget import fit
    from .builder import build_dot  # imports diagrams
    from .highlight import Highlights
    from .mermaid import mermaid_text
    from .views import DEFAULT_VIEW, scene_for
    engine = Engine(request.lint_options or Options())
    try:
        blueprint = load_blueprint(job.path, engine.rules, engine.scope)  # `extends` bounded as for lint
        scene, note = fit(blueprint)  # before the lint run and the DOT text: a refusal costs little
    except LoadError as exc:
        job.messages += [str(problem) for problem in exc.problems]
        job.failed = True
        return job
    except TooLarge as exc:
        job.messages.append(f"archlint: {display_path(job.path)}: {exc}")
        job.failed = True
        return job
    if note:
        job.messages.append(f"archlint: {display_path(job.path)}: {note}")
    findings = engine.findings_of(blueprint) if request.highlight else []
    if request.view != DEFAULT_VIEW:  # the others are smaller than the placement the budget was checked on
        scene = scene_for(blueprint, request.view, findings)
    highlights = Highlights(findings, enabled=request.highlight, rule_docs=request.rule_docs)
    job.source = build_dot(scene, highlights)
    if "mermaid" in request.formats:
        job.mermaid = mermaid_text(scene, highlights)
    job.digest = source_hash(job.source, request.highlight)
    return job


def _target(out_dir: str, stem: str, fmt: str) -> str:
    folder = os.path.abspath(out_dir)
    target = os.path.join(folder, file_name(stem, fmt))
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


def _draw_all(todo: list[tuple[_Job, list[str]]], manifest: Manifest, request: RenderRequest, out: TextIO,
              err: TextIO) -> int:
    engine = "dot"
    if any(fmt not in TEXT_FORMATS for _, formats in todo for fmt in formats):
        try:
            engine = resolve_engine(request.engine)  # before anything is written: no stray files
        except GraphvizMissing as exc:
            print(f"archlint: {exc}", file=err)
            return EXIT_ERROR
    status = EXIT_OK
    drawings = ordered_map(lambda entry: _draw_formats(entry[0], entry[1], engine), todo, request.jobs)
    for (job, formats), drawn in zip(todo, drawings, strict=True):
        if isinstance(drawn, str):
            print(f"archlint: {display_path(job.path)}: {drawn}", file=err)
            status = EXIT_ERROR
            continue
        try:
            for fmt, data in drawn.items():
                atomic_write(_target(request.out_dir, job.stem, fmt), data)
        except RenderError as exc:
            print(f"archlint: {display_path(job.path)}: {exc}", file=err)
            status = EXIT_ERROR
            continue
        manifest.record(job.stem, job.digest, formats, display_path(job.path))
        print(f"drew {', '.join(display_path(_target(request.out_dir, job.stem, fmt)) for fmt in formats)}", file=out)
    manifest.save()
    return status


def _draw_formats(job: _Job, formats: list[str], engine: str) -> dict[str, bytes] | str:
    """Every requested format in memory (nothing is written unless all succeed), or why not."""
    try:
        return {fmt: job.mermaid.encode("utf-8") if fmt == "mermaid" else draw(job.source, fmt, engine) for fmt in formats}
    except RenderError as exc:
        return str(exc)
