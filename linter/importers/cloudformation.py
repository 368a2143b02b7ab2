"""CloudFormation: evaluate a template (and its local nested stacks) into resources.

Parameters take the given value, else their default; conditions, `Fn::If`,
`Fn::FindInMap`, `Fn::Select`, `Fn::GetAZs`, `Fn::Join`, `Fn::Sub`,
`Fn::Split` and `Fn::Cidr` are evaluated as CloudFormation would. A `Ref` or
`Fn::GetAtt` to a resource becomes a `Ref` string that remembers its target,
so references survive nested stacks (parameters down, outputs back up). What
had to be assumed is recorded for the blueprint's header.
"""
from __future__ import annotations

import ipaddress
import json
import os
import re
from typing import Any

from .resources import ImportFailure, Imported, Ref, Resource, Source
from .cfn_yaml import Mapping, read_template
from ..loading import display_path
from ..yaml_reader import Pos, Problem

DEFAULT_REGION = "us-east-1"
MAX_NESTING = 10
# AZ letters per region (public AWS, 2025); a region not listed gets a, b, c.
_AZ_LETTERS = {"us-east-1": "abcdef", "us-west-2": "abcd", "ap-northeast-1": "acd", "ap-northeast-2": "abcd",
               "ca-central-1": "abd", "sa-east-1": "abc", "us-west-1": "ab"}
_NO_VALUE = object()
_SUB_RE = re.compile(r"\$\{([^}!][^}]*)\}")
_CONDITION_FUNCTIONS = ("Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not", "Condition")
SAM_TRANSFORM = "AWS::Serverless-2016-10-31"
SAM_IMPLICIT_APIS = ("ServerlessRestApi", "ServerlessHttpApi")


def region_azs(region: str) -> list[str]:
    return [f"{region}{letter}" for letter in _AZ_LETTERS.get(region, "abc")]


def import_cloudformation(path: str, parameters: dict[str, Any] | None = None, region: str = DEFAULT_REGION) -> Imported:
    """Every resource of the template and of its local nested stacks; ImportFailure on bad input."""
    imported = Imported("cloudformation", display_path(path), region)
    evaluator = Stack(path, parameters or {}, imported, prefix="", chain=[])
    evaluator.evaluate()
    if evaluator.problems:
        raise ImportFailure(sorted(set(evaluator.problems), key=lambda p: (p.pos.file, p.pos.line, p.pos.col)))
    imported.assumptions = list(dict.fromkeys(imported.assumptions))
    return imported


def read_parameters(path: str) -> dict[str, Any]:
    """`[{ParameterKey, ParameterValue}]` (AWS CLI), `{"Parameters": {...}}` or a plain map."""
    shown = display_path(path)
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportFailure([Problem(Pos(shown, 1, 1), f"cannot read the parameters file: {exc}")]) from None
    except json.JSONDecodeError as exc:
        raise ImportFailure([Problem(Pos(shown, exc.lineno, exc.colno), f"the parameters file is not JSON: {exc.msg}")]) from None
    if isinstance(data, dict) and isinstance(data.get("Parameters"), dict):
        data = data["Parameters"]
    if isinstance(data, list) and all(isinstance(p, dict) and "ParameterKey" in p for p in data):
        return {p["ParameterKey"]: p.get("ParameterValue", "") for p in data}
    if isinstance(data, dict):
        return data
    raise ImportFailure([Problem(Pos(shown, 1, 1), "the parameters file must be [{ParameterKey, ParameterValue}] or a map")])


