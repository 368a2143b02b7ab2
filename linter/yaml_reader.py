"""Safe, position-tracking YAML reader.

Blueprints are parsed from libyaml's *event stream* rather than with a
composer: the stream is flat (no recursion, so nesting depth is checked before
libyaml's recursive composer could ever overflow the C stack), it is several
times faster than composing nodes, and it lets the reader attach a source
position to every key and value, refuse duplicate keys and non-standard tags,
and bound alias expansion — all without constructing arbitrary objects.
"""
from __future__ import annotations

import bisect
import codecs
import functools
import io
import itertools
import os
import re
import threading
from contextlib import contextmanager
from typing import Any, Iterator, NamedTuple, cast

import yaml
import yaml.events
from yaml.resolver import Resolver

from .fsutil import FileTooLarge, read_regular

try:  # libyaml's C parser when present; the pure-Python parser otherwise
    from yaml import CSafeLoader as _EventLoader
    from yaml import _yaml as _libyaml_wrapper
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _EventLoader  # type: ignore[assignment]
    _libyaml_wrapper = None  # type: ignore[assignment]

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 200
# Alias expansion may grow a document, but only linearly: an "alias bomb"
# grows it exponentially and is refused as soon as it passes this bound.
MIN_EXPANSION_BOUND = 1_000_000
EXPANSION_FACTOR = 10
# No blueprint value needs a longer number; Python refuses to parse ints past 4300 digits anyway.
MAX_INT_DIGITS = 100

_STD = "tag:yaml.org,2002:"
# Which standard tags each kind of node may carry; `!` (non-specific) fits all.
_SCALAR_TAGS = {"!", *(f"{_STD}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp"))}
_MAP_TAGS = {"!", f"{_STD}map"}
_SEQ_TAGS = {"!", f"{_STD}seq"}
_NULLS = ("", "~", "null", "Null", "NULL")
_TIMESTAMP = f"{_STD}timestamp"
_OCTAL_RE = re.compile(r"[-+]?0[0-7_]+\Z")
_CONVERTED = {f"{_STD}{t}" for t in ("int", "float", "bool", "null")}  # what plain scalars become besides text


class Pos(NamedTuple):
    """Where a value was written: file path, 1-based line and column."""

    file: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


def at(mark: Any) -> Pos:
    """The position of a parser mark (marks carry the file name they came from)."""
    name = mark.name
    if type(name) is _NameWithLines:
        return Pos(str(name), *name.lines.position(mark.index))
    return Pos(name, mark.line + 1, mark.column + 1)


# Lines end at LF, CRLF or a lone CR: what editors, git and language servers
# count. libyaml follows YAML 1.1 and also ends lines at NEL, LS and PS (YAML
# 1.2 does not); in a file containing those, positions are recomputed from the
# character offset so that every reported line is the one the editor shows.
_LINE_BREAK_RE = re.compile(r"\r\n|\r|\n")
_YAML11_ONLY_BREAKS = ("\x85", "\u2028", "\u2029")


class LineStarts:
    """Where each line of a text starts, to turn a character offset into line and column."""

    def __init__(self, text: str):
        self.starts = [0, *(match.end() for match in _LINE_BREAK_RE.finditer(text))]

    def position(self, index: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, index)
        return line, index - self.starts[line - 1] + 1


class _NameWithLines(str):
    """A file name for libyaml's marks that carries the file's line starts (see `at`)."""

    lines: LineStarts

    def __new__(cls, name: str, text: str) -> _NameWithLines:
        self = super().__new__(cls, name)
        self.lines = LineStarts(text)
        return self


def _mark_name(shown: str, text: str) -> str:
    """The name libyaml stamps on marks: one that corrects its line count when it differs from an editor's."""
    return _NameWithLines(shown, text) if any(ch in text for ch in _YAML11_ONLY_BREAKS) else shown


