"""Which files to lint: explicit files always; directories searched for blueprints."""
from __future__ import annotations

import os

from .loading import looks_like_blueprint

SUFFIXES = (".yaml", ".yml")


class PathError(Exception):
    pass


def discover(paths: list[str]) -> list[str]:
    """Blueprint files under `paths`, sorted, each once."""
    found: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            found.extend(_search(path))
        elif os.path.lexists(path):  # a FIFO or dangling link is loaded, and says what it is
            found.append(path)
        else:
            raise PathError(f"{path}: no such file or directory")
    unique = dict.fromkeys(os.path.normpath(p) for p in found)
    return list(unique)


def _search(folder: str) -> list[str]:
    result = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        result.extend(os.path.join(root, name) for name in sorted(files)
                      if name.endswith(SUFFIXES) and looks_like_blueprint(os.path.join(root, name)))
    return result
