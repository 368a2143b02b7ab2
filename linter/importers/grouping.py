"""From resources to the blueprint's places and components.

Grouping is what an architect does when reading a template: a VPC and its
subnets become a network (a subnet is public when its route table sends
traffic to an internet gateway, or when it gives instances public IPs), the
instances of an Aurora cluster become one component with a count, an ASG spans
its subnets, an EKS cluster takes the placement of its node groups, and one
NAT gateway per AZ stays one component per AZ (per-AZ siblings, as the rules
define them). Resources that only configure another (launch configurations,
target groups, subnet groups, mount targets) are folded into the component
they configure, so that flows through them land on it.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from .resources import Imported, Resource, references
from .aws_types import BY_TYPE, SUPPORTING_TYPES, lookup
from .cloudformation import region_azs
from ..catalog import CATALOG

BACKUP_TYPES = frozenset({"aws.rds", "aws.aurora", "aws.documentdb", "aws.elasticache", "aws.redshift"})
NETWORK_ATTACHED = frozenset({"aws.ec2", "aws.asg", "aws.ecs", "aws.eks", "aws.lambda", "aws.alb", "aws.nlb",
                              "aws.vpc_endpoint", "aws.rds", "aws.aurora", "aws.documentdb", "aws.elasticache",
                              "aws.opensearch", "aws.redshift", "aws.msk", "aws.dms", "aws.efs"})


@dataclass
class Design:
    """The blueprint being built, as plain data, with what the flow step needs to know."""

    name: str
    region: str
    networks: dict[str, dict] = field(default_factory=dict)
    subnet_network: dict[str, str] = field(default_factory=dict)
    components: dict[str, dict] = field(default_factory=dict)
    flows: dict[tuple[str, str], dict] = field(default_factory=dict)
    peerings: list[list[str]] = field(default_factory=list)
    transit_gateways: dict[str, dict] = field(default_factory=dict)
    extra_regions: set[str] = field(default_factory=set)
    sg_members: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    owner: dict[str, str] = field(default_factory=dict)  # folded resource id -> the component it configures
    subnet_nat: dict[str, list[str]] = field(default_factory=dict)  # subnet -> NAT gateways its routes use
    roles: dict[str, dict] = field(default_factory=dict)  # the blueprint's `iam`

    def component_of(self, rid: str) -> str | None:
        """The component a resource is, or configures."""
        rid = self.owner.get(rid, rid)
        return rid if rid in self.components else None

    def targets(self, value: Any) -> list[str]:
        """Components a value refers to, in order, without repeats."""
        return list(dict.fromkeys(c for c in map(self.component_of, references(value)) if c))


class Grouper:
    def __init__(self, imported: Imported, name: str):
        self.imported = imported
        self.design = Design(name, imported.region)
        self.by_id = {r.id: r for r in imported.resources}
        self.by_role: dict[str, list[Resource]] = defaultdict(list)
        for resource in imported.resources:
            typed = lookup(resource.type)
            self.by_role[typed.kind.role if typed else "unknown"].append(resource)

    def field(self, resource: Resource, name: str) -> Any:
        typed = lookup(resource.type)
        path = typed.path(name) if typed else ""
        return resource.get(path) if path else None

    def refs(self, resource: Resource, name: str) -> list[str]:
        return list(dict.fromkeys(references(self.field(resource, name))))

    def build(self) -> Design:
        self.report_unknown()
        self.networks()
        self.components()
        self.fold_members()
        self.fold_configuration()
        self.connectivity()
        return self.design

    def report_unknown(self) -> None:
        unknown = sorted({r.type for r in self.by_role["unknown"] if r.type not in SUPPORTING_TYPES})
        for kind in unknown:
            ids = [r.source.id for r in self.by_role["unknown"] if r.type == kind]
            self.imported.skipped.append(f"{kind}: no blueprint type; not imported ({', '.join(ids[:5])}{', ...' if len(ids) > 5 else ''})")

    # -- networks ----------------------------------------------------------------
    def networks(self) -> None:
        for vpc in self.by_role["network"]:
            cidr = self.field(vpc, "cidr")
            self.design.networks[vpc.id] = {"region": self.design.region, "cidr": str(cidr), "flow_logs": False,
                                            "subnets": {}, "x-source": vpc.source.as_dict()}
        for log in self.by_role["flow_log"]:
            for vpc_id in self.refs(log, "vpc"):
                if vpc_id in self.design.networks:
                    self.design.networks[vpc_id]["flow_logs"] = True
        routes = self.route_targets()
        public_tables = {t for t, targets in routes.items() if any(self.role_of(x) == "internet_gateway" for x in targets)}
        table_of = {s: t for a in self.by_role["route_assoc"] for s in self.refs(a, "subnet") for t in self.refs(a, "table")}
        for subnet in self.by_role["subnet"]:
            self.subnet(subnet, table_of.get(subnet.id) in public_tables)
            self.design.subnet_nat[subnet.id] = [x for x in routes.get(table_of.get(subnet.id, ""), [])
                                                 if self.role_of(x) == "component" and self.by_id[x].type in ("AWS::EC2::NatGateway", "aws_nat_gateway")]

    def role_of(self, rid: str) -> str | None:
        resource = self.by_id.get(rid)
        typed = lookup(resource.type) if resource else None
        return typed.kind.role if typed else None

    def route_targets(self) -> dict[str, list[str]]:
        """Route table -> what its routes send traffic to (gateways, NAT gateways)."""
        found: dict[str, list[str]] = defaultdict(list)
        for route in self.by_role["route"]:
            for table in self.refs(route, "table"):
                found[table].extend(self.refs(route, "target"))
        for route_table in self.by_role["route_table"]:
            found[route_table.id].extend(self.refs(route_table, "routes"))
        return found

    def subnet(self, subnet: Resource, routed_public: bool) -> None:
        vpcs = [v for v in self.refs(subnet, "vpc") if v in self.design.networks]
        if not vpcs:
            self.imported.skipped.append(f"subnet {subnet.source.id}: its VPC is not created here; not imported")
            return
        az = str(self.field(subnet, "az") or "")
        if not az.startswith(self.design.region):
            fallback = region_azs(self.design.region)[len(self.design.subnet_network) % 3]
            self.imported.assumptions.append(f"subnet {subnet.source.id}: AZ {az or '(none)'} unknown; placed in {fallback}")
            az = fallback
        entry: dict[str, Any] = {"az": az, "cidr": str(self.field(subnet, "cidr"))}
        if routed_public or self.field(subnet, "public_ip") in (True, "true"):
            entry["public"] = True
        entry["x-source"] = subnet.source.as_dict()
        self.design.networks[vpcs[0]]["subnets"][subnet.id] = entry
        self.design.subnet_network[subnet.id] = vpcs[0]

    # -- components ----------------------------------------------------------------
    def components(self) -> None:
        for resource in self.by_role["component"]:
            if resource.type == "AWS::RDS::DBInstance" and self.refs(resource, "cluster"):
                continue  # an Aurora instance: counted on its cluster
            catalog = BY_TYPE[resource.type].kind.catalog  # grouped by its type, so the type is known
            if catalog == "aws.alb" and str(self.field(resource, "lb_type") or "").lower() == "network":
                catalog = "aws.nlb"
            component: dict[str, Any] = {"type": catalog}
            self.place(resource, component)
            self.attributes(resource, component)
            component["x-source"] = resource.source.as_dict()
            self.design.components[resource.id] = component
            for group in self.refs(resource, "security_groups"):
                self.design.sg_members[group].append(resource.id)

    def subnets_of(self, resource: Resource) -> list[str]:
        direct = self.refs(resource, "subnets")
        for group in self.refs(resource, "subnet_group"):
            direct += self.refs(self.by_id[group], "subnets") if group in self.by_id else []
        return [s for s in dict.fromkeys(direct) if s in self.design.subnet_network]

    def place(self, resource: Resource, component: dict) -> None:
        catalog = component["type"]
        keys = CATALOG[catalog].keys
        subnets = self.subnets_of(resource)
        if subnets and "subnets" in keys:
            component["subnets"] = subnets
        elif CATALOG[catalog].scope == "zonal" and catalog != "aws.lambda":
            component["azs"] = [self.design.region + "a"]
            self.imported.assumptions.append(f"{resource.source.id}: no subnets in this template; placed in one AZ")
        if catalog in ("aws.alb", "aws.nlb") and str(self.field(resource, "internal")).lower() in ("internal", "true"):
            component["public"] = False

    def attributes(self, resource: Resource, component: dict) -> None:
        catalog, keys = component["type"], CATALOG[component["type"]].keys
        low, high = _int(self.field(resource, "min")), _int(self.field(resource, "max"))
        if low is not None and "autoscaling" in keys:
            self.scaling(resource, component, low, max(high or low, low))
        count = _int(self.field(resource, "count"))
        if count and count > 1 and "count" in keys:
            component["count"] = count
        multi_az = _bool(self.field(resource, "multi_az"))
        if multi_az is not None and "multi_az" in keys and CATALOG[catalog].managed_standby:
            component["multi_az"] = multi_az
        encrypted = self.encrypted(resource)
        if encrypted is not None and "encrypted" in keys:
            component["encrypted"] = encrypted
        backup = self.backup(resource, catalog)
        if backup:
            component["backup"] = backup
        regions = [str(r.get("Region") or r.get("region_name")) for r in self.field(resource, "replicas") or [] if isinstance(r, dict)]
        regions = [r for r in regions if r and r != self.design.region]
        if regions and "global_table_regions" in keys:
            component["global_table_regions"] = sorted(set(regions))
            self.design.extra_regions.update(regions)

    def scaling(self, resource: Resource, component: dict, low: int, high: int) -> None:
        # `min: 0` (format 1.1) is a pilot light or a scheduled job: nothing runs at rest.
        component["autoscaling"] = {"min": low, "max": max(high, 1)}

    def encrypted(self, resource: Resource) -> bool | None:
        value = self.field(resource, "encrypted")
        if value is None or value == "" or value == []:
            return None
        if isinstance(value, (dict, list)) or (isinstance(value, str) and value.lower() not in ("true", "false")):
            return value not in ("NONE", "none")  # a key, an encryption block or algorithm name
        return _bool(value)

    def backup(self, resource: Resource, catalog: str) -> dict:
        backup: dict[str, Any] = {}
        if _bool(self.field(resource, "pitr")):
            backup["pitr"] = True
        days = _int(self.field(resource, "retention"))
        if days and catalog in BACKUP_TYPES:
            backup["retention_days"] = days
        return backup

    # -- folding -------------------------------------------------------------------
    def fold_members(self) -> None:
        """Cluster instances give their cluster a count; node groups give EKS its placement."""
        members: dict[str, int] = defaultdict(int)
        for resource in [*self.by_role["db_member"], *[r for r in self.by_role["component"] if r.type == "AWS::RDS::DBInstance"]]:
            for cluster in self.refs(resource, "cluster"):
                if cluster in self.design.components:
                    members[cluster] += 1
                    self.design.owner[resource.id] = cluster
        for cluster, count in members.items():
            if count > 1:
                self.design.components[cluster]["count"] = count
        for group in self.by_role["node_group"]:
            for cluster in self.refs(group, "cluster"):
                component = self.design.components.get(cluster)
                if component is None:
                    continue
                self.design.owner.setdefault(group.id, cluster)
                subnets = [s for s in self.refs(group, "subnets") if s in self.design.subnet_network]
                component["subnets"] = list(dict.fromkeys([*component.get("subnets", []), *subnets]))
                component.pop("azs", None)
                low, high = _int(self.field(group, "min")), _int(self.field(group, "max"))
                if low is not None:
                    self.scaling(group, component, low, max(high or low, low))

    def fold_configuration(self) -> None:
        """Launch configurations, target groups, task definitions and mount targets act for their component."""
        for resource in self.by_role["component"]:
            cid = resource.id
            for launch in self.refs(resource, "launch"):
                self.adopt(launch, cid)
            for group in self.refs(resource, "target_groups"):
                self.design.owner.setdefault(group, cid)
            for task in self.refs(resource, "task"):
                self.design.owner.setdefault(task, cid)
        for mount in self.by_role["mount_target"]:
            for filesystem in self.refs(mount, "filesystem"):
                self.adopt(mount.id, filesystem)

    def adopt(self, rid: str, cid: str) -> None:
        """`rid` configures component `cid`: its security groups and roles are the component's."""
        self.design.owner.setdefault(rid, cid)
        resource = self.by_id.get(rid)
        if resource is not None:
            for group in self.refs(resource, "security_groups"):
                if cid not in self.design.sg_members[group]:
                    self.design.sg_members[group].append(cid)

    def connectivity(self) -> None:
        for peering in self.by_role["peering"]:
            pair = [n for n in (*self.refs(peering, "vpc"), *self.refs(peering, "peer")) if n in self.design.networks]
            if len(pair) == 2:
                self.design.peerings.append(pair)
        for gateway in self.by_role["transit_gateway"]:
            self.design.transit_gateways[gateway.id] = {"region": self.design.region, "attachments": [],
                                                        "x-source": gateway.source.as_dict()}
        for attachment in self.by_role["tgw_attachment"]:
            for tgw_id in self.refs(attachment, "tgw"):
                if tgw_id in self.design.transit_gateways:
                    nets = [n for n in self.refs(attachment, "vpc") if n in self.design.networks]
                    self.design.transit_gateways[tgw_id]["attachments"].extend(nets)


def parsed_json(value: Any) -> Any:
    """Terraform keeps policies and redrive settings as JSON text."""
    if isinstance(value, str) and value.strip().startswith(("{", "[")):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value
    return value


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return None