class WrittenMark(NamedTuple):
    """The mark of a plain scalar that YAML 1.1 read as a bool, number or null,
    with the text as written, so that messages can say what YAML made of it.

    It travels wherever marks go (merge keys, overlays) and is shaped like one.
    """

    name: str
    line: int
    column: int
    text: str
    # The character offset, as libyaml's marks have it (see `at`); the field
    # shadows tuple.index because the mark's interface is libyaml's.
    index: int  # type: ignore[assignment]


def written(mark: Any) -> str | None:
    """The source text of a value YAML 1.1 converted (`yes`, `1.10`, `~`), else None."""
    return mark.text if type(mark) is WrittenMark else None


class Problem(NamedTuple):
    """A load problem, reported as ``file:line:col: message``."""

    pos: Pos
    message: str

    def __str__(self) -> str:
        return f"{self.pos}: {self.message}"


class LoadError(Exception):
    """Raised with every problem found in a file (never only the first)."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


class YMap(dict):
    """A mapping that remembers where it, each key and each value were written.

    Positions are kept as the parser's marks (already allocated by libyaml) and
    turned into `Pos` only when asked for, which keeps loading fast.
    """

    __slots__ = ("mark", "key_marks", "val_marks", "more_marks", "removed_marks", "size")

    def __init__(self, mark: Any):
        self.mark = mark  # dict's and list's __init__ have nothing to do for an empty one: not called
        self.key_marks: dict[Any, Any] = {}
        self.val_marks: dict[Any, Any] = {}
        self.more_marks: dict[Any, list] = {}  # where overlays mention a key again
        self.removed_marks: dict[Any, Any] = {}  # where an overlay's `null` removed a key
        self.size = 1

    @property
    def pos(self) -> Pos:
        return at(self.mark)

    def key_pos(self, key: Any) -> Pos:
        return at(self.key_marks[key])

    def value_pos(self, key: Any) -> Pos:
        return at(self.val_marks[key])

    def key_text(self, key: Any) -> str | None:
        return written(self.key_marks[key])

    def value_text(self, key: Any) -> str | None:
        return written(self.val_marks[key])

    def removed_pos(self, key: Any) -> Pos:
        return at(self.removed_marks[key])


class YSeq(list):
    """A sequence that remembers where it and each item were written."""

    __slots__ = ("mark", "item_marks", "size")

    def __init__(self, mark: Any):
        self.mark = mark
        self.item_marks: list = []
        self.size = 1

    @property
    def pos(self) -> Pos:
        return at(self.mark)

    def item_pos(self, index: int) -> Pos:
        return at(self.item_marks[index])

    def item_text(self, index: int) -> str | None:
        return written(self.item_marks[index])


class Source(NamedTuple):
    """A parsed file: its root value, where the root is, the raw text, and every map
    key written in it (a rule that looks for a kind of key can tell at once that the
    file has none)."""

    root: Any
    pos: Pos
    text: str
    keys: set[Any]


# Text that stands for a file not (yet) on disk: standard input, an editor's
# unsaved buffer; keyed by absolute path (see linter/unsaved.py).
UNSAVED: dict[str, str] = {}


def read_text(path: str, shown: str) -> str:
    """Read a file as text, refusing huge, binary and undecodable files."""
    if os.path.abspath(path) in UNSAVED:
        return UNSAVED[os.path.abspath(path)]
    start = Pos(shown, 1, 1)
    try:
        data = read_regular(path, MAX_FILE_BYTES)
    except FileTooLarge as exc:
        raise LoadError([Problem(start, f"file is {exc.size} bytes; blueprints are limited to 10 MiB")]) from None
    except OSError as exc:
        raise LoadError([Problem(start, f"cannot read file: {exc.strerror or exc}")]) from None
    return decode_text(data, shown)


# YAML streams are UTF-8, or UTF-16 / UTF-32 with a byte order mark (YAML 1.1
# and 1.2 both allow them): those are decoded and loaded like UTF-8 files.
_BOMS = ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
         (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16"))


def decode_text(data: bytes, shown: str) -> str:
    """A file's bytes as text: UTF-8 (a BOM is skipped), or UTF-16/32 with a BOM."""
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), "UTF-8")
    if encoding == "UTF-8" and b"\0" in data:
        raise LoadError([Problem(byte_position(data, data.index(b"\0"), shown),
                                 "binary file (NUL byte); a blueprint is YAML text (UTF-8, or UTF-16 with a byte order mark)")])
    try:
        return data.decode("utf-8-sig" if encoding == "UTF-8" else encoding)
    except UnicodeDecodeError as exc:
        raise LoadError([Problem(byte_position(data, exc.start, shown, encoding), f"file is not valid {encoding}")]) from None


