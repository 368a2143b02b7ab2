"""`archlint report`: the figures behind the DR and AV rules, as JSON or a short table."""
from __future__ import annotations

import json

from .analysis.resilience import resilience
from .findings import Finding
from .graph import Context
from .model import Blueprint
from .wording import format_seconds, name_list


def report_data(blueprint: Blueprint) -> dict:
    analysis = resilience(Context(blueprint))
    estimate = analysis.estimate
    target_rpo = blueprint.targets.get("rpo")
    return {
        "blueprint": blueprint.name,
        "availability": {
            "estimate": estimate.percent,
            "error": estimate.error,
            "method": estimate.method,
            "target": blueprint.targets.get("availability"),
            "targets": estimate.targets,
            "unreachable": estimate.unreachable,
            "costliest": [{"component": cid, "unavailability_share": round(share, 6)} for cid, share in estimate.costliest],
        },
        "rpo": [{"component": r.component, "failure": r.failure, "mechanism": r.mechanism,
                 "achievable_seconds": r.seconds, "target_seconds": target_rpo} for r in analysis.rpo],
        "az_outage": [{"az": o.az, "fails": o.fails, "cut_off": o.cut_off} for o in analysis.az_outages],
        "region_outage": [{"region": o.region, "cut_off": [{"component": c, "through": lost} for c, lost in o.cut_off],
                           "calls_in": [{"component": c, "calls": lost} for c, lost in o.calls_in]}
                          for o in analysis.region_outages],
    }


def report_json(blueprint: Blueprint) -> str:
    return json.dumps(report_data(blueprint), indent=2) + "\n"


def report_text(blueprint: Blueprint) -> str:
    data = report_data(blueprint)
    availability = data["availability"]
    estimate = availability["estimate"]
    lines = [f"Blueprint {data['blueprint']}", "", "Availability"]
    lines.append(f"  estimate  {'n/a (nothing to serve)' if estimate is None else f'{estimate:.6f} %'}")
    if estimate is not None:
        lines.append(f"  method    {availability['method']}")
    target = availability["target"]
    lines.append(f"  target    {'none' if target is None else f'{target:g} %'}")
    lines.append(f"  targets   {name_list(availability['targets'], limit=10) or '-'}")
    if availability["unreachable"]:
        lines.append(f"  no entry point reaches {name_list(availability['unreachable'], limit=10)}")
    for row in availability["costliest"]:
        lines.append(f"  costs     {row['component']:<28} {row['unavailability_share']:6.1%} of the unavailability")
    lines += ["", "Recovery point (per store)", f"  {'store':<28} {'failure':<8} {'achievable':<24} mechanism"]
    for row in data["rpo"]:
        lines.append(f"  {row['component']:<28} {row['failure']:<8} {format_seconds(row['achievable_seconds']):<24} {row['mechanism']}")
    if data["rpo"] and data["rpo"][0]["target_seconds"] is not None:
        lines.append(f"  target: {format_seconds(data['rpo'][0]['target_seconds'])}")
    lines += ["", "AZ outage", f"  {'AZ':<16} {'fails':<40} cut off"]
    for row in data["az_outage"]:
        lines.append(f"  {row['az']:<16} {', '.join(row['fails']) or '-':<40} {', '.join(row['cut_off']) or '-'}")
    if data["region_outage"]:
        lines += ["", "Region outage", f"  {'region':<16} breaks"]
    for row in data["region_outage"]:
        broken = [f"{c['component']} (cut off through {c['through']})" for c in row["cut_off"]]
        broken += [f"{c['component']} (calls {c['calls']})" for c in row["calls_in"]]
        lines.append(f"  {row['region']:<16} {', '.join(broken) or '-'}")
    return "\n".join(lines) + "\n"


def report_markdown(blueprint: Blueprint, findings: list[Finding]) -> str:
    """The same figures, and the blueprint's findings, as Markdown tables for a docs page or a PR comment."""
    data = report_data(blueprint)
    availability = data["availability"]
    estimate, target = availability["estimate"], availability["target"]
    lines = [f"## Blueprint `{data['blueprint']}`", "", "### Availability", "",
             "| estimate | method | target | targets |", "| --- | --- | --- | --- |",
             _row("n/a (nothing to serve)" if estimate is None else f"{estimate:.6f} %", availability["method"],
                  "none" if target is None else f"{target:g} %", name_list(availability["targets"], limit=10) or "-")]
    if availability["unreachable"]:
        lines += ["", f"No entry point reaches {name_list(availability['unreachable'], limit=10)}."]
    if availability["costliest"]:
        lines += ["", "| component | share of the unavailability |", "| --- | ---: |"]
        lines += [_row(f"`{r['component']}`", f"{r['unavailability_share']:.1%}") for r in availability["costliest"]]
    lines += ["", "### Recovery point (per store)", "", "| store | failure | achievable | mechanism |", "| --- | --- | --- | --- |"]
    lines += [_row(f"`{r['component']}`", r["failure"], format_seconds(r["achievable_seconds"]), r["mechanism"]) for r in data["rpo"]]
    lines += ["", "### AZ outage", "", "| AZ | fails | cut off |", "| --- | --- | --- |"]
    lines += [_row(r["az"], ", ".join(r["fails"]) or "-", ", ".join(r["cut_off"]) or "-") for r in data["az_outage"]]
    if data["region_outage"]:
        lines += ["", "### Region outage", "", "| region | cut off | still calls the lost region |", "| --- | --- | --- |"]
        lines += [_row(r["region"], ", ".join(f"{c['component']} (through {c['through']})" for c in r["cut_off"]) or "-",
                       ", ".join(f"{c['component']} ({c['calls']})" for c in r["calls_in"]) or "-") for r in data["region_outage"]]
    lines += ["", f"### Findings ({len(findings)})", ""]
    if findings:
        lines += ["| severity | rule | element | line | message |", "| --- | --- | --- | ---: | --- |"]
        lines += [_row(f.severity, f"{f.rule} {f.name}", f"`{f.element}`", str(f.line), f.message) for f in findings]
    else:
        lines.append("None.")
    return "\n".join(lines) + "\n"


def _row(*cells: str) -> str:
    """A table row; a `|` or a line break inside a cell would end the cell or the table."""
    return "| " + " | ".join(" ".join(str(cell).replace("|", "\\|").split()) for cell in cells) + " |"
