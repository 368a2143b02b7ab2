"""`archlint import --update`: re-import into a blueprint people have edited.

An element the importer wrote carries `x-source`; an element without it was
added by hand and is kept as it is. For an imported element, the keys the
importer derives from the IaC (placement, counts, attributes, ports) take the
IaC's current value, or go when the IaC no longer says them; every other key
(label, critical, role, tags, tier, sla, auth, actions...) is a hand edit and
stays. Elements the IaC no longer has are dropped, and so are hand-made
flows and grants that pointed at them (each one said on standard error).
Comments next to or above a key or a list item are carried to the same key or
item in the new text, so `# archlint: ignore[...]` lines keep working.
"""
from __future__ import annotations

import re
from typing import Any, Callable, Iterator

from .writer import HEADER_PREFIXES, blueprint_text
from ..loading import display_path
from ..yaml_reader import LoadError, Pos, Problem, YMap, YSeq, parse, read_text

SOURCE_KEY = "x-source"
_PLACED = {"region", "cidr", SOURCE_KEY}
# The keys the importer writes for each kind of element: the IaC owns them.
IMPORTED_KEYS = {
    "components": frozenset({"type", "subnets", "azs", "count", "autoscaling", "multi_az", "encrypted", "backup",
                             "global_table_regions", "replica_of", "dlq", "waf", "public", SOURCE_KEY}),
    "networks": frozenset({*_PLACED, "flow_logs", "subnets"}),
    "subnets": frozenset({"az", "cidr", "public", SOURCE_KEY}),
    "transit_gateways": frozenset({"region", "attachments", SOURCE_KEY}),
    "flows": frozenset({"from", "to", "port", "protocol", "async", SOURCE_KEY}),
    "iam": frozenset({"attached_to", "allow", SOURCE_KEY}),
}
_COMMENT_RE = re.compile(r"""^(?:[^#'"]|'[^']*'|"(?:[^"\\]|\\.)*")*?\s(#.*)$""")

Path = tuple[str, ...]


# -- reading the blueprint people keep ------------------------------------------------
def read_kept(path: str) -> tuple[dict[str, Any], dict[Path, list[str]]]:
    """The blueprint's data and its comments by path; LoadError (with positions) when it is not YAML."""
    shown = display_path(path)
    source = parse(read_text(path, shown), shown)
    return plain(source.root), comments_by_path(source.text, source.root)


def plain(value: Any) -> Any:
    """Positioned YAML values as plain data, so that they can be written again."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


# -- merging --------------------------------------------------------------------
def merged_blueprint(kept: dict[str, Any], fresh: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The kept blueprint with what the IaC says now; and a note per hand edit that had to go."""
    merged: dict[str, Any] = {}
    for key, value in kept.items():
        merged[key] = _TOP_LEVEL.get(key, lambda k, f: k)(value, fresh.get(key)) if key in fresh else value
    for key, value in fresh.items():
        merged.setdefault(key, value)
    notes = drop_dangling(merged)
    return merged, notes


def merged_map(kept: Any, fresh: dict | None, kind: str) -> dict:
    """Elements by id: hand-added ones stay, imported ones follow the IaC, new ones are appended."""
    kept, fresh = kept if isinstance(kept, dict) else {}, fresh or {}
    result: dict[str, Any] = {}
    for eid, element in kept.items():
        if eid in fresh:
            result[eid] = merged_element(element, fresh[eid], kind)
        elif not is_imported(element):
            result[eid] = element
    for eid, element in fresh.items():
        result.setdefault(eid, element)
    return result


def merged_element(kept: Any, fresh: dict, kind: str) -> dict:
    """The IaC's keys from `fresh`, the hand-written keys from `kept`, in the kept order."""
    if not isinstance(kept, dict):
        return fresh
    owned = IMPORTED_KEYS[kind]
    result = {key: fresh[key] if key in owned else value for key, value in kept.items() if key not in owned or key in fresh}
    for key, value in fresh.items():
        result.setdefault(key, value)
    if kind == "networks":
        result["subnets"] = merged_map(kept.get("subnets"), fresh.get("subnets"), "subnets")
    return result


def is_imported(element: Any) -> bool:
    return isinstance(element, dict) and SOURCE_KEY in element


def merged_flows(kept: Any, fresh: list | None) -> list:
    remaining = {flow_key(f): f for f in fresh or []}
    result = []
    for flow in kept if isinstance(kept, list) else []:
        key = flow_key(flow)
        if key in remaining:
            result.append(merged_element(flow, remaining.pop(key), "flows"))
        elif not is_imported(flow):
            result.append(flow)
    return result + list(remaining.values())


def flow_key(flow: Any) -> tuple[str, str]:
    """(from, to) of a flow in either form; lists of ends are a hand-written flow of their own."""
    if isinstance(flow, str) and "->" in flow:
        source, target = flow.split("->", 1)
        return source.strip(), target.strip()
    if isinstance(flow, dict):
        return str(flow.get("from")), str(flow.get("to"))
    return str(flow), ""


def merged_regions(kept: Any, fresh: dict | None) -> dict:
    """Hand-added regions and roles stay; a region's AZs are what either names."""
    result = dict(kept) if isinstance(kept, dict) else {}
    for region, spec in (fresh or {}).items():
        old = result.get(region)
        if isinstance(old, dict) and isinstance(old.get("azs"), list):
            result[region] = {**old, "azs": sorted({*old["azs"], *spec["azs"]})}
        else:
            result[region] = spec
    return result


