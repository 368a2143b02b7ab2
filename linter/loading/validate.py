"""Validate a (merged) blueprint tree against the format and build the model."""
from __future__ import annotations

import re
from typing import Any, Iterable

from ..catalog import AUTH_METHODS, CATALOG, ENGINES, ENVIRONMENTS, SERVICE_PRINCIPAL, TIERS
from ..checks import Checker, describe, described, did_you_mean, is_extension
from ..model import (Blueprint, Component, Flow, Grant, Network, Peering, Region, Role, Subnet,
                     TransitGateway, Waiver)
from .. import format as fmt
from ..format import ENV_ALIASES, MAX_COUNT, MAX_NAME_LENGTH, MAX_PORT, MAX_RATE, MAX_RETENTION_DAYS
from ..yaml_reader import Pos, YMap, YSeq

NAME_RE = re.compile(fmt.BLUEPRINT_NAME + r"\Z")
PROTOCOL_RE = re.compile(fmt.PROTOCOL + r"\Z")
PORT_RANGE_RE = re.compile(fmt.PORT_RANGE + r"\Z")
ACTION_RE = re.compile(r"(\*|[A-Za-z0-9*?-]+:[A-Za-z0-9*?]+)\Z")
SHORT_FLOW_RE = re.compile(r"\s*(\S+)\s*->\s*(\S+)\s*\Z")
TLS_PROTOCOLS = {"https", "tls", "grpc", "ssh", "aws-api"}
PLAINTEXT_PROTOCOLS = {"http", "ftp", "telnet", "smtp"}
SERVICE_PRINCIPAL_RE = re.compile(SERVICE_PRINCIPAL + r"\Z")


def build_blueprint(root: YMap, file: str, rule_ids: Iterable[str], checker: Checker) -> Blueprint | None:
    """Validate `root` and build the model; problems go to `checker`."""
    return _Validator(root, file, set(rule_ids), checker).run()


