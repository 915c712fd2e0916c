"""Load the graph into a triple store, safely and repeatably (``olygraph load``).

A load replaces each target graph (``append``: adds to it) in five steps:

1. **Stale stages.** Before the first chunk for a target goes out, stage graphs that an
   interrupted load of the same target left behind (``<target>/.olygraph-stage/…``) are counted
   and dropped; the report names them.
2. **Upload.** Triples (see :mod:`olygraph.load.source`) go in chunks of N-Triples, ``chunk_size``
   triples per request, into a new stage graph per target, never into the target itself: by the
   Graph Store Protocol (Oxigraph, Virtuoso) or as ``INSERT DATA`` (generic). Only the current
   chunk of each graph is held in memory. Distinct triples are counted as a set of 64-bit
   hashes of their N-Triples lines (Python's SipHash; about 70 bytes each in CPython: ~70 MB
   per million triples). Two triples with one hash (odds ~10⁻⁸ for a million) would make the
   store hold one more triple than counted: a false alarm, never a triple lost unnoticed.
3. **Check.** Each stage must hold exactly the distinct triples sent; otherwise the stages are
   dropped and the load fails with the targets untouched.
4. **Switch.** One SPARQL Update request moves every stage into its target: ``MOVE stage TO
   target`` (replace) or ``ADD stage TO target ; DROP stage`` (append).
5. **Check again.** A replaced target must hold exactly the distinct triples sent; an appended
   one at least that many and no more than before plus them.

A failure anywhere before the switch (server gone, HTTP error, timeout, bad input halfway
through a file) drops the stages when the store can still be reached and leaves the targets as
they were; a stage the store could not drop is removed by the next load of that target.
Transient failures are retried with bounded backoff (:mod:`olygraph.load.http`); a chunk sent
twice only adds the same triples to a set. The switch is not simply retried: after a failure
whose outcome is unknown, the stages are counted first, and an empty stage means it happened.

**How atomic is the switch?** Measured on the stores the tests start:

- Oxigraph runs one update request as one transaction: readers see the old graphs or the new,
  and a server killed during a load comes back with the old graph (tested with ``--location``).
  The price: a disk-backed Oxigraph holds that transaction in memory, so ``MOVE`` of a
  multi-million-triple stage needs many GB (over 18 GB for the 3.8M triples of the history
  CSV, README "Loading into a triple store").
- Virtuoso 7.2 runs ``MOVE`` as "clear the target, copy the stage, clear the stage" in several
  commits, and readers see the steps. Its Graph Store loads skip the transaction log, so they
  survive a crash only once a checkpoint has written them: after SIGKILL during a ``MOVE`` of
  500k triples, or after a completed load but before a checkpoint, the restarted server held a
  part of the graph. olygraph therefore asks Virtuoso for a checkpoint right after the switch
  (``bif:exec('checkpoint')``, which needs the ``dba`` account; otherwise a warning). A failure
  during the upload, by far the longest step, leaves the old graph intact (tested); a crash of
  Virtuoso during the switch itself (~15 s per million triples) can leave a mix, which the next
  load replaces.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import URIRef

from olygraph.errors import LoadError, UsageError
from olygraph.ids import Minter
from olygraph.load.http import Credentials, HttpClient, RetryPolicy, TransientLoadError
from olygraph.load.source import Counter, GraphName, sources, triples
from olygraph.load.stores import Graph, Store, graph_iri, graph_name
from olygraph.load.stores import profile as store_kind
from olygraph.vocab import DEFAULT_BASE
from olygraph.write.sparql import sparql_term


@dataclass(frozen=True, slots=True)
class GraphLoad:
    """What happened to one target graph."""

    target: URIRef | None  # None: the default graph
    stage: URIRef
    sent: int  # distinct triples sent
    counted: int  # triples in the target afterwards
    before: int  # triples in the target before the switch
    chunks: int
    seconds: float  # time spent uploading its chunks


@dataclass(frozen=True, slots=True)
class StaleStage:
    """A stage graph an interrupted load left behind, dropped by this one."""

    graph: URIRef
    triples: int


@dataclass(frozen=True, slots=True)
class LoadReport:
    store: str
    append: bool
    graphs: tuple[GraphLoad, ...]
    stale: tuple[StaleStage, ...] = ()
    retries: int = 0
    seconds: float = 0.0
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Progress:
    """After each chunk: chunks and triple lines sent so far, input bytes read of a total."""

    chunks: int
    triples: int
    read: int
    total: int


@dataclass(slots=True)
class _Upload:
    target: Graph
    stage: URIRef
    digests: set[int] = field(default_factory=set)
    buffer: list[bytes] = field(default_factory=list)
    chunks: int = 0
    seconds: float = 0.0


def load(
    inputs: Sequence[Path] = (),
    *,
    endpoint: str,
    store: str = "oxigraph",
    graph: str | None = None,
    base: str = DEFAULT_BASE,
    append: bool = False,
    credentials: Credentials | None = None,
    chunk_size: int | None = None,
    timeout: float = 300.0,
    retry: RetryPolicy | None = None,
    query_url: str | None = None,
    update_url: str | None = None,
    checkpoint: bool = True,
    progress: Callable[[Progress], None] | None = None,
    profile: str = "own",
) -> LoadReport:
    """Load ``inputs`` (RDF files or articles; none = the embedded seed) into the store at
    ``endpoint``. ``graph``: the target IRI, ``"default"`` for the default graph, or None for
    ``<base>graph/olygraph``. ``profile``: ``own`` or ``wikidata`` (articles as Wikibase
    statements). Raises LoadError (store), InputError (inputs), UsageError."""
    store_profile = store_kind(store, endpoint, query_url=query_url, update_url=update_url)
    if store_profile.name == "virtuoso" and credentials is None:
        raise UsageError(
            "--store virtuoso needs --user NAME and --password-env VAR: its Graph Store and "
            "Update endpoints use digest authentication"
        )
    if chunk_size is not None and chunk_size < 1:
        raise UsageError(f"--chunk-size {chunk_size}: expected a positive number of triples")
    minter = Minter(base)
    target = _target(graph, minter, store_profile.default_graph, store_profile.name)
    documents = sources(inputs, base, profile)
    client = HttpClient(credentials, timeout=timeout, retry=retry)
    run = _Run(Store(store_profile, client), minter, target, append, progress)
    run.chunk_size = chunk_size or store_profile.chunk_size
    run.total = sum(d.size for d in documents)
    started = time.monotonic()
    try:
        for document in documents:
            update_safe = store_profile.gsp_url is None
            for name, line in triples(document, minter, run.counter, update_safe=update_safe):
                run.add(name, line)
        if not run.uploads:
            raise LoadError("nothing to load: the inputs hold no triples")
        for upload in run.uploads.values():
            run.flush(upload)
        graphs = run.finish()
    except BaseException as err:
        note = run.abandon()
        if note and isinstance(err, LoadError):
            raise LoadError(f"{err}; {note}") from None
        raise
    warnings: tuple[str, ...] = ()
    if store_profile.checkpoint and checkpoint:
        warning = run.store.checkpoint()
        warnings = (warning,) if warning else ()
    return LoadReport(store_profile.name, append, graphs, tuple(run.stale), client.retries,
                      time.monotonic() - started, warnings)  # fmt: skip


def _target(graph: str | None, minter: Minter, default_ok: bool, store: str) -> Graph:
    if graph is None:
        return minter.load_graph()
    if graph == "default":
        if not default_ok:
            raise UsageError(
                f"--graph default: {store} cannot load into its default graph over the Graph "
                "Store Protocol; name a graph with --graph IRI"
            )
        return None
    return graph_iri(graph)


class _Run:
    """The state of one load: the stage of each target graph, and what was sent."""

    def __init__(
        self,
        store: Store,
        minter: Minter,
        target: Graph,
        append: bool,
        progress: Callable[[Progress], None] | None,
    ) -> None:
        self.store = store
        self.minter = minter
        self.target = target
        self.append = append
        self.progress = progress
        self.chunk_size = store.profile.chunk_size
        self.uploads: dict[GraphName, _Upload] = {}
        self.stale: list[StaleStage] = []
        self.counter = Counter()
        self.total = 0
        self.chunks = 0
        self.lines = 0
        token = time.strftime("%Y%m%dt%H%M%Sz", time.gmtime()) + "-" + os.urandom(4).hex()
        self.token = token

    # ------------------------------------------------------------------------------ upload

    def add(self, name: GraphName, line: bytes) -> None:
        upload = self.uploads.get(name)
        if upload is None:
            upload = self.uploads[name] = self._begin(self.target if name is None
                                                      else graph_iri(name))  # fmt: skip
        upload.buffer.append(line)
        upload.digests.add(hash(line))
        if len(upload.buffer) >= self.chunk_size:
            self.flush(upload)

    def _begin(self, target: Graph) -> _Upload:
        """Drop stale stages of ``target`` and mint this load's stage for it."""
        if any(u.target == target for u in self.uploads.values()):
            return next(u for u in self.uploads.values() if u.target == target)
        where = f"looking for stale stages of {graph_name(target)}"
        for stale in self.store.graphs_under(self.minter.stage_prefix(target), what=where):
            size = self.store.count(stale, what=where)
            self.store.drop([stale], what=f"dropping the stale stage <{stale}>")
            self.stale.append(StaleStage(stale, size))
        return _Upload(target, self.minter.stage(target, self.token))

    def flush(self, upload: _Upload) -> None:
        if not upload.buffer:
            return
        started = time.monotonic()
        upload.chunks += 1
        what = f"uploading chunk {upload.chunks} for {graph_name(upload.target)}"
        self.store.upload(upload.stage, b"".join(upload.buffer), what=what)
        upload.seconds += time.monotonic() - started
        self.chunks += 1
        self.lines += len(upload.buffer)
        upload.buffer.clear()
        if self.progress is not None:
            self.progress(Progress(self.chunks, self.lines, self.counter.read, self.total))

    # ------------------------------------------------------------------------ check, switch

    def finish(self) -> tuple[GraphLoad, ...]:
        uploads = self._distinct_uploads()
        for upload in uploads:
            staged = self.store.count(upload.stage, what=f"counting the stage <{upload.stage}>")
            if staged != len(upload.digests):
                raise LoadError(
                    f"the stage for {graph_name(upload.target)} holds {staged:,} triples, but "
                    f"{len(upload.digests):,} distinct triples were sent; the target graph was "
                    "not changed"
                )
        before = {u.target: self._count(u.target) for u in uploads}
        self._switch(uploads)
        out = []
        for upload in uploads:
            sent, old = len(upload.digests), before[upload.target]
            now = self._count(upload.target)
            ok = (old <= now <= old + sent and now >= sent) if self.append else now == sent
            if not ok:
                expected = f"between {max(sent, old):,} and {old + sent:,}" if self.append else (
                    f"{sent:,}")  # fmt: skip
                raise LoadError(
                    f"after the switch {graph_name(upload.target)} holds {now:,} triples, "
                    f"expected {expected}: the store changed or merged some triples"
                )
            out.append(GraphLoad(upload.target, upload.stage, sent, now, old, upload.chunks,
                                 upload.seconds))  # fmt: skip
        return tuple(out)

    def _distinct_uploads(self) -> list[_Upload]:
        seen: list[_Upload] = []
        for upload in self.uploads.values():
            if all(u is not upload for u in seen):
                seen.append(upload)
        return seen

    def _count(self, target: Graph) -> int:
        return self.store.count(target, what=f"counting {graph_name(target)}")

    def _switch(self, uploads: list[_Upload]) -> None:
        """One update request for every graph; after a failure, count before trying again."""
        steps = []
        for u in uploads:
            to = "DEFAULT" if u.target is None else f"GRAPH {sparql_term(u.target)}"
            stage = f"GRAPH {sparql_term(u.stage)}"
            steps += ([f"ADD {stage} TO {to}", f"DROP SILENT {stage}"] if self.append
                      else [f"MOVE {stage} TO {to}"])  # fmt: skip
        text = " ;\n".join(steps)
        client = self.store.client
        delays = client.retry.delays()
        while True:
            try:
                self.store.update(text, what="switching the stages into place", retry=False)
                return
            except LoadError as err:
                if self._switched(uploads):
                    return
                delay = next(delays, None)
                if not isinstance(err, TransientLoadError) or delay is None:
                    raise
                client.retries += 1
                client.sleep(delay)

    def _switched(self, uploads: list[_Upload]) -> bool:
        try:
            return all(self.store.count(u.stage, what="checking the switch") == 0
                       for u in uploads)  # fmt: skip
        except LoadError:
            return False

    def abandon(self) -> str | None:
        """Drop the stages (one attempt); what is left behind, if the store cannot be reached."""
        stages = [u.stage for u in self._distinct_uploads()]
        if not stages:
            return None
        try:
            self.store.drop(stages, what="dropping the stages", retry=False)
        except LoadError:
            names = ", ".join(f"<{s}>" for s in stages)
            return (
                f"the stage graph {names} could not be removed; "
                "the next load of the same graph removes it"
            )
        return None


def describe(report: LoadReport) -> list[str]:
    """One line per stale stage removed and per graph loaded, for people."""
    lines = [
        f"removed the stale stage <{s.graph}> ({s.triples:,} triples) left by an interrupted load"
        for s in report.stale
    ]
    for g in report.graphs:
        chunks = f"{g.chunks:,} chunk{'s' if g.chunks != 1 else ''}"
        retries = f", {report.retries:,} retries" if report.retries else ""
        verb, prep = ("appended", "to") if report.append else ("loaded", "into")
        lines.append(
            f"{verb} {g.sent:,} triples {prep} {graph_name(g.target)} ({report.store}, {chunks}, "
            f"{report.seconds:.1f} s{retries}); the graph now holds {g.counted:,} (was "
            f"{g.before:,})"
        )
    return lines
