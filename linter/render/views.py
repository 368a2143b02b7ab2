"""The four pictures of one blueprint (`archlint render --view`).

- `network` (the default): the full placement, region ▸ VPC ▸ AZ ▸ subnet, a
  component once per AZ it may run in (`layout.build_scene`).
- `overview`: what fits a README column: regions and VPCs, one node per
  component grouped by tier, the flows between them without labels, drawn top
  to bottom and scaled to at most `OVERVIEW_INCHES` wide. Components that take
  part in no flow (keys, trails, monitoring) are named in one note per group
  instead of drawn, so the serving path stays readable.
- `flows`: the components that take part in a flow and every flow with its
  label, no groups.
- `security`: the entry points (external components and public entry types),
  WAFs, IAM roles with the components they are attached to and the resources
  they are granted, every component with a finding, and the flows between
  them.

Pure data like `layout`: no `diagrams` import.
"""
from __future__ import annotations

from typing import Iterable

from ..findings import Finding
from ..model import Blueprint, Component
from .icons import IAM_ROLE
from .layout import Group, Item, Link, Scene, build_scene, flow_label, joined_pairs, node_key, region_group, sort_group, wrap

VIEWS = ("network", "overview", "flows", "security")
DEFAULT_VIEW = "network"
OVERVIEW_INCHES = 16.5  # x 96 dpi = 1,584 px: a README column, with GitHub's own scaling to spare
TIER_ORDER = {"edge": 0, "web": 1, "app": 2, "data": 3, "security": 4, "observability": 5}


def scene_for(blueprint: Blueprint, view: str, findings: Iterable[Finding] = ()) -> Scene:
    """The scene `view` draws of `blueprint`; `findings` choose what the security view shows."""
    if view == "overview":
        return _overview(blueprint)
    if view == "flows":
        return _flat(blueprint, _in_flows(blueprint), with_labels=True, title="flows")
    if view == "security":
        return _security(blueprint, list(findings))
    return build_scene(blueprint)


def file_stem(stem: str, view: str) -> str:
    """`core.png` for the default view, `core.overview.png` for the others."""
    return stem if view == DEFAULT_VIEW else f"{stem}.{view}"


def _title(blueprint: Blueprint, view: str) -> str:
    return f"{blueprint.name} ({blueprint.environment}) · {view}"


def _in_flows(blueprint: Blueprint) -> set[str]:
    return {end for flow in blueprint.flows for end in (flow.source, flow.target)}


def _item(component: Component, note: str = "") -> Item:
    return Item(node_key("c", component.id), "component", component.id, component.type,
                wrap(component.get("label") or component.id), note)


def _flow_links(blueprint: Blueprint, shown: set[str], with_labels: bool) -> list[Link]:
    """One edge per flow between shown components (the first flow of a pair when unlabelled)."""
    links, seen = [], set()
    for flow in blueprint.flows:
        pair = (flow.source, flow.target)
        if flow.source not in shown or flow.target not in shown or (not with_labels and pair in seen):
            continue
        seen.add(pair)
        links.append(Link(node_key("c", flow.source), node_key("c", flow.target), "flow", flow.id,
                          flow_label(flow) if with_labels else "", flow.is_async))
    return links


def _scene(blueprint: Blueprint, view: str, root: Group, links: list[Link], direction: str = "LR",
           max_width: float | None = None) -> Scene:
    return Scene(blueprint.name, _title(blueprint, view), root, links, direction, max_width)


# -- flows and security: no groups ---------------------------------------------------------
def _flat(blueprint: Blueprint, shown: set[str], with_labels: bool, title: str) -> Scene:
    root = Group("root", "root", "", "")
    root.items = [_item(blueprint.components[cid]) for cid in sorted(shown)]
    return _scene(blueprint, title, root, _flow_links(blueprint, shown, with_labels))


def _security(blueprint: Blueprint, findings: list[Finding]) -> Scene:
    components = blueprint.components
    shown = {cid for cid, c in components.items() if c.scope == "external" or c.info.public_entry is True
             or c.type == "aws.waf" or c.get("waf")}
    shown |= {f.element for f in findings if f.kind == "component" and f.element in components}
    for role in blueprint.roles.values():
        shown |= set(role.attached_to) | {r for grant in role.allow for r in grant.resources if r in components}
    scene = _flat(blueprint, shown, with_labels=True, title="security")
    for rid in sorted(blueprint.roles):
        role = blueprint.roles[rid]
        key = node_key("role", rid)
        scene.root.items.append(Item(key, "role", rid, IAM_ROLE, wrap(f"IAM role {rid}")))
        scene.links += [Link(node_key("c", cid), key, "attached", rid, "assumes", True) for cid in role.attached_to]
        scene.links += [Link(key, node_key("c", resource), "grant", rid, wrap(", ".join(grant.actions), 28))
                        for grant in role.allow for resource in grant.resources if resource in components]
    joined = joined_pairs(blueprint)
    for cid in sorted(c for c in shown if components[c].get("waf") in components):
        waf = components[cid].get("waf")
        if (waf, cid) in joined:  # a flow through the WAF already shows it
            continue
        scene.links.append(Link(node_key("c", waf), node_key("c", cid), "waf", cid, "WAF", True))
    return scene


# -- overview: regions, VPCs, tiers ------------------------------------------------------------
def _overview(blueprint: Blueprint) -> Scene:
    shown = _in_flows(blueprint)
    root = Group("root", "root", "", "")
    cloud = root.child("cloud", "cloud", "", "AWS Cloud")
    left_out: dict[str, list[str]] = {}
    for cid in sorted(blueprint.components):
        component = blueprint.components[cid]
        group = _overview_group(blueprint, component, root, cloud)
        if cid in shown:
            group.items.append(_item(component, _az_note(component)))
        else:
            left_out.setdefault(group.key, []).append(cid)
    _note_left_out(root, left_out)
    sort_group(root)
    return _scene(blueprint, "overview", root, _flow_links(blueprint, shown, with_labels=False), "TB", OVERVIEW_INCHES)


def _overview_group(blueprint: Blueprint, component: Component, root: Group, cloud: Group) -> Group:
    if component.scope == "external":
        return root
    if component.scope == "global" or component.region is None:
        return cloud
    region = region_group(cloud, blueprint, component.region)
    network_id = _network_of(blueprint, component)
    parent = region
    if network_id:
        network = blueprint.networks[network_id]
        parent = region.child(node_key("vpc", network_id), "network", network_id, f"VPC {network_id} · {network.cidr}")
    tier = component.info.tier
    group = parent.child(node_key("tier", parent.element, tier), "tier", tier, f"{tier} tier")
    group.rank = (TIER_ORDER.get(tier, 9), tier)
    return group


def _network_of(blueprint: Blueprint, component: Component) -> str | None:
    networks = sorted({blueprint.subnets[s].network for s in component.subnets if s in blueprint.subnets})
    return networks[0] if networks else None


def _az_note(component: Component) -> str:
    azs = len(component.azs)
    return f"{azs} AZs" if azs > 1 else ("1 AZ" if component.scope == "zonal" and azs else "")


def _note_left_out(root: Group, left_out: dict[str, list[str]]) -> None:
    """One line per group naming the components that take part in no flow."""
    stack = [root]
    while stack:
        group = stack.pop()
        if group.key in left_out:
            names = ", ".join(left_out[group.key])
            group.items.append(Item(node_key("also", group.key), "placeholder", group.element, "",
                                    wrap(f"also: {names}", 40)))
        stack.extend(group.groups)

