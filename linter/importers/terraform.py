"""Terraform: the JSON of `terraform show -json` (a plan or a state) into resources.

Terraform has already evaluated modules, `count` and `for_each`; what a plan
does not know yet (ids of resources to be created) it records in the
configuration as references (`aws_subnet.app.id`), which become `Ref`
values here. A state has real ids instead, matched against the ids and ARNs
of the other resources. No terraform binary is needed.
"""
from __future__ import annotations

import json
import re
from typing import Any, Iterator

from .resources import ImportFailure, Imported, Ref, Resource, Source
from .cfn_yaml import MAX_FILE_BYTES
from .grouping import parsed_json
from ..loading import display_path
from ..yaml_reader import Pos, Problem

DEFAULT_REGION = "us-east-1"
SUPPORTED_MAJOR = ("0", "1")
_ADDRESS_RE = re.compile(r'"address"\s*:\s*"([^"]+)"')
_INDEX_RE = re.compile(r'\[(?:"([^"]*)"|(\d+))\]')


def import_terraform(path: str, region: str | None = None) -> Imported:
    shown = display_path(path)
    text = _read(path, shown)
    document = _parse(text, shown)
    values = (document.get("planned_values") or document.get("values") or {}).get("root_module") or {}
    imported = Imported("terraform", shown, region or _region(document) or DEFAULT_REGION)
    found = list(_module_resources(values))
    lines = _address_lines(text)
    ids = _readable_ids([r["address"] for r in found])
    config = dict(_configured(document.get("configuration", {}).get("root_module") or {}, ""))
    for item in found:
        address = item["address"]
        props = dict(item.get("values") or {})
        expressions = config.get(_config_address(address))
        if expressions:
            _apply_references(props, expressions, _module_of(address), ids)
        source = Source(shown, lines.get(address, 1), address)
        imported.resources.append(Resource(ids[address], item["type"], props, source))
    if "configuration" not in document:
        _link_by_value(imported.resources, ids)
    return imported


def _read(path: str, shown: str) -> str:
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ImportFailure([Problem(Pos(shown, 1, 1), f"cannot read the plan: {exc.strerror}")]) from None
    if len(data) > MAX_FILE_BYTES:
        raise ImportFailure([Problem(Pos(shown, 1, 1), "file is larger than 10 MiB")])
    for encoding in ("utf-8-sig", "utf-16"):  # PowerShell writes `terraform show -json > f` as UTF-16
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFailure([Problem(Pos(shown, 1, 1), "the plan is not UTF-8 or UTF-16 text")])


def _parse(text: str, shown: str) -> dict:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFailure([Problem(Pos(shown, exc.lineno, exc.colno), f"not `terraform show -json` output: {exc.msg}")]) from None
    if not isinstance(document, dict) or "format_version" not in document:
        raise ImportFailure([Problem(Pos(shown, 1, 1), "not `terraform show -json` output: no `format_version` "
                                                      "(run `terraform show -json PLANFILE > plan.json`)")])
    version = str(document["format_version"])
    if version.split(".")[0] not in SUPPORTED_MAJOR:
        line = text[:text.find('"format_version"')].count("\n") + 1
        raise ImportFailure([Problem(Pos(shown, line, 1), f"plan format version {version} is not supported "
                                                          f"(archlint reads {', '.join(v + '.x' for v in SUPPORTED_MAJOR)})")])
    if not (document.get("planned_values") or document.get("values")):
        raise ImportFailure([Problem(Pos(shown, 1, 1), "the plan has neither `planned_values` nor `values`: nothing to import")])
    return document


def _region(document: dict) -> str | None:
    provider = ((document.get("configuration") or {}).get("provider_config") or {}).get("aws") or {}
    region = ((provider.get("expressions") or {}).get("region") or {}).get("constant_value")
    if region:
        return str(region)
    variable = (document.get("variables") or {}).get("region") or {}
    return str(variable["value"]) if isinstance(variable.get("value"), str) else None


def _module_resources(module: dict) -> Iterator[dict]:
    for resource in module.get("resources") or []:
        if resource.get("mode", "managed") == "managed" and "address" in resource:
            yield resource
    for child in module.get("child_modules") or []:
        yield from _module_resources(child)


def _address_lines(text: str) -> dict[str, int]:
    """The line where each address is first written (planned or state values come first)."""
    lines: dict[str, int] = {}
    line, last = 1, 0
    for match in _ADDRESS_RE.finditer(text):
        line += text.count("\n", last, match.start())
        last = match.start()
        lines.setdefault(match.group(1), line)
    return lines


