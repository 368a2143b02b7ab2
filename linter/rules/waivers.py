"""Waiver audit rules. The engine evaluates them after suppression, since they
are about the waivers themselves; these entries carry their id, severity and
documentation."""
from __future__ import annotations

from typing import Iterator

from ..graph import Context
from . import Violation, rule


@rule("WVR001", "expired-waiver", "warning")
def expired_waiver(ctx: Context) -> Iterator[Violation]:
    """A waiver whose `expires` date has passed.

    ## What it does
    Flags a waiver whose `expires` date is before today (`--today` sets the
    date). The waiver no longer hides its finding, which is reported again.
    Element: the waiver's `element`; location: the waiver's entry.

    ## Why it matters
    A waiver is a time-boxed risk acceptance; once it lapses, the risk board's
    decision is due again.

    ## Example that fails
    ```yaml
    waivers:
      - {rule: AZ001, element: worker, reason: batch only, expires: 2020-01-31}
    ```

    ## Example that passes
    ```yaml
    waivers:
      - {rule: AZ001, element: worker, reason: batch only, expires: 2027-01-31}
    ```

    ## How to fix
    Fix the finding and delete the waiver, or renew it after a new review.
    """
    return iter(())


@rule("WVR002", "unused-waiver", "warning")
def unused_waiver(ctx: Context) -> Iterator[Violation]:
    """A waiver that matches no finding.

    ## What it does
    Flags a waiver whose rule and element match no finding of this run (only
    when its rule ran). Element: the waiver's `element`.

    ## Why it matters
    Stale waivers pile up and would silently hide a future regression of the
    same element.

    ## Example that fails
    ```yaml
    components:
      worker: {type: aws.ecs, subnets: [app-a, app-b], autoscaling: {min: 2, max: 4}}
    waivers:
      - {rule: AZ001, element: worker, reason: single AZ for now}
    ```

    ## Example that passes
    ```yaml
    waivers: []   # the design was fixed, the waiver removed
    ```

    ## How to fix
    Delete the waiver.
    """
    return iter(())
