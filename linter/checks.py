"""Small typed readers over positioned YAML that record problems instead of raising.

Every reader returns the value when it has the expected shape and `None`
otherwise, after recording a `file:line:col` problem; validation goes on so
that all problems of a file are reported together.
"""
from __future__ import annotations

import datetime
import functools
import ipaddress
import math
import re
from collections.abc import Set
from itertools import repeat
from typing import Any, Collection, Container, Iterable, Iterator

from .yaml_reader import Pos, Problem, YMap, YSeq, at, yaml11_reading

ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\Z")
DURATION_RE = re.compile(r"(\d+)([smhd]?)\Z")
DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
MAX_DURATION = 365 * 86400  # RPO and RTO beyond a year state no objective
MAX_SHOWN = 60  # characters of a value quoted in a message
# Where a value was written, as the parser marked it: `at(mark)` turns it into
# a `Pos`, which costs more than the check itself, so only messages do that.
Mark = Any
# Strings read from a list, and where each was written (`string_items`).
Strings = tuple[list[str], list[Mark]]


def is_extension(key: Any) -> bool:
    """`x-` keys are the user's own metadata and are ignored everywhere."""
    return isinstance(key, str) and key.startswith("x-")


def unknown_keys(node: YMap, allowed: Set[str]) -> list[Any]:
    """The keys of `node` that are neither allowed nor `x-` extensions, in file order."""
    if node.keys() <= allowed:  # the common case, settled by one set comparison in C
        return []
    return [key for key in node if key not in allowed and not is_extension(key)]


@functools.cache
def key_set(keys: tuple[str, ...]) -> frozenset[str]:
    """The keys of a section of the format as a set, made once rather than once per map checked."""
    return frozenset(keys)


def stated(node: YMap, table: Container[str]) -> Iterator[str]:
    """The keys of `node` that `table` has, in file order.

    A map states few of the optional keys its section allows: reading those
    is much faster than looking up every key the section could have.
    """
    return filter(table.__contains__, node)


