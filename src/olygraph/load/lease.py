"""A lease on a target graph in the store, so that two loads of one graph never meet.

Each load of a target first takes the target's lease: a few triples in the graph
``<target>/.olygraph-lease`` (:meth:`olygraph.ids.Minter.lease`) about its stage graph (the
holder, unique per load): who runs it (``oly:leaseOwner``, host and process), when it last
said it is alive (``oly:leaseHeartbeat``) and until when the lease holds
(``oly:leaseExpires``, the heartbeat plus :func:`lease_seconds`). The load renews it as it
uploads and gives it back at the end, whatever happened. A load that finds a live lease of
another waits for it (up to ``wait`` seconds, polling), then refuses with one line naming the
holder and the expiry. A load that died without giving its lease back blocks others until its
lease expires, or not at all when it ran on the same machine: a lease of a process that no
longer runs there (or of this process, not held any more) is dead and is removed.

Taking the lease is one conditional SPARQL Update (insert ours unless a live lease exists)
followed by a read of the live leases. Two loads whose updates ran at the same moment can both
insert; the one that then reads only its own lease holds it, any load that reads two gives its
own back and tries again later. At most one reads only its own (the later of the two inserts
was visible to the later read), so at most one load holds a live lease.

While a load holds the lease, every other stage under the target's stage prefix was left by a
load that is gone: only those are removed as stale (:mod:`olygraph.load.run`). The time stamps are
the loads' own UTC clocks: machines that load one store must agree on the time to a few
seconds, far less than a lease lasts.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from rdflib import Literal, URIRef

from olygraph.errors import LoadError
from olygraph.load.stores import Store
from olygraph.vocab import OLY, XSD
from olygraph.write.sparql import sparql_term

OWNER = OLY.leaseOwner
HOST = OLY.leaseHost
PROCESS = OLY.leaseProcess
HEARTBEAT = OLY.leaseHeartbeat
EXPIRES = OLY.leaseExpires


def lease_seconds(timeout: float) -> float:
    """How long a lease holds after a heartbeat: longer than the longest single request a
    load makes (``timeout`` each), so that a live load renews it in time."""
    return 2 * timeout + 60


def _stamp(moment: float) -> Literal:
    when = dt.datetime.fromtimestamp(moment, dt.UTC).replace(microsecond=0, tzinfo=None)
    return Literal(when.isoformat() + "Z", datatype=XSD.dateTime)


def owner_text() -> str:
    return f"olygraph load, pid {os.getpid()} on {socket.gethostname()}"


def _when(value: object) -> str:
    moment = value.toPython() if isinstance(value, Literal) else value
    if isinstance(moment, dt.datetime):
        return f"{moment:%Y-%m-%d %H:%M:%S} UTC"
    return str(value)


#: the holders of the leases this process holds now
_HELD: set[URIRef] = set()


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, owned by another user
        return True
    return True


def _dead(holder: URIRef, host: object, pid: object) -> bool:
    """A lease of a load on this machine whose process is gone (or is this one, and no longer
    holds it: a load that failed while the store was down could not give it back)."""
    if str(host) != socket.gethostname():
        return False
    try:
        number = int(str(pid))
    except ValueError:
        return False
    if number == os.getpid():
        return holder not in _HELD
    return not _running(number)


@dataclass(slots=True)
class Lease:
    """The lease of one load on one target graph (see the module doc)."""

    store: Store
    graph: URIRef  # <target>/.olygraph-lease
    holder: URIRef  # this load's stage graph
    name: str  # the target, as people read it
    seconds: float  # how long the lease lasts after a heartbeat
    clock: Callable[[], float] = time.time
    sleep: Callable[[float], None] = time.sleep
    renewed: float = field(default=0.0)

    def _g(self) -> str:
        return sparql_term(self.graph)

    def _live(self, now: float) -> list[tuple[URIRef, str, str]]:
        """(holder, owner, expiry) of the leases that hold at ``now``; dead ones (see
        :func:`_dead`) are removed instead."""
        text = (
            f"SELECT ?h ?o ?e ?host ?pid WHERE {{ GRAPH {self._g()} {{ "
            f"?h {sparql_term(EXPIRES)} ?e . OPTIONAL {{ ?h {sparql_term(OWNER)} ?o }} "
            f"OPTIONAL {{ ?h {sparql_term(HOST)} ?host }} "
            f"OPTIONAL {{ ?h {sparql_term(PROCESS)} ?pid }} "
            f"FILTER(?e > {sparql_term(_stamp(now))}) }} }}"
        )
        rows = self.store.select(text, what=f"reading the lease of {self.name}")
        live = []
        for r in rows:
            h = r.get("h")
            if not isinstance(h, URIRef):
                continue
            if h != self.holder and _dead(h, r.get("host"), r.get("pid")):
                self._remove(h)
                continue
            live.append((h, str(r.get("o", "another load")), _when(r.get("e"))))
        return sorted(live)

    def _triples(self, now: float) -> str:
        h = sparql_term(self.holder)
        return (
            f"{h} {sparql_term(OWNER)} {sparql_term(Literal(owner_text()))} ; "
            f"{sparql_term(HOST)} {sparql_term(Literal(socket.gethostname()))} ; "
            f"{sparql_term(PROCESS)} {sparql_term(Literal(os.getpid()))} ; "
            f"{sparql_term(HEARTBEAT)} {sparql_term(_stamp(now))} ; "
            f"{sparql_term(EXPIRES)} {sparql_term(_stamp(now + self.seconds))} ."
        )

    def acquire(self, wait: float) -> None:
        """Take the lease, waiting up to ``wait`` seconds for another load to give it back;
        LoadError (exit 2) naming the holder when it does not."""
        deadline = self.clock() + wait
        delay = 0.25
        while True:
            now = self.clock()
            insert = (
                f"INSERT {{ GRAPH {self._g()} {{ {self._triples(now)} }} }} WHERE {{ FILTER NOT "
                f"EXISTS {{ GRAPH {self._g()} {{ ?h {sparql_term(EXPIRES)} ?e . "
                f"FILTER(?e > {sparql_term(_stamp(now))}) }} }} }}"
            )
            self.store.update(insert, what=f"taking the lease of {self.name}")
            live = self._live(now)
            if [h for h, _, _ in live] == [self.holder]:
                self.renewed = now
                _HELD.add(self.holder)
                self._forget_expired(now)
                return
            if any(h == self.holder for h, _, _ in live):
                self.release()  # two took it at once: both give it back, and try again
            others = [(o, e) for h, o, e in live if h != self.holder]
            if not others and self.clock() < deadline:  # a dead lease was removed: again
                continue
            if self.clock() + delay > deadline:
                owner, expires = others[0] if others else ("another load", "?")
                raise LoadError(
                    f"{self.name} is being loaded by another load ({owner}; its lease holds "
                    f"until {expires} unless renewed); waited {wait:,.0f} s; nothing was "
                    "changed, try again when it is done"
                )
            self.sleep(delay * (0.5 + random.random()))
            delay = min(delay * 2, 2.0)

    def _forget_expired(self, now: float) -> None:
        """Remove the leases of loads that are gone (expired), so they do not pile up."""
        self.store.update(
            f"DELETE {{ GRAPH {self._g()} {{ ?h ?p ?o }} }} WHERE {{ GRAPH {self._g()} {{ "
            f"?h {sparql_term(EXPIRES)} ?e ; ?p ?o . FILTER(?e <= {sparql_term(_stamp(now))}) "
            "} }",
            what=f"removing expired leases of {self.name}",
        )

    def renew(self, *, force: bool = False) -> None:
        """The heartbeat (at most every tenth of the lease, unless ``force``); LoadError when
        the lease was lost (it expired and another load took the graph)."""
        now = self.clock()
        if not force and now - self.renewed < self.seconds / 10:
            return
        h = sparql_term(self.holder)
        self.store.update(
            f"DELETE {{ GRAPH {self._g()} {{ {h} ?p ?o }} }} INSERT {{ GRAPH {self._g()} {{ "
            f"{self._triples(now)} }} }} WHERE {{ GRAPH {self._g()} {{ {h} ?p ?o }} }}",
            what=f"renewing the lease of {self.name}",
        )
        live = self._live(now)
        if [h for h, _, _ in live] != [self.holder]:
            raise LoadError(
                f"lost the lease of {self.name} (it expired, another load may be writing it); "
                "the graph was not switched"
            )
        self.renewed = now

    def release(self) -> None:
        """Give the lease back (this load's triples only)."""
        _HELD.discard(self.holder)
        self._remove(self.holder)

    def _remove(self, holder: URIRef) -> None:
        h = sparql_term(holder)
        self.store.update(
            f"DELETE WHERE {{ GRAPH {self._g()} {{ {h} ?p ?o }} }}",
            what=f"giving back the lease of {self.name}",
        )
