"""`archlint diff BASE_REF [PATH...]`: draw what a change does to each blueprint.

Every blueprint that differs between git revision BASE_REF and the working
tree (modified, added, untracked or deleted), and every overlay that
`extends` one that does, is loaded in both versions (the
old one with the bases it extends, through `diffbase.materialise`), and drawn
once as the network view of the new version with the old version's removed
elements put back where the old placement had them: added elements in green,
removed ones in red and dashed, changed ones with an amber outline and a note
naming the changed keys. The findings introduced and fixed go into the legend
and into a Markdown summary meant for a pull-request comment.
"""
from __future__ import annotations

import dataclasses
import os
import tempfile
from dataclasses import dataclass, field
from collections.abc import Mapping
from typing import TYPE_CHECKING, Iterable, TextIO

from ..diffbase import DiffBaseError, _git, git_toplevel, materialise, resolve_commit
from ..discovery import SUFFIXES, discover, sniff_blueprint
from ..engine import Engine, Options
from ..findings import Finding
from ..fsutil import atomic_write
from ..loading import LoadError, display_path, load_blueprint
from ..model import Blueprint
from ..rules import RuleSet
from . import RenderUsageError, _stems, _target
from .highlight import Highlights
from .layout import Group, Link, Scene, _Placer, build_scene, sort_group

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

IMAGE_FORMATS = ("png", "svg", "dot")
FORMATS = (*IMAGE_FORMATS, "markdown")
EXIT_OK, EXIT_ERROR = 0, 2
ADDED, REMOVED, CHANGED = "added", "removed", "changed"
# The finding kind each drawn edge stands for (relations belong to their component).
LINK_KINDS = {"flow": "flow", "peering": "peering", "attachment": "transit_gateway", "tgw_peering": "transit_gateway"}
GROUP_KINDS = ("region", "network", "subnet")
SHOWN_FINDINGS = 12  # per list in the legend; the Markdown has them all


@dataclass
class DiffRequest:
    ref: str
    paths: list[str]
    out_dir: str
    formats: list[str] = field(default_factory=lambda: ["png"])
    engine: str = "auto"
    lint_options: Options | None = None


@dataclass
class Delta:
    """What a change does to one blueprint: element ids per kind, changed keys, findings."""

    path: str  # as displayed
    added: dict[str, list[str]] = field(default_factory=dict)  # kind -> ids
    removed: dict[str, list[str]] = field(default_factory=dict)
    changed: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # kind -> id -> changed keys
    introduced: list[Finding] = field(default_factory=list)
    fixed: list[Finding] = field(default_factory=list)
    images: list[str] = field(default_factory=list)

    def status(self, kind: str, element: str) -> str:
        if element in self.added.get(kind, ()):
            return ADDED
        if element in self.removed.get(kind, ()):
            return REMOVED
        return CHANGED if element in self.changed.get(kind, {}) else ""


# -- comparing two versions ------------------------------------------------------------------
def elements(blueprint: Blueprint | None) -> dict[str, Mapping[str, DataclassInstance]]:
    """The blueprint's drawn elements by kind (the finding kinds) and id."""
    if blueprint is None:
        return {}
    return {"region": blueprint.regions, "network": blueprint.networks, "subnet": blueprint.subnets,
            "component": blueprint.components, "flow": {f.id: f for f in blueprint.flows},
            "peering": {p.id: p for p in blueprint.peerings}, "transit_gateway": blueprint.transit_gateways}


def attributes(element: DataclassInstance) -> dict[str, object]:
    """What the author wrote for an element (its source map), or its fields without positions."""
    spec = getattr(element, "spec", None)
    if spec is not None:
        return dict(spec)
    return {f.name: getattr(element, f.name) for f in dataclasses.fields(element) if f.name not in ("pos", "az_pos")}


def changed_keys(old: DataclassInstance, new: DataclassInstance) -> list[str]:
    before, after = attributes(old), attributes(new)
    return sorted(key for key in before.keys() | after.keys() if before.get(key) != after.get(key))


def compare(path: str, old: Blueprint | None, new: Blueprint | None, old_findings: list[Finding],
            new_findings: list[Finding]) -> Delta:
    delta = Delta(display_path(path))
    before, after = elements(old), elements(new)
    for kind in sorted(before.keys() | after.keys()):
        was, now = before.get(kind, {}), after.get(kind, {})
        delta.added[kind] = sorted(now.keys() - was.keys())
        delta.removed[kind] = sorted(was.keys() - now.keys())
        both = ((eid, changed_keys(was[eid], now[eid])) for eid in sorted(was.keys() & now.keys()))
        delta.changed[kind] = {eid: keys for eid, keys in both if keys}
    old_ids, new_ids = {_identity(f) for f in old_findings}, {_identity(f) for f in new_findings}
    delta.introduced = [f for f in new_findings if _identity(f) not in old_ids]
    delta.fixed = [f for f in old_findings if _identity(f) not in new_ids]
    return delta


def _identity(finding: Finding) -> tuple[str, str, str]:
    """Rule, kind and element: never the line (which any edit above it moves) nor the file (a mirror)."""
    return (finding.rule, finding.kind, finding.element)


