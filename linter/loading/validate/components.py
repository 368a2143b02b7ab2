"""`components`: typed by the catalog, placed in regions, subnets and AZs."""
from __future__ import annotations

import functools

from ... import format as fmt
from ...catalog import CATALOG, ENGINES, TIERS
from ...checks import describe, did_you_mean, stated, unknown_keys
from ...format import MAX_COUNT, MAX_RATE, MAX_RETENTION_DAYS
from ...model import Component, Subnet
from ...yaml_reader import YMap, YSeq, at
from .base import SectionValidator

@functools.cache
def applicable_keys(type_name: str) -> frozenset[str]:
    """The keys a component of the type takes (the catalog builds the set anew on every read)."""
    return CATALOG[type_name].keys


class Components(SectionValidator):
    """`components`, their keys per type and their references to each other."""

    def components(self, regions, networks, subnets, environment) -> dict[str, Component]:
        entries = list(self.c.entries(self.root, "components", "the blueprint", "component"))
        components: dict[str, Component] = {}
        for cid, node, pos in entries:
            self.claim(cid, pos, "component")
            component = self.component(cid, node, pos, regions, networks, subnets, environment)
            if component is not None:
                components[cid] = component
        for cid, _, _ in entries:
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
        for key in unknown_keys(node, applicable_keys(type_name)):
            c.error(node.key_pos(key), f"`{key}` does not apply to {type_name} ({what}){did_you_mean(key, info.keys)}")
        subnet_ids = c.references(c.string_items(node, "subnets", what), subnets, "subnet")
        network = self.network_of(cid, node, subnet_ids, subnets)
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

    def network_of(self, cid: str, node: YMap, subnet_ids: list[str], subnets: dict[str, Subnet]) -> str | None:
        if not subnet_ids:
            return None
        nets = sorted({subnets[s].network for s in subnet_ids})
        if len(nets) > 1:
            self.c.error(node.value_pos("subnets"), f"component `{cid}` is in subnets of two networks ({', '.join(nets)}); a component lives in one network")
        return nets[0]

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
        for az, mark in zip(*self.c.string_items(node, "azs", f"component `{cid}`"), strict=True):
            if region is not None and az not in region.azs:
                self.c.error(at(mark), f"AZ `{az}` of component `{cid}` is not an AZ of region `{region.id}`{did_you_mean(az, region.azs)}")
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
        """The keys no other key depends on; only those the component states are read."""
        for key in stated(node, STANDALONE_KEYS):
            STANDALONE_KEYS[key](self, node, key, what)

    def boolean_key(self, node: YMap, key: str, what: str) -> None:
        self.c.boolean(node, key, what)

    def string_key(self, node: YMap, key: str, what: str) -> None:
        self.c.string(node, key, what)

    def sla(self, node: YMap, key: str, what: str) -> None:
        sla = self.c.number(node, key, what)
        if sla is not None and not 0 < sla <= 100:
            self.c.error(node.value_pos(key), f"`sla` of {what} is a percentage in (0, 100], not {sla:g}")

    def tags(self, node: YMap, key: str, what: str) -> None:
        c = self.c
        tags = c.map(node, key, what)
        if tags is not None:
            for name, value in tags.items():
                if not isinstance(name, str):
                    c.error(tags.key_pos(name), f"tag names of {what} are text, not {describe(name, tags.key_text(name))}")
                elif not isinstance(value, (str, int, float, bool)):
                    c.error(tags.value_pos(name), f"tag `{name}` of {what} must be a plain value, not {describe(value)}")

    def throttle(self, node: YMap, key: str, what: str) -> None:
        c = self.c
        throttle = c.map(node, key, what)
        if throttle is not None:
            c.keys(throttle, fmt.THROTTLE.keys, f"`throttle` of {what}")
            for limit in fmt.THROTTLE.required:
                if c.required(throttle, limit, f"`throttle` of {what}"):
                    c.integer(throttle, limit, f"`throttle` of {what}", minimum=1, maximum=MAX_RATE)

    def backup(self, node: YMap, key: str, what: str) -> None:
        backup = self.c.map(node, key, what)
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
        for key in stated(node, REFERENCE_KEYS):
            wanted = REFERENCE_KEYS[key] or (component.type,)
            target = c.string(node, key, what)
            if target is None or not c.reference(target, node.value_pos(key), components, "component"):
                continue
            target_type = components[target].type
            if target_type not in wanted:
                c.error(node.value_pos(key), f"`{key}` of {what} points at `{target}`, a {target_type}; it must be a {' or '.join(wanted)}")
            elif target == component.id:
                c.error(node.value_pos(key), f"`{key}` of {what} points at the component itself")
        if "global_table_regions" in node:  # rarely stated: test for it rather than read it from every component
            c.references(c.string_items(node, "global_table_regions", what), regions, "region")

    def replica_cycles(self, components: dict[str, Component]) -> None:
        """`replica_of` chains must end at a primary: in a cycle no store is the primary,
        and every store of it would silently drop out of the DR and availability analyses."""
        # Only components that name a primary can be on a cycle; other shapes are reported where read.
        links = {cid: target for cid, component in components.items() if isinstance(target := component.replica_of, str)}
        settled: set[str] = set()  # on a chain already followed
        for start in links:
            chain: dict[str, int] = {}
            cid: str | None = start
            while cid in links and cid not in chain and cid not in settled:
                chain[cid] = len(chain)
                cid = links[cid]
            settled.update(chain)
            loop = list(chain)[chain[cid]:] if cid in chain else []
            if len(loop) > 1:  # a store that is its own replica is reported where it is read
                first = components[loop[0]].spec
                self.c.error(first.value_pos("replica_of"), f"`replica_of` cycle: {' -> '.join([*loop, loop[0]])}; one of them must be the primary")


# The keys of a component no other key depends on, and how each is checked.
STANDALONE_KEYS = {"multi_az": Components.boolean_key, "encrypted": Components.boolean_key, "critical": Components.boolean_key,
                   "label": Components.string_key, "role": Components.string_key, "sla": Components.sla, "tags": Components.tags,
                   "backup": Components.backup, "throttle": Components.throttle}
# The keys that name another component, and the types it may have (None: the component's own type).
REFERENCE_KEYS: dict[str, tuple[str, ...] | None] = {"replica_of": None, "dlq": ("aws.sqs", "aws.sns"), "waf": ("aws.waf",)}
