"""JSON Schema of the blueprint format, derived from the catalog.

Editors use it through `# yaml-language-server: $schema=...`; the loader stays
the authority (it also checks references, CIDRs and placement, which a schema
cannot express). Three choices keep editors in agreement with the loader:

- An overlay (a file with `extends`) writes only what differs from its base:
  no key is required in it and any value may be `null` (which removes it).
- Editors read YAML 1.2, where `yes`/`on`/`off` are strings; the loader reads
  YAML 1.1, where they are booleans: booleans accept those spellings too.
- One mistake, one error: alternatives are chosen by the value's JSON type or
  the component's `type` (`if`/`then`), never by `oneOf`/`anyOf`, whose
  failures editors list branch by branch.
"""
from __future__ import annotations

import json
from typing import Any

from .catalog import AUTH_METHODS, CATALOG, ENGINES, ENVIRONMENTS, SERVICE_PRINCIPAL, TIERS
from . import format as fmt
from .format import MAX_COUNT, MAX_NAME_LENGTH, MAX_PORT, MAX_RATE, MAX_RETENTION_DAYS, Section

ID = {"type": "string", "pattern": r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", "maxLength": MAX_NAME_LENGTH}
DURATION = {"type": ["string", "integer"], "pattern": r"^\d+[smhd]?$"}
ENVIRONMENT = {"enum": [*ENVIRONMENTS, *fmt.ENV_ALIASES]}
IDS = {"type": "array", "items": ID}
COUNT = {"type": "integer", "minimum": 1, "maximum": MAX_COUNT}
RATE = {"type": "integer", "minimum": 1, "maximum": MAX_RATE}
EXT = "^x-"
# What YAML 1.1 (the loader) reads as a boolean, spelt as YAML 1.2 (editors) reads it: a string.
YAML11_BOOLEAN_WORDS = [f(word) for word in ("yes", "no", "true", "false", "on", "off") for f in (str.lower, str.title, str.upper)]
BOOLEAN = {"enum": [True, False, *YAML11_BOOLEAN_WORDS]}


def _by_type(schemas: dict[str, dict]) -> dict:
    """A value that may be one of several JSON types, checked by the schema for its type: one error, not one per branch."""
    return {"type": list(schemas), "allOf": [{"if": {"type": kind}, "then": schema} for kind, schema in schemas.items()]}


def _object(properties: dict, required: list[str] | None = None) -> dict:
    schema = {"type": "object", "properties": properties, "patternProperties": {EXT: {}}, "additionalProperties": False}
    if required:
        schema["required"] = required
    return schema


def _section(section: Section, properties: dict) -> dict:
    """The object for a section of the format: its keys from the format, each with the schema given for it."""
    if set(properties) != set(section.keys):
        raise ValueError(f"schema properties {sorted(properties)} differ from the format's keys {sorted(section.keys)}")
    return _object({key: properties[key] for key in section.keys}, list(section.required))


def _map_of(value: dict) -> dict:
    return {"type": "object", "propertyNames": ID, "additionalProperties": value}


COMPONENT_PROPERTIES = {
    "type": {"enum": list(CATALOG)},
    "label": {"type": "string"},
    "region": ID,
    "subnets": IDS,
    "azs": {"type": "array", "items": {"type": "string"}},
    "count": COUNT,
    "autoscaling": _section(fmt.AUTOSCALING, {"min": {"type": "integer", "minimum": 0, "maximum": MAX_COUNT}, "max": COUNT}),
    "multi_az": BOOLEAN,
    "public": BOOLEAN,
    "tier": {"enum": list(TIERS)},
    "role": {"type": "string"},
    "encrypted": BOOLEAN,
    "backup": _section(fmt.BACKUP, {"pitr": BOOLEAN, "retention_days": {"type": "integer", "minimum": 1, "maximum": MAX_RETENTION_DAYS},
                                    "snapshots": {"enum": list(fmt.SNAPSHOT_SCHEDULES)}, "cross_region": BOOLEAN}),
    "replica_of": ID,
    "global_table_regions": IDS,
    "dlq": ID,
    "throttle": _section(fmt.THROTTLE, {"rate": RATE, "burst": RATE}),
    "waf": ID,
    "sla": {"type": "number", "exclusiveMinimum": 0, "maximum": 100},
    "critical": BOOLEAN,
    "tags": {"type": "object", "additionalProperties": {"type": ["string", "number", "boolean"]}},
    "engine": {"enum": sorted({engine for engines in ENGINES.values() for engine in engines})},
}

PORT_NUMBER = {"minimum": 1, "maximum": MAX_PORT}
PORT_RANGE = f"^{fmt.PORT_RANGE}$"
PORT = _by_type({"integer": PORT_NUMBER, "string": {"pattern": PORT_RANGE}})
FLOW = _by_type({
    "string": {"pattern": r"^\s*\S+\s*->\s*\S+\s*$"},
    "object": _section(fmt.FLOW, {
        "from": _by_type({"string": ID, "array": IDS}), "to": _by_type({"string": ID, "array": IDS}),
        "port": _by_type({"integer": PORT_NUMBER, "string": {"pattern": f"{PORT_RANGE}|^all$"}, "array": {"items": PORT}}),
        "protocol": {"type": "string", "pattern": f"^{fmt.PROTOCOL}$"},
        "actions": {"type": "array", "items": {"type": "string"}},
        "async": BOOLEAN, "tls": BOOLEAN, "label": {"type": "string"},
        "auth": {"enum": list(AUTH_METHODS)},
    }),
})


def _keys_only(keys) -> dict:
    """An object with these keys (and `x-` extensions) only; an unknown key is one error naming it."""
    return {"properties": {key: {} for key in sorted(keys)}, "patternProperties": {EXT: {}}, "additionalProperties": False}


def _type_keys(name: str, keys: frozenset) -> dict:
    """The keys a type takes and, for typed engines, the engines it accepts."""
    schema = _keys_only(keys)
    if name in ENGINES:
        schema["properties"]["engine"] = {"enum": list(ENGINES[name])}
    return schema


def _component() -> dict:
    per_type = [{"if": {"properties": {"type": {"const": name}}}, "then": _type_keys(name, info.keys)}
                for name, info in CATALOG.items()]
    # Without a known `type` (an overlay changing a base component, or a misspelt type) any component key is allowed.
    return {"type": "object", "required": ["type"], "properties": COMPONENT_PROPERTIES,
            "if": {"required": ["type"], "properties": {"type": {"enum": list(CATALOG)}}},
            "then": {"allOf": per_type}, "else": _keys_only(COMPONENT_PROPERTIES)}


def overlay(schema: Any) -> Any:
    """The same schema for an overlay: nothing required, `null` anywhere a value may be written."""
    if isinstance(schema, list):
        return [overlay(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    # `if` conditions are left as they are: they select a branch, they do not require anything.
    relaxed = {key: value if key == "if" else overlay(value) for key, value in schema.items() if key != "required"}
    for key in ("properties", "patternProperties"):
        if key in schema:
            relaxed[key] = {name: _or_null(overlay(value)) for name, value in schema[key].items()}
    if isinstance(schema.get("additionalProperties"), dict):
        relaxed["additionalProperties"] = _or_null(overlay(schema["additionalProperties"]))
    return relaxed


def requirements(schema: Any) -> Any:
    """What `overlay` relaxed, alone: the required keys, and values that are not `null`.
    Checked besides the relaxed schema, so that no mistake is reported twice."""
    if not isinstance(schema, dict):
        return schema
    kept: dict = {key: schema[key] for key in ("required", "if") if key in schema}
    for key in ("properties", "patternProperties"):
        if key in schema:
            kept[key] = {name: {"not": {"type": "null"}, **requirements(value)} for name, value in schema[key].items()}
    if isinstance(schema.get("additionalProperties"), dict):
        kept["additionalProperties"] = {"not": {"type": "null"}, **requirements(schema["additionalProperties"])}
    for key in ("items", "then", "else"):
        if isinstance(schema.get(key), dict):
            kept[key] = requirements(schema[key])
    if "allOf" in schema:
        kept["allOf"] = [requirements(part) for part in schema["allOf"]]
    return kept


def _or_null(schema: dict) -> dict:
    """The schema, also accepting `null`: every other keyword here applies to one JSON type only."""
    if "type" in schema:
        kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        return {**schema, "type": [*kinds, "null"]}
    if "enum" in schema:
        return {**schema, "enum": [*schema["enum"], None]}
    if "const" in schema:
        return {key: value for key, value in schema.items() if key != "const"} | {"enum": [schema["const"], None]}
    return schema


def blueprint_schema() -> dict:
    subnet = _section(fmt.SUBNET, {"az": {"type": "string"}, "cidr": {"type": "string"}, "public": BOOLEAN})
    network = _section(fmt.NETWORK, {"region": ID, "cidr": {"type": "string"}, "environment": ENVIRONMENT,
                                     "flow_logs": BOOLEAN, "subnets": _map_of(subnet)})
    gateway = _section(fmt.TRANSIT_GATEWAY, {"region": ID, "attachments": IDS, "peer_with": IDS})
    grant = _section(fmt.GRANT, {"actions": {"type": "array", "items": {"type": "string"}}, "resources": {"type": "array", "items": {"type": "string"}}})
    role = _section(fmt.ROLE, {"attached_to": IDS, "assumed_by": {"type": "string", "pattern": f"^{SERVICE_PRINCIPAL}$"},
                               "allow": {"type": "array", "items": grant}})
    waiver = _section(fmt.WAIVER, {"rule": {"type": "string"}, "element": {"type": "string"}, "reason": {"type": "string", "minLength": 1},
                                   "expires": {"type": "string", "format": "date"}})
    full = _section(fmt.TOP, {
            "blueprint": {"type": "string", "pattern": f"^{fmt.BLUEPRINT_NAME}$", "maxLength": MAX_NAME_LENGTH},
            "version": {"const": 1},
            "description": {"type": "string"},
            "extends": {"type": "string"},
            "environment": ENVIRONMENT,
            "targets": _section(fmt.TARGETS, {"availability": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 100},
                                              "rpo": DURATION, "rto": DURATION}),
            "regions": _map_of(_section(fmt.REGION, {"azs": {"type": "array", "items": {"type": "string"}, "minItems": 1},
                                                     "role": {"enum": list(fmt.REGION_ROLES)}})),
            "networks": _map_of(network),
            "connectivity": _section(fmt.CONNECTIVITY, {"peerings": {"type": "array", "items": {"type": "array", "items": ID, "minItems": 2, "maxItems": 2}},
                                     "transit_gateways": _map_of(gateway)}),
            "components": _map_of(_component()),
            "flows": {"type": "array", "items": FLOW},
            "iam": _map_of(role),
            "waivers": {"type": "array", "items": waiver},
            "organization": _section(fmt.ORGANIZATION, {service: BOOLEAN for service in fmt.ORGANIZATION.keys}),
        })
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://archlint.dev/schema/blueprint-v1.json",
        "title": "archlint blueprint (format version 1)",
        **overlay(full),
        # A blueprint of its own (no `extends`) also has every required key, and no `null`.
        "if": {"not": {"required": ["extends"]}},
        "then": requirements(full),
    }


def schema_text() -> str:
    return json.dumps(blueprint_schema(), indent=2, sort_keys=True) + "\n"