def closest(word: str, choices: Iterable[str]) -> str | None:
    import difflib  # only when a problem is reported: a clean run never needs it
    matches = difflib.get_close_matches(str(word), sorted(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    match = closest(word, choices)
    return f"; did you mean `{match}`?" if match else ""


def describe(value: Any, written: str | None = None) -> str:
    """A value for a message; `written` is its source text when YAML 1.1 converted it (`on`, `1.10`)."""
    if written is not None:
        return f"`{shorten(written)}`, which YAML 1.1 reads as {shorten(yaml11_reading(value))} (quote it to mean the text)"
    if isinstance(value, YMap):
        return "a map"
    if isinstance(value, YSeq):
        return "a list"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    return f"`{shorten(str(value))}`"


def shorten(text: str) -> str:
    return text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN] + "…"


def described(node: YMap, key: Any) -> str:
    """`describe` of the value under `key`, naming what YAML 1.1 made of it."""
    return describe(node[key], node.value_text(key))


class Checker:
    """Collects the problems of one blueprint while reading its values."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def error(self, pos: Pos, message: str) -> None:
        self.problems.append(Problem(pos, message))

    # -- maps -------------------------------------------------------------
    def keys(self, node: YMap, allowed: Iterable[str], what: str) -> None:
        """Report every key of `node` that is not allowed, with a suggestion."""
        allowed = allowed if isinstance(allowed, frozenset) else key_set(tuple(allowed))
        for key in unknown_keys(node, allowed):
            self.error(node.key_pos(key), f"unknown key `{key}` in {what}{did_you_mean(key, allowed)}")

    def required(self, node: YMap, key: str, what: str) -> bool:
        if node.get(key) is not None:
            return True
        self.error(node.pos, f"{what} needs `{key}`")
        return False

    def map(self, node: YMap, key: str, what: str) -> YMap | None:
        value = node.get(key)
        if value is None:
            return None
        if not isinstance(value, YMap):
            self.error(node.value_pos(key), f"`{key}` of {what} must be a map, not {described(node, key)}")
            return None
        return value

    def seq(self, node: YMap, key: str, what: str) -> YSeq | None:
        value = node.get(key)
        if value is None:
            return None
        if not isinstance(value, YSeq):
            self.error(node.value_pos(key), f"`{key}` of {what} must be a list, not {described(node, key)}")
            return None
        return value

    def scalar(self, node: YMap, key: str, what: str, kind: type | tuple, label: str) -> Any:
        value = node.get(key)
        if value is None:
            return None
        if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _as_tuple(kind)):
            self.error(node.value_pos(key), f"`{key}` of {what} must be {label}, not {described(node, key)}")
            return None
        return value

    # `string` and `boolean` are read for most keys of most elements: they settle
    # the common cases (absent, or of the right type) without a further call.
    def string(self, node: YMap, key: str, what: str) -> str | None:
        value = node.get(key)
        return value if value is None or isinstance(value, str) else self.scalar(node, key, what, str, "a string")

    def boolean(self, node: YMap, key: str, what: str) -> bool | None:
        value = node.get(key)
        return value if value is None or isinstance(value, bool) else self.scalar(node, key, what, bool, "true or false")

    def integer(self, node: YMap, key: str, what: str, minimum: int | None = None, maximum: int | None = None) -> int | None:
        value = self.scalar(node, key, what, int, "an integer")
        if value is None:
            return None
        if minimum is not None and value < minimum:
            self.error(node.value_pos(key), f"`{key}` of {what} must be at least {minimum}, not {value}")
            return None
        if maximum is not None and value > maximum:
            self.error(node.value_pos(key), f"`{key}` of {what} must be at most {maximum}, not {describe(value)}")
            return None
        return value

    def number(self, node: YMap, key: str, what: str) -> float | None:
        """A finite number: `.nan` and `.inf` are YAML floats but no percentage or figure."""
        value = self.scalar(node, key, what, (int, float), "a number")
        if value is not None and not math.isfinite(value):
            self.error(node.value_pos(key), f"`{key}` of {what} must be a finite number, not {described(node, key)}")
            return None
        return None if value is None else float(value)

    def choice(self, node: YMap, key: str, what: str, choices: Iterable[str], aliases: dict | None = None) -> str | None:
        value = self.string(node, key, what)
        if value is None:
            return None
        value = (aliases or {}).get(value, value)
        if value not in choices:
            self.error(node.value_pos(key), f"`{key}` of {what} must be one of {', '.join(choices)}, not `{value}`{did_you_mean(value, choices)}")
            return None
        return value

    def duration(self, node: YMap, key: str, what: str) -> int | None:
        value = node.get(key)
        if value is None:
            return None
        match = DURATION_RE.match(str(value)) if isinstance(value, (int, str)) and not isinstance(value, bool) else None
        if not match:
            self.error(node.value_pos(key), f"`{key}` of {what} must be a duration such as 30s, 5m, 1h or 1d, not {described(node, key)}")
            return None
        digits, unit = match.groups()
        # Compare digit counts first: int() of a huge digit string is slow, and refused past 4300 digits.
        seconds = int(digits) * _UNITS[unit] if len(digits) <= len(str(MAX_DURATION)) else MAX_DURATION + 1
        if seconds > MAX_DURATION:
            self.error(node.value_pos(key), f"`{key}` of {what} must be at most 365d (a year), not {described(node, key)}")
            return None
        return seconds

    def date(self, node: YMap, key: str, what: str) -> datetime.date | None:
        """An ISO date written YYYY-MM-DD (a real calendar day)."""
        value = node.get(key)
        if value is None:
            return None
        try:
            if isinstance(value, str) and DATE_RE.match(value):
                return datetime.date.fromisoformat(value)
        except ValueError:
            pass
        self.error(node.value_pos(key), f"`{key}` of {what} must be a date YYYY-MM-DD, not {described(node, key)}")
        return None

    def cidr(self, node: YMap, key: str, what: str) -> ipaddress.IPv4Network | None:
        value = self.string(node, key, what)
        if value is None:
            return None
        try:
            return ipaddress.IPv4Network(value)
        except ValueError as exc:
            self.error(node.value_pos(key), f"`{key}` of {what} is not a valid IPv4 CIDR: {exc}")
            return None

    # -- lists and ids ----------------------------------------------------
    def strings(self, node: YMap, key: str, what: str) -> Strings:
        """A flow end: one string or a list of strings (the format allows both)."""
        value = node.get(key)
        if isinstance(value, str):
            return [value], [node.val_marks[key]]
        return self.string_items(node, key, what)

    def string_items(self, node: YMap, key: str, what: str) -> Strings:
        """A list of strings; a single string is refused (it would be read character by character).

        The lists returned may be the tree's own: callers read them, and copy what they keep.
        """
        items = self.seq(node, key, what)
        if items is None:
            return [], []
        if all(map(isinstance, items, repeat(str))):  # the common case, checked without a Python-level loop
            return items, items.item_marks
        kept = []
        for index, item in enumerate(items):
            if isinstance(item, str):
                kept.append(index)
            else:
                self.error(items.item_pos(index), f"items of `{key}` of {what} must be strings, not {describe(item, items.item_text(index))}")
        return [items[i] for i in kept], [items.item_marks[i] for i in kept]

    def ident(self, value: Any, pos: Pos, what: str, written: str | None = None) -> bool:
        if not isinstance(value, str) or not ID_RE.match(value) or len(value) > 63:
            self.error(pos, f"invalid {what} id {describe(value, written)}: ids match [A-Za-z0-9][A-Za-z0-9_.-]* and have at most 63 characters")
            return False
        return True

    def reference(self, value: str, pos: Pos, known: Iterable[str] | dict, what: str) -> bool:
        if value in known:
            return True
        self.error(pos, f"unknown {what} `{value}`{did_you_mean(value, known)}")
        return False

    def known_strings(self, node: YMap, key: str, what: str, known: Collection[str], kind: str) -> list[str]:
        """The ids of a flow end (one string or a list, see `strings`) that name a known element; the others are reported."""
        value = node.get(key)
        if isinstance(value, str) and value in known:  # the common case, read without building any list
            return [value]
        return self.references(self.strings(node, key, what), known, kind)

    def references(self, strings: Strings, known: Collection[str], what: str) -> list[str]:
        """The strings that name a known element; each other one is reported where it was written."""
        values, marks = strings
        if all(map(known.__contains__, values)):  # the common case, checked without a Python-level loop
            return list(values)
        return [value for value, mark in zip(values, marks, strict=True) if self.reference(value, at(mark), known, what)]

    def entries(self, node: YMap, key: str, what: str, item_what: str) -> Iterable[tuple[str, YMap, Pos]]:
        """The (id, map, where the id is written) entries of an id-keyed section, skipping malformed ones."""
        section = self.map(node, key, what)
        if section is None:
            return
        for ident, value in section.items():
            if is_extension(ident):
                continue
            pos = section.key_pos(ident)
            if not self.ident(ident, pos, item_what, section.key_text(ident)):
                continue
            if not isinstance(value, YMap):
                self.error(section.value_pos(ident), f"{item_what} `{ident}` must be a map, not {described(section, ident)}")
                continue
            yield ident, value, pos


def _as_tuple(kind: type | tuple) -> tuple:
    return kind if isinstance(kind, tuple) else (kind,)

