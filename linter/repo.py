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


def extends_boundary(blueprint: str, config_root: str | None) -> str:
    """The folder a blueprint's `extends` bases must stay inside: its repository (the
    nearest folder holding `.git`); outside git, the configuration's folder when the
    blueprint lies under it, else the blueprint's own folder."""
    folder = os.path.dirname(os.path.abspath(blueprint))
    fallback = config_root if config_root and is_within(folder, os.path.abspath(config_root)) else folder
    return repository_root(fallback=fallback, start=folder)


def is_within(path: str, folder: str) -> bool:
    """Whether absolute `path` is `folder` or lies below it."""
    relative = os.path.relpath(path, folder)
    return not (relative == ".." or relative.startswith(".." + os.sep) or os.path.isabs(relative))


def relative_path(path: str, root: str) -> str:
    """`path` relative to `root` with `/`; absolute when it lies outside `root`."""
    absolute = os.path.abspath(path)
    shown = os.path.relpath(absolute, os.path.abspath(root)) if is_within(absolute, os.path.abspath(root)) else absolute
    return shown.replace(os.sep, "/")


def identity(finding: Finding, root: str) -> tuple[str, str, str]:
    """A finding's identity across runs: rule, repository-relative file, element; never the line."""
    return (finding.rule, relative_path(finding.file, root), finding.element)
