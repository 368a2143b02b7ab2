"""The blueprint format (version 1), described once.

The sections of a blueprint, the keys each takes and which of them are
required, the enumerations and the bounds. The loader (`loading/validate/`)
checks blueprints against this description and `archlint schema` derives the
JSON Schema from it, so the two cannot disagree. Component keys per type live
in the catalog (`catalog.py`), which both read the same way.
"""
from __future__ import annotations

from typing import NamedTuple

from .catalog import ORGANIZATION_SERVICES


class Section(NamedTuple):
    """A map of the format: the keys it accepts (besides `x-` extensions) and those it requires."""

    keys: tuple[str, ...]
    required: tuple[str, ...] = ()


# `blueprint` is not listed as required: the loader checks it in the merged tree (an overlay takes it from its base).
TOP = Section(("blueprint", "version", "description", "extends", "environment", "targets", "regions",
               "networks", "connectivity", "components", "flows", "iam", "waivers", "organization"))
TARGETS = Section(("availability", "rpo", "rto"))
ORGANIZATION = Section(ORGANIZATION_SERVICES)
REGION = Section(("azs", "role"), required=("azs",))
NETWORK = Section(("region", "cidr", "environment", "flow_logs", "subnets"), required=("cidr",))
SUBNET = Section(("az", "cidr", "public"), required=("az", "cidr"))
CONNECTIVITY = Section(("peerings", "transit_gateways"))
TRANSIT_GATEWAY = Section(("region", "attachments", "peer_with"))
AUTOSCALING = Section(("min", "max"), required=("min", "max"))
THROTTLE = Section(("rate", "burst"), required=("rate", "burst"))
BACKUP = Section(("pitr", "retention_days", "snapshots", "cross_region"))
FLOW = Section(("from", "to", "port", "protocol", "actions", "async", "tls", "label", "auth"), required=("from", "to"))
ROLE = Section(("attached_to", "allow", "assumed_by"))
GRANT = Section(("actions", "resources"), required=("actions", "resources"))
WAIVER = Section(("rule", "element", "reason", "expires"), required=("rule", "element", "reason"))

REGION_ROLES = ("primary", "secondary", "dr")
SNAPSHOT_SCHEDULES = ("hourly", "daily", "weekly")
# Environment spellings accepted besides the catalog's names, and what they mean.
ENV_ALIASES = {"production": "prod"}

# Written forms, as regular expressions without anchors (the loader and the schema anchor them their own way).
BLUEPRINT_NAME = "[a-z0-9][a-z0-9-]*"
MAX_NAME_LENGTH = 63  # blueprint names and ids
PROTOCOL = "[a-z][a-z0-9-]*"
PORT_RANGE = r"\d{1,5}-\d{1,5}"
MAX_PORT = 65535

# Upper bounds: far above any real design, low enough that no arithmetic or message blows up.
MAX_COUNT = 10_000  # instances, tasks, nodes (also autoscaling min and max)
MAX_RETENTION_DAYS = 36_500  # a hundred years
MAX_RATE = 10_000_000  # API requests per second (throttle rate and burst)
