"""`archlint drift`: compare a blueprint with the template or plan that deploys it.

The infrastructure code is imported into a blueprint of its own (with
`x-source` on every element) and both are loaded into the same model, so one
comparison serves CloudFormation and Terraform. Components are matched by id,
by the design's `x-source` id, by a normalised name, or as the only component
of their type on both sides. Findings (DRIFT001-DRIFT007) are positioned in
the blueprint and name the IaC file and line.
"""
from __future__ import annotations

import os
import re
import tempfile
from typing import Iterator

from .findings import Finding, LoadProblem, Report
from .importers.command import check_loads
from .importers.pipeline import imported_blueprint
from .importers.writer import blueprint_text
from .loading import LoadError, display_path, load_blueprint
from .model import Blueprint, Component
from .rules import Violation, builtin_rules

DRIFT_RULES = ("DRIFT001", "DRIFT002", "DRIFT003", "DRIFT004", "DRIFT005", "DRIFT006", "DRIFT007")
PROTECTION_KEYS = ("multi_az", "encrypted", "replica_of", "global_table_regions")
ATTACHED_SCOPES = ("zonal",)


def drift_report(blueprint_path: str, kind: str, iac_path: str, parameters: str | None = None,
                 region: str | None = None) -> Report:
    """Load the design, import the code, compare; load problems go to `report.errors`."""
    report = Report()
    try:
        design = load_blueprint(blueprint_path, builtin_rules())
    except LoadError as exc:
        report.files.append(blueprint_path)
        report.errors.extend(LoadProblem(p.pos.file, p.pos.line, p.pos.col, p.message) for p in exc.problems)
        return report
    report.files.append(design.file)
    deployed = load_imported(kind, iac_path, parameters, region or design.primary_region)
    report.rules_run[design.file] = list(DRIFT_RULES)
    comparison = Comparison(design, deployed, display_path(iac_path))
    report.findings.extend(stamp(design, v) for v in comparison.violations())
    report.sort()
    return report


def load_imported(kind: str, path: str, parameters: str | None, region: str | None) -> Blueprint:
    data, head = imported_blueprint(kind, path, parameters, region)
    text = blueprint_text(data, head)
    check_loads(text)
    with tempfile.TemporaryDirectory(prefix="archlint-drift-") as folder:
        target = os.path.join(folder, "deployed.yaml")
        with open(target, "w", encoding="utf-8") as handle:
            handle.write(text)
        return load_blueprint(target, ())


def stamp(design: Blueprint, found: tuple[str, Violation]) -> Finding:
    """A finding in the blueprint; a component only the code has points at `components:`."""
    rule_id, violation = found
    rule = builtin_rules()[rule_id]
    if violation.kind == "blueprint":
        pos = design.root.key_pos("components") if "components" in design.root else design.pos
        kind = "component"
    else:
        pos, kind = design.locate(violation.kind, violation.element, violation.key), violation.kind
    return Finding(rule.id, rule.name, rule.severity, violation.message, pos.file, pos.line, pos.col,
                   design.name, violation.element, kind)