# -- the picture -------------------------------------------------------------------------------
def diff_scene(old: Blueprint | None, new: Blueprint | None, delta: Delta, ref: str) -> Scene:
    """The new version's network view with the old version's removed elements put back, all marked."""
    shown = new if new is not None else old
    assert shown is not None, "a blueprint missing from both versions is not compared (see _load_versions)"
    scene = build_scene(shown)
    if new is not None and old is not None:
        previous = build_scene(old)
        _merge(scene.root, previous.root, delta)
        drawn = {item.key for item in scene.root.walk_items()}
        scene.links += [link for link in previous.links if _link_status(link, delta) == REMOVED
                        and link.tail in drawn and link.head in drawn]
        sort_group(scene.root)
    _mark(scene, delta)
    scene.title = f"{scene.title}\nchanges since {ref}"
    scene.legend = _legend_rows(delta)
    return scene


def _merge(into: Group, old: Group, delta: Delta) -> None:
    """Put the old version's removed items (and the groups holding them) into the new tree."""
    into.items += [item for item in old.items if item.kind != "placeholder" and delta.status(item.kind, item.element) == REMOVED]
    for child in old.groups:
        existing = next((group for group in into.groups if group.key == child.key), None)
        target = existing or Group(child.key, child.kind, child.element, child.label, public=child.public, rank=child.rank)
        _merge(target, child, delta)
        if existing is None and (delta.status(child.kind, child.element) == REMOVED or any(True for _ in target.walk_items())):
            _Placer.placeholder(target)
            into.groups.append(target)


def _link_status(link: Link, delta: Delta) -> str:
    return delta.status(LINK_KINDS.get(link.kind, "component"), link.element)


def _mark(scene: Scene, delta: Delta) -> None:
    for item in scene.root.walk_items():
        item.change = delta.status(item.kind, item.element)
        if item.change:
            keys = delta.changed.get(item.kind, {}).get(item.element)
            note = f"changed: {', '.join(keys)}" if keys else item.change
            item.note = "\n".join(part for part in (item.note, note) if part)
    for link in scene.links:
        link.change = _link_status(link, delta)
    stack = [scene.root]
    while stack:
        group = stack.pop()
        if group.kind in GROUP_KINDS:
            group.change = delta.status(group.kind, group.element)
        stack.extend(group.groups)


def _legend_rows(delta: Delta) -> list[tuple[str, str, str]]:
    from .builder import CHANGE_STYLES
    rows = [(CHANGE_STYLES[change][0], "■", change) for change in (ADDED, REMOVED, CHANGED)]
    for title, found, change in (("introduced", delta.introduced, REMOVED), ("fixed", delta.fixed, ADDED)):
        rows += [(CHANGE_STYLES[change][0], f"{title} {f.rule}", f"{f.kind} {f.element}") for f in found[:SHOWN_FINDINGS]]
        if len(found) > SHOWN_FINDINGS:
            rows.append((CHANGE_STYLES[change][0], "…", f"{len(found) - SHOWN_FINDINGS} more {title} (see the summary)"))
    return rows


# -- Markdown ----------------------------------------------------------------------------------
def markdown(deltas: list[Delta], ref: str) -> str:
    lines = [f"## archlint diff against `{ref}`", ""]
    if not deltas:
        lines.append("No blueprint changed.")
    for delta in deltas:
        lines += _delta_markdown(delta)
    return "\n".join(lines).rstrip("\n") + "\n"


def _delta_markdown(delta: Delta) -> list[str]:
    lines = [f"### `{delta.path}`", ""]
    lines += [f"![{delta.path}]({image})" for image in delta.images if not image.endswith(".dot")]
    lines += [f"- {image}" for image in delta.images if image.endswith(".dot")]
    if delta.images:
        lines.append("")
    for change, by_kind in ((ADDED, delta.added), (REMOVED, delta.removed)):
        lines += [f"- **{change}** {kind.replace('_', ' ')} `{eid}`" for kind in sorted(by_kind) for eid in by_kind[kind]]
    lines += [f"- **changed** {kind.replace('_', ' ')} `{eid}`: {', '.join(keys)}"
              for kind in sorted(delta.changed) for eid, keys in delta.changed[kind].items()]
    if not any(delta.added.values()) and not any(delta.removed.values()) and not any(delta.changed.values()):
        lines.append("- no element changed")
    for title, found in (("introduced", delta.introduced), ("fixed", delta.fixed)):
        lines += [f"- finding **{title}**: {f.rule} ({f.severity}) {f.kind} `{f.element}`: {_one_line(f.message)}" for f in found]
    return lines + [""]


