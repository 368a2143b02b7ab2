"""Python plugins: packages that register rules under the entry-point group `archlint.rules`.

A plugin's entry point names a module (importing it declares its rules with
`linter.rules.rule`, the decorator the built-in rules use) or a callable that
declares them when called; they are collected apart from the built-in rules. A plugin that fails to load is reported by name
and its rules are skipped; the other rules still run.
"""
from __future__ import annotations

import functools
import importlib
import os
import re
import sys
from types import ModuleType
from typing import Any, Iterator, NamedTuple

from ..rules import Rule, RuleSet, collecting

GROUP = "archlint.rules"
_loaded: dict[str, list[Rule]] = {}  # entry point -> its rules: a module is imported (and declares them) once per process
# `module`, `module:attribute` or `module:a.b`, optionally with `[extras]` (ignored), as importlib.metadata reads them.
_OBJECT_REFERENCE = re.compile(r"(?P<module>[\w.]+)\s*(:\s*(?P<attr>[\w.]+)\s*)?((?P<extras>\[.*\])\s*)?$")


class EntryPoint(NamedTuple):
    """One line of a distribution's `entry_points.txt`: `name = value` under `[group]`."""

    name: str
    value: str
    group: str

    def load(self) -> Any:
        """The object the value names: the module imported, then its attribute if named."""
        match = _OBJECT_REFERENCE.match(self.value)
        if match is None:
            raise ValueError(f"`{self.value}` is not a `module` or `module:attribute` reference")
        module = importlib.import_module(match.group("module"))
        return functools.reduce(getattr, filter(None, (match.group("attr") or "").split(".")), module)


def entry_points(group: str) -> list[EntryPoint]:
    """The entry points in `group` of the distributions installed on `sys.path`.

    What `importlib.metadata.entry_points(group=...)` finds, at a fraction of
    the start-up cost: importlib.metadata (and the email, csv and zipfile
    modules it needs) is not imported, and only the `entry_points.txt` files
    that mention the group are parsed. As there, the first distribution of a
    name on the path hides later ones. Distributions inside zip archives are
    not searched.
    """
    found: list[EntryPoint] = []
    seen: set[str] = set()
    for folder in sys.path:
        for name, metadata in _distributions_in(folder or "."):
            if name not in seen:
                seen.add(name)
                found.extend(_entries_of_group(metadata, group))
    return found


def _distributions_in(folder: str) -> Iterator[tuple[str, str]]:
    """(normalised name, metadata folder) of each `*.dist-info` and `*.egg-info` in `folder`."""
    try:
        children = os.listdir(folder)
    except OSError:  # a zip archive, a path hook's marker, a folder since removed
        return
    for child in children:
        low = child.lower()
        if low.endswith((".dist-info", ".egg-info")):
            stem = low.rpartition(".")[0].partition("-")[0]
            yield re.sub(r"[-_.]+", "_", stem), os.path.join(folder, child)


def _entries_of_group(metadata: str, group: str) -> list[EntryPoint]:
    try:
        with open(os.path.join(metadata, "entry_points.txt"), encoding="utf-8") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError):
        return []
    if f"[{group}]" not in text:  # most distributions declare console scripts only
        return []
    entries, section = [], None
    for line in map(str.strip, text.splitlines()):
        if not line or line.startswith("#"):  # as importlib.metadata reads the file
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line.strip("[]")
        elif section == group and "=" in line:
            name, value = line.split("=", 1)
            entries.append(EntryPoint(name.strip(), value.strip(), group))
    return entries


def load_plugins(rules: RuleSet) -> tuple[RuleSet, list[str]]:
    """`rules` with every installed plugin's rules, and a message per plugin that failed."""
    builtin_families = rules.builtin_families
    problems = []
    for point in sorted(entry_points(group=GROUP), key=lambda p: p.name):
        if point.name not in _loaded:
            try:
                _loaded[point.name] = _load(point, builtin_families)
            except Exception as exc:  # anything a third-party import can raise
                problems.append(f"plugin `{point.name}` ({point.value}) failed to load: {type(exc).__name__}: {exc}; its rules did not run")
                continue
        rules = rules.adding(_loaded[point.name])
    return rules, problems


def _load(point, builtin_families: set[str]) -> list[Rule]:
    """Import one plugin and return the rules it declared."""
    with collecting() as found:
        loaded = point.load()
        if callable(loaded) and not isinstance(loaded, ModuleType):
            loaded()
    rules = [found[rid] for rid in sorted(found)]
    clash = [r.id for r in rules if r.family in builtin_families]
    if clash:
        raise ValueError(f"rule id(s) {', '.join(clash)} are in a built-in family; use your own prefix")
    for rule in rules:
        rule.origin = f"plugin {point.name}"
    return rules
