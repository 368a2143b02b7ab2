"""How findings and reports word what they list: shared so that a rule and
`archlint report` say the same thing the same way."""
from __future__ import annotations


def name_list(ids: list[str], limit: int = 8) -> str:
    """Ids as `a`, `b` and N more: messages stay readable on big designs."""
    shown = ", ".join(f"`{i}`" for i in ids[:limit])
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


def lost_data(seconds: int | None) -> str:
    """How much data a failure can lose, as a sentence continues: "all of its data", "1h of data"."""
    return "all of its data" if seconds is None else f"{format_seconds(seconds)} of data"


def format_seconds(seconds: int | None) -> str:
    if seconds is None:
        return "unbounded (data is lost)"
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"
