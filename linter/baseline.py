"""Baselines: record today's findings once, then report only what is new.

A baseline file lists finding identities (rule, file relative to the repository
root, element). Lines are deliberately absent, so that editing a blueprint
does not resurrect recorded findings, and the file is always part of the key,
so that the same rule firing on an element of the same name in another file is
still reported. The JSON is sorted and free of timestamps: rewriting an
unchanged baseline gives the same bytes, and diffs of it are reviewable.
"""
from __future__ import annotations

import json

from .findings import Report
from .fsutil import MIB, atomic_write, read_regular
from .repo import identity

FORMAT_VERSION = 1
MAX_BASELINE_BYTES = 64 * MIB  # some 500,000 recorded findings
Key = tuple[str, str, str]


class BaselineError(Exception):
    """A baseline file that cannot be read (reported as bad usage)."""


def baseline_text(report: Report, root: str) -> str:
    keys = sorted({identity(f, root) for f in report.findings})
    entries = [{"rule": rule, "file": file, "element": element} for rule, file, element in keys]
    return json.dumps({"archlint-baseline": FORMAT_VERSION, "findings": entries}, indent=2, ensure_ascii=False) + "\n"


def write_baseline(path: str, report: Report, root: str) -> None:
    atomic_write(path, baseline_text(report, root))


def read_baseline(path: str) -> set[Key]:
    try:
        data = json.loads(read_regular(path, MAX_BASELINE_BYTES).decode("utf-8"))
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read baseline: {exc.strerror or exc}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BaselineError(f"{path}: not a baseline file: {exc}") from None
    return _keys(data, path)


def _keys(data: object, path: str) -> set[Key]:
    if not isinstance(data, dict) or data.get("archlint-baseline") != FORMAT_VERSION or not isinstance(data.get("findings"), list):
        raise BaselineError(f"{path}: not an archlint baseline (expected `archlint-baseline: {FORMAT_VERSION}` and a `findings` list)")
    keys = set()
    for entry in data["findings"]:
        if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) for k in ("rule", "file", "element")):
            raise BaselineError(f"{path}: every baseline entry needs string `rule`, `file` and `element`; got {entry!r}")
        keys.add((entry["rule"], entry["file"], entry["element"]))
    return keys


def apply_baseline(report: Report, keys: set[Key], root: str) -> None:
    """Hide the findings recorded in the baseline; count them as waived."""
    kept = [f for f in report.findings if identity(f, root) not in keys]
    report.waived += len(report.findings) - len(kept)
    report.findings = kept
