"""Generate realistic benchmark blueprints of any size.

Components come in cells of ten that look like the guides' designs: a load
balancer, an autoscaled app tier, a Multi-AZ database with a cache, a queue
with its dead-letter queue feeding a function, and the stores it writes —
placed in VPCs of two AZs, with flows, IAM roles and flow ports. A shared
edge (users, DNS, CDN, WAF) fronts every cell.

    python bench/generate.py 2000 > /tmp/bp-2000.yaml
"""
from __future__ import annotations

import sys

CELL = 10
CELLS_PER_NETWORK = 20


def cell_flows(c: int) -> list[str]:
    """The flows of cell `c`: edge to load balancer to app, app to its stores and queue, queue to function."""
    return [
        f"  - {{from: waf, to: lb{c}, port: 443, protocol: https}}",
        f"  - {{from: lb{c}, to: app{c}, port: 8080, protocol: http}}",
        f"  - {{from: app{c}, to: db{c}, port: 5432, protocol: postgres}}",
        f"  - {{from: app{c}, to: cache{c}, port: 6379, protocol: redis}}",
        f"  - {{from: app{c}, to: queue{c}, actions: [sqs:SendMessage]}}",
        f"  - {{from: queue{c}, to: fn{c}, async: true, actions: [sqs:ReceiveMessage]}}",
        f"  - {{from: fn{c}, to: [table{c}, docs{c}], actions: [dynamodb:PutItem, s3:PutObject]}}",
    ]


def generate(components: int) -> str:
    cells = max(1, (components - 4) // CELL)
    networks = (cells + CELLS_PER_NETWORK - 1) // CELLS_PER_NETWORK
    out = [f"blueprint: bench-{components}", "description: generated benchmark blueprint",
           "targets: {availability: 99.95, rpo: 5m}",
           "regions:", "  us-east-1: {azs: [us-east-1a, us-east-1b]}", "networks:"]
    for n in range(networks):
        first, second = 10 + n // 256, n % 256
        out += [f"  vpc{n}:", f"    cidr: {first}.{second}.0.0/16", "    flow_logs: true", "    subnets:"]
        for tier, offset in (("pub", 0), ("app", 10), ("data", 20)):
            for az, letter in ((0, "a"), (1, "b")):
                public = ", public: true" if tier == "pub" else ""
                out.append(f"      v{n}-{tier}-{letter}: {{az: us-east-1{letter}, cidr: {first}.{second}.{offset + az}.0/24{public}}}")
    if networks > 1:
        out += ["connectivity:", "  transit_gateways:", f"    hub: {{attachments: [{', '.join(f'vpc{n}' for n in range(networks))}]}}"]
    out += ["components:", "  users: {type: external.users}", "  dns: {type: aws.route53}",
            "  cdn: {type: aws.cloudfront, waf: waf}", "  waf: {type: aws.waf}", "  trail: {type: aws.cloudtrail}"]
    flows = ["  - users -> dns", "  - users -> cdn", "  - cdn -> waf"]
    roles = []
    for c in range(cells):
        n = c // CELLS_PER_NETWORK
        sub = lambda tier, n=n: f"[v{n}-{tier}-a, v{n}-{tier}-b]"  # noqa: E731
        tags = f"tags: {{team: team{c % 7}, domain: domain{c % 5}, cost-center: cc-{c % 13:04d}}}"
        # Every tenth cell runs a single worker instance: real designs have findings.
        scaling = "count: 1" if c % 10 == 9 else "autoscaling: {min: 2, max: 8}"
        out += [
            f"  lb{c}: {{type: aws.alb, subnets: {sub('pub')}, label: Load balancer {c}, {tags}}}",
            f"  app{c}:", "    type: aws.ecs", f"    subnets: {sub('app')}", f"    {scaling}",
            f"    label: Application service {c}", f"    {tags}",
            f"  db{c}:", "    type: aws.rds", f"    label: Accounts database {c}", f"    subnets: {sub('data')}",
            "    multi_az: true", "    encrypted: true", "    backup: {pitr: true, retention_days: 7}", f"    {tags}",
            f"  cache{c}: {{type: aws.elasticache, label: Session cache {c}, subnets: {sub('data')}, multi_az: true, encrypted: true, {tags}}}",
            f"  queue{c}: {{type: aws.sqs, label: Transaction queue {c}, dlq: dlq{c}, {tags}}}",
            f"  dlq{c}: {{type: aws.sqs, label: Transaction dead letters {c}, {tags}}}",
            f"  fn{c}: {{type: aws.lambda, label: Transaction processor {c}, dlq: fdlq{c}, {tags}}}",
            f"  fdlq{c}: {{type: aws.sqs, label: Processor dead letters {c}, {tags}}}",
            f"  table{c}: {{type: aws.dynamodb, label: Transaction status {c}, backup: {{pitr: true}}, {tags}}}",
            f"  docs{c}: {{type: aws.s3, label: Statements bucket {c}, {tags}}}",
        ]
        flows += cell_flows(c)
        roles += [f"  app{c}-role:", f"    attached_to: [app{c}]", f"    allow: [{{actions: [sqs:SendMessage], resources: [queue{c}]}}]",
                  f"  fn{c}-role:", f"    attached_to: [fn{c}]",
                  f"    allow: [{{actions: [dynamodb:PutItem, s3:PutObject], resources: [table{c}, docs{c}]}}]"]
    return "\n".join(out + ["flows:", *flows, "iam:", *roles]) + "\n"


if __name__ == "__main__":
    sys.stdout.write(generate(int(sys.argv[1]) if len(sys.argv) > 1 else 2000))