class _Validator:
    def __init__(self, root: YMap, file: str, rule_ids: set[str], checker: Checker):
        self.root, self.file, self.rule_ids, self.c = root, file, rule_ids, checker
        self.ids: dict[str, tuple[str, Pos]] = {}  # every id of the blueprint, for uniqueness

    def run(self) -> Blueprint | None:
        c, root = self.c, self.root
        c.keys(root, fmt.TOP.keys, "the blueprint")
        name = self.name()
        environment = c.choice(root, "environment", "the blueprint", ENVIRONMENTS, ENV_ALIASES) or "prod"
        c.string(root, "description", "the blueprint")
        if root.get("version") is not None and c.integer(root, "version", "the blueprint") not in (None, 1):
            c.error(root.value_pos("version"), "only format `version: 1` is supported")
        targets = self.targets()
        organization = self.organization()
        regions = self.regions()
        networks = self.networks(regions, environment)
        subnets = {sid: s for net in networks.values() for sid, s in net.subnets.items()}
        peerings, gateways = self.connectivity(networks, regions)
        components = self.components(regions, networks, subnets, environment)
        flows = self.flows(components)
        roles = self.roles(components)
        waivers = self.waivers()
        if name is None:
            return None
        return Blueprint(name, self.file, environment, targets, regions, networks, subnets, peerings, gateways,
                         components, flows, roles, waivers, root, root.key_pos("blueprint"), organization=organization)

    # -- top level --------------------------------------------------------
    def name(self) -> str | None:
        if not self.c.required(self.root, "blueprint", "a blueprint"):
            return None
        name = self.c.string(self.root, "blueprint", "the blueprint")
        if name is not None and (not NAME_RE.match(name) or len(name) > MAX_NAME_LENGTH):
            self.c.error(self.root.value_pos("blueprint"), f"blueprint name `{name}` must match {fmt.BLUEPRINT_NAME} and have at most {MAX_NAME_LENGTH} characters")
        return name

    def targets(self) -> dict[str, Any]:
        node = self.c.map(self.root, "targets", "the blueprint")
        if node is None:
            return {}
        self.c.keys(node, fmt.TARGETS.keys, "targets")
        result: dict[str, Any] = {}
        availability = self.c.number(node, "availability", "targets")
        if availability is not None:
            if 0 < availability < 100:
                result["availability"] = availability
            else:
                self.c.error(node.value_pos("availability"), f"`availability` is a percentage strictly between 0 and 100, not {availability:g}")
        for key in ("rpo", "rto"):
            seconds = self.c.duration(node, key, "targets")
            if seconds is not None:
                result[key] = seconds
        return result

    def organization(self) -> dict[str, bool]:
        """Services the AWS organisation runs outside this blueprint (an organisation trail)."""
        node = self.c.map(self.root, "organization", "the blueprint")
        if node is None:
            return {}
        self.c.keys(node, fmt.ORGANIZATION.keys, "`organization`")
        return {key: self.c.boolean(node, key, "`organization`") is True for key in fmt.ORGANIZATION.keys}

    def claim(self, ident: str, pos: Pos, what: str) -> None:
        """Ids are unique across the whole blueprint, whatever they name."""
        if ident in self.ids:
            other_what, other = self.ids[ident]
            self.c.error(pos, f"id `{ident}` of this {what} is already used by the {other_what} at line {other.line}")
        else:
            self.ids[ident] = (what, pos)

    # -- regions and networks --------------------------------------------
    def regions(self) -> dict[str, Region]:
        regions: dict[str, Region] = {}
        for rid, node in self.c.entries(self.root, "regions", "the blueprint", "region"):
            pos = self.root["regions"].key_pos(rid)
            self.claim(rid, pos, "region")
            self.c.keys(node, fmt.REGION.keys, f"region `{rid}`")
            azs = self.c.string_items(node, "azs", f"region `{rid}`")
            if node.get("azs") in (None, []):  # other shapes are reported by string_items
                self.c.error(node.pos, f"region `{rid}` needs a non-empty `azs` list")
            role = self.c.choice(node, "role", f"region `{rid}`", fmt.REGION_ROLES)
            regions[rid] = Region(rid, [a for a, _ in azs], role or ("primary" if not regions else "secondary"), pos, dict(azs))
        if regions and not any(r.role == "primary" for r in regions.values()):
            next(iter(regions.values())).role = "primary"
        return regions

    def networks(self, regions: dict[str, Region], environment: str) -> dict[str, Network]:
        networks: dict[str, Network] = {}
        for nid, node in self.c.entries(self.root, "networks", "the blueprint", "network"):
            pos = self.root["networks"].key_pos(nid)
            self.claim(nid, pos, "network")
            what = f"network `{nid}`"
            self.c.keys(node, fmt.NETWORK.keys, what)
            region = self.region_of(node, what, regions)
            cidr = self.c.cidr(node, "cidr", what) if self.c.required(node, "cidr", what) else None
            env = self.c.choice(node, "environment", what, ENVIRONMENTS, ENV_ALIASES) or environment
            flow_logs = bool(self.c.boolean(node, "flow_logs", what))
            subnets = self.subnets(nid, node, region and regions.get(region), cidr)
            if region is not None and cidr is not None:
                networks[nid] = Network(nid, region, cidr, env, flow_logs, subnets, pos, node)
        return networks

    def region_of(self, node: YMap, what: str, regions: dict[str, Region]) -> str | None:
        region = self.c.string(node, "region", what)
        if region is None:
            if len(regions) == 1:
                return next(iter(regions))
            self.c.error(node.pos, f"{what} needs `region` (the blueprint has {len(regions)} regions)")
            return None
        return region if self.c.reference(region, node.value_pos("region"), regions, "region") else None

    def subnets(self, nid: str, node: YMap, region: Region | None, vpc_cidr: Any) -> dict[str, Subnet]:
        subnets: dict[str, Subnet] = {}
        for sid, sub in self.c.entries(node, "subnets", f"network `{nid}`", "subnet"):
            pos = node["subnets"].key_pos(sid)
            self.claim(sid, pos, "subnet")
            what = f"subnet `{sid}`"
            self.c.keys(sub, fmt.SUBNET.keys, what)
            az = self.c.string(sub, "az", what) if self.c.required(sub, "az", what) else None
            if az is not None and region is not None and az not in region.azs:
                self.c.error(sub.value_pos("az"), f"AZ `{az}` of {what} is not an AZ of region `{region.id}`{did_you_mean(az, region.azs)}")
            cidr = self.c.cidr(sub, "cidr", what) if self.c.required(sub, "cidr", what) else None
            if cidr is not None and vpc_cidr is not None and not cidr.subnet_of(vpc_cidr):
                self.c.error(sub.value_pos("cidr"), f"CIDR {cidr} of {what} is outside its network's CIDR {vpc_cidr}")
            public = bool(self.c.boolean(sub, "public", what))
            if az is not None and cidr is not None:
                subnets[sid] = Subnet(sid, nid, az, cidr, public, pos)
        self.overlaps(node, subnets)
        return subnets

    def overlaps(self, node: YMap, subnets: dict[str, Subnet]) -> None:
        """Report overlapping subnets of one network (sorted sweep, not all pairs)."""
        ordered = sorted(subnets.values(), key=lambda s: (int(s.cidr.network_address), -s.cidr.prefixlen))
        reach: Subnet | None = None
        for subnet in ordered:
            if reach is not None and subnet.cidr.network_address <= reach.cidr.broadcast_address:
                self.c.error(node["subnets"].value_pos(subnet.id), f"CIDR {subnet.cidr} of subnet `{subnet.id}` overlaps subnet `{reach.id}` ({reach.cidr})")
            if reach is None or subnet.cidr.broadcast_address > reach.cidr.broadcast_address:
                reach = subnet

    def connectivity(self, networks: dict[str, Network], regions: dict[str, Region]) -> tuple[list[Peering], dict[str, TransitGateway]]:
        node = self.c.map(self.root, "connectivity", "the blueprint")
        if node is None:
            return [], {}
        self.c.keys(node, fmt.CONNECTIVITY.keys, "connectivity")
        peerings = self.peerings(node, networks)
        gateways: dict[str, TransitGateway] = {}
        for tid, tgw in self.c.entries(node, "transit_gateways", "connectivity", "transit gateway"):
            pos = node["transit_gateways"].key_pos(tid)
            self.claim(tid, pos, "transit gateway")
            what = f"transit gateway `{tid}`"
            self.c.keys(tgw, fmt.TRANSIT_GATEWAY.keys, what)
            region = self.region_of(tgw, what, regions)
            attachments = [n for n, p in self.c.string_items(tgw, "attachments", what) if self.c.reference(n, p, networks, "network")]
            gateways[tid] = TransitGateway(tid, region or "", attachments, [], pos)
        for tid, tgw in self.c.entries(node, "transit_gateways", "connectivity", "transit gateway"):
            if tid in gateways:
                gateways[tid].peer_with = [g for g, p in self.c.string_items(tgw, "peer_with", f"transit gateway `{tid}`")
                                           if self.c.reference(g, p, gateways, "transit gateway")]
        return peerings, gateways

    def peerings(self, node: YMap, networks: dict[str, Network]) -> list[Peering]:
        items = self.c.seq(node, "peerings", "connectivity")
        peerings: list[Peering] = []
        for index, pair in enumerate(items or []):
            pos = items.item_pos(index)
            if not (isinstance(pair, YSeq) and len(pair) == 2 and all(isinstance(n, str) for n in pair)) or pair[0] == pair[1]:
                self.c.error(pos, f"a peering is a pair of two different network ids, such as [shop, shared], not {describe(pair, items.item_text(index))}")
                continue
            if all(self.c.reference(n, pair.item_pos(i), networks, "network") for i, n in enumerate(pair)):
                peerings.append(Peering(pair[0], pair[1], pos))
        return peerings

    # -- components -------------------------------------------------------
    def components(self, regions, networks, subnets, environment) -> dict[str, Component]:
        section = self.root.get("components")
        entries = list(self.c.entries(self.root, "components", "the blueprint", "component"))
        components: dict[str, Component] = {}
        for cid, node in entries:
            pos = section.key_pos(cid)
            self.claim(cid, pos, "component")
            component = self.component(cid, node, pos, regions, networks, subnets, environment)
            if component is not None:
                components[cid] = component
        for cid, node in entries:
            if cid in components:
                self.component_references(components[cid], components, regions)
        self.replica_cycles(components)
        return components

    def component(self, cid, node, pos, regions, networks, subnets, environment) -> Component | None:
        c, what = self.c, f"component `{cid}`"
        if not c.required(node, "type", what):
            return None
        type_name = c.string(node, "type", what)
        info = CATALOG.get(type_name) if type_name else None
        if info is None:
            if type_name is not None:
                c.error(node.value_pos("type"), f"unknown type `{type_name}` of {what}{did_you_mean(type_name, CATALOG)} (see `archlint types`)")
            return None
        for key in node:
            if key not in info.keys and not is_extension(key):
                c.error(node.key_pos(key), f"`{key}` does not apply to {type_name} ({what}){did_you_mean(key, info.keys)}")
        placed = [(s, p) for s, p in c.string_items(node, "subnets", what) if c.reference(s, p, subnets, "subnet")]
        subnet_ids = [s for s, _ in placed]
        network = self.network_of(cid, node, placed, subnets)
        region = self.component_region(cid, node, info, network and networks.get(network), regions)
        azs = self.placement_azs(cid, node, subnet_ids, subnets, region and regions.get(region))
        count = c.integer(node, "count", what, minimum=1, maximum=MAX_COUNT) or 1
        scaling_min = self.autoscaling(node, what)
        self.engine(node, info.name, what)
        public = self.public(node, info, subnet_ids, subnets, what)
        tier = c.choice(node, "tier", what, TIERS) or info.tier
        self.scalar_keys(node, what)
        env = networks[network].environment if network in networks else environment
        return Component(cid, info, node, region, network, subnet_ids, frozenset(azs), count if scaling_min is None else scaling_min,
                         public, tier, env, pos)

    def network_of(self, cid: str, node: YMap, placed: list, subnets: dict[str, Subnet]) -> str | None:
        nets = sorted({subnets[s].network for s, _ in placed})
        if len(nets) > 1:
            self.c.error(node.value_pos("subnets"), f"component `{cid}` is in subnets of two networks ({', '.join(nets)}); a component lives in one network")
        return nets[0] if nets else None

    def component_region(self, cid, node, info, network, regions) -> str | None:
        if info.scope in ("global", "external"):
            if "region" in node:
                self.c.error(node.key_pos("region"), f"{info.name} is {info.scope}: component `{cid}` has no region")
            return None
        region = self.c.string(node, "region", f"component `{cid}`")
        if region is not None:
            if not self.c.reference(region, node.value_pos("region"), regions, "region"):
                return None
            if network is not None and network.region != region:
                self.c.error(node.value_pos("region"), f"component `{cid}` is in region `{region}` but its subnets are in `{network.region}`")
            return region
        if network is not None:
            return network.region
        for az in node["azs"] if isinstance(node.get("azs"), YSeq) else ():
            for rid, r in regions.items():
                if az in r.azs:
                    return rid
        primary = [r.id for r in regions.values() if r.role == "primary"]
        return primary[0] if primary else next(iter(regions), None)

    def placement_azs(self, cid, node, subnet_ids, subnets, region) -> set[str]:
        if subnet_ids:
            if "azs" in node:
                self.c.error(node.key_pos("azs"), f"component `{cid}` has both `subnets` and `azs`; its AZs come from its subnets")
            return {subnets[s].az for s in subnet_ids}
        azs = set()
        for az, pos in self.c.string_items(node, "azs", f"component `{cid}`"):
            if region is not None and az not in region.azs:
                self.c.error(pos, f"AZ `{az}` of component `{cid}` is not an AZ of region `{region.id}`{did_you_mean(az, region.azs)}")
            azs.add(az)
        return azs

    def autoscaling(self, node: YMap, what: str) -> int | None:
        scaling = self.c.map(node, "autoscaling", what)
        if scaling is None:
            return None
        self.c.keys(scaling, fmt.AUTOSCALING.keys, f"`autoscaling` of {what}")
        # `min: 0` is a pilot light or a scheduled job: nothing runs at rest.
        low = (self.c.integer(scaling, "min", f"`autoscaling` of {what}", minimum=0, maximum=MAX_COUNT)
               if self.c.required(scaling, "min", f"`autoscaling` of {what}") else None)
        high = (self.c.integer(scaling, "max", f"`autoscaling` of {what}", minimum=1, maximum=MAX_COUNT)
                if self.c.required(scaling, "max", f"`autoscaling` of {what}") else None)
        if low is not None and high is not None and high < low:
            self.c.error(scaling.value_pos("max"), f"`autoscaling.max` ({high}) of {what} is below `min` ({low})")
        return low

    def engine(self, node: YMap, type_name: str, what: str) -> None:
        if type_name in ENGINES:
            self.c.choice(node, "engine", what, ENGINES[type_name])

    def public(self, node, info, subnet_ids, subnets, what) -> bool:
        stated = self.c.boolean(node, "public", what)
        if stated is not None:
            return stated
        if info.public_entry == "subnets":
            return any(subnets[s].public for s in subnet_ids)
        return bool(info.public_entry)

    def scalar_keys(self, node: YMap, what: str) -> None:
        c = self.c
        for key in ("multi_az", "encrypted", "critical"):
            c.boolean(node, key, what)
        c.string(node, "label", what)
        c.string(node, "role", what)
        sla = c.number(node, "sla", what)
        if sla is not None and not 0 < sla <= 100:
            c.error(node.value_pos("sla"), f"`sla` of {what} is a percentage in (0, 100], not {sla:g}")
        tags = c.map(node, "tags", what)
        for key, value in (tags or {}).items():
            if not isinstance(key, str):
                c.error(tags.key_pos(key), f"tag names of {what} are text, not {describe(key, tags.key_text(key))}")
            elif not isinstance(value, (str, int, float, bool)):
                c.error(tags.value_pos(key), f"tag `{key}` of {what} must be a plain value, not {describe(value)}")
        self.backup(node, what)
        throttle = c.map(node, "throttle", what)
        if throttle is not None:
            c.keys(throttle, fmt.THROTTLE.keys, f"`throttle` of {what}")
            for key in fmt.THROTTLE.required:
                if c.required(throttle, key, f"`throttle` of {what}"):
                    c.integer(throttle, key, f"`throttle` of {what}", minimum=1, maximum=MAX_RATE)

    def backup(self, node: YMap, what: str) -> None:
        backup = self.c.map(node, "backup", what)
        if backup is None:
            return
        inner = f"`backup` of {what}"
        self.c.keys(backup, fmt.BACKUP.keys, inner)
        self.c.boolean(backup, "pitr", inner)
        self.c.boolean(backup, "cross_region", inner)
        self.c.integer(backup, "retention_days", inner, minimum=1, maximum=MAX_RETENTION_DAYS)
        self.c.choice(backup, "snapshots", inner, fmt.SNAPSHOT_SCHEDULES)

    def component_references(self, component: Component, components: dict[str, Component], regions) -> None:
        c, node, what = self.c, component.spec, f"component `{component.id}`"
        for key, wanted in (("replica_of", component.type), ("dlq", ("aws.sqs", "aws.sns")), ("waf", ("aws.waf",))):
            target = c.string(node, key, what)
            if target is None or not c.reference(target, node.value_pos(key), components, "component"):
                continue
            target_type = components[target].type
            if (target_type != wanted) if isinstance(wanted, str) else (target_type not in wanted):
                expected = wanted if isinstance(wanted, str) else " or ".join(wanted)
                c.error(node.value_pos(key), f"`{key}` of {what} points at `{target}`, a {target_type}; it must be a {expected}")
            elif target == component.id:
                c.error(node.value_pos(key), f"`{key}` of {what} points at the component itself")
        for region, pos in c.string_items(node, "global_table_regions", what):
            c.reference(region, pos, regions, "region")

    def replica_cycles(self, components: dict[str, Component]) -> None:
        """`replica_of` chains must end at a primary: in a cycle no store is the primary,
        and every store of it would silently drop out of the DR and availability analyses."""
        settled: set[str] = set()  # on a chain already followed
        for start in components:
            chain: dict[str, int] = {}
            cid = start
            while cid in components and cid not in chain and cid not in settled:
                chain[cid] = len(chain)
                target = components[cid].replica_of
                cid = target if isinstance(target, str) else None  # other shapes are reported where read
            settled.update(chain)
            loop = list(chain)[chain[cid]:] if cid in chain else []
            if len(loop) > 1:  # a store that is its own replica is reported where it is read
                first = components[loop[0]].spec
                self.c.error(first.value_pos("replica_of"), f"`replica_of` cycle: {' -> '.join([*loop, loop[0]])}; one of them must be the primary")

    # -- flows ------------------------------------------------------------
    def flows(self, components: dict[str, Component]) -> list[Flow]:
        items = self.c.seq(self.root, "flows", "the blueprint")
        flows: list[Flow] = []
        seen: dict[str, int] = {}
        declared: dict[tuple, Pos] = {}  # every flow's content, to refuse exact repeats
        for index in range(len(items or [])):
            for flow in self.flow(items, index, components):
                if not self.distinct_flow(flow, declared):
                    continue
                count = seen.get(flow.id, 0) + 1
                seen[flow.id] = count
                if count > 1:
                    flow.id = f"{flow.id}#{count}"
                flows.append(flow)
        return flows

    def distinct_flow(self, flow: Flow, declared: dict[tuple, Pos]) -> bool:
        """Refuse a flow from a component to itself and a flow that repeats another exactly.

        Two flows between one pair that differ (ports, protocol, actions...)
        are fine: the second gets the id `<from>-><to>#2`.
        """
        if flow.source == flow.target:
            self.c.error(flow.pos, f"flow `{flow.id}` goes from `{flow.source}` to itself; traffic inside a component is not a flow")
            return False
        ports = tuple(flow.ports) if isinstance(flow.ports, list) else flow.ports
        content = (flow.source, flow.target, ports, flow.protocol, tuple(flow.actions), flow.is_async, flow.tls, flow.label)
        if content in declared:
            first = declared[content]
            where = "in the same entry" if first == flow.pos else f"at line {first.line}"
            self.c.error(flow.pos, f"flow `{flow.id}` repeats the flow {where}; declare each flow once")
            return False
        declared[content] = flow.pos
        return True

    def flow(self, items: YSeq, index: int, components: dict[str, Component]) -> list[Flow]:
        item, pos = items[index], items.item_pos(index)
        if isinstance(item, str):
            match = SHORT_FLOW_RE.match(item)
            if not match:
                self.c.error(pos, f"a short flow is written `<from> -> <to>`, not `{item}`")
                return []
            ends = [(match.group(1), pos)], [(match.group(2), pos)]
            return [self.make_flow(s, t, pos, None, {}, components) for s, t in self.ends(ends, components)]
        if not isinstance(item, YMap):
            self.c.error(pos, f"a flow is `<from> -> <to>` or a map with `from` and `to`, not {describe(item, items.item_text(index))}")
            return []
        what = f"the flow at line {pos.line}"
        self.c.keys(item, fmt.FLOW.keys, "a flow")
        if not (self.c.required(item, "from", what) & self.c.required(item, "to", what)):
            return []
        ends = self.c.strings(item, "from", what), self.c.strings(item, "to", what)
        attrs = self.flow_attributes(item, what)
        return [self.make_flow(s, t, pos, item, attrs, components) for s, t in self.ends(ends, components)]

    def ends(self, ends, components) -> list[tuple[str, str]]:
        sources, targets = ([n for n, p in side if self.c.reference(n, p, components, "component")] for side in ends)
        return [(s, t) for s in sources for t in targets]

    def flow_attributes(self, item: YMap, what: str) -> dict[str, Any]:
        c = self.c
        protocol = c.string(item, "protocol", what)
        if protocol is not None and not PROTOCOL_RE.match(protocol):
            c.error(item.value_pos("protocol"), f"`protocol` of {what} is a lowercase word such as https or postgres, not `{protocol}`")
        actions = [a for a, p in c.string_items(item, "actions", what) if self.action(a, p)]
        return {"ports": self.ports(item, what), "protocol": protocol, "actions": actions,
                "is_async": bool(c.boolean(item, "async", what)), "tls": c.boolean(item, "tls", what),
                "label": c.string(item, "label", what), "auth": c.choice(item, "auth", what, AUTH_METHODS)}

    def action(self, action: str, pos: Pos) -> bool:
        if ACTION_RE.match(action):
            return True
        self.c.error(pos, f"IAM action `{action}` must look like `service:Action` (wildcards `*` and `?` allowed)")
        return False

    def ports(self, item: YMap, what: str) -> list[tuple[int, int]] | str | None:
        value = item.get("port")
        if value is None:
            return None
        if value == "all":
            return "all"
        values = list(value) if isinstance(value, YSeq) else [value]
        ranges = [self.port_range(v) for v in values]
        if any(r is None for r in ranges) or not ranges:
            self.c.error(item.value_pos("port"), f"`port` of {what} is a port (1-{MAX_PORT}), a range such as \"8000-8100\", a list of those, or \"all\"; not {described(item, 'port')}")
            return None
        return ranges  # type: ignore[return-value]

    @staticmethod
    def port_range(value: Any) -> tuple[int, int] | None:
        if isinstance(value, int) and not isinstance(value, bool):
            low = high = value
        elif isinstance(value, str) and PORT_RANGE_RE.match(value):  # longer is out of range, and slow to parse
            low, high = map(int, value.split("-"))
        else:
            return None
        return (low, high) if 1 <= low <= high <= MAX_PORT else None

    def make_flow(self, source: str, target: str, pos: Pos, spec: YMap | None, attrs: dict,
                  components: dict[str, Component]) -> Flow:
        protocol = attrs.get("protocol")
        tls = attrs.get("tls")
        if tls is None:
            if protocol in TLS_PROTOCOLS or (protocol not in PLAINTEXT_PROTOCOLS and components[target].info.iam_called):
                tls = True
            elif protocol in PLAINTEXT_PROTOCOLS:
                tls = False
        return Flow(f"{source}->{target}", source, target, attrs.get("ports"), protocol, attrs.get("actions", []),
                    attrs.get("is_async", False), tls, attrs.get("label"), pos, spec, attrs.get("auth"))

    # -- IAM and waivers --------------------------------------------------
    def roles(self, components: dict[str, Component]) -> dict[str, Role]:
        roles: dict[str, Role] = {}
        for rid, node in self.c.entries(self.root, "iam", "the blueprint", "role"):
            pos = self.root["iam"].key_pos(rid)
            self.claim(rid, pos, "role")
            what = f"role `{rid}`"
            self.c.keys(node, fmt.ROLE.keys, what)
            attached = [n for n, p in self.c.string_items(node, "attached_to", what) if self.c.reference(n, p, components, "component")]
            roles[rid] = Role(rid, attached, self.grants(node, what, components), pos, self.assumed_by(node, what))
        return roles

    def assumed_by(self, node: YMap, what: str) -> str | None:
        principal = self.c.string(node, "assumed_by", what)
        if principal is not None and not SERVICE_PRINCIPAL_RE.match(principal):
            self.c.error(node.value_pos("assumed_by"),
                         f"`assumed_by` of {what} is an AWS service principal such as s3.amazonaws.com, not `{principal}`")
            return None
        return principal

    def grants(self, node: YMap, what: str, components: dict[str, Component]) -> list[Grant]:
        grants: list[Grant] = []
        items = self.c.seq(node, "allow", what)
        for index, grant in enumerate(items or []):
            pos = items.item_pos(index)
            if not isinstance(grant, YMap):
                self.c.error(pos, f"each `allow` entry of {what} is a map with `actions` and `resources`")
                continue
            self.c.keys(grant, fmt.GRANT.keys, f"a grant of {what}")
            actions = [a for a, p in self.c.string_items(grant, "actions", what) if self.action(a, p)]
            resources = [r for r, p in self.c.string_items(grant, "resources", what)
                         if r == "*" or self.c.reference(r, p, components, "component")]
            if not self.c.required(grant, "actions", f"a grant of {what}") or not self.c.required(grant, "resources", f"a grant of {what}"):
                continue
            grants.append(Grant(actions, resources, pos))
        return grants

    def waivers(self) -> list[Waiver]:
        items = self.c.seq(self.root, "waivers", "the blueprint")
        waivers: list[Waiver] = []
        for index, item in enumerate(items or []):
            pos = items.item_pos(index)
            if not isinstance(item, YMap):
                self.c.error(pos, "a waiver is a map with `rule`, `element`, `reason` and optional `expires`")
                continue
            self.c.keys(item, fmt.WAIVER.keys, "a waiver")
            present = [self.c.required(item, k, "a waiver") for k in fmt.WAIVER.required]
            rule, element, reason = (self.c.string(item, k, "a waiver") for k in fmt.WAIVER.required)
            if rule is not None and rule not in self.rule_ids:
                self.c.error(item.value_pos("rule"), f"waiver names unknown rule `{rule}`{did_you_mean(rule, self.rule_ids)}")
                rule = None
            if reason is not None and not reason.strip():
                self.c.error(item.value_pos("reason"), "a waiver's `reason` must say why the finding is accepted")
            expires = self.c.date(item, "expires", "a waiver")
            if all(present) and None not in (rule, element, reason):
                waivers.append(Waiver(rule, element, reason, expires, pos))
        return waivers
