"""Running Graphviz and making its output stand alone.

archlint pipes the DOT text to `dot` itself (rather than letting `diagrams`
render) so that it can pass the icon folder as `-Gimagepath` (keeping absolute
site-packages paths out of the DOT text), keep the result in memory until every
format succeeded, and write each file atomically.
"""
from __future__ import annotations

import base64
import functools
import os
import re
import shutil
import subprocess

from .icons import icon_root

INSTALL_HINT = ("Graphviz `dot` was not found on PATH; `archlint render` needs it to draw PNG and SVG.\n"
                "Install Graphviz: `apt-get install graphviz` (Debian/Ubuntu), `brew install graphviz` (macOS), "
                "or see https://graphviz.org/download/ — then run the command again.")
DOT_TIMEOUT = 300  # seconds: a pathological layout must not hang CI forever
DOT_HEADER = ("// archlint diagram. Icon paths are relative: render with\n"
              "// dot -Tpng -Gimagepath=\"$(python -c 'import diagrams, os; print(os.path.dirname(os.path.dirname(diagrams.__file__)))')\"\n")
_HREF = re.compile(rb'xlink:href="([^"#][^"]*)"')


class RenderError(Exception):
    """Graphviz failed, or its output could not be made self-contained."""


class GraphvizMissing(RenderError):
    pass


def find_dot() -> str:
    found = shutil.which("dot")
    if not found:
        raise GraphvizMissing(INSTALL_HINT)
    return found


def draw(source: str, fmt: str) -> bytes:
    """The diagram in one format: `dot` output for png/svg, the DOT text for dot."""
    if fmt == "dot":
        return (DOT_HEADER + source).encode("utf-8")
    data = run_dot(source, fmt)
    return embed_icons(data) if fmt == "svg" else data


def run_dot(source: str, fmt: str) -> bytes:
    command = [find_dot(), f"-T{fmt}", f"-Gimagepath={icon_root()}"]
    try:
        done = subprocess.run(command, input=source.encode("utf-8"), capture_output=True, timeout=DOT_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise RenderError(f"dot -T{fmt} did not finish within {DOT_TIMEOUT} s") from None
    except OSError as exc:
        raise RenderError(f"cannot run dot: {exc.strerror}") from None
    if done.returncode != 0 or not done.stdout:
        message = done.stderr.decode("utf-8", "replace").strip() or f"exit status {done.returncode}"
        raise RenderError(f"dot -T{fmt} failed: {message}")
    return done.stdout


def embed_icons(svg: bytes) -> bytes:
    """Replace every icon file reference with a base64 data URI: the SVG then works anywhere."""
    return _HREF.sub(lambda match: b'xlink:href="' + _data_uri(match.group(1).decode("utf-8")) + b'"', svg)


@functools.lru_cache(maxsize=256)
def _data_uri(href: str) -> bytes:
    if href.startswith(("data:", "http://", "https://")):
        return href.encode("utf-8")
    path = href if os.path.isabs(href) else os.path.join(icon_root(), href)
    try:
        with open(path, "rb") as handle:
            payload = base64.b64encode(handle.read())
    except OSError as exc:
        raise RenderError(f"cannot embed icon {href}: {exc.strerror}") from None
    return b"data:" + _mime(path).encode() + b";base64," + payload


def _mime(path: str) -> str:
    return {".svg": "image/svg+xml", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}.get(os.path.splitext(path)[1].lower(), "image/png")