def _one_line(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


# -- running it --------------------------------------------------------------------------------
def run_diff(request: DiffRequest, out: TextIO, err: TextIO) -> int:
    """Compare, draw and summarise; return the exit status."""
    from .output import GraphvizMissing, RenderError, draw, resolve_engine
    unknown = sorted(set(request.formats) - set(FORMATS))
    if unknown or not request.formats:
        raise RenderUsageError(f"--format takes a comma-separated list of {', '.join(FORMATS)}; got {','.join(request.formats) or 'nothing'}")
    try:
        top = git_toplevel()
        commit = resolve_commit(top, request.ref)
    except DiffBaseError as exc:
        raise RenderUsageError(str(exc).replace("--diff-base", "archlint diff")) from None
    images = [fmt for fmt in request.formats if fmt in IMAGE_FORMATS]
    try:
        engine = resolve_engine(request.engine) if set(images) - {"dot"} else "dot"
    except GraphvizMissing as exc:
        raise RenderUsageError(str(exc)) from None
    with tempfile.TemporaryDirectory(prefix="archlint-diff-") as temp:
        mirror = os.path.realpath(temp)
        versions, failed = _load_versions(top, commit, request, mirror, err)
        stems = _stems([path for path, _, _ in versions], "network")
        deltas = []
        for path, old, new in versions:
            delta = _delta(path, old, new, request.lint_options or Options())
            try:
                scene = diff_scene(old, new, delta, request.ref)
                drawn = _draw(scene, images, engine, draw)
                for fmt, data in drawn.items():
                    target = _target(request.out_dir, stems[path], fmt)
                    atomic_write(target, data)
                    delta.images.append(display_path(target))
            except RenderError as exc:
                print(f"archlint: {display_path(path)}: {exc}", file=err)
                failed = True
            deltas.append(delta)
    if "markdown" in request.formats:
        out.write(markdown(deltas, request.ref))
    else:
        for delta in deltas:
            print(f"drew {', '.join(delta.images)}" if delta.images else f"{delta.path}: compared", file=out)
    return EXIT_ERROR if failed else EXIT_OK


def _draw(scene: Scene, formats: list[str], engine: str, draw) -> dict[str, bytes]:
    from .builder import build_dot
    source = build_dot(scene, Highlights(enabled=False))
    return {fmt: draw(source, fmt, engine) for fmt in formats}  # all in memory before anything is written


def _delta(path: str, old: Blueprint | None, new: Blueprint | None, options: Options) -> Delta:
    engine = Engine(options)
    return compare(path, old, new, engine.findings_of(old) if old else [], engine.findings_of(new) if new else [])


def _load_versions(top: str, commit: str, request: DiffRequest, mirror: str,
                   err: TextIO) -> tuple[list[tuple[str, Blueprint | None, Blueprint | None]], bool]:
    """(path, old, new) for every changed blueprint under the PATHs, and whether one failed to load."""
    changed = _changed_files(top, commit)
    rules = (request.lint_options or Options()).rules  # so that waivers naming custom rules load
    current = _changed_meaning(discover(request.paths), changed, top)
    deleted = [os.path.join(top, rel) for rel in sorted(changed) if not os.path.lexists(os.path.join(top, rel))
               and rel.endswith(SUFFIXES) and _under(os.path.join(top, rel), request.paths)]
    materialise(top, commit, [_relative(path, top) for path in current + deleted], mirror)
    versions, failed = [], False
    for path in sorted(current + deleted, key=display_path):
        try:
            old = _old_version(path, top, mirror, rules)
            new = load_blueprint(path, rules) if os.path.lexists(path) else None
        except LoadError as exc:
            for problem in exc.problems:
                print(problem, file=err)
            failed = True
            continue
        if old is not None or new is not None:
            versions.append((path, old, new))
    return versions, failed


def _changed_meaning(blueprints: list[str], changed: set[str], top: str) -> list[str]:
    """The blueprints whose text changed, then those whose meaning did: overlays whose `extends`
    chain reaches a changed base (a base's change is drawn in every blueprint built on it)."""
    from ..dependents import dependents
    edited = [path for path in blueprints if _relative(path, top) in changed]
    return edited + dependents([os.path.join(top, rel) for rel in sorted(changed)], blueprints)


def _old_version(path: str, top: str, mirror: str, rules: RuleSet) -> Blueprint | None:
    """The blueprint as it was at the base revision; None when it did not exist there (or was no blueprint)."""
    copy = os.path.join(mirror, _relative(path, top))
    if not os.path.isfile(copy) or not sniff_blueprint(copy).lint:
        return None
    return load_blueprint(copy, rules)


def _changed_files(top: str, commit: str) -> set[str]:
    """Repository-relative paths that differ between `commit` and the working tree, untracked ones too."""
    tracked = _git(["diff", "--name-only", "--no-renames", "-z", commit, "--"], top)
    untracked = _git(["ls-files", "-z", "--others", "--exclude-standard"], top)
    names = (tracked.stdout + b"\0" + untracked.stdout).decode("utf-8", "surrogateescape").split("\0")
    return {os.path.normpath(name) for name in names if name}


def _relative(path: str, top: str) -> str:
    return os.path.relpath(os.path.realpath(path), top)


def _under(path: str, roots: Iterable[str]) -> bool:
    real = os.path.realpath(path)
    return any(real == os.path.realpath(root) or real.startswith(os.path.realpath(root) + os.sep) for root in roots)
