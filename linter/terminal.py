"""Text from input, made safe to show on a terminal or in a CI log.

File names, ids, keys and values come from blueprints and configurations that
may come from an untrusted pull request. Printed raw, a carriage return or an
ANSI escape sequence could overwrite or hide what archlint printed before it,
and bidirectional controls could reorder it; they are shown escaped instead
(`\\x1b`, `\\u202e`), so the reader sees exactly which characters are there.
"""
from __future__ import annotations

import re

# C0 controls, DEL, C1 controls (NEL included), the Unicode line and paragraph
# separators and the bidirectional formatting characters.
_UNSAFE_RE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` with every control character written as a visible escape."""
    return _UNSAFE_RE.sub(_escape, text)


def printable_lines(text: str) -> str:
    """A message of several lines: each line made printable, the line breaks kept."""
    return "\n".join(printable(line) for line in text.split("\n"))


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
