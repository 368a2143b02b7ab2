"""Running Graphviz and making its output stand alone.

archlint pipes the DOT text to `dot` itself (rather than letting `diagrams`
render) so that it can pass the icon folder as `-Gimagepath` (keeping absolute
site-packages paths out of the DOT text), keep the result in memory until every
format succeeded, and write each file atomically.

Two layout engines: the system's Graphviz `dot`, or — where no system
Graphviz can be installed — the `pure` extra: graphviz-pure (a Rust port of
Graphviz, pip-installable) lays out to SVG, the icons are embedded, and
resvg-py rasterizes the SVG to PNG with the bundled Roboto font, so the PNG
does not depend on the machine's fonts.
"""
from __future__ import annotations

import base64
import functools
import os
import re
import shutil
import subprocess
import sys

from .icons import icon_root

INSTALL_HINT = ("Graphviz `dot` was not found on PATH; `archlint render` needs it to draw PNG and SVG.\n"
                "Install Graphviz: `apt-get install graphviz` (Debian/Ubuntu), `brew install graphviz` (macOS), "
                "or see https://graphviz.org/download/ — then run the command again.\n"
                "Where no system Graphviz can be installed: `pip install '.[pure]'` in the archlint checkout and `--engine pure`.")
PURE_HINT = ("`--engine pure` needs the `pure` extra (graphviz-pure, resvg-py, font-roboto): "
             "`pip install '.[pure]'` in the archlint checkout")
PURE_FONT = "Arial"  # graphviz-pure has metrics for it; Roboto, which draws the PNG text, is close to it
# Whatever slips past the counts in `budget.py` is bounded here: a layout that
# needs more is stopped and reported, never left to run CI or a laptop into the ground.
DOT_TIMEOUT = 60  # seconds
DOT_MEMORY = 4 << 30  # bytes of address space
LIMITS = f"{DOT_TIMEOUT} s and {DOT_MEMORY >> 30} GiB"
DOT_HEADER = ("// archlint diagram. Icon paths are relative: render with\n"
              "// dot -Tpng -Gimagepath=\"$(python -c 'import diagrams, os; print(os.path.dirname(os.path.dirname(diagrams.__file__)))')\"\n")
_HREF = re.compile(rb'(<image\b[^>]*?\s)xlink:href="([^"#][^"]*)"')  # icons only: links stay links


class RenderError(Exception):
    """Graphviz failed, or its output could not be made self-contained."""


class GraphvizMissing(RenderError):
    pass


def find_dot() -> str:
    found = shutil.which("dot")
    if not found:
        raise GraphvizMissing(INSTALL_HINT)
    return found


def find_pure() -> str | None:
    """The graphviz-pure program: on PATH, or beside this Python (an unactivated virtualenv)."""
    beside = os.path.join(os.path.dirname(sys.executable), "graphviz-pure")
    return shutil.which("graphviz-pure") or (beside if os.access(beside, os.X_OK) else None)


def _pure_program() -> str:
    """graphviz-pure, which may have gone since the engine was chosen."""
    program = find_pure()
    if program is None:
        raise GraphvizMissing(PURE_HINT)
    return program


def pure_available() -> bool:
    try:
        import font_roboto  # noqa: F401
        import resvg_py  # noqa: F401
    except ImportError:
        return False
    return find_pure() is not None


def resolve_engine(requested: str) -> str:
    """`dot` or `pure`; `auto` prefers the system Graphviz. Raises GraphvizMissing with what to install."""
    if requested == "pure" or (requested == "auto" and not shutil.which("dot") and pure_available()):
        if not pure_available():
            raise GraphvizMissing(PURE_HINT)
        return "pure"
    find_dot()
    return "dot"


def draw(source: str, fmt: str, engine: str = "dot") -> bytes:
    """The diagram in one format: laid out by `engine` for png/svg, the DOT text for dot."""
    if fmt == "dot":
        return (DOT_HEADER + source).encode("utf-8")
    if engine == "pure":
        svg = embed_icons(run_engine(source, "svg", engine))
        return svg if fmt == "svg" else rasterize(svg)
    data = run_dot(source, fmt)
    return embed_icons(data) if fmt == "svg" else data


