"""Generated blueprints of several *shapes*, for scaling benchmarks.

The size of a design is not the only thing that decides how long a whole-graph
analysis takes: its shape does. Each generator makes a blueprint of about
`components` components whose cost concentrates somewhere else:

- `cells`: the guides' cell of ten behind one edge (bench/generate.py);
- `tgw-hub`: a landing zone, VPCs of ten components all attached to one
  transit gateway;
- `peerings`: a chain of VPCs, each peered with its neighbours;
- `fan-out`: many flows per component (every app calls forty services);
- `deep-chain`: one long request path, so dominator chains are deep;
- `iam`: many roles with wildcard grants and actions on every flow.

`--availability` adds an availability target (the estimate then runs).

    python bench/shapes.py tgw-hub 20000 [--availability] > /tmp/hub.yaml
"""
from __future__ import annotations

import argparse
import sys
from typing import Callable

from generate import cell_flows, generate

HEADER = ["blueprint: {name}", "regions:", "  us-east-1: {{azs: [us-east-1a, us-east-1b]}}"]
EDGE = ["  users: {type: external.users}", "  dns: {type: aws.route53}",
        "  cdn: {type: aws.cloudfront, waf: waf}", "  waf: {type: aws.waf}", "  trail: {type: aws.cloudtrail}"]
EDGE_FLOWS = ["  - users -> dns", "  - users -> cdn", "  - cdn -> waf"]


def network(index: int, subnet_tiers: tuple[str, ...] = ("pub", "app", "data")) -> list[str]:
    """A two-AZ VPC with a subnet per tier and AZ; CIDRs never overlap."""
    first, second = 10 + index // 256, index % 256
    lines = [f"  vpc{index}:", f"    cidr: {first}.{second}.0.0/16", "    flow_logs: true", "    subnets:"]
    for offset, tier in enumerate(subnet_tiers):
        for az, letter in enumerate("ab"):
            public = ", public: true" if tier == "pub" else ""
            lines.append(f"      v{index}-{tier}-{letter}: {{az: us-east-1{letter}, cidr: {first}.{second}.{offset * 10 + az}.0/24{public}}}")
    return lines


def subnets(index: int, tier: str) -> str:
    return f"[v{index}-{tier}-a, v{index}-{tier}-b]"


def cell(index: int, vpc: int) -> tuple[list[str], list[str]]:
    """Ten components of a small service in one VPC, and their flows."""
    c = index
    components = [
        f"  lb{c}: {{type: aws.alb, subnets: {subnets(vpc, 'pub')}}}",
        f"  app{c}: {{type: aws.ecs, subnets: {subnets(vpc, 'app')}, autoscaling: {{min: 2, max: 6}}}}",
        f"  db{c}: {{type: aws.rds, subnets: {subnets(vpc, 'data')}, multi_az: true, encrypted: true, backup: {{pitr: true}}}}",
        f"  cache{c}: {{type: aws.elasticache, subnets: {subnets(vpc, 'data')}, multi_az: true, encrypted: true}}",
        f"  queue{c}: {{type: aws.sqs, dlq: dlq{c}}}",
        f"  dlq{c}: {{type: aws.sqs}}",
        f"  fn{c}: {{type: aws.lambda, dlq: fdlq{c}}}",
        f"  fdlq{c}: {{type: aws.sqs}}",
        f"  table{c}: {{type: aws.dynamodb, backup: {{pitr: true}}}}",
        f"  docs{c}: {{type: aws.s3}}",
    ]
    return components, cell_flows(c)


def assemble(name: str, networks: list[str], connectivity: list[str], components: list[str],
             flows: list[str], roles: list[str] = ()) -> str:
    lines = [line.format(name=name) for line in HEADER]
    lines += ["networks:", *networks]
    if connectivity:
        lines += ["connectivity:", *connectivity]
    lines += ["components:", *EDGE, *components, "flows:", *EDGE_FLOWS, *flows]
    if roles:
        lines += ["iam:", *roles]
    return "\n".join(lines) + "\n"


