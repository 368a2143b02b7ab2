"""Lint text that is not on disk as if it were a file: standard input
(`archlint lint - --stdin-filename PATH`) and an editor's unsaved buffer.

The text is read in place of the file at PATH, so that relative `extends`,
per-file ignores and reported paths behave as they would for the saved file.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Iterator

from .yaml_reader import UNSAVED


@contextmanager
def unsaved_text(path: str, text: str) -> Iterator[None]:
    """While inside, loading `path` reads `text` instead of the file."""
    key = os.path.abspath(path)
    previous = UNSAVED.get(key)
    UNSAVED[key] = text
    try:
        yield
    finally:
        if previous is None:
            del UNSAVED[key]
        else:
            UNSAVED[key] = previous