def run_engine(source: str, fmt: str, engine: str) -> bytes:
    """Graphviz's own output (svg, json, ...) of `engine`: `dot`, or graphviz-pure with the fonts it has metrics for."""
    if engine == "pure":
        return run_graphviz(_pure_program(), "graphviz-pure", _pure_fonts(source), fmt)
    return run_dot(source, fmt)


def run_dot(source: str, fmt: str) -> bytes:
    return run_graphviz(find_dot(), "dot", source, fmt)


def run_graphviz(program: str, name: str, source: str, fmt: str) -> bytes:
    command = [program, f"-T{fmt}", f"-Gimagepath={icon_root()}"]
    try:
        done = subprocess.run(command, input=source.encode("utf-8"), capture_output=True, timeout=DOT_TIMEOUT,
                              preexec_fn=_limit_memory)
    except subprocess.TimeoutExpired:  # subprocess.run kills the process before raising
        raise RenderError(f"{name} -T{fmt} did not finish within {DOT_TIMEOUT} s; {DRAW_ANYWAY}") from None
    except OSError as exc:
        raise RenderError(f"cannot run {name}: {exc.strerror}") from None
    if done.returncode != 0 or not done.stdout:
        message = done.stderr.decode("utf-8", "replace").strip() or f"exit status {done.returncode}"
        if done.returncode < 0 or "memory" in message.lower():  # killed, or out of its address space
            message = f"{message} (limits: {LIMITS}); {DRAW_ANYWAY}"
        raise RenderError(f"{name} -T{fmt} failed: {message}")
    return done.stdout


DRAW_ANYWAY = ("to draw it anyway, without archlint's limits: "
               "`archlint render --format dot`, then run Graphviz on the .dot file as its first lines say")


def _limit_memory() -> None:
    """In the Graphviz child, before exec: cap its address space (a dense layout can take 15 GB)."""
    import resource
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = DOT_MEMORY if hard == resource.RLIM_INFINITY else min(DOT_MEMORY, hard)  # never raise a stricter limit
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _pure_fonts(source: str) -> str:
    """graphviz-pure has no metrics for the generic `Sans-Serif`: lay text out as Arial;
    Roboto has no ▶ (nor →), so the legend's arrowheads become >."""
    return source.replace('fontname="Sans-Serif"', f'fontname="{PURE_FONT}"').replace("▶", "&gt;")


_PT_SIZE = re.compile(rb'<svg width="([0-9.]+)pt" height="([0-9.]+)pt"')


def rasterize(svg: bytes) -> bytes:
    """PNG of a self-contained SVG with resvg, text in the bundled Roboto (no system fonts: same pixels everywhere)."""
    import font_roboto
    import resvg_py
    fonts = os.path.join(os.path.dirname(font_roboto.__file__), "files")
    # resvg refuses `pt` sizes; Graphviz's viewBox is already in pixels at the diagram's dpi.
    svg = _PT_SIZE.sub(rb'<svg width="\1" height="\2"', svg, count=1)
    try:
        png = resvg_py.svg_to_bytes(svg_string=svg.decode("utf-8"), skip_system_fonts=True,
                                    font_files=[os.path.join(fonts, "Roboto-Regular.ttf"), os.path.join(fonts, "Roboto-Bold.ttf")],
                                    font_family="Roboto", sans_serif_family="Roboto", serif_family="Roboto")
    except (ValueError, OSError) as exc:
        raise RenderError(f"cannot rasterize the SVG: {exc}") from None
    return bytes(png)


def embed_icons(svg: bytes) -> bytes:
    """Replace every icon file reference with a base64 data URI: the SVG then works anywhere."""
    return _HREF.sub(lambda match: match.group(1) + b'xlink:href="' + _data_uri(match.group(2).decode("utf-8")) + b'"', svg)


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
