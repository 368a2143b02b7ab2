"""`regions`: the AWS regions a blueprint uses and their AZs."""
from __future__ import annotations

from ... import format as fmt
from ...model import Region
from ...yaml_reader import at
from .base import SectionValidator

class Regions(SectionValidator):
    """`regions`."""

    def regions(self) -> dict[str, Region]:
        regions: dict[str, Region] = {}
        for rid, node, pos, what in self.named_entries(self.root, "regions", "the blueprint", "region", fmt.REGION):
            azs, marks = self.c.string_items(node, "azs", what)
            if node.get("azs") in (None, []):  # other shapes are reported by string_items
                self.c.error(node.pos, f"{what} needs a non-empty `azs` list")
            role = self.c.choice(node, "role", what, fmt.REGION_ROLES)
            az_pos = {az: at(mark) for az, mark in zip(azs, marks, strict=True)}
            regions[rid] = Region(rid, list(azs), role or ("primary" if not regions else "secondary"), pos, az_pos)
        if regions and not any(r.role == "primary" for r in regions.values()):
            next(iter(regions.values())).role = "primary"
        return regions