def byte_position(data: bytes, offset: int, shown: str, encoding: str = "UTF-8") -> Pos:
    """The line and column (in characters) of a byte offset."""
    prefix = data[:offset].decode(encoding, "replace").lstrip("\ufeff")
    return Pos(shown, *LineStarts(prefix).position(len(prefix)))


def parse(text: str, shown: str) -> Source:
    """Parse one YAML document into YMap/YSeq/scalars with positions."""
    stream = io.StringIO(text)
    stream.name = _mark_name(shown, text)  # libyaml stamps this name on every mark
    builder = _Builder(shown)
    try:
        with _events(stream) as events:
            builder.run(events)
    except _Abort:
        pass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = at(mark) if mark else Pos(shown, 1, 1)
        raise LoadError([Problem(where, f"invalid YAML: {exc.problem or exc.context}")]) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, e.g. a control character
        where = byte_position(text.encode("utf-8"), exc.position, shown)  # libyaml gives a UTF-8 byte offset
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise LoadError([Problem(where, f"invalid YAML: character U+{code:04X} is not allowed ({exc.reason})")]) from None
    except yaml.YAMLError as exc:
        raise LoadError([Problem(Pos(shown, 1, 1), f"invalid YAML: {exc}")]) from None
    if builder.problems:
        raise LoadError(builder.problems)
    if builder.documents == 0 or builder.root is None:
        raise LoadError([Problem(Pos(shown, 1, 1), "empty file; a blueprint is a YAML map with at least a `blueprint:` key")])
    return Source(builder.root, at(builder.root_mark), text, builder.keys)


# The parser's events, lean. libyaml's wrapper builds each event by calling the
# class its module names (`yaml._yaml.ScalarEvent`...), and PyYAML's classes set
# their fields in Python `__init__`s: a quarter of parsing a large blueprint.
# While a blueprint is parsed, those names stand for the classes below, whose
# constructor is C code that keeps its arguments, in PyYAML's order, as `args`.
_EVENT_FIELDS = {
    "StreamStartEvent": ("start_mark", "end_mark", "encoding"),
    "StreamEndEvent": ("start_mark", "end_mark"),
    "DocumentStartEvent": ("start_mark", "end_mark", "explicit", "version", "tags"),
    "DocumentEndEvent": ("start_mark", "end_mark", "explicit"),
    "AliasEvent": ("anchor", "start_mark", "end_mark"),
    "ScalarEvent": ("anchor", "tag", "implicit", "value", "start_mark", "end_mark", "style"),
    "SequenceStartEvent": ("anchor", "tag", "implicit", "start_mark", "end_mark", "flow_style"),
    "MappingStartEvent": ("anchor", "tag", "implicit", "start_mark", "end_mark", "flow_style"),
    "SequenceEndEvent": ("start_mark", "end_mark"),
    "MappingEndEvent": ("start_mark", "end_mark"),
}


class _LeanEvent(BaseException):
    """A parser event as its constructor's arguments (`args`); never raised."""

    __slots__ = ()


_LEAN = {name: type(name, (_LeanEvent,), {"__slots__": ()}) for name in _EVENT_FIELDS}
_SCALAR, _ALIAS, _DOCUMENT_START, _DOCUMENT_END = (
    _LEAN["ScalarEvent"], _LEAN["AliasEvent"], _LEAN["DocumentStartEvent"], _LEAN["DocumentEndEvent"])
