"""Resilience rules: AZ outages, single region, RPO and availability targets.

The figures come from `linter.analysis.resilience` (shared with `archlint report`).
"""
from __future__ import annotations

from typing import Iterator

from ..graph import Context
from . import Violation, rule
from .spof import name_list


def format_seconds(seconds: int | None) -> str:
    if seconds is None:
        return "unbounded (data is lost)"
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


@rule("AZ002", "az-outage", "error", prod=True)
def az_outage(ctx: Context) -> Iterator[Violation]:
    """Losing one AZ cuts off components that themselves survive.

    ## What it does
    For every AZ used by a zonal component, simulates its loss: a zonal
    component whose AZs are only that AZ fails, and so does one with a single
    instance in any of its AZs (a managed-standby type with `multi_az: true`
    survives; `aws.alb`, `aws.nlb`, `aws.nat_gateway`, `aws.vpc_endpoint` and
    a VPC `aws.lambda` run in each of their AZs, so they fail only in an AZ
    that is their only one). Reports the AZ when a component that survives was
    reachable from the entry points before and is not after. Admin paths
    (SSH/RDP, flows from a bastion) are not serving paths and are left out.
    The message lists what fails and what is cut off.

    ## Why it matters
    AZ outages happen. A multi-AZ database is worth nothing when the only
    path to it runs through a single-AZ app server or NAT gateway.

    ## Example that fails
    ```yaml
    components:
      users: {type: external.users}
      app:   {type: aws.ec2, subnets: [app-a]}                  # us-east-1a only
      db:    {type: aws.rds, subnets: [data-a, data-b], multi_az: true}
    flows: [users -> app, app -> db]
    ```

    ## Example that passes
    ```yaml
    components:
      app: {type: aws.ecs, subnets: [app-a, app-b], autoscaling: {min: 2, max: 6}}
    ```

    ## How to fix
    Make every component on the path multi-AZ, or add a per-AZ alternative
    (one NAT gateway per AZ, each AZ's app using its own).
    """
    for outage in ctx.resilience.az_outages:
        if outage.cut_off:
            yield Violation("az", outage.az,
                            f"losing {outage.az} takes down {name_list(outage.fails)} and cuts off {name_list(outage.cut_off)}; "
                            f"make the failing components multi-AZ")


@rule("REG001", "region-outage", "error", prod=True)
def region_outage(ctx: Context) -> Iterator[Violation]:
    """Losing one region cuts off, or breaks, a stack in a surviving region.

    ## What it does
    When the blueprint places components in two or more regions, simulates
    the loss of each: every component in that region fails (global and
    external components stay). Reports the region when a surviving component
    in another region was reachable from the entry points before and is not
    after, or is still reachable but makes a synchronous call into the lost
    region (a flow that is not `async`, not an admin path, and not managed
    replication between a store and its `replica_of`). The message lists
    each such component with the lost component it depends on.

    ## Why it matters
    A second region is there to take over when the first fails. A DR stack
    whose only way in runs through the primary's load balancer, or whose app
    still reads the primary's database, goes down with the region it was
    meant to replace.

    ## Example that fails
    ```yaml
    components:
      dns:    {type: aws.route53}
      app:    {type: aws.ecs, subnets: [east-a, east-b], autoscaling: {min: 2, max: 4}}
      app-dr: {type: aws.ecs, subnets: [west-a, west-b], autoscaling: {min: 2, max: 4}}
      db:     {type: aws.aurora, subnets: [east-data-a, east-data-b]}
    flows: [users -> dns, dns -> app, dns -> app-dr, app -> db, app-dr -> db]
    ```

    ## Example that passes
    ```yaml
    components:
      db-dr: {type: aws.aurora, subnets: [west-data-a, west-data-b], replica_of: db}
    flows: [users -> dns, dns -> app, dns -> app-dr, app -> db, app-dr -> db-dr]
    ```

    ## How to fix
    Give each region its own way in (Route 53 failover to each region's
    entry) and its own copy of the data (a cross-region replica or global
    table), and make calls across regions asynchronous.
    """
    for outage in ctx.resilience.region_outages:
        problems = [f"`{cid}` is cut off (through `{lost}`)" for cid, lost in outage.cut_off]
        problems += [f"`{cid}` still calls `{lost}`" for cid, lost in outage.calls_in]
        if problems:
            shown = "; ".join(problems[:8]) + (f"; and {len(problems) - 8} more" if len(problems) > 8 else "")
            yield Violation("region", outage.region,
                            f"losing region {outage.region} breaks what survives in other regions: {shown}; "
                            f"give each region its own entry and data copy, and make cross-region calls async")


@rule("DR001", "single-region", "error")
def single_region(ctx: Context) -> Iterator[Violation]:
    """An availability target above 99.99 % served from one region.

    ## What it does
    Flags the blueprint when `targets.availability` is above 99.99 and every
    regional and zonal component is in one region.

    ## Why it matters
    A region-wide outage takes everything down at once; AWS's own regional
    SLAs top out around 99.99 %, so five nines need a second region.

    ## Example that fails
    ```yaml
    targets: {availability: 99.999}
    regions:
      us-east-1: {azs: [us-east-1a, us-east-1b]}
    ```

    ## Example that passes
    ```yaml
    targets: {availability: 99.999}
    regions:
      us-east-1: {azs: [us-east-1a, us-east-1b], role: primary}
      us-west-2: {azs: [us-west-2a, us-west-2b], role: dr}
    # ... with a DR stack in us-west-2 behind Route 53 failover
    ```

    ## How to fix
    Add a second region with a standby stack and data replicas, behind Route
    53 failover, or lower the target to what one region can give.
    """
    target = ctx.blueprint.targets.get("availability")
    if target is None or target <= 99.99:
        return
    regions = {c.region for c in ctx.components.values() if c.scope in ("regional", "zonal") and c.region}
    if len(regions) <= 1:
        where = next(iter(regions), "one region")
        yield Violation("blueprint", ctx.blueprint.name,
                        f"availability target {target:g} % needs more than one region, but everything runs in {where}; "
                        f"add a DR region behind Route 53 failover")


