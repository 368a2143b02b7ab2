"""The repository a run belongs to: its root, and paths and identities relative to it.

Findings are shown relative to the working directory; anything that must be
compared across runs or machines (baselines, `--diff-base`, SARIF fingerprints,
GitHub annotations) uses the path relative to the repository root instead, so
that it does not depend on where archlint was started.
"""
from __future__ import annotations

import os

from .findings import Finding


def repository_root(fallback: str | None = None, start: str = ".") -> str:
    """The nearest folder holding `.git` (a folder, or a file in worktrees and submodules),
    walking up from `start`; else `fallback` (the configuration's folder); else `start`."""
    folder = os.path.abspath(start)
    while True:
        if os.path.exists(os.path.join(folder, ".git")):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return os.path.abspath(fallback or start)
        folder = parent


def relative_path(path: str, root: str) -> str:
    """`path` relative to `root` with `/`; absolute when it lies outside `root`."""
    absolute = os.path.abspath(path)
    relative = os.path.relpath(absolute, os.path.abspath(root))
    shown = absolute if relative == ".." or relative.startswith(".." + os.sep) else relative
    return shown.replace(os.sep, "/")


def identity(finding: Finding, root: str) -> tuple[str, str, str]:
    """A finding's identity across runs: rule, repository-relative file, element; never the line."""
    return (finding.rule, relative_path(finding.file, root), finding.element)
