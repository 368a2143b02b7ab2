"""A big design is drawn in bounded size: the PNG is scaled down rather than painted at
hundreds of megapixels (which took minutes and gigabytes for 200 components)."""
from __future__ import annotations

import struct
import sys
from pathlib import Path

from linter.cli import main
from linter.render.builder import MAX_INCHES

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from shapes import shape  # noqa: E402


def png_size(path: Path) -> tuple[int, int]:
    width, height = struct.unpack(">II", path.read_bytes()[16:24])
    return width, height


def test_a_200_component_hub_is_drawn_within_the_size_cap(tmp_path):
    blueprint = tmp_path / "hub.yaml"
    blueprint.write_text(shape("tgw-hub", 200))
    assert main(["render", str(blueprint), "-o", str(tmp_path / "out"), "--no-config", "--no-highlight"]) == 0
    width, height = png_size(tmp_path / "out" / "hub.png")
    assert max(width, height) <= MAX_INCHES * 96 + 1
    assert min(width, height) > 1000  # scaled down, not collapsed
