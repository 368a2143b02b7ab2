"""AZ rules: every zonal component in two AZs, and no AZ outage that cuts off survivors."""
from __future__ import annotations

from typing import Iterator

from ..analysis.resilience import resilience
from ..graph import Context
from ..wording import name_list
from . import Violation, rule
from .spof import per_az_siblings, redundancy_advice, redundancy_key, single_az_detail, single_points_of_failure


@rule("AZ001", "single-az", "error", prod=True)
def single_az(ctx: Context) -> Iterator[Violation]:
    """A zonal component that runs in one AZ or as one instance.

    ## What it does
    Flags every non-redundant zonal component in prod for which
    single-point-of-failure (SPOF001) does not fire: components off the
    serving path and leaf services — a single-subnet Lambda in a VPC, a
    one-instance worker, a single NAT gateway, a bastion in one AZ. Each
    non-redundant zonal component gets exactly one of the two findings.
    Per-AZ siblings — components of one type in one network, each in a
    different single AZ, with the same callers — are redundant as a group.

    ## Why it matters
    An AZ outage takes the component down. Even when nothing on the serving
    path depends on it, its job (batch, egress, admin access) stops.

    ## Example that fails
    ```yaml
    blueprint: batch
    regions:
      us-east-1: {azs: [us-east-1a, us-east-1b]}
    components:
      worker: {type: aws.ec2, azs: [us-east-1a]}          # one instance, one AZ
    ```

    ## Example that passes
    ```yaml
    blueprint: batch
    regions:
      us-east-1: {azs: [us-east-1a, us-east-1b]}
    components:
      worker: {type: aws.ec2, azs: [us-east-1a, us-east-1b], count: 2}
    ```
    (an `aws.alb`, `aws.nlb`, `aws.nat_gateway` or `aws.vpc_endpoint` needs
    only the two AZs, one instance runs in each)

    ## How to fix
    Place it in two AZs (two subnets) with at least two instances, or waive
    the finding with the reason the single AZ is acceptable.
    """
    spofs, siblings = ctx.shared(single_points_of_failure), ctx.shared(per_az_siblings)
    for cid, component in ctx.components.items():
        if component.scope != "zonal" or component.redundant or cid in spofs or cid in siblings:
            continue
        where = ", ".join(sorted(component.azs)) or "no AZ"
        yield Violation("component", cid,
                        f"{component.type} `{cid}` runs in {where} with {component.effective_count} instance(s)"
                        f"{single_az_detail(component)}; {redundancy_advice(component)}",
                        redundancy_key(ctx, cid))



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
    blueprint: shop
    regions:
      us-east-1: {azs: [us-east-1a, us-east-1b]}
    components:
      users: {type: external.users}
      app:   {type: aws.ec2, azs: [us-east-1a]}                      # us-east-1a only
      db:    {type: aws.rds, azs: [us-east-1a, us-east-1b], multi_az: true}
    flows: [users -> app, app -> db]
    ```

    ## Example that passes
    ```yaml
    blueprint: shop
    regions:
      us-east-1: {azs: [us-east-1a, us-east-1b]}
    components:
      users: {type: external.users}
      app:   {type: aws.ecs, azs: [us-east-1a, us-east-1b], autoscaling: {min: 2, max: 6}}
      db:    {type: aws.rds, azs: [us-east-1a, us-east-1b], multi_az: true}
    flows: [users -> app, app -> db]
    ```

    ## How to fix
    Make every component on the path multi-AZ, or add a per-AZ alternative
    (one NAT gateway per AZ, each AZ's app using its own).
    """
    for outage in resilience(ctx).az_outages:
        if outage.cut_off:
            yield Violation("az", outage.az,
                            f"losing {outage.az} takes down {name_list(outage.fails)} and cuts off {name_list(outage.cut_off)}; "
                            f"make the failing components multi-AZ")
