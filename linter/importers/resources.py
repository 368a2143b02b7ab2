"""What both importers reduce their input to: `Resource`s whose references to
other resources are `Ref` strings, each with the `Source` it was written at."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator

from ..yaml_reader import Problem


class ImportFailure(Exception):
    """Input that cannot be imported: every problem, each with file:line:col."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


class Ref(str):
    """A value that refers to other resources (a `!Ref`, `!GetAtt` or a plan reference).

    It is a string, so it survives `Fn::Join`, `Fn::Sub` and string checks, and
    it remembers the ids it points at, so that flows and placement can follow it.
    """

    targets: tuple[str, ...]

    def __new__(cls, text: str, targets: tuple[str, ...]) -> "Ref":
        value = super().__new__(cls, text)
        value.targets = targets
        return value


@dataclass(frozen=True)
class Source:
    """Where a resource was written: file, line and its id in the IaC."""

    file: str
    line: int
    id: str

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "id": self.id}


@dataclass
class Resource:
    id: str  # the id it gets in the blueprint
    type: str  # `AWS::RDS::DBInstance` or `aws_db_instance`
    props: dict
    source: Source

    def get(self, paths: str) -> Any:
        """The value at a dotted path (`VpcConfig.SubnetIds`); `a|b` tries each path.

        Terraform's nested blocks are lists of one map: a key step descends into
        the first element, so one path form reads both dialects.
        """
        for path in paths.split("|"):
            value = _walk(self.props, path.split("."))
            if value is not None:
                return value
        return None

    def refs(self, paths: str) -> list[str]:
        """Ids of the resources the value at `paths` refers to, in order, without repeats."""
        return list(dict.fromkeys(references(self.get(paths))))


def _walk(value: Any, steps: list[str]) -> Any:
    for step in steps:
        while isinstance(value, list) and value and isinstance(value[0], dict):
            value = value[0]
        if not isinstance(value, dict):
            return None
        value = value.get(step)
    return value


def references(value: Any) -> Iterator[str]:
    """Every resource id a (nested) value refers to."""
    if isinstance(value, Ref):
        yield from value.targets
    elif isinstance(value, dict):
        for item in value.values():
            yield from references(item)
    elif isinstance(value, list):
        for item in value:
            yield from references(item)


@dataclass
class Imported:
    """What an importer read: the resources, and what the header must tell the reader."""

    kind: str  # cloudformation | terraform
    file: str
    region: str
    resources: list[Resource] = field(default_factory=list)
    assumptions: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)  # blueprint ids already given out
