"""How much a diagram may ask of Graphviz, decided from counts before any layout.

`dot`'s layout time grows steeply with edges: a few hundred components with a
flow between every pair (tens of thousands of edges) keep it busy for many
minutes and gigabytes, and even 500 edges placed at random among 200 nodes
take it past a minute. Real blueprints draw a few dozen edges. Past the edge
budget the diagram is drawn without its flows (placement only: regions, VPCs,
AZs, subnets and components, which is most of what a reviewer looks for), and
says so in its title; past the node budget it is refused. The time and memory
limits on the Graphviz process (`output.py`) bound whatever slips past the counts.
"""
from __future__ import annotations

import dataclasses

from .layout import Scene
from .output import RenderError

MAX_EDGES = 1_000
MAX_NODES = 2_000


class TooLarge(RenderError):
    """A diagram past what archlint lays out, even without its flows."""


def fit(scene: Scene) -> tuple[Scene, str]:
    """The scene to draw and, when its flows had to go, a note saying so."""
    if scene.node_count > MAX_NODES:
        raise TooLarge(_refusal(f"{scene.node_count:,} nodes", f"{MAX_NODES:,} nodes"))
    if len(scene.links) <= MAX_EDGES:
        return scene, ""
    kept = [link for link in scene.links if link.kind != "flow"]
    if len(kept) > MAX_EDGES:
        raise TooLarge(_refusal(f"{len(kept):,} edges without its flows", f"{MAX_EDGES:,} edges"))
    flows = len({link.element for link in scene.links if link.kind == "flow"})
    note = (f"{flows:,} flows not drawn: {len(scene.links):,} edges is past the layout budget of {MAX_EDGES:,}; "
            f"`archlint graph FILE --format dot` lists them all")
    return dataclasses.replace(scene, title=f"{scene.title}\n{note}", links=kept), note


def _refusal(size: str, limit: str) -> str:
    return (f"not drawn: {size} is past the layout budget of {limit} (Graphviz would take minutes and gigabytes); "
            f"split the blueprint, or draw it anyway without limits: `archlint graph FILE --format dot | dot -Tsvg -o FILE.svg`")