_MAP_START, _SEQ_START, _MAP_END, _SEQ_END = (
    _LEAN["MappingStartEvent"], _LEAN["SequenceStartEvent"], _LEAN["MappingEndEvent"], _LEAN["SequenceEndEvent"])


_lean_parses = 0  # parses under way: the first one in installs the lean classes, the last one out restores PyYAML's
_lean_lock = threading.Lock()


@contextmanager
def _lean_events() -> Iterator[None]:
    """libyaml's wrapper builds lean events while this is open (nested or in several threads alike)."""
    global _lean_parses
    if _libyaml_wrapper is None:  # the pure-Python parser: its events are converted
        yield
        return
    with _lean_lock:
        if _lean_parses == 0:
            for name, lean in _LEAN.items():
                setattr(_libyaml_wrapper, name, lean)
        _lean_parses += 1
    try:
        yield
    finally:
        with _lean_lock:
            _lean_parses -= 1
            if _lean_parses == 0:
                for name in _LEAN:
                    setattr(_libyaml_wrapper, name, getattr(yaml.events, name))


def _as_lean(event: Any) -> _LeanEvent:
    """A pure-Python parser's event as the lean event libyaml's wrapper would have built."""
    name = type(event).__name__
    return _LEAN[name](*(getattr(event, field) for field in _EVENT_FIELDS[name]))


@contextmanager
def _events(stream: io.StringIO) -> Iterator[Iterator[Any]]:
    """The parser's events as lean events, pulled straight from the loader (`yaml.parse`
    would wrap every event in a generator step and a second call)."""
    loader = _EventLoader(stream)
    try:
        with _lean_events():
            events = iter(loader.get_event, None)  # get_event gives None after the stream's end
            first = next(events, None)  # the stream's start: every stream has one
            stream_events = itertools.chain([first], events)
            # The pure-Python parser, or a PyYAML that builds events otherwise: converted, slower but the same.
            yield stream_events if isinstance(first, _LeanEvent) else map(_as_lean, stream_events)
    finally:
        loader.dispose()


def top_level_keys(text: str) -> list[Any] | None:
    """The keys of the first document's top-level map ([] when it is not a map);
    None when the text is not YAML. Reads only the event stream: nothing is built."""
    keys: list[Any] = []
    depth, index = 0, 0
    try:
        with _events(io.StringIO(text)) as events:
            for event in events:
                kind = type(event)
                if kind is _DOCUMENT_END:
                    break
                if kind is _MAP_END or kind is _SEQ_END:
                    depth -= 1
                elif depth == 0 and kind is _MAP_START:
                    depth = 1
                elif depth == 0 and kind in (_SEQ_START, _SCALAR):
                    return []
                elif depth >= 1:
                    if depth == 1:  # items of the top-level map alternate key, value
                        if index % 2 == 0:
                            keys.append(event.args[3] if kind is _SCALAR else None)
                        index += 1
                    if kind is _MAP_START or kind is _SEQ_START:
                        depth += 1
    except yaml.YAMLError:
        return None
    return keys


class _Abort(Exception):
    """Stops the event stream once the document can no longer be trusted."""


class _Frame:
    """An open collection while its events stream in."""

    __slots__ = ("container", "is_map", "key", "key_mark", "anchor", "merged", "start_size")

    def __init__(self, container: YMap | YSeq, is_map: bool, anchor: str | None, start_size: int):
        # Any: `is_map` says which one it is, and the hot loop should not pay for a cast.
        self.container: Any = container
        self.is_map = is_map
        self.key: Any = _NO_KEY
        self.key_mark: Any = None
        self.anchor = anchor
        self.merged: set = set()
        self.start_size = start_size


