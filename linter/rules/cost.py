"""COST rules: what non-production environments pay for without needing it."""
from __future__ import annotations

from typing import Iterator

from ..graph import Context
from . import Violation, rule


@rule("COST001", "nonprod-redundancy", "info", environments=("dev", "test"))
def nonprod_redundancy(ctx: Context) -> Iterator[Violation]:
    """Production-grade redundancy paid for in dev or test.

    ## What it does
    In a `dev` or `test` environment, flags a managed-standby component
    (`rds`, `elasticache`, `opensearch`, `redshift`, `dms`) with
    `multi_az: true`, and an `aws.nat_gateway` in more than one AZ.

    ## Why it matters
    A Multi-AZ standby doubles the database bill and each NAT gateway costs
    per hour plus per GB; the environments guide uses single-AZ, single-NAT
    set-ups outside production.

    ## Example that fails
    ```yaml
    blueprint: shop-dev
    environment: dev
    regions:
      us-east-1: {azs: [us-east-1a, us-east-1b]}
    components:
      db: {type: aws.rds, azs: [us-east-1a, us-east-1b], multi_az: true}
    ```

    ## Example that passes
    ```yaml
    blueprint: shop-dev
    environment: dev
    regions:
      us-east-1: {azs: [us-east-1a, us-east-1b]}
    components:
      db: {type: aws.rds, azs: [us-east-1a]}
    ```

    ## How to fix
    Use `multi_az: false` and one NAT gateway in non-production overlays.
    """
    for cid, component in ctx.components.items():
        if component.info.managed_standby and component.get("multi_az") is True:
            yield Violation("component", cid,
                            f"{component.environment} component `{cid}` pays for a Multi-AZ standby; set `multi_az: false` outside prod",
                            "multi_az")
        elif component.type == "aws.nat_gateway" and len(component.azs) > 1:
            yield Violation("component", cid,
                            f"{component.environment} NAT gateway `{cid}` runs in {len(component.azs)} AZs; one is enough outside prod",
                            "subnets")
