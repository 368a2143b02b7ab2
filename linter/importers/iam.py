"""IAM: the roles components act with, and what their policies allow.

A role's grants come from its inline policies, the customer-managed policies
attached to it (`AWS::IAM::Policy`/`ManagedPolicy` naming it, Terraform's
role policies and attachments) and AWS-managed policies by name, whose
actions come from a bundled, dated snapshot (`data/aws_managed_policies.json`).
A statement's resources become the component ids they refer to, or `*`;
resources outside the template cannot be named in a blueprint and are left
out. A role is attached to the components that run with it: a Lambda's
`Role`, an ECS task definition's task role, an instance profile on an EC2
instance or a launch configuration, a state machine's role, a node group's
node role.
"""
from __future__ import annotations

import functools
import json
from collections import defaultdict
from importlib import resources
from typing import Any

from .resources import Ref, Resource, references
from .grouping import Design, Grouper, parsed_json

SNAPSHOT = "data/aws_managed_policies.json"
_WHOLE_ACCOUNT = ("*", "arn:aws:*:*:*:*")


@functools.lru_cache(maxsize=1)
def managed_policies() -> dict[str, Any]:
    """The bundled snapshot: `snapshot` (its date) and `policies` (name -> actions)."""
    return json.loads(resources.files(__package__).joinpath(SNAPSHOT).read_text(encoding="utf-8"))


class RoleFinder:
    def __init__(self, grouper: Grouper):
        self.g = grouper
        self.design: Design = grouper.design
        self.roles = {r.id: r for r in grouper.by_role["iam_role"]}
        self.arns = self.arn_index()

    def derive(self) -> None:
        grants = self.grants()
        attached = self.attachments()
        for rid, role in self.roles.items():
            if not attached[rid]:
                self.g.imported.skipped.append(f"IAM role {role.source.id}: used by no imported component; not imported")
                continue
            entry: dict[str, Any] = {"attached_to": attached[rid]}
            if grants[rid]:
                entry["allow"] = list({json.dumps(g, sort_keys=True): g for g in grants[rid]}.values())
            entry["x-source"] = role.source.as_dict()
            self.design.roles[rid] = entry

    # -- grants ------------------------------------------------------------------
    def grants(self) -> dict[str, list[dict]]:
        found: dict[str, list[dict]] = defaultdict(list)
        for rid, role in self.roles.items():
            for policy in self.g.field(role, "policies") or []:
                if isinstance(policy, dict):
                    found[rid] += self.statements(policy.get("PolicyDocument") or policy.get("policy"))
            for arn in _as_list(self.g.field(role, "managed")):
                found[rid] += self.attached_policy(arn, role)
        for policy in self.g.by_role["iam_policy"]:
            for rid in self.g.refs(policy, "roles"):
                if rid in self.roles:
                    found[rid] += self.statements(self.g.field(policy, "document"))
        for attachment in self.g.by_role["policy_attachment"]:
            for rid in self.g.refs(attachment, "role"):
                if rid in self.roles:
                    found[rid] += self.attached_policy(self.g.field(attachment, "policy"), attachment)
        return found

    def attached_policy(self, arn: Any, where: Resource) -> list[dict]:
        """A customer-managed policy of this template, or an AWS-managed one by name."""
        customer = [r for r in references(arn) if self.g.role_of(r) == "iam_policy"]
        if customer:
            return [g for r in customer for g in self.statements(self.g.field(self.g.by_id[r], "document"))]
        name = str(arn).rsplit("/", 1)[-1]
        snapshot = managed_policies()
        known = snapshot["policies"].get(name)
        if known is None:
            self.g.imported.skipped.append(f"managed policy {name} of {where.source.id}: not in the bundled snapshot of "
                                           f"{snapshot['snapshot']}; its grants are not imported")
            return []
        self.g.imported.assumptions.append(f"AWS-managed policy {name}: actions from the snapshot of {snapshot['snapshot']}")
        return [{"actions": list(known["actions"]), "resources": ["*"]}]

    def statements(self, document: Any) -> list[dict]:
        """The Allow statements of a policy document, with their resources as component ids or `*`."""
        document = parsed_json(document)
        statements = document.get("Statement") if isinstance(document, dict) else None
        grants = []
        for statement in statements if isinstance(statements, list) else [statements]:
            if not isinstance(statement, dict) or statement.get("Effect") != "Allow" or "Action" not in statement:
                continue  # Deny and NotAction narrow what others allow; a grant list cannot say that
            targets = self.resources_of(statement.get("Resource"))
            if targets:
                grants.append({"actions": [str(a) for a in _as_list(statement["Action"])], "resources": targets})
        return grants

    def resources_of(self, value: Any) -> list[str]:
        found: list[str] = []
        for item in _as_list(value):
            if isinstance(item, Ref) or isinstance(item, dict):
                found += self.design.targets(item)
            elif str(item) in _WHOLE_ACCOUNT:
                found.append("*")
            elif self.arns.get(str(item).removesuffix("/*")):
                found.append(self.arns[str(item).removesuffix("/*")])
        return list(dict.fromkeys(found))

    def arn_index(self) -> dict[str, str]:
        """A Terraform state's ARNs, so that a policy naming one grants on its component."""
        index = {}
        for resource in self.g.imported.resources:
            component = self.design.component_of(resource.id)
            arn = resource.props.get("arn")
            if component and isinstance(arn, str) and arn:
                index[arn] = component
        return index

    # -- attachments ---------------------------------------------------------------
    def attachments(self) -> dict[str, list[str]]:
        """Role id -> the components that run with it."""
        profiles = {p.id: self.g.refs(p, "roles") for p in self.g.by_role["instance_profile"]}
        found: dict[str, list[str]] = defaultdict(list)
        for resource in self.g.imported.resources:
            component = self.design.component_of(resource.id)
            if component is None:
                continue
            named = self.g.refs(resource, "role") + self.g.refs(resource, "profile")
            for rid in [r for n in named for r in profiles.get(n, [n])]:
                if rid in self.roles and component not in found[rid]:
                    found[rid].append(component)
        return found


def _as_list(value: Any) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
