"""One import, end to end: read the IaC, group, derive flows, write the blueprint text."""
from __future__ import annotations

from typing import Any

from .resources import Imported
from .cloudformation import DEFAULT_REGION, import_cloudformation, read_parameters
from .flows import FlowFinder
from .grouping import Design, Grouper
from .iam import RoleFinder
from .writer import blueprint_data, blueprint_name, header

from . import ALIASES, SOURCES  # noqa: F401 (the names callers know them by)


def read_iac(kind: str, path: str, parameters: str | None = None, region: str | None = None) -> Imported:
    """The resources of a CloudFormation template or a Terraform plan/state; ImportFailure on bad input."""
    if kind == "terraform":
        from .terraform import import_terraform
        return import_terraform(path, region)
    given = read_parameters(parameters) if parameters else {}
    return import_cloudformation(path, given, region or DEFAULT_REGION)


def design_of(imported: Imported) -> Design:
    grouper = Grouper(imported, blueprint_name(imported.file))
    design = grouper.build()
    FlowFinder(grouper).derive()
    RoleFinder(grouper).derive()
    return design


def imported_blueprint(kind: str, path: str, parameters: str | None = None, region: str | None = None) -> tuple[dict[str, Any], str]:
    """The blueprint data and its header comment."""
    imported = read_iac(kind, path, parameters, region)
    data = blueprint_data(design_of(imported))
    return data, header(imported, f"import {kind}")

