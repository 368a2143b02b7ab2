"""DR rules: a second region for high targets, and an RPO every store meets.

The figures come from `linter.analysis.resilience` (shared with `archlint report`).
"""
from __future__ import annotations

from typing import Iterator

from ..analysis.resilience import resilience
from ..graph import Context
from ..wording import format_seconds, lost_data
from . import Violation, rule


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
    blueprint: payments
    targets: {availability: 99.999}
    regions:
      us-east-1: {azs: [us-east-1a, us-east-1b]}
    components:
      api:    {type: aws.api_gateway}
      ledger: {type: aws.dynamodb}
    ```

    ## Example that passes
    ```yaml
    blueprint: payments
    targets: {availability: 99.999}
    regions:
      us-east-1: {azs: [us-east-1a, us-east-1b], role: primary}
      us-west-2: {azs: [us-west-2a, us-west-2b], role: dr}
    components:
      api:    {type: aws.api_gateway}
      api-dr: {type: aws.api_gateway, region: us-west-2}   # behind Route 53 failover
      ledger: {type: aws.dynamodb, global_table_regions: [us-east-1, us-west-2]}
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
    blueprint: payments
    targets: {rpo: 1m}
    regions:
      us-east-1: {azs: [us-east-1a, us-east-1b]}
      us-west-2: {azs: [us-west-2a, us-west-2b]}
    components:
      ledger:
        type: aws.rds
        azs: [us-east-1a, us-east-1b]
        multi_az: true
        backup: {pitr: true}            # restores in-region only
    ```

    ## Example that passes
    ```yaml
    blueprint: payments
    targets: {rpo: 1m}
    regions:
      us-east-1: {azs: [us-east-1a, us-east-1b]}
      us-west-2: {azs: [us-west-2a, us-west-2b]}
    components:
      ledger:    {type: aws.rds, azs: [us-east-1a, us-east-1b], multi_az: true}
      ledger-dr: {type: aws.rds, region: us-west-2, azs: [us-west-2a], replica_of: ledger}
    ```

    ## How to fix
    Add a cross-region replica (or a DynamoDB global table), or relax the
    target to what the backups can give.
    """
    target = ctx.blueprint.targets.get("rpo")
    if target is None:
        return
    for rpo in resilience(ctx).rpo:
        if rpo.seconds is None or rpo.seconds > target:
            yield Violation("component", rpo.component,
                            f"`{rpo.component}` can lose {lost_data(rpo.seconds)} when "
                            f"{'a region' if rpo.failure == 'region' else 'an AZ'} fails (mechanism: {rpo.mechanism}), "
                            f"above the RPO target of {format_seconds(target)}; add a cross-region replica or more frequent backups",
                            "backup")
