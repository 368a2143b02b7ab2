"""Rules registered on import, with the API the built-in rules use."""
from __future__ import annotations

from typing import Iterator

from linter.graph import Context
from linter.rules import Violation, rule


@rule("EXP001", "sync-cross-region-data-call", "warning")
def sync_cross_region_data_call(ctx: Context) -> Iterator[Violation]:
    """A synchronous call into a data store in another region.

    ## What it does
    Flags a flow that is not `async` into a stateful component (database,
    bucket, queue…) in a different region than its source.

    ## Why it matters
    A synchronous cross-region call adds 60-200 ms to every request and ties
    the caller's availability to the other region: a regional outage spreads.

    ## Example that fails
    ```yaml
    flows:
      - {from: us-app, to: eu-ledger, port: 5432, protocol: postgres}
    ```

    ## Example that passes
    ```yaml
    flows:
      - {from: us-app, to: eu-queue, async: true}
    ```

    ## How to fix
    Read and write a store in the caller's region, and replicate across
    regions asynchronously (Aurora Global Database, DynamoDB global tables).
    """
    for flow, source, target in ctx.flow_ends():
        if not flow.is_async and target.info.stateful and source.region and target.region and source.region != target.region:
            yield Violation("flow", flow.id, f"flow {flow.id} reads or writes {target.type} `{target.id}` in {target.region} synchronously "
                                             f"from {source.region}; use a local replica and replicate asynchronously")