class Stack:
    """One template being evaluated: its parameters, conditions and resources."""

    def __init__(self, path: str, given: dict[str, Any], imported: Imported, prefix: str, chain: list[str]):
        self.path, self.shown = path, display_path(path)
        self.given, self.imported, self.prefix, self.chain = given, imported, prefix, chain
        self.problems: list[Problem] = []
        self.template: Mapping = Mapping()
        self.params: dict[str, Any] = {}
        self.conditions: dict[str, bool] = {}
        self.ids: dict[str, str] = {}  # logical id -> blueprint id
        self.children: dict[str, Stack | None] = {}
        self.outputs: dict[str, Any] = {}

    # -- driving --------------------------------------------------------------
    def evaluate(self) -> None:
        self.template = read_template(self.path, self.shown)
        self.params = self.parameter_values()
        resources = self.template["Resources"]
        included = [rid for rid, body in resources.items() if self.included(body)]
        for rid in included:
            self.ids[rid] = self.unique_id(rid)
        for rid in included:
            self.evaluate_resource(rid, resources[rid])
        outputs = self.template.get("Outputs")
        for name, body in (outputs.items() if isinstance(outputs, dict) else ()):
            if isinstance(body, dict) and self.included(body):
                self.outputs[name] = self.ev(body.get("Value"), body)

    def unique_id(self, logical: str) -> str:
        """The logical id; prefixed with the nested stack's id when another stack used it."""
        candidate = (logical if logical not in self.imported.ids else f"{self.prefix}-{logical}")[:63]
        self.imported.ids.add(candidate)
        return candidate

    def included(self, body: Any) -> bool:
        name = body.get("Condition") if isinstance(body, dict) else None
        return name is None or self.condition(name, body)

    def evaluate_resource(self, rid: str, body: Mapping) -> None:
        kind = body["Type"]
        if kind == "AWS::CloudFormation::Stack":
            self.nested(rid, body)
            return
        props = self.ev(body.get("Properties") or Mapping(), body)
        source = Source(self.shown, self.template["Resources"].line_of(rid), rid)
        self.imported.resources.append(Resource(self.ids[rid], kind, props if isinstance(props, dict) else {}, source))

    # -- parameters and conditions ----------------------------------------------
    def parameter_values(self) -> dict[str, Any]:
        declared = self.template.get("Parameters")
        values: dict[str, Any] = {}
        for name, spec in (declared.items() if isinstance(declared, dict) else ()):
            spec = spec if isinstance(spec, dict) else {}
            if name in self.given:
                value, how = self.given[name], "given"
            elif "Default" in spec:
                value, how = spec["Default"], "default"
            else:
                value, how = self.placeholder(name, spec), "no value given; placeholder"
            values[name] = _typed(value, str(spec.get("Type", "String")))
            if not self.prefix:  # nested stacks get their values from the parent, already shown
                self.imported.assumptions.append(f"parameter {name} = {_show(values[name])} ({how})")
        return values

    def placeholder(self, name: str, spec: dict) -> Any:
        kind = str(spec.get("Type", "String"))
        if "AvailabilityZone" in kind:
            azs = region_azs(self.imported.region)
            return azs[:3] if kind.startswith("List<") else azs[0]
        allowed = spec.get("AllowedValues")
        return allowed[0] if isinstance(allowed, list) and allowed else f"<{name}>"

    def condition(self, name: str, where: Any) -> bool:
        if name not in self.conditions:
            declared = self.template.get("Conditions") or {}
            if name not in declared:
                self.problem(where, f"unknown condition `{name}`")
                self.conditions[name] = False
            else:
                self.conditions[name] = False  # guards against a cycle while evaluating
                self.conditions[name] = bool(self.ev(declared[name], declared))
                if not self.prefix:
                    self.imported.assumptions.append(f"condition {name} is {str(self.conditions[name]).lower()}")
        return self.conditions[name]

    # -- intrinsic functions -------------------------------------------------------
    def ev(self, value: Any, where: Any) -> Any:
        """The evaluated value; `where` is the nearest mapping, for error positions."""
        if isinstance(value, dict):
            if len(value) == 1:
                (key, arg), = value.items()
                handler = _FUNCTIONS.get(key)
                if handler is not None:
                    return handler(self, arg, value)
            result = Mapping()
            result.line, result.key_lines = getattr(value, "line", 1), getattr(value, "key_lines", {})
            for key, item in value.items():
                evaluated = self.ev(item, value)
                if evaluated is not _NO_VALUE:
                    result[key] = evaluated
            return result
        if isinstance(value, list):
            return [v for v in (self.ev(item, where) for item in value) if v is not _NO_VALUE]
        return value

    def ref(self, name: Any, where: Any) -> Any:
        if not isinstance(name, str):
            return self.problem(where, "`Ref` needs a name")
        if name in self.params:
            return self.params[name]
        if name in self.ids:
            return Ref(self.ids[name], (self.ids[name],))
        pseudo = self.pseudo(name)
        if pseudo is not None:
            return pseudo
        if self.sam_implicit(name):
            return Ref(name, (name,))
        if name in self.template["Resources"]:  # a resource left out by its condition
            return _NO_VALUE
        return self.problem(where, f"unresolvable `!Ref {name}`: no parameter, resource or pseudo parameter of that name")

    def pseudo(self, name: str) -> Any:
        region = self.imported.region
        values = {"AWS::Region": region, "AWS::AccountId": "123456789012", "AWS::Partition": "aws",
                  "AWS::URLSuffix": "amazonaws.com", "AWS::StackName": os.path.splitext(os.path.basename(self.path))[0],
                  "AWS::StackId": f"arn:aws:cloudformation:{region}:123456789012:stack/stack", "AWS::NoValue": _NO_VALUE,
                  "AWS::NotificationARNs": []}
        return values.get(name)

    def sam_implicit(self, name: str) -> bool:
        """What the SAM transform creates without a resource in the template: the implicit APIs, a function's role."""
        transform = self.template.get("Transform")
        if SAM_TRANSFORM not in (transform if isinstance(transform, list) else [transform]):
            return False
        function = self.template["Resources"].get(name.removesuffix("Role"))
        return name in SAM_IMPLICIT_APIS or (isinstance(function, dict) and function.get("Type") == "AWS::Serverless::Function")

    def get_att(self, arg: Any, where: Any) -> Any:
        arg = self.ev(arg, where)
        if isinstance(arg, str):
            arg = arg.split(".", 1)
        if not isinstance(arg, list) or len(arg) != 2:
            return self.problem(where, "`Fn::GetAtt` needs [resource, attribute]")
        logical, attribute = str(arg[0]), str(arg[1])
        if logical in self.children or self.is_stack(logical):
            return self.nested_output(logical, attribute, where)
        if logical in self.ids:
            written = self.ev((self.template["Resources"][logical].get("Properties") or {}).get(attribute), where)
            if isinstance(written, (str, int)) and not isinstance(written, Ref):
                return written  # an attribute that echoes a property, such as a VPC's CidrBlock
            return Ref(f"{self.ids[logical]}.{attribute}", (self.ids[logical],))
        if logical in self.template["Resources"]:
            return _NO_VALUE
        if self.sam_implicit(logical):
            return Ref(f"{logical}.{attribute}", (logical,))
        return self.problem(where, f"unresolvable `!GetAtt {logical}.{attribute}`: no resource `{logical}`")

    def sub(self, arg: Any, where: Any) -> Any:
        text, variables = (arg[0], arg[1] if len(arg) > 1 else {}) if isinstance(arg, list) else (arg, {})
        if not isinstance(text, str):
            return self.problem(where, "`Fn::Sub` needs a string")
        local = {k: self.ev(v, where) for k, v in (variables or {}).items()}
        targets: list[str] = []

        def replace(match: re.Match) -> str:
            name = match.group(1)
            if name in local:
                value = local[name]
            elif "." in name and name.split(".", 1)[0] not in self.params:
                value = self.get_att(name, where)
            else:
                value = self.ref(name, where)
            targets.extend(value.targets if isinstance(value, Ref) else ())
            return ",".join(map(str, value)) if isinstance(value, list) else ("" if value is _NO_VALUE or value is None else str(value))

        result = _SUB_RE.sub(replace, text).replace("${!", "${")
        return Ref(result, tuple(targets)) if targets else result

    def join(self, arg: Any, where: Any) -> Any:
        arg = self.ev(arg, where)
        if not (isinstance(arg, list) and len(arg) == 2 and isinstance(arg[1], list)):
            return self.problem(where, "`Fn::Join` needs [delimiter, list]")
        text = str(arg[0]).join("" if v is None else str(v) for v in arg[1])
        targets = tuple(t for v in arg[1] if isinstance(v, Ref) for t in v.targets)
        return Ref(text, targets) if targets else text

    def select(self, arg: Any, where: Any) -> Any:
        arg = self.ev(arg, where)
        try:
            return arg[1][int(arg[0])]
        except (TypeError, ValueError, IndexError, KeyError):
            return self.problem(where, "`Fn::Select` index is out of range or not a number")

    def split(self, arg: Any, where: Any) -> Any:
        arg = self.ev(arg, where)
        if not (isinstance(arg, list) and len(arg) == 2 and isinstance(arg[1], str)):
            return self.problem(where, "`Fn::Split` needs [delimiter, string]")
        return split_text(arg[1], str(arg[0]))

    def get_azs(self, arg: Any, where: Any) -> list[str]:
        region = self.ev(arg, where)
        return region_azs(region if isinstance(region, str) and region else self.imported.region)

    def find_in_map(self, arg: Any, where: Any) -> Any:
        arg = self.ev(arg, where)
        try:
            return self.template["Mappings"][arg[0]][arg[1]][arg[2]]
        except (KeyError, TypeError, IndexError):
            if isinstance(arg, list) and len(arg) == 4 and isinstance(arg[3], dict) and "DefaultValue" in arg[3]:
                return arg[3]["DefaultValue"]
            return self.problem(where, f"`Fn::FindInMap` finds no entry {arg!r}")

    def if_(self, arg: Any, where: Any) -> Any:
        if not (isinstance(arg, list) and len(arg) == 3):
            return self.problem(where, "`Fn::If` needs [condition, then, else]")
        return self.ev(arg[1] if self.condition(str(arg[0]), where) else arg[2], where)

    def cidr(self, arg: Any, where: Any) -> Any:
        arg = self.ev(arg, where)
        try:
            block = ipaddress.ip_network(str(arg[0]), strict=False)
            subnets = block.subnets(new_prefix=block.max_prefixlen - int(arg[2]))
            return [str(next(subnets)) for _ in range(int(arg[1]))]
        except (ValueError, TypeError, IndexError, StopIteration):
            return self.problem(where, f"`Fn::Cidr` cannot split {arg!r}")

    def import_value(self, arg: Any, where: Any) -> str:
        name = self.ev(arg, where)
        self.imported.assumptions.append(f"Fn::ImportValue {name}: a value exported by another stack, not imported")
        return f"<import {name}>"

    def logic(self, key: str, arg: Any, where: Any) -> Any:
        if key == "Condition":
            return self.condition(str(arg), where)
        values = [self.ev(a, where) for a in (arg if isinstance(arg, list) else [arg])]
        if key == "Fn::Equals":
            return len(values) == 2 and str(values[0]) == str(values[1])
        if key == "Fn::Not":
            return not values[0]
        return all(values) if key == "Fn::And" else any(values)

    def problem(self, where: Any, message: str) -> str:
        self.problems.append(Problem(Pos(self.shown, getattr(where, "line", 1), 1), message))
        return "<unresolved>"

    # -- nested stacks ----------------------------------------------------------
    def is_stack(self, logical: str) -> bool:
        body = self.template["Resources"].get(logical)
        return isinstance(body, dict) and body.get("Type") == "AWS::CloudFormation::Stack"

    def nested(self, rid: str, body: Mapping) -> Stack | None:
        if rid in self.children:
            return self.children[rid]
        self.children[rid] = None
        props = body.get("Properties") or {}
        url = self.ev(props.get("TemplateURL"), body)
        child_path = self.local_template(rid, str(url or ""), body)
        if child_path is None:
            return None
        given = self.ev(props.get("Parameters") or {}, body)
        child = Stack(child_path, dict(given), self.imported, prefix=rid, chain=[*self.chain, os.path.realpath(self.path)])
        try:
            child.evaluate()
        except ImportFailure as exc:
            self.problems.extend(exc.problems)
            return None
        self.problems.extend(child.problems)
        self.children[rid] = child
        return child

    def local_template(self, rid: str, url: str, where: Any) -> str | None:
        """The file a nested stack's TemplateURL names, when it is on this disk."""
        folder = os.path.dirname(self.path)
        remote = re.match(r"(https?|s3)://", url)
        candidate = os.path.join(folder, os.path.basename(url) if remote else url.removeprefix("file://"))
        if not url or not os.path.isfile(candidate):
            self.imported.skipped.append(f"nested stack {rid}: TemplateURL {url or '(none)'} is not a local file; "
                                         f"its resources are not imported ({self.shown}:{getattr(where, 'line', 1)})")
            return None
        if remote:
            self.imported.assumptions.append(f"nested stack {rid}: {url} read from the local copy {display_path(candidate)}")
        if os.path.realpath(candidate) in [*self.chain, os.path.realpath(self.path)] or len(self.chain) >= MAX_NESTING:
            self.problem(where, f"nested stack {rid} includes itself (or nests deeper than {MAX_NESTING})")
            return None
        return candidate

    def nested_output(self, logical: str, attribute: str, where: Any) -> Any:
        child = self.nested(logical, self.template["Resources"][logical])
        name = attribute.removeprefix("Outputs.")
        if child is None:
            return f"<{logical}.{name}>"
        if name not in child.outputs:
            return self.problem(where, f"nested stack `{logical}` has no output `{name}`")
        return child.outputs[name]


