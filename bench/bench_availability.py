"""Benchmark of linter.analysis.availability (a script, not a test).

Builds a realistic two-region serving graph with 25 uncertain components and
three 2,000-node graphs, then prints the median wall time of
``serve_probability`` and ``costliest`` over several repeats.

    python bench/bench_availability.py [--repeats N]
"""
from __future__ import annotations

import argparse
import functools
import itertools
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from linter.analysis.availability import costliest, serve_probability  # noqa: E402

REGIONS = ("use1", "usw2")


def two_region_stack() -> tuple[nx.DiGraph, dict[str, float], list[str], list[list[str]]]:
    """25 uncertain components: 5 global ones and 10 per region, plus perfect glue."""
    graph = nx.DiGraph()
    availability = {"route53": 0.9999, "cdn": 0.999, "waf": 0.9995,
                    "docs": 0.9999, "sessions": 0.99999}
    graph.add_edges_from(itertools.pairwise(["users", "route53", "cdn", "waf"]))
    graph.add_edge("cdn", "docs")
    for region in REGIONS:
        def r(name: str, region: str = region) -> str:
            return f"{name}-{region}"
        availability.update({r("alb"): 0.9999, r("apigw"): 0.9995, r("auth"): 0.999,
                             r("app-a"): 0.9995, r("app-b"): 0.9995, r("cache"): 0.999,
                             r("db"): 0.9999, r("search"): 0.999, r("queue"): 0.999,
                             r("worker"): 0.995})
        graph.add_edges_from([("waf", r("alb")), ("partners", r("apigw")),
                              (r("apigw"), r("auth")), (r("cache"), r("db")),
                              (r("queue"), r("worker")), (r("worker"), r("vpce")),
                              (r("vpce"), r("db")), (r("vpce"), r("search")),
                              (r("vpce"), "sessions"), (r("vpce"), r("queue")),
                              (r("vpce"), r("cache")), (r("vpce"), "tgw"),
                              (r("app-a"), r("logs")), (r("logs"), "cloudtrail")])
        for app in (r("app-a"), r("app-b")):
            graph.add_edges_from([(r("alb"), app), (r("auth"), app),
                                  (app, r("mesh")), (r("mesh"), r("vpce"))])
        # Perfect platform services: some on the serving path, most beside it.
        graph.add_edges_from(itertools.pairwise([r("mesh"), r("envoy"), r("subnet-router"), r("vpce")]))
        for service in ("secrets", "kms", "ecr", "cloudwatch", "xray", "ssm", "nat", "sns"):
            graph.add_edge(r("mesh"), r(service))
        graph.add_edges_from([(r("nat"), r("igw")), (r("sns"), r("queue")), (r("kms"), "iam")])
    # Cross-region failover: either region's apps can reach the other's stores.
    graph.add_edges_from([("tgw", f"vpce-{region}") for region in REGIONS])
    targets = [["db-use1", "db-usw2"], ["search-use1", "search-usw2"], ["docs"], ["sessions"]]
    return graph, availability, ["users", "partners"], targets


def mostly_perfect(size: int = 2000) -> tuple[nx.DiGraph, dict[str, float], list[str], list[list[str]]]:
    """The 25-component stack inside a mesh of perfect services, cycles included."""
    graph, availability, entries, targets = two_region_stack()
    rng = random.Random(7)
    services = [f"svc{i}" for i in range(size - graph.number_of_nodes())]
    for service in services:
        region = rng.choice(REGIONS)
        graph.add_edge(f"mesh-{region}", service)
        graph.add_edge(service, rng.choice(services))
        if rng.random() < 0.3:
            graph.add_edge(service, f"{rng.choice(['db', 'search', 'cache'])}-{region}")
    return graph, availability, entries, targets


def independent_services(count: int = 330) -> tuple[nx.DiGraph, dict[str, float], list[str], list[list[str]]]:
    """A shared front, then services with two app replicas and their own database."""
    graph = nx.DiGraph(itertools.pairwise(["users", "route53", "cdn", "waf", "alb"]))
    availability = {"route53": 0.9999, "cdn": 0.999, "waf": 0.9995, "alb": 0.9999}
    for number in range(count):
        name = f"svc{number}"
        for replica in "ab":
            graph.add_edges_from(itertools.pairwise(["alb", f"{name}-{replica}", f"{name}-mesh",
                                                     f"{name}-vpce", f"{name}-db"]))
            availability[f"{name}-{replica}"] = 0.999
        graph.add_edge(f"{name}-mesh", f"{name}-logs")
        availability[f"{name}-db"] = 0.9999
    return graph, availability, ["users"], [[f"svc{number}-db"] for number in range(count)]


def parallel_chains(count: int = 500) -> tuple[nx.DiGraph, dict[str, float], list[str], list[list[str]]]:
    """Replicated chains gateway -> proxy (perfect) -> app -> db; any db serves."""
    graph = nx.DiGraph()
    availability = {}
    for number in range(count):
        chain = [f"gw{number}", f"proxy{number}", f"app{number}", f"db{number}"]
        graph.add_edges_from(itertools.pairwise(["entry", *chain]))
        availability.update({chain[0]: 0.99, chain[2]: 0.95, chain[3]: 0.9})
    return graph, availability, ["entry"], [[f"db{number}" for number in range(count)]]


def median_seconds(run: Callable[[], object], repeats: int) -> float:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    repeats = parser.parse_args().repeats
    cases = [("two-region stack", two_region_stack(), True),
             ("2,000 nodes, mostly perfect", mostly_perfect(), True),
             ("2,000 nodes, 330 independent services", independent_services(), False),
             ("2,000 nodes, 500 parallel chains", parallel_chains(), False)]
    print(f"median of {repeats} runs (python {sys.version.split()[0]}, networkx {nx.__version__})")
    for name, (graph, availability, entries, targets), with_costliest in cases:
        uncertain = sum(1 for value in availability.values() if value < 1.0)
        estimate = serve_probability(graph, availability, entries, targets)
        print(f"\n{name}: {graph.number_of_nodes()} nodes, {uncertain} uncertain, "
              f"{len(targets)} target groups; availability {estimate * 100:.8f}%")
        seconds = median_seconds(functools.partial(serve_probability, graph, availability, entries, targets), repeats)
        print(f"  serve_probability  {seconds * 1000:9.2f} ms")
        if with_costliest:
            top = costliest(graph, availability, entries, targets)
            seconds = median_seconds(functools.partial(costliest, graph, availability, entries, targets), repeats)
            print(f"  costliest          {seconds * 1000:9.2f} ms   "
                  + ", ".join(f"{node} {share:.3f}" for node, share in top))


if __name__ == "__main__":
    main()