def _readable_ids(addresses: list[str]) -> dict[str, str]:
    """`module.vpc.aws_subnet.private[0]` -> `vpc.private-0`; with the type when names collide."""
    def short(address: str, with_type: bool) -> str:
        parts = address.split(".")
        modules = [_clean(p) for i, p in enumerate(parts[:-2]) if i % 2 == 1]
        kind, name = parts[-2].removeprefix("aws_"), _clean(parts[-1])
        return ".".join([*modules, f"{kind}.{name}" if with_type else name])[:63]

    plain = {a: short(a, False) for a in addresses}
    counts: dict[str, int] = {}
    for candidate in plain.values():
        counts[candidate] = counts.get(candidate, 0) + 1
    return {a: (plain[a] if counts[plain[a]] == 1 else short(a, True)) for a in addresses}


def _clean(part: str) -> str:
    text = _INDEX_RE.sub(lambda m: "-" + (m.group(1) if m.group(1) is not None else m.group(2)), part)
    text = re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-")
    return text if text[:1].isalnum() else f"r{text}"


def _config_address(address: str) -> str:
    """The configuration address of an instance: module and resource indexes dropped."""
    return _INDEX_RE.sub("", address)


def _module_of(address: str) -> str:
    parts = _config_address(address).split(".")
    return ".".join(parts[:-2]) + ("." if len(parts) > 2 else "")


def _configured(module: dict, prefix: str) -> Iterator[tuple[str, dict]]:
    for resource in module.get("resources") or []:
        if resource.get("mode", "managed") == "managed":
            yield prefix + resource["address"], resource.get("expressions") or {}
    for name, call in (module.get("module_calls") or {}).items():
        yield from _configured(call.get("module") or {}, f"{prefix}module.{name}.")


def _apply_references(props: dict, expressions: dict, module: str, ids: dict[str, str]) -> None:
    """Put `Ref`s where the configuration refers to other resources."""
    for key, expression in expressions.items():
        if isinstance(expression, dict) and "references" in expression:
            targets = _targets(expression["references"], module, ids)
            if targets:
                props[key] = [Ref(t, (t,)) for t in targets] if len(targets) > 1 or isinstance(props.get(key), list) else Ref(targets[0], (targets[0],))
        elif isinstance(expression, list):
            current = props.get(key)
            blocks = current if isinstance(current, list) else []
            for index, block in enumerate(expression):
                if isinstance(block, dict) and index < len(blocks) and isinstance(blocks[index], dict):
                    blocks[index] = dict(blocks[index])
                    _apply_references(blocks[index], block, module, ids)
            props[key] = blocks


def _targets(references: list[str], module: str, ids: dict[str, str]) -> list[str]:
    """Resource ids named by references such as `aws_subnet.app[0].id` or `aws_subnet.app`."""
    found: list[str] = []
    for reference in references:
        parts = reference.split(".")
        if len(parts) < 2 or not parts[0].startswith("aws_"):
            continue
        base = f"{module}{parts[0]}.{parts[1]}"
        matches = [rid for address, rid in ids.items() if address == base or _config_address(address) == base]
        exact = [rid for address, rid in ids.items() if address == base]
        found.extend(exact or matches)
    return list(dict.fromkeys(found))


def _link_by_value(resources: list[Resource], ids: dict[str, str]) -> None:
    """A state has real ids: a value equal to another resource's id or ARN refers to it."""
    known = {}
    for resource in resources:
        for key in ("id", "arn"):
            value = resource.props.get(key)
            if isinstance(value, str) and value:
                known[value] = resource.id
    for resource in resources:
        resource.props = _linked(resource.props, known, resource.id)


def _linked(value: Any, known: dict[str, str], own: str) -> Any:
    if isinstance(value, str) and value in known and known[value] != own:
        return Ref(value, (known[value],))
    if isinstance(value, str) and value.startswith("{"):
        document = parsed_json(value)  # policies and redrive settings are JSON text
        return value if isinstance(document, str) else _linked(document, known, own)
    if isinstance(value, dict):
        return {k: (v if k in ("id", "arn") else _linked(v, known, own)) for k, v in value.items()}
    if isinstance(value, list):
        return [_linked(v, known, own) for v in value]
    return value
