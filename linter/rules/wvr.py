"""Waiver audit rules: about the waivers themselves, so the engine runs them
after suppression, with what the run found (`WaiverAudit`), instead of a
`Context`."""
from __future__ import annotations

import datetime
from typing import Iterator, NamedTuple

from ..model import Blueprint
from . import Violation, audit_rule


class WaiverAudit(NamedTuple):
    """What the waiver rules judge: the blueprint and what its other rules did."""

    blueprint: Blueprint
    ran: frozenset[str]  # ids of the rules that ran on the blueprint
    used: frozenset[int]  # indexes of the waivers that matched a finding
    today: datetime.date


@audit_rule("WVR001", "expired-waiver", "warning")
def expired_waiver(audit: WaiverAudit) -> Iterator[Violation]:
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
    blueprint: batch
    regions:
      us-east-1: {azs: [us-east-1a, us-east-1b]}
    components:
      worker: {type: aws.ec2, azs: [us-east-1a]}
    waivers:
      - {rule: AZ001, element: worker, reason: batch only, expires: 2026-01-31}
    ```
    (as of `--today 2026-06-01`: the waiver lapsed in January)

    ## Example that passes
    ```yaml
    blueprint: batch
    regions:
      us-east-1: {azs: [us-east-1a, us-east-1b]}
    components:
      worker: {type: aws.ec2, azs: [us-east-1a]}
    waivers:
      - {rule: AZ001, element: worker, reason: batch only, expires: 2027-06-30}
    ```
    (on the same day this waiver still hides the AZ001 finding)

    ## How to fix
    Fix the finding and delete the waiver, or renew it after a new review.
    """
    for waiver in audit.blueprint.waivers:
        if waiver.expires is not None and waiver.expires < audit.today:
            yield Violation(
                "waiver", waiver.element,
                f"waiver for {waiver.rule} on `{waiver.element}` expired on {waiver.expires.isoformat()} and no longer hides its finding; "
                f"fix the finding or renew the waiver with a new review", waiver.rule)


@audit_rule("WVR002", "unused-waiver", "warning")
def unused_waiver(audit: WaiverAudit) -> Iterator[Violation]:
    """A waiver that matches no finding.

    ## What it does
    Flags a waiver whose rule and element match no finding of this run (only
    when its rule ran). Element: the waiver's `element`.

    ## Why it matters
    Stale waivers pile up and would silently hide a future regression of the
    same element.

    ## Example that fails
    ```yaml
    blueprint: batch
    regions:
      us-east-1: {azs: [us-east-1a, us-east-1b]}
    components:
      worker: {type: aws.ec2, azs: [us-east-1a, us-east-1b], count: 2}   # now multi-AZ
    waivers:
      - {rule: AZ001, element: worker, reason: single AZ for now}
    ```
    (with `--select WVR002,AZ001`: whether a waiver is used is known only
    when its rule runs)

    ## Example that passes
    ```yaml
    blueprint: batch
    regions:
      us-east-1: {azs: [us-east-1a, us-east-1b]}
    components:
      worker: {type: aws.ec2, azs: [us-east-1a]}
    waivers:
      - {rule: AZ001, element: worker, reason: single AZ for now}
    ```

    ## How to fix
    Delete the waiver.
    """
    for index, waiver in enumerate(audit.blueprint.waivers):
        if waiver.rule in audit.ran and index not in audit.used:
            yield Violation("waiver", waiver.element, f"waiver for {waiver.rule} on `{waiver.element}` matches no finding; remove it", waiver.rule)
