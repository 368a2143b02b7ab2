"""`archlint lint --fix`: the findings that have one safe edit, made in place.

| rule | edit |
| --- | --- |
| SEC003 unencrypted-at-rest | `encrypted: true` on the component (the value replaced, or the key added) |
| SEC007 no-flow-logs | `flow_logs: true` on the network |
| WVR002 unused-waiver | the waiver removed from `waivers` |

Each edit is made in the file the finding points at, and only there: the YAML
is composed with ruamel.yaml (imported on this path only) to find where the
element is written, and the edit replaces exactly those characters, so every
other byte of the file (comments, layout, quoting, line endings) is kept. An
element not written in that file (inherited from a base) is left for a
person. `--diff` shows the edits as a unified diff instead of writing them.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from .findings import Finding

BOOLEAN_KEYS = {"SEC003": ("components", "encrypted"), "SEC007": ("networks", "flow_logs")}
FIXABLE = (*BOOLEAN_KEYS, "WVR002")
_PLAIN_SCALAR = re.compile(r"[^\s,\]}#]+")


@dataclass(frozen=True)
class Edit:
    """Replace text[start:end] by `new`."""

    start: int
    end: int
    new: str


def fix_files(findings: list[Finding], write: bool) -> tuple[str, int]:
    """Fix every file with fixable findings (or, not writing, only compute the edits): (unified diff, files changed).
    Files are read and written as bytes of UTF-8, so line endings and a byte order mark survive."""
    from .fsutil import atomic_write, read_regular
    from .yaml_reader import MAX_FILE_BYTES
    diffs, changed = [], 0
    for path in sorted({f.file for f in findings if f.rule in FIXABLE}):
        try:
            before = read_regular(path, MAX_FILE_BYTES).decode("utf-8")
        except (OSError, UnicodeDecodeError):  # a file only archlint's loader could read: left alone
            continue
        after = fixed_text(before, [f for f in findings if f.file == path])
        if after != before:
            changed += 1
            diffs.append(unified_diff(path, before, after))
            if write:
                atomic_write(path, after)
    return "".join(diffs), changed


def fixed_text(text: str, findings: list[Finding]) -> str:
    """The file's text with an edit for every fixable finding in it; overlapping edits keep the first."""
    root = _compose(text)
    if root is None:
        return text
    edits = {e for f in findings if f.rule in BOOLEAN_KEYS for e in [_boolean_edit(root, text, f)] if e}
    edits.update(_waiver_removals(root, text, [f for f in findings if f.rule == "WVR002"]))
    kept: list[Edit] = []
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if not kept or edit.start >= kept[-1].end:
            kept.append(edit)
    for edit in reversed(kept):
        text = text[:edit.start] + edit.new + text[edit.end:]
    return text


def unified_diff(path: str, before: str, after: str) -> str:
    return "".join(difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                        fromfile=f"a/{path}", tofile=f"b/{path}"))


def _compose(text: str) -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError
    try:
        return YAML().compose(text)
    except YAMLError:  # archlint loaded it (YAML 1.1); what YAML 1.2 refuses is left alone
        return None


def _boolean_edit(root: Any, text: str, finding: Finding) -> Edit | None:
    section, key = BOOLEAN_KEYS[finding.rule]
    element = _child(_child(root, section), finding.element)
    return _set_true(element, key, text) if element is not None else None


def _child(node: Any, key: str) -> Any:
    """The value node of `key` in a mapping node, or None."""
    if node is None or node.id != "mapping":
        return None
    return next((value for k, value in node.value if k.id == "scalar" and k.value == key), None)


def _set_true(mapping: Any, key: str, text: str) -> Edit | None:
    if mapping.id != "mapping" or not mapping.value:
        return None
    value = _child(mapping, key)
    if value is not None:
        return _replace_scalar(value, text)
    first_key = mapping.value[0][0].start_mark
    separator = ", " if mapping.flow_style else _newline(text) + " " * first_key.column
    return Edit(first_key.index, first_key.index, f"{key}: true{separator}")


def _replace_scalar(value: Any, text: str) -> Edit | None:
    """The written value (plain `false`, `no`, `off`...) becomes `true`."""
    if value.id != "scalar":
        return None
    written = _PLAIN_SCALAR.match(text, value.start_mark.index)
    if not written or written.group() == "true":
        return None
    return Edit(written.start(), written.end(), "true")


def _waiver_removals(root: Any, text: str, findings: list[Finding]) -> list[Edit]:
    """The unused waivers removed; all of them leave `waivers: []` (with nothing under it, `waivers:` would be null)."""
    waivers = _child(root, "waivers")
    if not findings or waivers is None or waivers.id != "sequence":
        return []
    items = waivers.value
    unused = {index for f in findings for index, item in enumerate(items) if _is_reported(item, f)}
    if unused and len(unused) == len(items):
        return [_emptied(waivers, text)]
    return [_item_removal(waivers, index, text) for index in sorted(unused)]


def _is_reported(item: Any, finding: Finding) -> bool:
    """The waiver the finding is about: WVR002 points at the waiver's first character."""
    return ((item.start_mark.line + 1, item.start_mark.column + 1) == (finding.line, finding.column)
            and _scalar(_child(item, "element")) == finding.element)


def _last_line(node: Any) -> int:
    """The last line holding the node's content (an end mark may lie past trailing comments)."""
    if node.id == "scalar":
        return node.end_mark.line
    children = [part for pair in node.value for part in pair] if node.id == "mapping" else node.value
    return max((_last_line(child) for child in children), default=node.end_mark.line)


def _scalar(node: Any) -> str | None:
    return node.value if node is not None and node.id == "scalar" else None


def _emptied(sequence: Any, text: str) -> Edit:
    if sequence.flow_style:
        return Edit(sequence.start_mark.index, sequence.end_mark.index, "[]")
    return Edit(sequence.start_mark.index, _line_end(text, _last_line(sequence.value[-1])), "[]" + _newline(text))


def _item_removal(sequence: Any, index: int, text: str) -> Edit:
    items = sequence.value
    if sequence.flow_style:
        if index + 1 < len(items):
            return Edit(items[index].start_mark.index, items[index + 1].start_mark.index, "")
        return Edit(items[index - 1].end_mark.index, items[index].end_mark.index, "")
    start = text.rfind("\n", 0, items[index].start_mark.index) + 1  # the line of the item's `-`
    return Edit(start, _line_end(text, _last_line(items[index])), "")


def _newline(text: str) -> str:
    """The file's own line ending, for the lines an edit adds."""
    return "\r\n" if "\r\n" in text else "\n"


def _line_end(text: str, line: int) -> int:
    """The index just past the newline that ends `line` (0-based)."""
    position = 0
    for _ in range(line + 1):
        found = text.find("\n", position)
        if found < 0:
            return len(text)
        position = found + 1
    return position

