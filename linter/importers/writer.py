"""The imported blueprint as YAML a person keeps: deterministic, with a header that says what was assumed."""
from __future__ import annotations

import re
from typing import Any

import yaml

from .resources import Imported
from .cloudformation import region_azs
from .grouping import Design

_NAME_RE = re.compile(r"[^a-z0-9-]+")
# How the header's lines begin: `--update` writes a new header in place of the old one.
HEADER_PREFIXES = ("# Imported by `archlint", "# Hand edits", "# Assumed:", "# Not imported:")


def blueprint_name(path: str) -> str:
    """A valid blueprint name from a file name: `aws-refarch-wordpress-master-newvpc.yaml` keeps its stem."""
    stem = re.sub(r"\.(ya?ml|json|template)$", "", path.replace("\\", "/").rsplit("/", 1)[-1], flags=re.I)
    name = _NAME_RE.sub("-", stem.lower()).strip("-")[:63].strip("-")
    return name if name and name[0].isalnum() else f"imported-{name}".strip("-")


def blueprint_data(design: Design) -> dict[str, Any]:
    """The blueprint as plain data, in the order people read it."""
    data: dict[str, Any] = {"blueprint": design.name, "regions": regions(design)}
    if design.networks:
        data["networks"] = design.networks
    connectivity: dict[str, Any] = {}
    if design.peerings:
        connectivity["peerings"] = design.peerings
    if design.transit_gateways:
        connectivity["transit_gateways"] = design.transit_gateways
    if connectivity:
        data["connectivity"] = connectivity
    data["components"] = design.components
    if design.flows:
        data["flows"] = list(design.flows.values())
    if design.roles:
        data["iam"] = design.roles
    return data


def regions(design: Design) -> dict[str, Any]:
    used = sorted({s["az"] for n in design.networks.values() for s in n["subnets"].values()}
                  | {az for c in design.components.values() for az in c.get("azs", [])})
    found = {design.region: {"azs": used or region_azs(design.region)[:3]}}
    for region in sorted(design.extra_regions - {design.region}):
        found[region] = {"azs": region_azs(region)[:3]}
    return found


def header(imported: Imported, command: str) -> str:
    lines = [f"Imported by `archlint {command}` from {imported.file}.",
             "Hand edits (labels, externals, targets, critical, roles, waivers) survive `--update`.",
             f"Assumed: region {imported.region}"]
    lines += [f"Assumed: {a}" for a in imported.assumptions]
    lines += [f"Not imported: {s}" for s in imported.skipped]
    return "".join(f"# {line}\n" for line in lines)


def source_last(value: Any) -> Any:
    """Each element's `x-source` is written after what it describes."""
    if isinstance(value, dict):
        ordered = {k: source_last(v) for k, v in value.items() if k != "x-source"}
        if "x-source" in value:
            ordered["x-source"] = value["x-source"]
        return ordered
    if isinstance(value, list):
        return [source_last(v) for v in value]
    return value


def blueprint_text(data: dict[str, Any], head: str) -> str:
    data = source_last(data)
    body = yaml.safe_dump(data, sort_keys=False, default_flow_style=None, width=120, allow_unicode=True)
    return head + "\n" + body
