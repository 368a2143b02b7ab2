"""OPS rules: DLQs, autoscaling, throttling, reporting off the primary."""
from __future__ import annotations

from typing import Iterator

from ..graph import Context
from . import Violation, rule

EVENT_SOURCES = frozenset({"aws.sns", "aws.eventbridge", "aws.s3"})
# Lambda polls these through an event-source mapping: failed records go to the source's DLQ.
POLLED_SOURCES = frozenset({"aws.sqs", "aws.kinesis", "aws.dynamodb"})
SCALABLE_COMPUTE = frozenset({"aws.ec2", "aws.ecs", "aws.eks", "aws.asg"})
REPLICATED_DATABASES = frozenset({"aws.rds", "aws.aurora", "aws.documentdb"})


@rule("OPS001", "async-without-dlq", "warning")
def async_without_dlq(ctx: Context) -> Iterator[Violation]:
    """A queue or asynchronously invoked Lambda without a dead-letter queue.

    ## What it does
    Flags an `aws.sqs` queue with an outgoing flow and no `dlq` — a queue that
    is another component's `dlq` is exempt only while nothing consumes it: a
    consumed DLQ needs its own — and an `aws.lambda` with no `dlq` and an
    incoming flow that is `async` or comes from `aws.sns`, `aws.eventbridge`
    or `aws.s3`. Flows from `aws.sqs`, `aws.kinesis` and `aws.dynamodb` do
    not count: Lambda polls those through an event-source mapping, and failed
    records belong in the source's DLQ.

    ## Why it matters
    Asynchronous events that keep failing are retried and then dropped
    silently: a lost payment notification or webhook with no trace. A DLQ
    keeps them for inspection and replay.

    ## Example that fails
    ```yaml
    blueprint: notifications
    components:
      events: {type: aws.sns}
      notify: {type: aws.lambda}
    flows:
      - {from: events, to: notify, async: true}
    ```

    ## Example that passes
    ```yaml
    blueprint: notifications
    components:
      events:     {type: aws.sns}
      notify-dlq: {type: aws.sqs}
      notify:     {type: aws.lambda, dlq: notify-dlq}
    flows:
      - {from: events, to: notify, async: true}
    ```

    ## How to fix
    Add an `aws.sqs` dead-letter queue and set `dlq: <id>`, with an alarm on
    its depth.
    """
    components, graph = ctx.components, ctx.graph
    dead_letter_of = {c.get("dlq"): cid for cid, c in components.items() if c.get("dlq")}
    for cid, component in components.items():
        if component.get("dlq"):
            continue
        if component.type == "aws.sqs" and graph.out_degree(cid):
            what = f"dead-letter queue `{cid}` of `{dead_letter_of[cid]}`" if cid in dead_letter_of else f"queue `{cid}`"
            yield Violation("component", cid, f"{what} is consumed but has no `dlq`; add a dead-letter queue for poison messages", "dlq")
        elif component.type == "aws.lambda":
            async_callers = [f.source for _, _, flows in graph.in_edges(cid, data="flows") for f in flows
                             if components[f.source].type not in POLLED_SOURCES
                             and (f.is_async or components[f.source].type in EVENT_SOURCES)]
            if async_callers:
                yield Violation("component", cid,
                                f"Lambda `{cid}` is invoked asynchronously by `{async_callers[0]}` but has no `dlq`; "
                                f"add a dead-letter queue so failed events are kept", "dlq")



