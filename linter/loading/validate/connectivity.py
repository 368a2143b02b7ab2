"""`connectivity`: peerings and transit gateways between networks."""
from __future__ import annotations

from ... import format as fmt
from ...checks import describe
from ...model import Network, Peering, Region, TransitGateway
from ...yaml_reader import YMap, YSeq
from .base import SectionValidator


class Connectivity(SectionValidator):
    """`connectivity`."""

    def connectivity(self, networks: dict[str, Network], regions: dict[str, Region]) -> tuple[list[Peering], dict[str, TransitGateway]]:
        node = self.c.map(self.root, "connectivity", "the blueprint")
        if node is None:
            return [], {}
        self.c.keys(node, fmt.CONNECTIVITY.keys, "connectivity")
        peerings = self.peerings(node, networks)
        gateways: dict[str, TransitGateway] = {}
        # Read once (a malformed entry is reported once); peers are resolved once every gateway is known.
        entries = list(self.named_entries(node, "transit_gateways", "connectivity", "transit gateway", fmt.TRANSIT_GATEWAY))
        for tid, tgw, pos, what in entries:
            region = self.region_of(tgw, what, regions)
            attachments = self.c.references(self.c.string_items(tgw, "attachments", what), networks, "network")
            gateways[tid] = TransitGateway(tid, region or "", attachments, [], pos)
        for tid, tgw, _, what in entries:
            gateways[tid].peer_with = self.c.references(self.c.string_items(tgw, "peer_with", what), gateways, "transit gateway")
        return peerings, gateways

    def peerings(self, node: YMap, networks: dict[str, Network]) -> list[Peering]:
        items = self.c.seq(node, "peerings", "connectivity")
        if items is None:
            return []
        peerings: list[Peering] = []
        for index, pair in enumerate(items):
            pos = items.item_pos(index)
            if not (isinstance(pair, YSeq) and len(pair) == 2 and all(isinstance(n, str) for n in pair)) or pair[0] == pair[1]:
                self.c.error(pos, f"a peering is a pair of two different network ids, such as [shop, shared], not {describe(pair, items.item_text(index))}")
                continue
            if all(self.c.reference(n, pair.item_pos(i), networks, "network") for i, n in enumerate(pair)):
                peerings.append(Peering(pair[0], pair[1], pos))
        return peerings
