"""Admission control: which waiting query may take a free worker, so that a flood of one kind of
slow query cannot starve every other query.

A query's cost is unknown before it runs, but a flood is nearly always many copies of one query,
or of one query with different constants or variable names.  Each query gets a *shape*
(:func:`query_shape`: the text with literals, IRIs, prefixed names, numbers and comments blanked
out, variables renamed ``?v1, ?v2, …`` in order of appearance, keywords in one case, whitespace
collapsed), so ``SELECT ?a …`` and ``select ?b …`` with the same structure are one shape.  A query
may take a free worker when its shape has nothing running, or when more than ``reserve`` workers
are free::

    admission = Admission(capacity=lambda: 4, reserve=1, per_client=3)
    if await admission.enter(query_shape(text), deadline, client="192.0.2.7"):  # False: deadline passed
        try: ... run the query ...
        finally: admission.leave(shape, client="192.0.2.7")

So with 4 workers, 24 copies of a slow query occupy at most 3 of them and the fourth stays free
for anything else: a cheap query answers at once instead of queueing behind the flood until it
times out.  The price: a load of one shape alone leaves ``reserve`` workers idle (as PostgreSQL
keeps connections for its superuser).  Queries of *different* shapes (a flood that varies its
structure) are not told apart from honest load: for those, ``per_client`` caps the queries one
client (an IP address) runs at once, so that one client flooding many shapes leaves workers to the
others.  (On a server bound to loopback every client is 127.0.0.1, and the cap would only leave a
worker idle: ``kg serve`` sets none there -- docs/SPARQL.md.)

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


_PREFIXED = re.compile(r"(?<![\w?$:])(?:[^\W\d][\w.-]*)?:[\w%:.\\-]*")
_VARIABLE = re.compile(r"[?$]\w+")


def query_shape(query: str) -> str:
    """The query's structure: queries that differ only in constants, prefix names or variable
    names (renamed consistently) share a shape."""
    blanked = _BLANKED.sub(lambda m: "" if m.group().startswith("#") else "_", query)
    blanked = _PREFIXED.sub("_", blanked)
    names: dict[str, str] = {}
    blanked = _VARIABLE.sub(lambda m: names.setdefault(m.group()[1:], f"?v{len(names) + 1}"), blanked)
    return " ".join(blanked.lower().split())


class Admission:
    """Admits queries to ``capacity()`` workers, keeping ``reserve`` of them for other shapes.

    ``capacity`` is asked afresh at every decision (worker processes that are being replaced do
    not count); waiters look again when a query leaves and every ``poll`` seconds.
    """

    def __init__(self, capacity: Callable[[], int], *, reserve: int, per_shape: int | None = None,
                 per_client: int | None = None, poll: float = 0.05) -> None:
        self.capacity = capacity
        self.reserve = reserve
        self.per_shape = per_shape  # at most this many queries of one shape at once (None: no cap)
        self.per_client = per_client  # at most this many queries of one client at once (None: no cap)
        self.poll = poll
        self.running: Counter[str] = Counter()
        self.clients: Counter[str] = Counter()
        self.total = 0
        self._left: asyncio.Event | None = None

    def may_start(self, shape: str, client: str | None = None) -> bool:
        free = self.capacity() - self.total
        if self.per_shape is not None and self.running[shape] >= self.per_shape:
            return False
        if self.per_client is not None and client is not None and self.clients[client] >= self.per_client:
            return False
        return free > 0 and (self.running[shape] == 0 or free > self.reserve)

    async def enter(self, shape: str, deadline: float, client: str | None = None) -> bool:
        """Wait until a query of ``shape`` from ``client`` may start and count it in; False if
        ``deadline`` passes first."""
        while not self.may_start(shape, client):
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
        if client is not None:
            self.clients[client] += 1
        self.total += 1
        return True

    def leave(self, shape: str, client: str | None = None) -> None:
        """The query of ``shape`` (from ``client``) no longer holds its worker."""
        self.running[shape] -= 1
        if self.running[shape] <= 0:
            del self.running[shape]
        if client is not None:
            self.clients[client] -= 1
            if self.clients[client] <= 0:
                del self.clients[client]
        self.total -= 1
        if self._left is not None:  # wake every waiter; they look again in the order they came
            self._left.set()
            self._left = None
