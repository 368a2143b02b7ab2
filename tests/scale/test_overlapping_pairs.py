"""NET003's sweep finds exactly the overlapping pairs a comparison of every pair finds."""
from __future__ import annotations

import ipaddress
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from linter.rules.net import overlapping_pairs

networks = st.builds(lambda address, prefix: ipaddress.IPv4Network((address, prefix), strict=False),
                     st.integers(0, 2**32 - 1), st.integers(4, 28))


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.from_regex(r"[a-z]{1,3}", fullmatch=True), networks, max_size=25))
def test_sweep_matches_every_pair(cidrs):
    every_pair = sorted((x, y) for x, y in combinations(sorted(cidrs), 2) if cidrs[x].overlaps(cidrs[y]))
    assert overlapping_pairs(cidrs) == every_pair
