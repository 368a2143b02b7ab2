"""`archlint graph`: the blueprint's networkx graph as JSON, GraphML, GEXF or DOT.

Every format is deterministic: nodes and edges in sorted order, no timestamps.
"""
from __future__ import annotations

import json

import networkx as nx

from .dotescape import dot_escape
from .graph import build_graph, export_graph
from .model import Blueprint


def export(blueprint: Blueprint, fmt: str) -> str:
    graph = export_graph(build_graph(blueprint))
    return _WRITERS[fmt](graph)


def _json(graph: nx.DiGraph) -> str:
    data = nx.node_link_data(graph, edges="edges")
    return json.dumps(data, indent=2, sort_keys=True) + "\n"


def _graphml(graph: nx.DiGraph) -> str:
    return "\n".join(nx.generate_graphml(graph)) + "\n"


def _gexf(graph: nx.DiGraph) -> str:
    # GEXF writers stamp the current date; drop it so the output is reproducible.
    lines = [line for line in nx.generate_gexf(graph) if "lastmodifieddate" not in line]
    return "\n".join(lines) + "\n"


def _dot(graph: nx.DiGraph) -> str:
    lines = [f"digraph {_quote(graph.graph['name'])} {{"]
    for node, data in graph.nodes(data=True):
        lines.append(f"  {_quote(node)} [{_attributes(data)}];")
    for source, target, data in graph.edges(data=True):
        lines.append(f"  {_quote(source)} -> {_quote(target)} [{_attributes(data)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _attributes(data: dict) -> str:
    return ", ".join(f"{key}={_quote(value)}" for key, value in sorted(data.items()))


def _quote(value: object) -> str:
    text = str(value).lower() if isinstance(value, bool) else str(value)
    return f'"{dot_escape(text)}"'


_WRITERS = {"json": _json, "graphml": _graphml, "gexf": _gexf, "dot": _dot}
