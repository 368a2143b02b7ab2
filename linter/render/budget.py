"""How much a diagram may ask of Graphviz, decided from counts before any layout.

`dot`'s layout time grows steeply with edges: a few hundred components with a
flow between every pair (tens of thousands of edges) keep it busy for many
minutes and gigabytes, and even 500 edges placed at random among 200 nodes
take it past a minute. Real blueprints draw a few dozen edges. Past the
budget, the full placement (every component once per AZ, every flow) would
also be too large to read: the blueprint is drawn as its overview instead
(one node per component, grouped by region, VPC and tier, one edge per pair;
`views.py`) at the largest size a diagram takes rather than a README column,
with a title note saying so; past the budget even then, the
overview is drawn without its flows, and past the node budget the blueprint
is refused. The time and memory limits on the Graphviz process
(`output.py`) bound whatever slips past the counts.
"""
from __future__ import annotations

import dataclasses

from ..model import Blueprint
from .layout import Scene, build_scene
from .output import RenderError
from .views import scene_for

MAX_EDGES = 1_000
MAX_NODES = 2_000
FULL_GRAPH = "`archlint graph FILE --format dot` has all of it"


class TooLarge(RenderError):
    """A diagram past what archlint lays out, even as an overview without its flows."""


def fit(blueprint: Blueprint) -> tuple[Scene, str]:
    """The scene to draw of `blueprint` and, when it is not the full placement, a note saying why."""
    placement = build_scene(blueprint)
    if _within_budget(placement):
        return placement, ""
    overview = dataclasses.replace(scene_for(blueprint, "overview"), max_width=None)  # not shrunk to a README column
    if overview.node_count > MAX_NODES:
        raise TooLarge(_refusal(f"{overview.node_count:,} nodes", f"{MAX_NODES:,} nodes"))
    too_large = f"the full placement has {_past_budget(placement)}"
    if len(overview.links) <= MAX_EDGES:
        return _with_note(overview, f"overview: {too_large}; {FULL_GRAPH}")
    flows = len({link.element for link in placement.links if link.kind == "flow"})
    return _with_note(dataclasses.replace(overview, links=[]),
                      f"overview, {flows:,} flows not drawn: {too_large}, the overview {_past_budget(overview)}; {FULL_GRAPH}")


def _within_budget(scene: Scene) -> bool:
    return not _past_budget(scene)


def _past_budget(scene: Scene) -> str:
    """What of `scene` is past the budget (`1,234 edges (budget 1,000)`), or "" when it fits."""
    counts = ((scene.node_count, MAX_NODES, "nodes"), (len(scene.links), MAX_EDGES, "edges"))
    return " and ".join(f"{count:,} {what} (budget {limit:,})" for count, limit, what in counts if count > limit)


def _with_note(scene: Scene, note: str) -> tuple[Scene, str]:
    return dataclasses.replace(scene, title=f"{scene.title}\n{note}"), note


def _refusal(size: str, limit: str) -> str:
    return (f"not drawn: {size} is past the layout budget of {limit} (Graphviz would take minutes and gigabytes); "
            f"split the blueprint, or draw it anyway without limits: `archlint graph FILE --format dot | dot -Tsvg -o FILE.svg`")
