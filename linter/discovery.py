"""Which files to lint: explicit files always; directories searched for blueprints.

A YAML file under a searched directory is a blueprint when its top-level map
has a `blueprint` key, however it is written (a BOM, UTF-16, flow or JSON
style, a quoted key, a long header comment). A blueprint must never be
skipped silently, since CI would then pass without checking it: a file that
is not YAML but mentions `blueprint` is linted (and its load error reported),
and a file whose top-level key looks like a misspelt `blueprint` is skipped
with a warning, as is a searched folder that holds no blueprint at all.
"""
from __future__ import annotations

import os
import re
from typing import Callable, NamedTuple

from .fsutil import open_regular
from .loading import display_path
from .checks import closest
from .yaml_reader import MAX_FILE_BYTES, LoadError, decode_text, top_level_keys

SUFFIXES = (".yaml", ".yml")
# A block-style top-level key, as almost every blueprint starts: no parsing needed.
_BLUEPRINT_KEY_RE = re.compile(r"""^(?:blueprint|"blueprint"|'blueprint')[ \t]*:""", re.MULTILINE)

Warn = Callable[[str], None]


class PathError(Exception):
    pass


class Sniff(NamedTuple):
    """What directory discovery makes of a YAML file: lint it or not, and why to warn."""

    lint: bool
    warning: str | None = None


def discover(paths: list[str], warn: Warn | None = None) -> list[str]:
    """Blueprint files under `paths`, sorted, each once; `warn` hears of suspicious skips."""
    found: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            in_folder = _search(path, warn)
            if not in_folder and warn:
                warn(f"{display_path(path)}: no blueprint found (a blueprint is a *.yaml or *.yml file "
                     f"whose top-level map has a `blueprint` key)")
            found.extend(in_folder)
        elif os.path.lexists(path):  # a FIFO or dangling link is loaded, and says what it is
            found.append(path)
        else:
            raise PathError(f"{path}: no such file or directory")
    unique = dict.fromkeys(os.path.normpath(p) for p in found)
    return list(unique)


def _search(folder: str, warn: Warn | None) -> list[str]:
    result = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for path in (os.path.join(root, name) for name in sorted(files) if name.endswith(SUFFIXES)):
            sniff = sniff_blueprint(path)
            if sniff.warning and warn:
                warn(sniff.warning)
            if sniff.lint:
                result.append(path)
    return result


def sniff_blueprint(path: str) -> Sniff:
    """Whether a YAML file found in a folder is a blueprint (see the module's doc)."""
    try:
        with open_regular(path) as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError:
        return Sniff(True)  # not a readable regular file: loading reports what it is
    try:
        text = decode_text(data, path)
    except LoadError:  # not text: the loader names the encoding when it may be a blueprint
        return Sniff(b"blueprint" in data)
    if _BLUEPRINT_KEY_RE.search(text):
        return Sniff(True)  # the common case, without parsing
    keys = top_level_keys(text)
    if keys is None:  # not YAML: a broken blueprint is reported, other files are not ours
        return Sniff("blueprint" in text)
    if "blueprint" in keys:
        return Sniff(True)
    return Sniff(False, _misspelt_key_warning(path, keys))


def _misspelt_key_warning(path: str, keys: list) -> str | None:
    near = next((key for key in keys if isinstance(key, str) and closest(key.lower(), ["blueprint"])), None)
    if near is None:
        return None
    return f"{display_path(path)}: skipped: top-level key `{near}` is not `blueprint`; a blueprint needs a `blueprint:` key"
