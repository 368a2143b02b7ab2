"""Loading: read a blueprint file (and the bases it extends) into the model.

`load_blueprint` is the one entry point: it reads and parses safely, merges
`extends` overlays, validates everything, and raises `LoadError` with every
problem of the file when the blueprint cannot be used.
"""
from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING, Iterable, NamedTuple

from ..checks import Checker
from ..repo import extends_boundary, is_within
from ..yaml_reader import LineStarts, LoadError, Problem, Source, YMap, parse, read_text
from .overlay import merge_overlay

if TYPE_CHECKING:  # the model imports the reader's types, so import it lazily
    from ..model import Blueprint

__all__ = ["BaseScope", "LoadError", "Problem", "load_blueprint", "display_path"]

_IGNORE_RE = re.compile(r"#\s*archlint:\s*ignore\[([^\]]*)\]")


def display_path(path: str) -> str:
    """Paths use `/`, relative to the working directory when under it."""
    absolute = os.path.abspath(path)
    relative = os.path.relpath(absolute)
    shown = absolute if relative.startswith("..") else relative
    return shown.replace(os.sep, "/")


class BaseScope(NamedTuple):
    """Where the bases a blueprint `extends` may live.

    A blueprint from an untrusted pull request must not make archlint read
    files elsewhere on the machine: by default a base is a relative path that
    stays inside the blueprint's repository (see `repo.extends_boundary`).
    """

    config_root: str | None = None  # outside git, bases stay under the configuration's folder
    anywhere: bool = False  # `allow-extends-outside = true`


DEFAULT_SCOPE = BaseScope()


def load_blueprint(path: str, rule_ids: Iterable[str], scope: BaseScope = DEFAULT_SCOPE) -> Blueprint:
    """Load, merge and validate one blueprint; raise LoadError with all problems."""
    sources: list[tuple[str, Source]] = []
    boundary = None if scope.anywhere else extends_boundary(path, scope.config_root)
    root = _load_tree(path, sources, [], boundary)
    from .validate import build_blueprint
    checker = Checker()
    blueprint = build_blueprint(root, display_path(path), rule_ids, checker)
    if checker.problems or blueprint is None:
        raise LoadError(sorted(checker.problems, key=lambda p: (p.pos.file != display_path(path), p.pos)))
    blueprint.files = [shown for shown, _ in sources]
    blueprint.key_names = set().union(*(source.keys for _, source in sources))
    blueprint.inline_ignores = _inline_ignores(sources)
    return blueprint


def _load_tree(path: str, sources: list[tuple[str, Source]], chain: list[str], boundary: str | None) -> YMap:
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
    refusal = None if boundary is None else _outside_boundary(base_name, base_path, boundary)
    if refusal:
        raise LoadError([Problem(root.value_pos("extends"), refusal)])
    real = os.path.realpath(base_path)
    if real in chain or real == os.path.realpath(path):
        loop = " -> ".join(display_path(p) for p in [*chain, real])
        raise LoadError([Problem(root.value_pos("extends"), f"`extends` cycle: {loop}")])
    if not os.path.lexists(base_path):  # anything else there is loaded, and says why it cannot be
        raise LoadError([Problem(root.value_pos("extends"), f"base blueprint `{base_name}` not found")])
    try:
        base = _load_tree(base_path, sources, [*chain, os.path.realpath(path)], boundary)
    except LoadError as exc:
        where = root.value_pos("extends")
        raise LoadError([Problem(where, f"base blueprint `{base_name}` cannot be loaded:"), *exc.problems]) from None
    return merge_overlay(base, root)


def _outside_boundary(base_name: str, base_path: str, boundary: str) -> str | None:
    """Why `extends: base_name` is refused, or None when the base may be read."""
    allow = "set `allow-extends-outside = true` in the configuration to allow it"
    if os.path.isabs(base_name):
        return f"`extends` must be a path relative to this file, not an absolute path; {allow}"
    if not is_within(os.path.realpath(base_path), os.path.realpath(boundary)):
        return f"base blueprint `{base_name}` lies outside the repository ({display_path(boundary)}); {allow}"
    return None


def _inline_ignores(sources: list[tuple[str, Source]]) -> dict[tuple[str, int], set[str]]:
    """`# archlint: ignore[ID, ...]` comments, by (file, line)."""
    found: dict[tuple[str, int], set[str]] = {}
    for shown, source in sources:
        if "archlint:" not in source.text:
            continue
        lines = LineStarts(source.text)
        for match in _IGNORE_RE.finditer(source.text):
            line, _ = lines.position(match.start())
            ids = {part.strip() for part in match.group(1).split(",") if part.strip()}
            found.setdefault((shown, line), set()).update(ids)
    return found
