"""REG rules: losing one region leaves the other regions' stacks working.

The outage simulation comes from `linter.analysis.resilience`."""
from __future__ import annotations

from typing import Iterator

from ..analysis.resilience import resilience
from ..graph import Context
from . import Violation, rule


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
    blueprint: shop
    regions:
      us-east-1: {azs: [us-east-1a, us-east-1b]}
      us-west-2: {azs: [us-west-2a, us-west-2b]}
    components:
      users:  {type: external.users}
      dns:    {type: aws.route53}
      app:    {type: aws.lambda, region: us-east-1}
      app-dr: {type: aws.lambda, region: us-west-2}
      db:     {type: aws.aurora, region: us-east-1, azs: [us-east-1a, us-east-1b]}
    flows: [users -> dns, dns -> app, dns -> app-dr, app -> db, app-dr -> db]
    ```

    ## Example that passes
    ```yaml
    blueprint: shop
    regions:
      us-east-1: {azs: [us-east-1a, us-east-1b]}
      us-west-2: {azs: [us-west-2a, us-west-2b]}
    components:
      users:  {type: external.users}
      dns:    {type: aws.route53}
      app:    {type: aws.lambda, region: us-east-1}
      app-dr: {type: aws.lambda, region: us-west-2}
      db:     {type: aws.aurora, region: us-east-1, azs: [us-east-1a, us-east-1b]}
      db-dr:                                   # replicated from db, read in us-west-2
        type: aws.aurora
        region: us-west-2
        azs: [us-west-2a, us-west-2b]
        replica_of: db
    flows: [users -> dns, dns -> app, dns -> app-dr, app -> db, app-dr -> db-dr]
    ```

    ## How to fix
    Give each region its own way in (Route 53 failover to each region's
    entry) and its own copy of the data (a cross-region replica or global
    table), and make calls across regions asynchronous.
    """
    for outage in resilience(ctx).region_outages:
        problems = [f"`{cid}` is cut off (through `{lost}`)" for cid, lost in outage.cut_off]
        problems += [f"`{cid}` still calls `{lost}`" for cid, lost in outage.calls_in]
        if problems:
            shown = "; ".join(problems[:8]) + (f"; and {len(problems) - 8} more" if len(problems) > 8 else "")
            yield Violation("region", outage.region,
                            f"losing region {outage.region} breaks what survives in other regions: {shown}; "
                            f"give each region its own entry and data copy, and make cross-region calls async")
