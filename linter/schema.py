"""JSON Schema of the blueprint format, derived from the catalog.

Editors use it through `# yaml-language-server: $schema=...`; the loader stays
the authority (it also checks references, CIDRs and placement, which a schema
cannot express).
"""
from __future__ import annotations

import json

from .catalog import AUTH_METHODS, CATALOG, ENGINES, ENVIRONMENTS, ORGANIZATION_SERVICES, SERVICE_PRINCIPAL, TIERS
from .loading.validate import MAX_COUNT, MAX_RATE, MAX_RETENTION_DAYS

ID = {"type": "string", "pattern": r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", "maxLength": 63}
DURATION = {"type": ["string", "integer"], "pattern": r"^\d+[smhd]?$"}
ENVIRONMENT = {"enum": [*ENVIRONMENTS, "production"]}
IDS = {"type": "array", "items": ID}
COUNT = {"type": "integer", "minimum": 1, "maximum": MAX_COUNT}
RATE = {"type": "integer", "minimum": 1, "maximum": MAX_RATE}
EXT = "^x-"


def _object(properties: dict, required: list[str] | None = None) -> dict:
    schema = {"type": "object", "properties": properties, "patternProperties": {EXT: {}}, "additionalProperties": False}
    if required:
        schema["required"] = required
    return schema


def _map_of(value: dict) -> dict:
    return {"type": "object", "propertyNames": ID, "additionalProperties": value}


COMPONENT_PROPERTIES = {
    "type": {"enum": list(CATALOG)},
    "label": {"type": "string"},
    "region": ID,
    "subnets": IDS,
    "azs": {"type": "array", "items": {"type": "string"}},
    "count": COUNT,
    "autoscaling": _object({"min": {"type": "integer", "minimum": 0, "maximum": MAX_COUNT}, "max": COUNT}, ["min", "max"]),
    "multi_az": {"type": "boolean"},
    "public": {"type": "boolean"},
    "tier": {"enum": list(TIERS)},
    "role": {"type": "string"},
    "encrypted": {"type": "boolean"},
    "backup": _object({"pitr": {"type": "boolean"}, "retention_days": {"type": "integer", "minimum": 1, "maximum": MAX_RETENTION_DAYS},
                       "snapshots": {"enum": ["hourly", "daily", "weekly"]}, "cross_region": {"type": "boolean"}}),
    "replica_of": ID,
    "global_table_regions": IDS,
    "dlq": ID,
    "throttle": _object({"rate": RATE, "burst": RATE}, ["rate", "burst"]),
    "waf": ID,
    "sla": {"type": "number", "exclusiveMinimum": 0, "maximum": 100},
    "critical": {"type": "boolean"},
    "tags": {"type": "object", "additionalProperties": {"type": ["string", "number", "boolean"]}},
    "engine": {"enum": sorted({engine for engines in ENGINES.values() for engine in engines})},
}

PORT = {"oneOf": [{"type": "integer", "minimum": 1, "maximum": 65535}, {"type": "string", "pattern": r"^\d{1,5}-\d{1,5}$"}]}
FLOW = {"oneOf": [
    {"type": "string", "pattern": r"^\s*\S+\s*->\s*\S+\s*$"},
    _object({
        "from": {"oneOf": [ID, IDS]}, "to": {"oneOf": [ID, IDS]},
        "port": {"oneOf": [PORT, {"const": "all"}, {"type": "array", "items": PORT}]},
        "protocol": {"type": "string", "pattern": "^[a-z][a-z0-9-]*$"},
        "actions": {"type": "array", "items": {"type": "string"}},
        "async": {"type": "boolean"}, "tls": {"type": "boolean"}, "label": {"type": "string"},
        "auth": {"enum": list(AUTH_METHODS)},
    }, ["from", "to"]),
]}


def _type_keys(name: str, keys: frozenset) -> dict:
    """The keys a type takes and, for typed engines, the engines it accepts."""
    schema: dict = {"propertyNames": {"anyOf": [{"enum": sorted(keys)}, {"pattern": EXT}]}}
    if name in ENGINES:
        schema["properties"] = {"engine": {"enum": list(ENGINES[name])}}
    return schema


def _component() -> dict:
    per_type = [{"if": {"properties": {"type": {"const": name}}},
                 "then": _type_keys(name, info.keys)}
                for name, info in CATALOG.items()]
    return {"type": "object", "required": ["type"], "properties": COMPONENT_PROPERTIES,
            "patternProperties": {EXT: {}}, "additionalProperties": False, "allOf": per_type}


def blueprint_schema() -> dict:
    subnet = _object({"az": {"type": "string"}, "cidr": {"type": "string"}, "public": {"type": "boolean"}}, ["az", "cidr"])
    network = _object({"region": ID, "cidr": {"type": "string"}, "environment": ENVIRONMENT,
                       "flow_logs": {"type": "boolean"}, "subnets": _map_of(subnet)}, ["cidr"])
    gateway = _object({"region": ID, "attachments": IDS, "peer_with": IDS})
    role = _object({"attached_to": IDS, "assumed_by": {"type": "string", "pattern": f"^{SERVICE_PRINCIPAL}$"}, "allow": {"type": "array", "items": _object(
        {"actions": {"type": "array", "items": {"type": "string"}}, "resources": {"type": "array", "items": {"type": "string"}}},
        ["actions", "resources"])}})
    waiver = _object({"rule": {"type": "string"}, "element": {"type": "string"}, "reason": {"type": "string", "minLength": 1},
                      "expires": {"type": "string", "format": "date"}}, ["rule", "element", "reason"])
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://archlint.dev/schema/blueprint-v1.json",
        "title": "archlint blueprint (format version 1)",
        **_object({
            "blueprint": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$", "maxLength": 63},
            "version": {"const": 1},
            "description": {"type": "string"},
            "extends": {"type": "string"},
            "environment": ENVIRONMENT,
            "targets": _object({"availability": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 100},
                                "rpo": DURATION, "rto": DURATION}),
            "regions": _map_of(_object({"azs": {"type": "array", "items": {"type": "string"}, "minItems": 1},
                                        "role": {"enum": ["primary", "secondary", "dr"]}}, ["azs"])),
            "networks": _map_of(network),
            "connectivity": _object({"peerings": {"type": "array", "items": {"type": "array", "items": ID, "minItems": 2, "maxItems": 2}},
                                     "transit_gateways": _map_of(gateway)}),
            "components": _map_of(_component()),
            "flows": {"type": "array", "items": FLOW},
            "iam": _map_of(role),
            "waivers": {"type": "array", "items": waiver},
            "organization": _object({service: {"type": "boolean"} for service in ORGANIZATION_SERVICES}),
        }),
    }


def schema_text() -> str:
    return json.dumps(blueprint_schema(), indent=2, sort_keys=True) + "\n"