class _Builder:
    """Turns parser events into positioned values, iteratively (never recursively).

    `run` is the hot path of loading a 20,000-component blueprint, so it
    dispatches on event types inline and stores libyaml's marks as they are.
    """

    def __init__(self, shown: str):
        self.stack: list[_Frame] = []
        self.anchors: dict[str, Any] = {}
        self.open_anchors: set[str] = set()
        self.problems: list[Problem] = []
        self.root: Any = None
        self.root_mark: Any = _FileStart(shown)
        self.documents = 0
        self.expanded = 0  # nodes the document has once aliases are expanded
        self.keys: set[Any] = set()  # every map key written

    def run(self, events: Any) -> None:
        stack, anchors, keys, no_key = self.stack, self.anchors, self.keys, _NO_KEY
        implicit_first, implicit_words = _IMPLICIT_FIRST, _IMPLICIT_WORDS
        scalar_event, map_start, seq_start, map_end, seq_end = _SCALAR, _MAP_START, _SEQ_START, _MAP_END, _SEQ_END
        frame: Any = None  # the innermost open collection (stack[-1]), kept at hand
        expanded = 0  # self.expanded, kept in a local in the loop and stored back around alias events
        for event in events:
            kind = type(event)
            if kind is scalar_event:
                anchor, tag, implicit, value, mark, _, _ = event.args
                if tag is None:
                    # Most plain scalars are ids and names: only a few first
                    # characters can start a bool, number, null or date, and a
                    # word that starts with a letter is text unless it is `yes`, `Off`, `null`...
                    if implicit[0] and (not value or (value[0] in implicit_first
                                                      and (not value[0].isalpha() or value in implicit_words))):
                        value, mark = self.resolve(value, mark)
                else:
                    value = self.tagged(tag, value, mark)
                if anchor:
                    anchors[anchor] = value
                expanded += 1
            elif kind is map_start or kind is seq_start:
                anchor, tag, _, mark, _, _ = event.args
                is_map = kind is map_start
                self.check_tag(tag, mark, _MAP_TAGS if is_map else _SEQ_TAGS)
                if len(stack) >= MAX_DEPTH:
                    self.fail(mark, f"nesting deeper than {MAX_DEPTH} levels; refused")
                if anchor:
                    self.open_anchors.add(anchor)
                expanded += 1
                frame = _Frame(YMap(mark) if is_map else YSeq(mark), is_map, anchor, expanded)
                stack.append(frame)
                continue
            elif kind is map_end or kind is seq_end:
                stack.pop()
                value = frame.container
                mark = value.mark
                value.size = expanded - frame.start_size + 1
                if frame.anchor:
                    self.open_anchors.discard(frame.anchor)
                    anchors[frame.anchor] = value
                frame = stack[-1] if stack else None
            elif kind is _ALIAS:
                self.expanded = expanded
                self.on_alias(*event.args[:2])
                expanded = self.expanded
                continue
            else:
                if kind is _DOCUMENT_START:
                    self.on_document(event.args[0])
                continue
            # A value is complete: the common cases are placed inline, the others by `add`.
            if frame is None:
                self.add(value, mark)
            elif frame.is_map:
                key = frame.key
                if key is no_key:
                    if kind is scalar_event:
                        frame.key, frame.key_mark = value, mark
                        keys.add(value)
                    else:
                        self.add(value, mark)
                elif key not in (container := frame.container) and key != "<<":  # a new key (see set_key)
                    container[key] = value
                    container.key_marks[key] = frame.key_mark
                    container.val_marks[key] = mark
                    frame.key = no_key
                else:
                    self.add(value, mark)
            else:
                container = frame.container
                container.append(value)
                container.item_marks.append(mark)
        self.expanded = expanded

    def on_document(self, mark: Any) -> None:
        self.documents += 1
        if self.documents > 1:
            self.fail(mark, "more than one YAML document; a blueprint is a single document")

    def on_alias(self, anchor: str, mark: Any) -> None:
        if anchor in self.open_anchors:
            self.fail(mark, f"recursive alias *{anchor} refers to the collection that contains it")
        if anchor not in self.anchors:
            self.fail(mark, f"alias *{anchor} refers to no anchor defined before it")
        value = self.anchors[anchor]
        self.expanded += getattr(value, "size", 1)
        # Linear growth is fine; an alias bomb grows exponentially and stops here.
        if self.expanded > max(MIN_EXPANSION_BOUND, EXPANSION_FACTOR * mark.index):
            self.fail(mark, "aliases expand the document beyond the allowed size (alias bomb?); refused")
        self.add(value, mark)

    def add(self, value: Any, mark: Any) -> None:
        if not self.stack:
            self.root, self.root_mark = value, mark
            return
        frame = self.stack[-1]
        container = frame.container
        if type(container) is YSeq:
            container.append(value)
            container.item_marks.append(mark)
        elif frame.key is _NO_KEY:
            if isinstance(value, (YMap, YSeq)):
                self.problems.append(Problem(at(mark), "a map key must be a plain value, not a map or list"))
                value = f"<complex key at line {at(mark).line}>"
            frame.key, frame.key_mark = value, mark
            self.keys.add(value)
        else:
            self.set_key(frame, value, mark)
            frame.key = _NO_KEY

    def set_key(self, frame: _Frame, value: Any, mark: Any) -> None:
        # Only a map's frame holds a key.
        container, key, merged = cast(YMap, frame.container), frame.key, frame.merged
        if key == "<<" and isinstance(value, (YMap, YSeq)):
            self.merge_keys(container, value, mark, merged)
            return
        if key in container and key not in merged:
            self.problems.append(Problem(at(frame.key_mark), _duplicate_key(key, frame.key_mark, container.key_marks[key])))
            return
        merged.discard(key)
        self.put(container, key, value, frame.key_mark, mark)

    @staticmethod
    def put(container: YMap, key: Any, value: Any, key_mark: Any, value_mark: Any) -> None:
        container[key] = value
        container.key_marks[key] = key_mark
        container.val_marks[key] = value_mark

    def merge_keys(self, container: YMap, value: YMap | YSeq, mark: Any, merged: set) -> None:
        """YAML merge keys (`<<: *base`): explicit keys of the map win."""
        for source in value if isinstance(value, YSeq) else [value]:
            if not isinstance(source, YMap):
                self.problems.append(Problem(at(mark), "`<<` merges maps only"))
                continue
            for key, item in source.items():
                if key not in container:
                    container[key] = item
                    container.key_marks[key] = source.key_marks[key]
                    container.val_marks[key] = source.val_marks[key]
                    merged.add(key)

    def resolve(self, value: str, mark: Any) -> tuple[Any, Any]:
        """A plain scalar the YAML 1.1 way, with a mark that remembers the text when it is no longer a string."""
        try:
            resolved = _resolve_plain(value)
        except _BadScalar as exc:
            self.problems.append(Problem(at(mark), str(exc)))
            return value, mark
        if type(resolved) is str:
            return resolved, mark
        return resolved, WrittenMark(mark.name, mark.line, mark.column, value, mark.index)

    def tagged(self, tag: str, value: str, mark: Any) -> Any:
        """An explicitly tagged scalar: refused unless the tag is standard and the value fits it."""
        if not self.check_tag(tag, mark, _SCALAR_TAGS):
            return value
        try:
            return _tagged_value(tag, value)
        except _BadScalar as exc:
            self.problems.append(Problem(at(mark), str(exc)))
            return value

    def check_tag(self, tag: str | None, mark: Any, allowed: set[str]) -> bool:
        if tag is None or tag in allowed:
            return True
        shown = _shown_tag(tag)
        if tag in _SCALAR_TAGS | _MAP_TAGS | _SEQ_TAGS:
            self.problems.append(Problem(at(mark), f"YAML tag `{shown}` cannot be put on a {_node_kind(allowed)}"))
        else:
            self.problems.append(Problem(at(mark), f"YAML tag `{shown}` is not allowed; blueprints use plain YAML values only"))
        return False

    def fail(self, mark: Any, message: str) -> None:
        self.problems.append(Problem(at(mark), message))
        raise _Abort()


