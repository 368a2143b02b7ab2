"""Incremental state: which diagram was drawn from which DOT text.

The manifest lives in the output folder. Each diagram is keyed by a hash of
its DOT source together with the archlint version and the highlight state,
so it changes exactly when the picture would change; it does not depend on
the Graphviz version, paths or timestamps, so `render --check` gives the same
verdict on every machine. Each entry also records a hash of every file drawn,
so a diagram edited by hand since is stale too: it is redrawn (and the
pre-commit hook fails) rather than committed as if archlint had drawn it.

Several `archlint render` processes may share one output folder (parallel CI
jobs, pre-commit on several files): each saves only the entries it recorded,
merged into the manifest as it is on disk at that moment, under an exclusive
lock on the folder, so no run loses another's entries.
"""
from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
from dataclasses import dataclass, field
from typing import Iterator

from .. import __version__
from ..fsutil import MIB, atomic_write, read_regular

MANIFEST_NAME = ".archlint-render.json"
SCHEMA = 1
MAX_MANIFEST_BYTES = 16 * MIB
MAX_DIAGRAM_BYTES = 256 * MIB


def source_hash(dot_source: str, highlight: bool) -> str:
    stamp = f"archlint {__version__}\nhighlight={'on' if highlight else 'off'}\n"
    return hashlib.sha256((stamp + dot_source).encode("utf-8")).hexdigest()


SUFFIXES = {"mermaid": "mmd"}  # file suffix where it is not the format's name


def file_name(stem: str, fmt: str) -> str:
    """The diagram file of a blueprint (by its safe stem) in one format."""
    return f"{stem}.{SUFFIXES.get(fmt, fmt)}"


@dataclass
class Manifest:
    folder: str
    entries: dict[str, dict] = field(default_factory=dict)  # file stem -> {"hash", "formats", "source"}
    recorded: dict[str, dict] = field(default_factory=dict)  # what this run drew, not yet saved

    @classmethod
    def load(cls, folder: str) -> "Manifest":
        """The recorded state; a missing or unreadable manifest means nothing is up to date."""
        try:
            data = json.loads(read_regular(os.path.join(folder, MANIFEST_NAME), MAX_MANIFEST_BYTES).decode("utf-8"))
        except (OSError, ValueError):
            return cls(folder)
        entries = data.get("diagrams") if isinstance(data, dict) and data.get("schema") == SCHEMA else None
        return cls(folder, entries if isinstance(entries, dict) else {})

    def stale_formats(self, stem: str, digest: str, formats: list[str]) -> list[str]:
        """The formats of a diagram that are missing or were drawn from other DOT text."""
        entry = self.entries.get(stem)
        drawn = self._drawn_formats(stem, digest)
        recorded = entry.get("files") if isinstance(entry, dict) else None
        files = recorded if isinstance(recorded, dict) else {}
        return [fmt for fmt in formats if fmt not in drawn or not self._as_drawn(stem, fmt, files.get(fmt))]

    def _drawn_formats(self, stem: str, digest: str) -> list[str]:
        """The formats recorded for a diagram, if they were drawn from this DOT text."""
        entry = self.entries.get(stem)
        return entry.get("formats", []) if isinstance(entry, dict) and entry.get("hash") == digest else []

    def _as_drawn(self, stem: str, fmt: str, recorded: str | None) -> bool:
        """The file exists and, where its hash was recorded, still has the bytes archlint wrote."""
        path = os.path.join(self.folder, file_name(stem, fmt))
        return os.path.isfile(path) and (recorded is None or file_hash(path) == recorded)

    def record(self, stem: str, digest: str, formats: list[str], source: str) -> None:
        all_formats = sorted(set(self._drawn_formats(stem, digest)) | set(formats))
        hashes = {fmt: file_hash(os.path.join(self.folder, file_name(stem, fmt))) for fmt in all_formats}
        files = {fmt: value for fmt, value in hashes.items() if value is not None}
        self.entries[stem] = self.recorded[stem] = {"hash": digest, "formats": all_formats, "files": files, "source": source}

    def save(self) -> None:
        """Merge what this run recorded into the manifest on disk, which another run may have saved meanwhile."""
        if not self.recorded:
            return
        with _folder_lock(self.folder):
            self.entries = {**Manifest.load(self.folder).entries, **self.recorded}
            data = {"schema": SCHEMA, "tool": f"archlint {__version__}", "diagrams": dict(sorted(self.entries.items()))}
            atomic_write(os.path.join(self.folder, MANIFEST_NAME), json.dumps(data, indent=2, sort_keys=True) + "\n")
        self.recorded = {}


def file_hash(path: str) -> str | None:
    try:
        return hashlib.sha256(read_regular(path, MAX_DIAGRAM_BYTES)).hexdigest()
    except OSError:
        return None


@contextlib.contextmanager
def _folder_lock(folder: str) -> Iterator[None]:
    """An exclusive lock for the read-modify-write of the manifest.

    The folder itself is locked, not a lock file: the diagrams folder is often
    committed, and a lock file would be one more file in it.
    """
    os.makedirs(folder, exist_ok=True)
    handle = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # closing releases the lock
