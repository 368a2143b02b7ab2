"""What YAML policies cost: `archlint lint` with and without 20 policies.

The 20 policies are an organisation's gate over the generated benchmark
blueprint: every assertion kind, the graph-wide ones (`every_path_from_passes`,
`reachable_from`, `not_reachable_from`) included, which the design passes. Runs are interleaved so that drift in
machine load hits both sides alike; medians are compared.

    python bench/bench_custom.py [--size 2000] [--runs 9]
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_lint import measure  # noqa: E402
from generate import generate  # noqa: E402

# (select, assert): an organisation's gate, which a good design mostly passes.
POLICIES = [
    ("{type: [aws.rds, aws.elasticache]}", "attribute: {key: encrypted, equals: true}"),
    ("{type: aws.rds}", "attribute: {key: backup.pitr, equals: true}"),
    ("{type: aws.rds}", "attribute: {key: multi_az, one_of: [true]}"),
    ("{type: aws.lambda}", "attribute: {key: dlq, exists: true}"),
    ("{type: aws.sqs, tags: {domain: domain1}}", "attribute: {key: tags.team, exists: true}"),
    ("{type: [aws.rds, aws.elasticache]}", "inbound_only_from: {tier: app}"),
    ("{type: aws.lambda}", "inbound_only_from: {type: aws.sqs}"),
    ("{tier: data}", "no_inbound_from: {type: \"external.*\"}"),
    ("{type: aws.alb}", "no_inbound_from: {type: external.users}"),
    ("{type: aws.ecs}", "outbound_only_to: {type: [aws.rds, aws.elasticache, aws.sqs]}"),
    ("{type: aws.lambda}", "outbound_only_to: {tier: data}"),
    ("{type: aws.ecs}", "reachable_from: {type: external.users}"),
    ("{type: aws.rds}", "reachable_from: {type: aws.cloudfront}"),
    ("{type: aws.dynamodb}", "not_reachable_from: {type: external.partner}"),
    ("{type: aws.s3, tags: {domain: domain0}}", "not_reachable_from: {type: aws.route53}"),
    ("{type: [aws.rds, aws.elasticache]}", "every_path_from_passes: {from: {type: \"external.*\"}, through: {type: aws.waf}}"),
    ("{tier: data}", "every_path_from_passes: {from: {type: \"external.*\"}, through: {tier: app}}"),
    ("{type: aws.ecs, tags: {team: team3}}", "every_path_from_passes: {from: {type: external.users}, through: {type: aws.alb}}"),
    ("{type: [aws.rds, aws.elasticache]}", "min_azs: 2"),
    ("{type: aws.ecs}", "min_azs: 2"),
]


def policies() -> list[str]:
    return [f"id: BEN{index:03d}\nname: bench-policy-{index}\nseverity: warning\nmessage: Benchmark policy {index}\n"
            f"select: {select}\nassert:\n  {assertion}\n" for index, (select, assertion) in enumerate(POLICIES)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        blueprint = os.path.join(folder, "bench.yaml")
        with open(blueprint, "w") as handle:
            handle.write(generate(args.size))
        os.mkdir(os.path.join(folder, "policies"))
        for index, text in enumerate(policies()):
            with open(os.path.join(folder, "policies", f"p{index:02d}.yaml"), "w") as handle:
                handle.write(text)
        with_policies = os.path.join(folder, "with.toml")
        with open(with_policies, "w") as handle:
            handle.write('rules-dirs = ["policies"]\n')
        lint = [sys.executable, "-m", "linter", "lint", blueprint, "--fail-on", "never"]
        pairs = [(measure(lint + ["--no-config"])[0], measure(lint + ["--config", with_policies])[0]) for _ in range(args.runs)]
    without, with_ = (statistics.median(side) for side in zip(*pairs, strict=True))
    print(f"{args.size} components: built-in rules {without * 1000:.0f} ms, with 20 policies {with_ * 1000:.0f} ms "
          f"(medians of {args.runs}): {(with_ / without - 1) * 100:+.1f} %")


if __name__ == "__main__":
    main()
