"""`archlint lint --with-dependents FILES`: also the blueprints that extend them.

pre-commit passes only the changed files; when a base changes, every overlay
built on it (directly or through a chain of `extends`) changes meaning too,
and must be linted in the same commit. Candidates are the configured
blueprints; each one's `extends` is read from its top level without loading
the whole blueprint.
"""
from __future__ import annotations

import functools
import os
from typing import Callable

from .yaml_reader import LoadError, parse, read_text


def with_dependents(files: list[str], candidates: list[str]) -> list[str]:
    """`files`, then every candidate whose `extends` chain reaches one of them, in candidate order."""
    return [*files, *dependents(files, candidates)]


def dependents(files: list[str], candidates: list[str]) -> list[str]:
    """The candidates, other than `files`, whose `extends` chain reaches one of `files`, in candidate order."""
    changed = {os.path.realpath(f) for f in files}
    base = functools.lru_cache(maxsize=None)(base_of)  # each file read once, however many chains pass through it
    return [c for c in candidates if os.path.realpath(c) not in changed and _reaches(os.path.realpath(c), changed, base)]


def base_of(path: str) -> str | None:
    """The real path of the file's `extends` base, or None (no base, or a file that does not load: linted on its own)."""
    try:
        root = parse(read_text(path, path), path).root
    except LoadError:
        return None
    base = root.get("extends") if isinstance(root, dict) else None
    return os.path.realpath(os.path.join(os.path.dirname(path), base)) if isinstance(base, str) else None


def _reaches(path: str, changed: set[str], base: Callable[[str], str | None]) -> bool:
    seen = {path}
    current = base(path)
    while current is not None and current not in seen:  # a cycle is reported when the file is linted
        if current in changed:
            return True
        seen.add(current)
        current = base(current)
    return False
