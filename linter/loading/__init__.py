"""Loading: read a blueprint file (and the bases it extends) into the model.

`load_blueprint` is the one entry point: it reads and parses safely, merges
`extends` overlays, validates everything, and raises `LoadError` with every
problem of the file when the blueprint cannot be used.
"""
from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING, Iterable

from ..fsutil import open_regular
from .checks import Checker
from .overlay import merge_overlay
from .yaml_reader import LoadError, Problem, Source, YMap, parse, read_text

if TYPE_CHECKING:  # the model imports the reader's types, so import it lazily
    from ..model import Blueprint

__all__ = ["LoadError", "Problem", "load_blueprint", "looks_like_blueprint", "display_path"]

_IGNORE_RE = re.compile(r"#\s*archlint:\s*ignore\[([^\]]*)\]")
_BLUEPRINT_KEY_RE = re.compile(rb"^blueprint\s*:", re.MULTILINE)


def display_path(path: str) -> str:
    """Paths use `/`, relative to the working directory when under it."""
    absolute = os.path.abspath(path)
    relative = os.path.relpath(absolute)
    shown = absolute if relative.startswith("..") else relative
    return shown.replace(os.sep, "/")


def looks_like_blueprint(path: str) -> bool:
    """Directory discovery: a YAML file whose top-level map has a `blueprint` key.

    One that cannot be read (a FIFO, a dangling link) counts: loading it then
    says why, rather than the file being skipped without a word.
    """
    try:
        with open_regular(path) as handle:
            return bool(_BLUEPRINT_KEY_RE.search(handle.read(1 << 20)))
    except OSError:
        return True


def load_blueprint(path: str, rule_ids: Iterable[str]) -> Blueprint:
    """Load, merge and validate one blueprint; raise LoadError with all problems."""
    sources: list[tuple[str, Source]] = []
    root = _load_tree(path, sources, [])
    from .validate import build_blueprint
    checker = Checker()
    blueprint = build_blueprint(root, display_path(path), rule_ids, checker)
    if checker.problems or blueprint is None:
        raise LoadError(sorted(checker.problems, key=lambda p: (p.pos.file != display_path(path), p.pos)))
    blueprint.files = [shown for shown, _ in sources]
    blueprint.inline_ignores = _inline_ignores(sources)
    return blueprint


def _load_tree(path: str, sources: list[tuple[str, Source]], chain: list[str]) -> YMap:
    """The file's tree with every base it `extends` merged underneath it."""
    shown = display_path(path)
    source = parse(read_text(path, shown), shown)
    sources.append((shown, source))
    root = source.root
    if not isinstance(root, YMap):
        raise LoadError([Problem(source.pos, "the top-level value of a blueprint must be a map")])
    base_name = root.get("extends")
    if base_name is None:
        return root
    if not isinstance(base_name, str):
        raise LoadError([Problem(root.value_pos("extends"), "`extends` is the path of a base blueprint, relative to this file")])
    base_path = os.path.normpath(os.path.join(os.path.dirname(path), base_name))
    real = os.path.realpath(base_path)
    if real in chain or real == os.path.realpath(path):
        loop = " -> ".join(display_path(p) for p in [*chain, real])
        raise LoadError([Problem(root.value_pos("extends"), f"`extends` cycle: {loop}")])
    if not os.path.lexists(base_path):  # anything else there is loaded, and says why it cannot be
        raise LoadError([Problem(root.value_pos("extends"), f"base blueprint `{base_name}` not found")])
    try:
        base = _load_tree(base_path, sources, [*chain, os.path.realpath(path)])
    except LoadError as exc:
        where = root.value_pos("extends")
        raise LoadError([Problem(where, f"base blueprint `{base_name}` cannot be loaded:"), *exc.problems]) from None
    return merge_overlay(base, root)


def _inline_ignores(sources: list[tuple[str, Source]]) -> dict[tuple[str, int], set[str]]:
    """`# archlint: ignore[ID, ...]` comments, by (file, line)."""
    found: dict[tuple[str, int], set[str]] = {}
    for shown, source in sources:
        if "archlint:" not in source.text:
            continue
        for match in _IGNORE_RE.finditer(source.text):
            line = source.text.count("\n", 0, match.start()) + 1
            ids = {part.strip() for part in match.group(1).split(",") if part.strip()}
            found.setdefault((shown, line), set()).update(ids)
    return found
