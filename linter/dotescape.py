"""Text from a blueprint, made safe for a DOT file.

Blueprint ids follow a pattern, but labels, AZ names, descriptions and tags are
free strings: a backslash, a quote, a newline or a control character in one of
them must neither end a DOT string early nor change what Graphviz draws.
Shared by `archlint graph --format dot` and `archlint render`; imports nothing
from `diagrams`, so the lint path can use it.
"""
from __future__ import annotations

import re

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # C0 (but tab and newline), DEL, C1
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9_./-]")


def printable(text: str) -> str:
    """Control characters as visible stand-ins: C0 as its Unicode control picture (␀, ␛), DEL as ␡, C1 as �.

    Graphviz reads strings as C strings (a NUL ends them) and its HTML labels
    go through an XML parser, which refuses control characters outright.
    """
    return _CONTROL.sub(_control_picture, text)


def _control_picture(match: re.Match) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    return "\u2421" if code == 0x7F else "\ufffd"


def dot_escape(text: str) -> str:
    """The body of a quoted DOT string (an escString): the text reads back unchanged.

    Backslashes are doubled (so `\\N` or a trailing `\\` stay literal), quotes
    escaped, newlines written as `\\n` so every DOT statement stays on one line.
    """
    return printable(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def dot_id_part(text: str) -> str:
    """A piece of a DOT node or cluster id: outside [A-Za-z0-9_./-] percent-encoded.

    Reversible (so two different AZ names never share an id), and never `:`,
    which DOT edges read as node:port, nor a quote or backslash. `/` is kept:
    it joins the pieces of an id, and only its last piece (an AZ name) is free text.
    """
    return _ID_UNSAFE.sub(lambda match: "".join(f"%{byte:02X}" for byte in match.group().encode("utf-8")), text)