def _node_kind(allowed: set[str]) -> str:
    return "map" if allowed is _MAP_TAGS else "list" if allowed is _SEQ_TAGS else "plain value"


def _shown_tag(tag: str) -> str:
    return tag.replace(_STD, "!!")


def yaml11_reading(value: Any) -> str:
    """What YAML 1.1 made of a plain scalar, for messages: `the boolean true`, `the number 8`, `null`."""
    if isinstance(value, str):
        return f"the text {value}"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    return f"the number {value!r}" if isinstance(value, float) else f"the number {value}"


def _duplicate_key(key: Any, mark: Any, first_mark: Any) -> str:
    """Name what YAML 1.1 made of the keys when their texts differ (`True` and `true`, `1` and `1.0`)."""
    line = at(first_mark).line
    text, first_text = written(mark), written(first_mark)
    if text is None and first_text is None:
        return f"duplicate key `{key}` (first at line {line})"
    first_key = key if first_text is None else _resolve_plain(first_text)
    return (f"duplicate key: `{text or key}` ({yaml11_reading(key)}) and `{first_text or first_key}` at line {line} "
            f"({yaml11_reading(first_key)}) are the same key once YAML 1.1 has read them; quote keys meant as text")


class _BadScalar(Exception):
    """A scalar that cannot be what its tag (written or resolved) says."""


