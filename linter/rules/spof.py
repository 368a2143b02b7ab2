"""SPOF rules: no single point of failure on the serving path.

The redundancy advice is shared with the AZ rules, which judge the same components."""
from __future__ import annotations

from typing import Iterator

from ..catalog import PER_AZ_TYPES
from ..graph import Context
from ..model import Component
from ..wording import name_list
from . import Violation, rule

# The keys that decide redundancy; a finding points at the first one written.
REDUNDANCY_KEYS = ("multi_az", "autoscaling", "count", "subnets", "azs")


def redundancy_key(ctx: Context, cid: str) -> str | None:
    """The key to point at: one an overlay removed with `null` (the cause), else the first written."""
    spec = ctx.components[cid].spec
    removed = next((key for key in REDUNDANCY_KEYS if key in spec.removed_marks), None)
    return removed or next((key for key in REDUNDANCY_KEYS if key in spec), None)


def redundancy_advice(component: Component) -> str:
    """The fix that fits the type: per-AZ copies, a reader, a standby, or more instances."""
    if component.type in ("aws.nat_gateway", "aws.vpc_endpoint"):
        return "run one per AZ, each AZ's traffic using its own"
    if component.type in PER_AZ_TYPES:  # a node per AZ: two AZs are enough
        return "place it in subnets of two AZs"
    if component.type in ("aws.aurora", "aws.documentdb"):
        return "add a reader instance in another AZ"
    if component.sharded:
        return "use engine redis or valkey with `multi_az: true`, or let callers fall back when it fails"
    if component.info.managed_standby:
        return "set `multi_az: true`"
    return "place it in two AZs with at least two instances"


def single_az_detail(component: Component) -> str:
    """Why instances in several AZs are still not redundant, when they are not."""
    if component.sharded:
        return " (memcached nodes are shards, not copies)"
    if component.effective_count == 0:
        return " at rest (`autoscaling.min: 0`; waive it if the pilot light is intended)"
    return ""


def per_az_siblings(ctx: Context) -> frozenset[str]:
    """Components redundant as a group: one per AZ, same type, network and callers.

    Two or more zonal components of one type in one network, each in exactly
    one AZ and all in different AZs, with the same flow sources (or, with no
    sources, the same targets) — one NAT gateway per AZ.
    """
    groups: dict[tuple, list[Component]] = {}
    for cid, component in ctx.components.items():
        if component.scope != "zonal" or len(component.azs) != 1:
            continue
        sources = frozenset(ctx.graph.pred[cid])
        peers = ("sources", sources) if sources else ("targets", frozenset(ctx.graph.succ[cid]))
        groups.setdefault((component.type, component.network, peers), []).append(component)
    siblings: set[str] = set()
    for members in groups.values():
        azs = {az for member in members for az in member.azs}
        if len(members) >= 2 and len(azs) == len(members):
            siblings.update(member.id for member in members)
    return frozenset(siblings)


def single_points_of_failure(ctx: Context) -> dict[str, list[str]]:
    """SPOF001's verdict, shared with AZ001: component -> what it cuts off."""
    found: dict[str, list[str]] = {}
    siblings = ctx.shared(per_az_siblings)
    for cid in sorted(ctx.reachable):
        component = ctx.components[cid]
        if component.redundant or cid in siblings:
            continue
        blast = ctx.dominated_by(cid)
        unreplicated_store = component.stateful and not component.replica_of and cid not in ctx.replicas
        if blast or unreplicated_store:
            found[cid] = blast
    return found


@rule("SPOF001", "single-point-of-failure", "error", prod=True)
def single_point_of_failure(ctx: Context) -> Iterator[Violation]:
    """A non-redundant component that the serving path cannot route around.

    ## What it does
    Flags a reachable component that is not redundant (a zonal component that
    is not multi-AZ, or a SageMaker endpoint with fewer than two instances)
    when every path from the entry points to some other component passes
    through it (it *dominates* them), or when it is a stateful store with no
    read replica. The message lists what it cuts off (its blast radius).
    Admin paths (SSH/RDP, flows from a bastion) are not serving paths: they
    neither make a bastion a single point nor count as a way around one.
    Per-AZ siblings (one NAT gateway per AZ, same callers) are redundant as a
    group. Prod only.

    ## Why it matters
    When that one instance or its AZ fails, everything behind it goes down
    with it: the 99.99 % you promised becomes the 99.5 % of one instance.
    A store without a standby or replica also loses its data with its AZ.

    ## Example that fails
    ```yaml
    blueprint: shop
    regions:
      us-east-1: {azs: [us-east-1a, us-east-1b]}
    components:
      users: {type: external.users}
      alb:   {type: aws.alb, azs: [us-east-1a, us-east-1b], public: true}
      app:   {type: aws.ec2, azs: [us-east-1a]}          # one instance, one AZ
      db:    {type: aws.rds, azs: [us-east-1a, us-east-1b], multi_az: true}
    flows: [users -> alb, alb -> app, app -> db]
    ```

    ## Example that passes
    ```yaml
    blueprint: shop
    regions:
      us-east-1: {azs: [us-east-1a, us-east-1b]}
    components:
      users: {type: external.users}
      alb:   {type: aws.alb, azs: [us-east-1a, us-east-1b], public: true}
      app:   {type: aws.ecs, azs: [us-east-1a, us-east-1b], autoscaling: {min: 2, max: 6}}
      db:    {type: aws.rds, azs: [us-east-1a, us-east-1b], multi_az: true}
    flows: [users -> alb, alb -> app, app -> db]
    ```

    ## How to fix
    The message gives the fix for the type: one NAT gateway or VPC endpoint
    per AZ; a reader in another AZ for Aurora and DocumentDB; `multi_az: true`
    for managed-standby types (RDS, ElastiCache, OpenSearch, Redshift, DMS);
    otherwise at least two instances in at least two AZs (`autoscaling.min: 2`
    over two subnets). An alternative path around the component (a DR stack
    behind Route 53) also removes the finding.
    """
    for cid, blast in ctx.shared(single_points_of_failure).items():
        component = ctx.components[cid]
        if blast:
            cut = f"cuts off {name_list(blast)} when it fails"
        else:
            cut = "holds data with no standby or replica"
        yield Violation("component", cid,
                        f"{component.type} `{cid}` is a single point of failure: it {cut}; {redundancy_advice(component)}",
                        redundancy_key(ctx, cid))
