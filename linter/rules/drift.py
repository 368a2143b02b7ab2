"""Drift rules: the design (a blueprint) against what the infrastructure code deploys.

`archlint drift` evaluates them (linter/drift.py); they need a template or
plan to compare with, so during `archlint lint` they find nothing. These
entries carry their id, severity and documentation.
"""
from __future__ import annotations

from typing import Iterator

from ..graph import Context
from . import Rule, Violation, first_line, register

ORIGIN = "archlint drift"  # evaluated by `archlint drift`, not by lint fixtures


def _compared_by_drift(ctx: Context) -> Iterator[Violation]:
    return iter(())


def _drift_rule(id: str, name: str, severity: str, doc: str) -> None:
    register(Rule(id, name, severity, _compared_by_drift, first_line(doc), doc, origin=ORIGIN))


_drift_rule("DRIFT001", "designed-but-not-deployed", "error", """A component of the design that the infrastructure code lacks.

## What it does
`archlint drift` matches the blueprint's components with the resources of the
template or plan (by id, by `x-source` id, by name, or as the only one of its
type) and flags a designed component (not `external.*`) with no match.

## Why it matters
The design promises something the deployment does not have: a WAF, a
standby, a queue. Reviews and the availability analysis rely on it.

## Example that fails
```yaml
components:
  waf: {type: aws.waf}     # no AWS::WAFv2::WebACL in the template
```

## Example that passes
```yaml
components:
  WebAcl: {type: aws.waf}  # the template creates WebAcl
```

## How to fix
Add the resource to the infrastructure code, or remove it from the design.
""")

_drift_rule("DRIFT002", "deployed-but-not-designed", "warning", """A resource of the infrastructure code that the design does not show.

## What it does
Flags each component imported from the template or plan that matches no
component of the blueprint. The finding points at the blueprint's
`components` and names the resource's file and line.

## Why it matters
Undocumented components escape review: a forgotten public instance, a second
database nobody backs up.

## Example that fails
```yaml
components: {}   # the template also creates a Bastion instance
```

## Example that passes
```yaml
components:
  Bastion: {type: aws.ec2, subnets: [public-a], role: bastion}
```

## How to fix
Add the component to the design (`archlint import --update` does it), or
remove it from the infrastructure code.
""")

_drift_rule("DRIFT003", "placement-drift", "error", """A component that runs in other AZs than the design says.

## What it does
Compares the AZ set of each matched zonal component: the AZs of its subnets
(or its `azs`) in the design and in the infrastructure code.

## Why it matters
The AZ-outage analysis of the design is only true for the AZs the design
names; a database the code puts in one AZ fails with it.

## Example that fails
```yaml
components:
  db: {type: aws.aurora, subnets: [data-a, data-b], count: 2}   # the code: data-a only
```

## Example that passes
```yaml
components:
  db: {type: aws.aurora, subnets: [data-a, data-b], count: 2}   # the code: both
```

## How to fix
Make the subnet lists agree.
""")

_drift_rule("DRIFT004", "capacity-drift", "error", """A component whose instance count differs between design and code.

## What it does
Compares the effective instance count (`autoscaling.min`, else `count`, else
1) of each matched component.

## Why it matters
Redundancy is counted from the design; one instance where the design has two
is a single point of failure nobody sees.

## Example that fails
```yaml
components:
  web: {type: aws.asg, subnets: [app-a, app-b], autoscaling: {min: 2, max: 4}}  # MinSize: 1
```

## Example that passes
```yaml
components:
  web: {type: aws.asg, subnets: [app-a, app-b], autoscaling: {min: 2, max: 4}}  # MinSize: 2
```

## How to fix
Change the design or the code so that the minimum agrees.
""")

_drift_rule("DRIFT005", "protection-drift", "error", """A resilience or data-protection setting that differs between design and code.

## What it does
Compares `multi_az`, `encrypted`, `backup` (point-in-time recovery and
retention days), `replica_of` and `global_table_regions` of each matched
component, where the code states them.

## Why it matters
The design's DR and encryption findings assume these settings; a standby or a
backup that exists only on paper is discovered during the outage.

## Example that fails
```yaml
components:
  db: {type: aws.rds, subnets: [data-a, data-b], multi_az: true}   # MultiAZ: false
```

## Example that passes
```yaml
components:
  db: {type: aws.rds, subnets: [data-a, data-b], multi_az: true}   # MultiAZ: true
```

## How to fix
Set the value in the code, or correct the design.
""")

_drift_rule("DRIFT006", "flow-not-allowed", "error", """A flow of the design that no security group of the code allows.

## What it does
For a designed flow between two matched network-attached components (or from
an `external.*` component to one), flags it when the infrastructure code has
no matching connection: no security-group rule lets the source reach the
target.

## Why it matters
The design works on paper only: the connection will be refused, or someone
will open it in a hurry, wider than needed.

## Example that fails
```yaml
flows:
  - {from: web, to: db, port: 5432}   # DbSecurityGroup has no ingress from web's group
```

## Example that passes
```yaml
flows:
  - {from: web, to: db, port: 5432}   # SecurityGroupIngress from WebSecurityGroup, 5432
```

## How to fix
Add the ingress rule to the target's security group, or remove the flow.
""")

_drift_rule("DRIFT007", "undocumented-exposure", "error", """The code lets the internet reach a component the design keeps behind something.

## What it does
Flags a matched component that the infrastructure code exposes to the
internet (an ingress from `0.0.0.0/0`, or a public entry point) while the
design has no flow from an `external.*` component to it.

## Why it matters
Whatever the design puts in front (CloudFront, a WAF, an API gateway) can be
bypassed: the load balancer answers the internet directly.

## Example that fails
```yaml
flows:
  - users -> cdn
  - cdn -> alb           # the ALB's security group allows 0.0.0.0/0
```

## Example that passes
```yaml
flows:
  - users -> cdn
  - cdn -> alb           # the ALB's security group allows CloudFront's prefix list only
```

## How to fix
Restrict the ingress to what the design shows, or draw the exposure in the
design and review it.
""")