@rule("DR002", "rpo-unmet", "error")
def rpo_unmet(ctx: Context) -> Iterator[Violation]:
    """A data store that can lose more data than the RPO target allows.

    ## What it does
    When `targets.rpo` is set, computes for each store (RDS, Aurora,
    DynamoDB, S3, EFS, DocumentDB, OpenSearch, Redshift, Kinesis, MSK) that is
    not itself a replica the achievable RPO for the largest failure the design
    claims to survive — a region when the blueprint has more than one region,
    else an AZ — and reports it when it exceeds the target. Mechanisms:
    regional service, Aurora or `multi_az` (AZ: 0); a replica in another region
    or a DynamoDB global table (1 s, S3 replication 15 min); PITR (AZ: 5 min);
    snapshots (hourly/daily/weekly; for a region only with
    `backup.cross_region: true`); none (unbounded).

    ## Why it matters
    The RPO is a promise about how much committed data a failure may lose.
    A design that cannot keep it fails its regulators on the first bad day.

    ## Example that fails
    ```yaml
    targets: {rpo: 1m}
    regions: {us-east-1: {...}, us-west-2: {...}}
    components:
      ledger: {type: aws.rds, subnets: [data-a, data-b], multi_az: true, backup: {pitr: true}}
    ```

    ## Example that passes
    ```yaml
    components:
      ledger:    {type: aws.rds, subnets: [data-a, data-b], multi_az: true}
      ledger-dr: {type: aws.rds, subnets: [dr-data-a], replica_of: ledger}   # in us-west-2
    ```

    ## How to fix
    Add a cross-region replica (or a DynamoDB global table), or relax the
    target to what the backups can give.
    """
    target = ctx.blueprint.targets.get("rpo")
    if target is None:
        return
    for rpo in ctx.resilience.rpo:
        if rpo.seconds is None or rpo.seconds > target:
            yield Violation("component", rpo.component,
                            f"`{rpo.component}` can lose {format_seconds(rpo.seconds)} of data when "
                            f"{'a region' if rpo.failure == 'region' else 'an AZ'} fails (mechanism: {rpo.mechanism}), "
                            f"above the RPO target of {format_seconds(target)}; add a cross-region replica or more frequent backups",
                            "backup")


@rule("AV001", "availability-below-target", "error")
def availability_below_target(ctx: Context) -> Iterator[Violation]:
    """The design's estimated availability is below its target.

    ## What it does
    When `targets.availability` is set, estimates the probability that every
    target is served: components fail independently with their SLA figure
    (`sla:` override, else the catalog's — the multi-AZ figure for multi-AZ
    zonal components); the targets are the `critical: true` components, else
    every reachable stateful component that is not a replica; a target is
    served when it or one of its replicas is up and reachable from an entry
    point through components that are up. Admin paths (SSH/RDP, flows from a
    bastion) are not serving paths and are left out. The computation is exact
    for up to 25 uncertain components on the serving paths; beyond, within
    1e-6 percentage points, or, for a design so entangled that this would
    take long, within a wider bound that `archlint report` states (the rule
    then fires only when even the upper end of the bound misses the target).
    A target that no entry point reaches even with every component up is
    reported as such: no redundancy can fix a missing path.

    ## Why it matters
    Availability multiplies along a path: three 99.9 % services in series give
    99.7 %. A target that the drawing cannot reach is a promise nobody can keep.

    ## Example that fails
    ```yaml
    targets: {availability: 99.99}
    components:
      users: {type: external.users}
      cdn:   {type: aws.cloudfront}           # 99.9
      api:   {type: aws.api_gateway}          # 99.95
      table: {type: aws.dynamodb}             # 99.99
    flows: [users -> cdn, cdn -> api, api -> table]
    ```

    ## Example that passes
    ```yaml
    targets: {availability: 99.5}
    ```

    ## How to fix
    Add redundancy where the message says the unavailability comes from
    (a second region behind Route 53, replicas), or lower the target.
    """
    target = ctx.blueprint.targets.get("availability")
    if target is None:
        return
    estimate = ctx.resilience.estimate
    if estimate.unreachable:
        yield Violation("blueprint", ctx.blueprint.name,
                        f"availability target {target:g} % cannot be met: no entry point reaches {name_list(estimate.unreachable)}; "
                        f"draw the flows that serve it (or drop `critical: true`)")
        return
    if estimate.percent is None or estimate.highest_possible >= target:  # a bounded figure must not cry wolf
        return
    costly = ", ".join(f"`{cid}` ({share:.0%})" for cid, share in estimate.costliest[:3])
    yield Violation("blueprint", ctx.blueprint.name,
                    f"estimated availability {estimate.percent:.4f} % is below the target {target:g} %; "
                    f"most unavailability comes from {costly or 'the entry points'}")
