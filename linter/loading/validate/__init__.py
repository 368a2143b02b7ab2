"""Validate a (merged) blueprint tree against the format (`linter/format.py`) and build the model.

One module per section of the format; `_Validator` runs them in the order
their references need (regions before networks, components before flows).
"""
from __future__ import annotations

from typing import Iterable

from ...checks import Checker
from ...model import Blueprint
from ...yaml_reader import YMap
from .components import Components
from .connectivity import Connectivity
from .flows import Flows
from .iam import Iam
from .networks import Networks
from .regions import Regions
from .top import TopLevel
from .waivers import Waivers


def build_blueprint(root: YMap, file: str, rule_ids: Iterable[str], checker: Checker) -> Blueprint | None:
    """Validate `root` and build the model; problems go to `checker`."""
    return _Validator(root, file, set(rule_ids), checker).run()


class _Validator(TopLevel, Regions, Networks, Connectivity, Components, Flows, Iam, Waivers):
    """All sections of the format, validated in turn."""

    def run(self) -> Blueprint | None:
        root = self.root
        name, environment = self.top_level()
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

