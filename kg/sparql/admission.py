"""Admission control: which waiting query may take a free worker, so that a flood of one kind of
slow query cannot starve every other query.

A query's cost is unknown before it runs, but a flood is nearly always many copies of one query,
or of one query with different constants.  Each query gets a *shape* (:func:`query_shape`: the
text with literals, IRIs, numbers and comments blanked out, whitespace collapsed).  A query may
take a free worker when its shape has nothing running, or when more than ``reserve`` workers are
free::

    admission = Admission(capacity=lambda: 4, reserve=1)
    if await admission.enter(query_shape(text), deadline):   # False: the deadline passed waiting
        try: ... run the query ...
        finally: admission.leave(shape)

So with 4 workers, 24 copies of a slow query occupy at most 3 of them and the fourth stays free
for anything else: a cheap query answers at once instead of queueing behind the flood until it
times out.  The price: a load of one shape alone leaves ``reserve`` workers idle (as PostgreSQL
keeps connections for its superuser).  Queries of *different* shapes (a flood that varies its
structure) are not told apart from honest load.

In worker threads (an in-memory store, or updates enabled) a query cannot be stopped and competes
for the same cores as everything else, so ``per_shape`` also caps one shape at the number of CPUs:
more copies of one query than cores only slow the others down.

Single-threaded: call :meth:`enter` and :meth:`leave` on the event loop's thread.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections import Counter
from collections.abc import Callable

__all__ = ["Admission", "query_shape"]

_BLANKED = re.compile(r'''
    "{3}[\s\S]*?"{3} | '{3}[\s\S]*?'{3}                 # long strings
  | "(?:[^"\\\n]|\\.)*" | '(?:[^'\\\n]|\\.)*'           # strings
  | <[^<>"{}|^`\\\s]*>                                  # IRIs (before comments: an IRI may hold '#')
  | (?<![\w:?$])[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?  # numbers (not the digits of a name)
  | \#[^\n]*                                           # comments
''', re.VERBOSE)


def query_shape(query: str) -> str:
    """The query with its constants blanked: queries that differ only in constants share a shape."""
    blanked = _BLANKED.sub(lambda m: "" if m.group().startswith("#") else "_", query)
    return " ".join(blanked.split())


class Admission:
    """Admits queries to ``capacity()`` workers, keeping ``reserve`` of them for other shapes.

    ``capacity`` is asked afresh at every decision (worker processes that are being replaced do
    not count); waiters look again when a query leaves and every ``poll`` seconds.
    """

    def __init__(self, capacity: Callable[[], int], *, reserve: int, per_shape: int | None = None,
                 poll: float = 0.05) -> None:
        self.capacity = capacity
        self.reserve = reserve
        self.per_shape = per_shape  # at most this many queries of one shape at once (None: no cap)
        self.poll = poll
        self.running: Counter[str] = Counter()
        self.total = 0
        self._left: asyncio.Event | None = None

    def may_start(self, shape: str) -> bool:
        free = self.capacity() - self.total
        if self.per_shape is not None and self.running[shape] >= self.per_shape:
            return False
        return free > 0 and (self.running[shape] == 0 or free > self.reserve)

    async def enter(self, shape: str, deadline: float) -> bool:
        """Wait until a query of ``shape`` may start and count it in; False if ``deadline`` passes first."""
        while not self.may_start(shape):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            if self._left is None:
                self._left = asyncio.Event()
            try:
                await asyncio.wait_for(self._left.wait(), min(remaining, self.poll))
            except TimeoutError:
                pass
        self.running[shape] += 1
        self.total += 1
        return True

    def leave(self, shape: str) -> None:
        """The query of ``shape`` no longer holds its worker."""
        self.running[shape] -= 1
        if self.running[shape] <= 0:
            del self.running[shape]
        self.total -= 1
        if self._left is not None:  # wake every waiter; they look again in the order they came
            self._left.set()
            self._left = None