def cells_in_vpcs(cells: int, cells_per_vpc: int) -> tuple[list[str], list[str], list[str], int]:
    networks, components, flows = [], [], []
    vpcs = (cells + cells_per_vpc - 1) // cells_per_vpc
    for v in range(vpcs):
        networks += network(v)
    for c in range(cells):
        more_components, more_flows = cell(c, c // cells_per_vpc)
        components += more_components
        flows += more_flows
    return networks, components, flows, vpcs


def tgw_hub(components: int) -> str:
    networks, parts, flows, vpcs = cells_in_vpcs(max(1, components // 10), 1)
    hub = ["  transit_gateways:", f"    hub: {{attachments: [{', '.join(f'vpc{v}' for v in range(vpcs))}]}}"]
    return assemble(f"tgw-hub-{components}", networks, hub, parts, flows)


def peerings(components: int) -> str:
    networks, parts, flows, vpcs = cells_in_vpcs(max(1, components // 10), 1)
    pairs = [f"    - [vpc{v}, vpc{v + 1}]" for v in range(vpcs - 1)]
    # Each app also calls the next VPC's database: flows over a peering, and never transitive.
    flows += [f"  - {{from: app{v}, to: db{v + 1}, port: 5432}}" for v in range(vpcs - 1)]
    return assemble(f"peerings-{components}", networks, ["  peerings:", *pairs], parts, flows)


def fan_out(components: int, calls: int = 40) -> str:
    networks, parts, flows, vpcs = cells_in_vpcs(max(1, components // 10), 20)
    cells = max(1, components // 10)
    flows += [f"  - {{from: app{c}, to: table{(c + k) % cells}, actions: [dynamodb:GetItem]}}"
              for c in range(cells) for k in range(1, calls)]
    return assemble(f"fan-out-{components}", networks, [], parts, flows)


def deep_chain(components: int) -> str:
    """One request path through `components` services: every one dominates all after it."""
    networks = network(0)
    parts = [f"  svc{i}: {{type: aws.lambda}}" for i in range(components)]
    flows = ["  - {from: waf, to: svc0}"] + [f"  - {{from: svc{i}, to: svc{i + 1}}}" for i in range(components - 1)]
    return assemble(f"deep-chain-{components}", networks, [], parts, flows)


def iam_heavy(components: int) -> str:
    networks, parts, flows, vpcs = cells_in_vpcs(max(1, components // 10), 20)
    cells = max(1, components // 10)
    roles = []
    for c in range(cells):
        roles += [f"  app{c}-role:", f"    attached_to: [app{c}]",
                  f"    allow: [{{actions: ['sqs:*', 'dynamodb:Get*', 's3:*Object*'], resources: [queue{c}, table{c}, '*']}}]",
                  f"  fn{c}-role:", f"    attached_to: [fn{c}]",
                  f"    allow: [{{actions: ['dynamodb:*Item', 's3:Put*'], resources: [table{c}, docs{c}]}}]"]
    return assemble(f"iam-{components}", networks, [], parts, flows, roles)


SHAPES: dict[str, Callable[[int], str]] = {
    "cells": generate, "tgw-hub": tgw_hub, "peerings": peerings, "fan-out": fan_out,
    "deep-chain": deep_chain, "iam": iam_heavy,
}


def with_availability_target(text: str) -> str:
    """Ask for the availability estimate (the cells already do, with their own target)."""
    if "\ntargets:" in text:
        return text
    head, _, rest = text.partition("\n")
    return f"{head}\ntargets: {{availability: 99.9}}\n{rest}"


def shape(name: str, components: int, availability: bool = False) -> str:
    text = SHAPES[name](components)
    return with_availability_target(text) if availability else text


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("shape", choices=sorted(SHAPES))
    parser.add_argument("components", type=int)
    parser.add_argument("--availability", action="store_true")
    args = parser.parse_args()
    sys.stdout.write(shape(args.shape, args.components, args.availability))
