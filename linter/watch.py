"""`archlint lint --watch`: lint again whenever a blueprint is saved.

For people whose editor has no LSP client. The files are polled (size and
modification time, twice a second): no dependency, and it works the same on
every platform and on network folders. Watched are the files the run lints,
the bases they extend, and new blueprints appearing in the folders named.
"""
from __future__ import annotations

import os
import sys
import time
from typing import Callable

from .discovery import PathError, discover

POLL_SECONDS = 0.5
Snapshot = dict[str, tuple[int, int]]


def watch(lint_once: Callable[[], int], paths: Callable[[], list[str]], poll: float = POLL_SECONDS) -> int:
    """Lint now and after every change, until interrupted (exit status 130, as for any Ctrl-C)."""
    seen: Snapshot | None = None
    while True:
        current = snapshot(paths())
        if current != seen:
            if seen is not None:
                print(f"\narchlint: {time.strftime('%H:%M:%S')} change detected, linting again", file=sys.stderr)
            try:
                lint_once()
            except PathError as exc:  # a file removed while watching: say so, and keep watching
                print(f"archlint: {exc}", file=sys.stderr)
            sys.stdout.flush()
            print(f"archlint: watching {len(current)} file{'s' if len(current) != 1 else ''}; Ctrl-C stops", file=sys.stderr)
            # The files as the run found them: a save while it ran is linted next. (A run
            # with `--fix` that edited files is followed by one that finds nothing to fix.)
            seen = current
        time.sleep(poll)


def snapshot(paths: list[str]) -> Snapshot:
    """Size and modification time of every file the run depends on."""
    from .dependents import base_of
    try:
        files = set(discover(paths))
    except PathError:
        files = {path for path in paths if os.path.isfile(path)}
    for file in list(files):
        base = base_of(file)
        while base is not None and base not in files:
            files.add(base)
            base = base_of(base)
    return {file: stamp for file in sorted(files) if (stamp := _stamp(file)) is not None}


def _stamp(path: str) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_mtime_ns, status.st_size
