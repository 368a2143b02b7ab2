"""Many files on all cores: one forked worker per job, alive for the whole run,
so each file costs its work and not a process start-up. Results come back in
input order, so output is byte-identical to a serial run."""
from __future__ import annotations

import os
from typing import Callable, Iterator, Sequence, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

PARALLEL_FROM_ITEMS = 4  # below this, starting workers costs more than it saves
_task: Callable | None = None  # set before the workers fork, so they inherit it (closures, rules, policies)


def default_jobs() -> int:
    """The cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def ordered_map(task: Callable[[Item], Result], items: Sequence[Item], jobs: int) -> Iterator[Result]:
    """`task(item)` for every item, in order; in `jobs` worker processes when that pays."""
    global _task
    if jobs <= 1 or len(items) < PARALLEL_FROM_ITEMS:
        yield from map(task, items)
        return
    import multiprocessing  # only where workers start: a one-file pre-commit run does not pay for it
    _task = task
    chunk = max(1, len(items) // (jobs * 8))  # small chunks balance files of unequal size
    try:
        with multiprocessing.get_context("fork").Pool(min(jobs, len(items))) as pool:
            yield from pool.imap(_run_task, items, chunksize=chunk)
    finally:
        _task = None


def _run_task(item):
    assert _task is not None
    return _task(item)