def _typed(value: Any, kind: str) -> Any:
    """List parameters arrive as comma-separated text; CloudFormation splits them."""
    if (kind.startswith("List<") or kind == "CommaDelimitedList") and isinstance(value, str):
        return split_text(value, ",")
    if isinstance(value, bool):
        return str(value).lower()
    return value


def split_text(value: str, delimiter: str) -> list[str]:
    """Split text; the parts of a joined reference keep pointing at their own resource."""
    parts = [part.strip() for part in value.split(delimiter) if part.strip()]
    if not isinstance(value, Ref):
        return parts
    return [Ref(part, (part,) if part in value.targets else value.targets) for part in parts]


def _show(value: Any) -> str:
    return ",".join(map(str, value)) if isinstance(value, list) else str(value)


_FUNCTIONS = {
    "Ref": lambda s, a, w: s.ref(s.ev(a, w), w),
    "Fn::GetAtt": Stack.get_att, "Fn::Sub": Stack.sub, "Fn::Join": Stack.join, "Fn::Select": Stack.select,
    "Fn::Split": Stack.split, "Fn::GetAZs": Stack.get_azs, "Fn::FindInMap": Stack.find_in_map, "Fn::If": Stack.if_,
    "Fn::Cidr": Stack.cidr, "Fn::ImportValue": Stack.import_value,
    "Fn::Base64": lambda s, a, w: s.ev(a, w),
    "Fn::Length": lambda s, a, w: len(s.ev(a, w) or []),
    "Fn::ToJsonString": lambda s, a, w: json.dumps(s.ev(a, w), sort_keys=True),
    "Fn::Transform": lambda s, a, w: _NO_VALUE,
    **{key: (lambda k: lambda s, a, w: s.logic(k, a, w))(key) for key in _CONDITION_FUNCTIONS},
}