class _FileStart(NamedTuple):
    """A mark for line 1, column 1 of a file, shaped like libyaml's."""

    name: str
    line: int = 0
    column: int = 0


_NO_KEY = object()


def _tagged_value(tag: str, value: str) -> Any:
    if tag in ("!", f"{_STD}str"):
        return value
    if tag == f"{_STD}null" and value not in _NULLS:
        raise _BadScalar(f"`{value}` is not a valid `!!null` (only ~, null or nothing)")
    constructed = _construct(tag, value)
    return value if tag == _TIMESTAMP else constructed  # dates stay text, as when untagged


@functools.lru_cache(maxsize=4096)
def _resolve_plain(value: str) -> Any:
    """Resolve a plain scalar the YAML 1.1 way (bool, int, float, null...)."""
    tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))
    if tag not in _CONVERTED:
        return value  # text; also dates (the validator parses the ones it expects) and `<<`
    number = _construct(tag, value)
    if ":" in value or _OCTAL_RE.match(value):
        # YAML 1.2 and most tools read these as text or decimal: `80:22` is 4822 and `010` is 8 to YAML 1.1.
        base = "base-60" if ":" in value else "octal"
        raise _BadScalar(f"YAML 1.1 reads `{value}` as the {base} number {number}; quote it, or write the number in decimal")
    return number


def _construct(tag: str, value: str) -> Any:
    if tag == f"{_STD}int" and len(value) > MAX_INT_DIGITS:
        raise _BadScalar(f"an integer of {len(value)} digits is too large; numbers in a blueprint have at most {MAX_INT_DIGITS} digits")
    try:
        # The tag's constructor itself: construct_object would keep every node it ever built.
        constructed = _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, yaml.ScalarNode(tag, value))
    except Exception:  # PyYAML raises KeyError, IndexError, ValueError... for a value its tag does not fit
        shown = f"`{value[:40]}`" if value else "an empty value"
        raise _BadScalar(f"{shown} is not a valid `{_shown_tag(tag)}`") from None
    return constructed


_RESOLVER = Resolver()
_IMPLICIT_FIRST = frozenset(ch for ch in Resolver.yaml_implicit_resolvers if ch)
_CONSTRUCTOR = yaml.SafeLoader("")


def _implicit_words() -> frozenset[str]:
    """The plain words starting with a letter that YAML 1.1 reads as something other than
    text: the bool and null words its resolvers list (`yes`, `Off`, `NULL`...)."""
    patterns = {regexp.pattern for first, resolvers in Resolver.yaml_implicit_resolvers.items()
                if first and first.isalpha() for _, regexp in resolvers}
    words = {word for pattern in patterns for word in re.findall(r"[A-Za-z]+", pattern)}
    return frozenset(word for word in words if _RESOLVER.resolve(yaml.ScalarNode, word, (True, False)) != f"{_STD}str")


_IMPLICIT_WORDS = _implicit_words()
