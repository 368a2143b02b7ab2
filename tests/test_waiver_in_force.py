"""A waiver hides its finding until the end of its `expires` day; one without `expires` always does."""
from __future__ import annotations

import datetime

import pytest

from linter.model import Waiver
from linter.yaml_reader import Pos

TODAY = datetime.date(2026, 6, 15)


@pytest.mark.parametrize(("expires", "in_force"), [
    (None, True),
    (TODAY, True),
    (TODAY + datetime.timedelta(days=1), True),
    (TODAY - datetime.timedelta(days=1), False),
])
def test_waiver_in_force_until_its_expiry_day_ends(expires, in_force):
    waiver = Waiver("AZ001", "worker", "batch job", expires, Pos("bp.yaml", 20, 5))
    assert waiver.in_force(TODAY) is in_force
