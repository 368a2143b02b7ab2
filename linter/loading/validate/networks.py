"""`networks` and their subnets."""
from __future__ import annotations

from typing import Any

from ... import format as fmt
from ...catalog import ENVIRONMENTS
from ...checks import did_you_mean
from ...format import ENV_ALIASES
from ...model import Network, Region, Subnet
from ...yaml_reader import YMap
from .base import SectionValidator

class Networks(SectionValidator):
    """`networks`, their subnets and CIDRs."""

    def networks(self, regions: dict[str, Region], environment: str) -> dict[str, Network]:
        networks: dict[str, Network] = {}
        for nid, node, pos, what in self.named_entries(self.root, "networks", "the blueprint", "network", fmt.NETWORK):
            region = self.region_of(node, what, regions)
            cidr = self.c.cidr(node, "cidr", what) if self.c.required(node, "cidr", what) else None
            env = self.c.choice(node, "environment", what, ENVIRONMENTS, ENV_ALIASES) or environment
            flow_logs = bool(self.c.boolean(node, "flow_logs", what))
            subnets = self.subnets(nid, node, regions.get(region) if region else None, cidr)
            if region is not None and cidr is not None:
                networks[nid] = Network(nid, region, cidr, env, flow_logs, subnets, pos, node)
        return networks

    def subnets(self, nid: str, node: YMap, region: Region | None, vpc_cidr: Any) -> dict[str, Subnet]:
        subnets: dict[str, Subnet] = {}
        for sid, sub, pos, what in self.named_entries(node, "subnets", f"network `{nid}`", "subnet", fmt.SUBNET):
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