@rule("OPS002", "no-autoscaling", "info", prod=True)
def no_autoscaling(ctx: Context) -> Iterator[Violation]:
    """Serving compute with a fixed instance count.

    ## What it does
    Flags an `aws.ec2`, `aws.ecs`, `aws.eks` or `aws.asg` reachable from an
    entry point that has no `autoscaling`. Admin paths (SSH/RDP, flows from a
    bastion) do not make a component serving: a bastion is not flagged.

    ## Why it matters
    A fixed fleet is either paid for at peak all day or overwhelmed at peak
    (month-end, market open); auto scaling also replaces failed instances.

    ## Example that fails
    ```yaml
    blueprint: shop
    regions:
      us-east-1: {azs: [us-east-1a, us-east-1b]}
    components:
      users: {type: external.users}
      alb:   {type: aws.alb, azs: [us-east-1a, us-east-1b], public: true}
      web:   {type: aws.ecs, azs: [us-east-1a, us-east-1b], count: 2}
    flows: [users -> alb, alb -> web]
    ```

    ## Example that passes
    ```yaml
    blueprint: shop
    regions:
      us-east-1: {azs: [us-east-1a, us-east-1b]}
    components:
      users: {type: external.users}
      alb:   {type: aws.alb, azs: [us-east-1a, us-east-1b], public: true}
      web:   {type: aws.ecs, azs: [us-east-1a, us-east-1b], autoscaling: {min: 2, max: 10}}
    flows: [users -> alb, alb -> web]
    ```

    ## How to fix
    Set `autoscaling: {min, max}` with `min` at the redundancy you need.
    """
    for cid in sorted(ctx.serving_reachable):  # a fleet only operators reach serves no traffic
        component = ctx.components[cid]
        if component.type in SCALABLE_COMPUTE and component.get("autoscaling") is None:
            yield Violation("component", cid, f"{component.type} `{cid}` serves traffic with no `autoscaling`; set `autoscaling: {{min, max}}`", "autoscaling")



@rule("OPS003", "api-without-throttling", "warning")
def api_without_throttling(ctx: Context) -> Iterator[Violation]:
    """A public API with no rate limiting.

    ## What it does
    Flags an `aws.api_gateway` that has a flow from an external component and
    no `throttle`.

    ## Why it matters
    Without throttling, one abusive client or a retry storm takes the API —
    and the core systems behind it — down for everyone. The banking API
    gateway guide sets rate and burst limits per usage plan.

    ## Example that fails
    ```yaml
    blueprint: partner-api
    components:
      partners: {type: external.partner}
      api:      {type: aws.api_gateway}
    flows: [partners -> api]
    ```

    ## Example that passes
    ```yaml
    blueprint: partner-api
    components:
      partners: {type: external.partner}
      api:      {type: aws.api_gateway, throttle: {rate: 1000, burst: 2000}}
    flows: [partners -> api]
    ```

    ## How to fix
    Set `throttle: {rate, burst}` (and usage plans per client).
    """
    components, graph = ctx.components, ctx.graph
    for cid, component in components.items():
        if component.type != "aws.api_gateway" or component.get("throttle") is not None:
            continue
        callers = [p for p in graph.pred[cid] if components[p].scope == "external"]
        if callers:
            yield Violation("component", cid, f"API `{cid}` takes calls from `{callers[0]}` with no `throttle`; set `throttle: {{rate, burst}}`", "throttle")



@rule("OPS004", "reporting-on-primary", "warning")
def reporting_on_primary(ctx: Context) -> Iterator[Violation]:
    """A reporting job querying the primary database.

    ## What it does
    Flags a flow from a component with `role: reporting` to an `aws.rds`,
    `aws.aurora` or `aws.documentdb` that is not a read replica (has no
    `replica_of`).

    ## Why it matters
    Long analytical queries on the primary lock rows and eat I/O that
    transactions need; the RDS guide sends reporting to read replicas.

    ## Example that fails
    ```yaml
    blueprint: shop
    regions:
      us-east-1: {azs: [us-east-1a, us-east-1b]}
    components:
      reports: {type: aws.lambda, role: reporting}
      db:      {type: aws.rds, azs: [us-east-1a, us-east-1b], multi_az: true}
    flows: [reports -> db]
    ```

    ## Example that passes
    ```yaml
    blueprint: shop
    regions:
      us-east-1: {azs: [us-east-1a, us-east-1b]}
    components:
      reports:    {type: aws.lambda, role: reporting}
      db:         {type: aws.rds, azs: [us-east-1a, us-east-1b], multi_az: true}
      db-replica: {type: aws.rds, azs: [us-east-1b], replica_of: db}
    flows: [reports -> db-replica]
    ```

    ## How to fix
    Add a read replica (`replica_of: <primary>`) and point reporting at it.
    """
    for flow, source, target in ctx.flow_ends():
        if source.role == "reporting" and target.type in REPLICATED_DATABASES and not target.replica_of:
            replicas = ctx.replicas.get(target.id)
            fix = f"read from its replica `{replicas[0]}`" if replicas else "add a read replica and read from it"
            yield Violation("flow", flow.id, f"reporting flow {flow.id} queries primary database `{target.id}`; {fix}")