def merged_connectivity(kept: Any, fresh: dict | None) -> dict:
    kept, fresh = kept if isinstance(kept, dict) else {}, fresh or {}
    result = {**kept, **{k: v for k, v in fresh.items() if k not in kept}}
    if "transit_gateways" in fresh or "transit_gateways" in kept:
        result["transit_gateways"] = merged_map(kept.get("transit_gateways"), fresh.get("transit_gateways"), "transit_gateways")
    peerings = [list(p) for p in fresh.get("peerings", [])]
    peerings += [p for p in kept.get("peerings", []) if isinstance(p, list) and sorted(p) not in map(sorted, peerings)]
    if peerings:
        result["peerings"] = peerings
    return {k: v for k, v in result.items() if v}


_TOP_LEVEL: dict[str, Callable[[Any, Any], Any]] = {
    "regions": merged_regions,
    "networks": lambda kept, fresh: merged_map(kept, fresh, "networks"),
    "connectivity": merged_connectivity,
    "components": lambda kept, fresh: merged_map(kept, fresh, "components"),
    "flows": merged_flows,
    "iam": lambda kept, fresh: merged_map(kept, fresh, "iam"),
}


def drop_dangling(data: dict[str, Any]) -> list[str]:
    """Hand-made flows and grants that named a component the IaC no longer has go, with a note."""
    components = set(data.get("components") or {})
    notes = []
    kept_flows = []
    for flow in data.get("flows") or []:
        missing = [end for end in flow_ends(flow) if end not in components]
        if missing:
            notes.append(f"flow {'->'.join(flow_key(flow))} dropped: {', '.join(missing)} no longer imported")
        else:
            kept_flows.append(flow)
    if "flows" in data:
        data["flows"] = kept_flows
    for rid, role in (data.get("iam") or {}).items():
        if isinstance(role, dict) and isinstance(role.get("attached_to"), list):
            gone = [c for c in role["attached_to"] if c not in components]
            if gone:
                role["attached_to"] = [c for c in role["attached_to"] if c in components]
                notes.append(f"role {rid}: no longer attached to {', '.join(gone)} (no longer imported)")
    return notes


def flow_ends(flow: Any) -> list[str]:
    if not isinstance(flow, dict):
        return [end for end in flow_key(flow) if end]
    sides = (flow.get(side) for side in ("from", "to"))
    return [str(end) for value in sides for end in (value if isinstance(value, list) else [value])]


# -- comments --------------------------------------------------------------------
def comments_by_path(text: str, root: Any) -> dict[Path, list[str]]:
    """Comment lines above a key or list item, and the comment at the end of its line, by its path."""
    lines = text.splitlines()
    paths = line_paths(root)
    found: dict[Path, list[str]] = {}
    pending: list[str] = []
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if stripped.startswith("#"):
            if not stripped.startswith(HEADER_PREFIXES):
                pending.append(stripped)
            continue
        if not stripped or number not in paths:
            continue
        trailing = _COMMENT_RE.match(line)
        found[paths[number]] = [*pending, *([f"\t{trailing.group(1)}"] if trailing else [])]
        pending = []
    return {path: notes for path, notes in found.items() if notes}


def line_paths(root: Any) -> dict[int, Path]:
    """The first key or list item written on each line, by its path from the root."""
    found: dict[int, Path] = {}
    for line, path in walk_positions(root, ()):
        found.setdefault(line, path)
    return found


def walk_positions(value: Any, path: Path) -> Iterator[tuple[int, Path]]:
    if isinstance(value, YMap):
        for key, item in value.items():
            yield value.key_marks[key].line + 1, (*path, str(key))
            yield from walk_positions(item, (*path, str(key)))
    elif isinstance(value, YSeq):
        for index, item in enumerate(value):
            step = item_identity(item, index)
            yield value.item_marks[index].line + 1, (*path, step)
            yield from walk_positions(item, (*path, step))


def item_identity(item: Any, index: int) -> str:
    """A list item's name that survives reordering: a flow's ends, a waiver's rule and element."""
    if isinstance(item, str) and "->" in item or isinstance(item, dict) and "from" in item:
        return "->".join(flow_key(plain(item)))
    if isinstance(item, dict) and "rule" in item:
        return f"{item.get('rule')}@{item.get('element')}"
    return f"[{index}]" if isinstance(item, (dict, list)) else str(item)


def with_comments(text: str, comments: dict[Path, list[str]]) -> str:
    """The new text with each kept comment above, or at the end of, the line of its path."""
    if not comments:
        return text
    paths = line_paths(parse(text, "<imported>").root)
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        notes = comments.get(paths.get(number, ()), [])
        indent = line[:len(line) - len(line.lstrip())]
        out += [indent + note for note in notes if not note.startswith("\t")]
        out.append(line + "".join(f"  {note[1:]}" for note in notes if note.startswith("\t")))
    return "\n".join(out) + "\n"


def updated_text(path: str, fresh: dict[str, Any], head: str) -> tuple[str, list[str]]:
    """The blueprint at `path` re-imported: its text (new header, kept comments) and the notes to show."""
    kept, comments = read_kept(path)
    if not isinstance(kept, dict):
        raise LoadError([Problem(Pos(display_path(path), 1, 1), "the blueprint to update is not a YAML map")])
    merged, notes = merged_blueprint(kept, fresh)
    return with_comments(blueprint_text(merged, head), comments), notes
