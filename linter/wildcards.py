"""`*` and `?` wildcard matching in linear space and O(len(pattern) * len(text)) time.

IAM action patterns and policy selectors come from untrusted blueprints and
policies. A regex built from a pattern such as `a*a*a*a*a*b` backtracks
exponentially on a long `aaaa…` text; this greedy two-pointer matcher
remembers only the last `*` and never revisits earlier ones, which is enough
because a later `*` can absorb anything an earlier one would have.
"""
from __future__ import annotations


def wildcard_match(pattern: str, text: str, ignore_case: bool = False) -> bool:
    """Whether `text` matches `pattern` as a whole: `*` is any run, `?` any one character."""
    if ignore_case:
        pattern, text = pattern.casefold(), text.casefold()
    p = t = 0
    star = -1  # index in the pattern just after the last `*` seen
    resume = 0  # index in the text where that `*` currently stops
    while t < len(text):
        if p < len(pattern) and pattern[p] == "*":
            star, resume = p + 1, t
            p += 1
        elif p < len(pattern) and pattern[p] in ("?", text[t]):
            p += 1
            t += 1
        elif star >= 0:
            resume += 1  # let the last `*` absorb one more character and retry
            p, t = star, resume
        else:
            return False
    return pattern[p:].strip("*") == ""


def has_wildcard(value: str) -> bool:
    return "*" in value or "?" in value