class Comparison:
    """Design and deployed blueprints side by side."""

    def __init__(self, design: Blueprint, deployed: Blueprint, code: str):
        self.design, self.deployed, self.code = design, deployed, code
        self.match = match_components(design, deployed)  # design id -> deployed id
        self.unmatched = set(deployed.components) - set(self.match.values())

    def violations(self) -> Iterator[tuple[str, Violation]]:
        yield from self.missing()
        for cid, did in sorted(self.match.items()):
            yield from self.compare(self.design.components[cid], self.deployed.components[did])
        yield from self.flows()
        yield from self.exposure()

    def where(self, did: str) -> str:
        """`file:line (IaC id)` of a deployed component."""
        source = self.deployed.components[did].get("x-source") or {}
        return f"{source.get('file')}:{source.get('line')} ({source.get('id', did)})"

    def missing(self) -> Iterator[tuple[str, Violation]]:
        for cid, component in self.design.components.items():
            if cid not in self.match and not component.type.startswith("external."):
                yield "DRIFT001", Violation("component", cid, f"{component.type} `{cid}` is in the design but not in {self.code}; "
                                                              f"add it to the code or remove it from the design")
        for did in sorted(self.unmatched):
            component = self.deployed.components[did]
            if not component.type.startswith("external."):
                yield "DRIFT002", Violation("blueprint", did, f"{component.type} `{did}` at {self.where(did)} is deployed but not in the design; "
                                                              f"add it to the blueprint")

    def compare(self, mine: Component, theirs: Component) -> Iterator[tuple[str, Violation]]:
        where = self.where(theirs.id)
        if mine.scope == "zonal" and theirs.azs and mine.azs != theirs.azs:
            key = "subnets" if "subnets" in mine.spec else "azs"
            yield "DRIFT003", Violation("component", mine.id, f"`{mine.id}` runs in {_azs(mine.azs)} in the design but in "
                                                              f"{_azs(theirs.azs)} at {where}", key)
        if mine.effective_count != theirs.effective_count and mine.info.keys & {"count", "autoscaling"}:
            key = "autoscaling" if "autoscaling" in mine.spec else "count"
            yield "DRIFT004", Violation("component", mine.id, f"`{mine.id}` has {mine.effective_count} instance(s) in the design but "
                                                              f"{theirs.effective_count} at {where}", key)
        for key in PROTECTION_KEYS:
            if key in theirs.spec and _value(mine.get(key)) != _value(theirs.get(key)):
                yield "DRIFT005", Violation("component", mine.id, f"`{mine.id}` has {key}: {_show(mine.get(key))} in the design but "
                                                                  f"{_show(theirs.get(key))} at {where}", key)
        yield from self.compare_backup(mine, theirs, where)

    def compare_backup(self, mine: Component, theirs: Component, where: str) -> Iterator[tuple[str, Violation]]:
        designed, deployed = dict(mine.get("backup") or {}), dict(theirs.get("backup") or {})
        for key in ("pitr", "retention_days"):
            if designed.get(key) and designed.get(key) != deployed.get(key):
                yield "DRIFT005", Violation("component", mine.id, f"`{mine.id}` has backup {key}: {_show(designed.get(key))} in the design "
                                                                  f"but {_show(deployed.get(key))} at {where}", "backup")

    def deployed_id(self, cid: str) -> str | None:
        return self.match.get(cid)

    def flows(self) -> Iterator[tuple[str, Violation]]:
        deployed_pairs = {(f.source, f.target) for f in self.deployed.flows}
        internet_reaches = {f.target for f in self.deployed.flows if self.deployed.components[f.source].type.startswith("external.")}
        for flow in self.design.flows:
            source, target = self.design.components[flow.source], self.design.components[flow.target]
            theirs = self.deployed_id(target.id)
            if theirs is None or self.deployed.components[theirs].scope not in ATTACHED_SCOPES:
                continue
            if source.type.startswith("external."):
                allowed = theirs in internet_reaches or source.type not in ("external.users", "external.internet", "external.partner")
            else:
                mine = self.deployed_id(source.id)
                if mine is None or self.deployed.components[mine].scope not in ATTACHED_SCOPES:
                    continue
                allowed = (mine, theirs) in deployed_pairs
            if not allowed:
                yield "DRIFT006", Violation("flow", flow.id, f"flow {flow.id} is in the design but no security group at "
                                                             f"{self.where(theirs)} lets `{flow.source}` reach `{flow.target}`")

    def exposure(self) -> Iterator[tuple[str, Violation]]:
        exposed_in_design = {f.target for f in self.design.flows if self.design.components[f.source].type.startswith("external.")}
        reverse = {did: cid for cid, did in self.match.items()}
        for flow in self.deployed.flows:
            if self.deployed.components[flow.source].type != "external.internet":
                continue
            cid = reverse.get(flow.target)
            if cid is not None and cid not in exposed_in_design and not self.design.components[cid].public:
                source = flow.spec.get("x-source", {}) if flow.spec else {}
                yield "DRIFT007", Violation("component", cid, f"the internet can reach `{cid}` directly ({source.get('file')}:{source.get('line')}, "
                                                              f"{source.get('id')}) but the design shows no flow to it from outside")


def match_components(design: Blueprint, deployed: Blueprint) -> dict[str, str]:
    """Design component id -> deployed component id, best evidence first."""
    found: dict[str, str] = {}
    free = dict(deployed.components)

    def take(cid: str, did: str) -> None:
        found[cid] = did
        free.pop(did, None)

    candidates = [c for c in design.components.values() if not c.type.startswith("external.")]
    for component in candidates:
        if component.id in free and free[component.id].type == component.type:
            take(component.id, component.id)
    for component in candidates:
        source_id = (component.get("x-source") or {}).get("id")
        for did, other in list(free.items()):
            if component.id not in found and other.type == component.type and (other.get("x-source") or {}).get("id") == source_id:
                take(component.id, did)
    for component in candidates:
        names = [did for did, other in free.items() if other.type == component.type and _norm(did) == _norm(component.id)]
        if component.id not in found and len(names) == 1:
            take(component.id, names[0])
    for component in candidates:
        same_type = [did for did, other in free.items() if other.type == component.type]
        mine = [c for c in candidates if c.type == component.type and c.id not in found]
        if component.id not in found and len(same_type) == 1 and len(mine) == 1:
            take(component.id, same_type[0])
    return found


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _azs(azs: frozenset[str]) -> str:
    return ", ".join(sorted(azs)) or "no AZ"


def _value(value):
    return sorted(value) if isinstance(value, list) else value


def _show(value) -> str:
    if value is None:
        return "not set"
    if isinstance(value, bool):
        return str(value).lower()
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)
