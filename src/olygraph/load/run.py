"""Load the graph into a triple store, safely and repeatably (``olygraph load``).

A load works graph by graph. Triples of a file without graphs, and of a default graph, go to
the target graph (``--graph``); each named graph of a TriG or N-Quads file (one per article,
one per Games of the history dataset: docs/history-model.md) goes to the graph of its name.

0. **The lease** (:mod:`olygraph.load.lease`): a second load of the same target waits for it
   (up to ``timeout``), then refuses; while a load holds it, a stage of its graphs is a dead
   load's. Loads of different targets that name the same graphs are not kept apart.
1. **What changed.** The manifest of the target (``<target>/.olygraph-manifest``,
   :mod:`olygraph.load.manifest`) says what the last load wrote; graphs whose content hash is
   unchanged are not sent, and files that fed only those are not even parsed
   (:mod:`olygraph.load.plan`). Graphs the manifest lists that no input holds any more are
   dropped with ``prune``, else reported.
2. **Stale stages.** Before the first chunk for a graph goes out, stage graphs that an
   interrupted load left behind (``<graph>/.olygraph-stage/…``) are counted and dropped; the
   report names them (the stages of a load are listed with one query).
3. **Upload** (:mod:`olygraph.load.send`). A graph that holds no triple yet has nothing to
   protect: its chunks go straight into it, by the store's fastest path (Oxigraph: a Graph Store
   POST with ``no_transaction``). A graph that exists gets a stage graph of its own
   (``replace``; ``append`` too). Chunks of ``chunk_size`` triples, sent by a thread while the
   next ones are read. Distinct triples are counted by their 64-bit digests (8 bytes each).
4. **Check.** Each graph sent (new) or stage (replacement) must hold exactly the distinct
   triples sent. Otherwise the load fails: a new graph is dropped, stages are dropped, and the
   graphs being replaced are untouched.
5. **Switch, graph by graph.** One SPARQL Update request per replaced graph: ``MOVE stage TO
   graph`` (``ADD`` + ``DROP`` for ``append``), then the graph is counted again. The last
   request also drops the gone graphs (``prune``) and rewrites the manifest; with no graph to
   replace, that is a request of its own.
6. **Virtuoso's bulk loader** (``bulk``, :mod:`olygraph.load.bulk`): when the server reads
   local files, new graphs go to files it loads while olygraph reads on, then are counted.

What readers see meanwhile, what a failure leaves and how atomic a switch is: README, "Loading
into a triple store". Each graph is old or new (a Virtuoso ``MOVE`` runs in several commits);
graphs switched before a failure stay new, and the next load (the manifest still describes the
last complete load) sends them again: nothing is counted twice. A switch whose outcome is
unknown is not retried before its stage is counted (empty: it happened). Virtuoso's loads are
durable after a checkpoint, which a load asks for (``bif:exec('checkpoint')``, ``dba``).
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from rdflib import URIRef
from xxhash import xxh3_64_intdigest

from olygraph.errors import LoadError, UsageError
from olygraph.ids import Minter
from olygraph.load import manifest as load_manifest
from olygraph.load.bulk import Bulk, BulkOptions
from olygraph.load.http import Credentials, HttpClient, RetryPolicy
from olygraph.load.lease import Lease, lease_seconds
from olygraph.load.manifest import Entry
from olygraph.load.plan import Plan, one_pass, plan
from olygraph.load.report import GraphLoad, LoadReport, Progress, StaleStage, describe, kept
from olygraph.load.send import Sender, Upload
from olygraph.load.source import Counter, GraphName, Source, batches, sources
from olygraph.load.stores import Graph, Store, graph_iri, graph_name
from olygraph.load.stores import profile as store_kind
from olygraph.load.switch import Switcher
from olygraph.vocab import DEFAULT_BASE

__all__ = ["GraphLoad", "LoadReport", "Progress", "StaleStage", "describe", "load"]

#: lines waiting in all buffers together, in chunks: the fullest buffer goes beyond that
_BUFFERED_CHUNKS = 4
_STAGE_MARK = "/.olygraph-stage/"
#: an upload, the extend of its buffer and of its digests (None: the graph is not sent)
_Route = tuple[
    Upload | None, Callable[[Iterable[bytes]], None] | None, Callable[[Iterable[int]], None] | None
]


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
    prune: bool = False,
    force: bool = False,
    bulk: BulkOptions | None = None,
) -> LoadReport:
    """Load ``inputs`` (RDF files or articles; none = the embedded seed) into the store at
    ``endpoint``. ``graph``: the target IRI, ``"default"`` for the default graph, or None for
    ``<base>graph/olygraph``. ``profile``: ``own`` or ``wikidata`` (articles as Wikibase
    statements). ``prune``: drop the graphs of the last load that no input holds any more.
    ``force``: send every graph, changed or not. ``bulk``: new graphs by Virtuoso's bulk
    loader (:mod:`olygraph.load.bulk`). Raises LoadError, InputError, UsageError."""
    store_profile = store_kind(store, endpoint, query_url=query_url, update_url=update_url)
    if store_profile.name == "virtuoso" and credentials is None:
        raise UsageError(
            "--store virtuoso needs --user NAME and --password-env VAR: its Graph Store and "
            "Update endpoints use digest authentication"
        )
    if bulk is not None and store_profile.name != "virtuoso":
        raise UsageError("--bulk-dir and --isql are for --store virtuoso")
    if chunk_size is not None and chunk_size < 1:
        raise UsageError(f"--chunk-size {chunk_size}: expected a positive number of triples")
    minter = Minter(base)
    target = _target(graph, minter, store_profile.default_graph, store_profile.name)
    documents = sources(inputs, base, profile)
    client = HttpClient(credentials, timeout=timeout, retry=retry)
    run = _Run(Store(store_profile, client), minter, target, append, progress)
    run.chunk_size = chunk_size or store_profile.chunk_size
    run.lease = Lease(run.store, minter.lease(target), minter.stage(target, run.token),
                      graph_name(target), lease_seconds(timeout),
                      sleep=run.store.client.sleep)  # fmt: skip
    started = time.monotonic()
    try:
        run.lease.acquire(timeout)  # waits while another load writes the same target
        manifest = load_manifest.read(run.store, minter.manifest(target))
        if append or force or not manifest.entries:
            the_plan = one_pass(manifest, len(documents))
        else:
            the_plan = plan(manifest, documents, run.lines, target)
        if bulk is not None and (the_plan.send is None or the_plan.send):
            run.bulk = Bulk(bulk, target, run.token, timeout=timeout,
                            written=lambda n: run._sent(None, n), tick=run.renew)  # fmt: skip
            run.bulk.open()
        run.send(documents, the_plan)
        graphs, gone = run.finish(the_plan, prune)
    except BaseException as err:
        note = run.abandon()
        run.release()
        if note and isinstance(err, LoadError):
            raise LoadError(f"{err}; {note}") from None
        raise
    run.release()
    warnings: list[str] = []
    if gone and not prune:
        warnings.append(kept(gone, target))
    if run.bulk is not None and (note := run.bulk.note()):
        warnings.append(note)
    if store_profile.checkpoint and checkpoint and run.uploads:
        warning = run.store.checkpoint()
        if warning:
            warnings.append(warning)
    unchanged = tuple(the_plan.unchanged.values())
    return LoadReport(store_profile.name, append, graphs, tuple(run.stale), client.retries,
                      time.monotonic() - started, tuple(warnings), unchanged, gone,
                      prune and bool(gone), the_plan.manifest.iri)  # fmt: skip


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
    """The state of one load: an upload per graph sent, and what was sent."""

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
        self.uploads: dict[Graph, Upload] = {}
        self.stale: list[StaleStage] = []
        self.stages: list[URIRef] | None = None  # every stage graph in the store, listed once
        self.counter = Counter()
        self.total = 0
        self.chunks = 0
        self.lines_sent = 0
        self.buffered = 0
        self.sender: Sender | None = None
        self.lease: Lease | None = None  # of the target, held from the first request to the end
        self.bulk: Bulk | None = None  # new graphs through Virtuoso's bulk loader
        self.hashed: dict[Graph, tuple[int, str]] = {}  # counts and hashes, while the store works
        self.feeds: dict[Graph, set[str]] = {}
        self.token = time.strftime("%Y%m%dt%H%M%Sz", time.gmtime()) + "-" + os.urandom(4).hex()

    def lines(
        self, source: Source, only: frozenset[str] | None = None
    ) -> Iterator[tuple[GraphName, list[bytes]]]:
        """The lines of ``source`` as this store takes them (``only``: of these graphs), a
        run of lines of one graph at a time."""
        update_safe = self.store.profile.gsp_url is None
        return batches(source, self.minter, self.counter, update_safe=update_safe, only=only)

    # ------------------------------------------------------------------------------ upload

    def send(self, documents: Sequence[Source], the_plan: Plan) -> None:
        """The sending pass: the lines of every graph to send, into its upload."""
        self.total = sum(d.size for d, read in zip(documents, the_plan.read, strict=True) if read)
        self.counter.read = 0
        self.sender = Sender(self.store, self._sent)
        routes: dict[GraphName, _Route] = {}
        size, cap, digest = self.chunk_size, _BUFFERED_CHUNKS * self.chunk_size, xxh3_64_intdigest
        for document, read, fp in zip(documents, the_plan.read, the_plan.fingerprints,
                                      strict=True):  # fmt: skip
            if not read:
                continue
            self.counter.digest(not fp)
            met: set[Graph] = set()
            routes.clear()  # graph name → its upload (None: not sent), for this document
            for name, lines in self.lines(document, self._only(the_plan)):
                route = routes.get(name)
                if route is None:
                    route = routes[name] = self._route(name, the_plan, met)
                upload, add, digests = route
                if upload is None:
                    continue
                add(lines)  # type: ignore[misc]  # not None with an upload
                if digests is not None:
                    digests(map(digest, lines))
                self.buffered += len(lines)
                if len(upload.buffer) >= size:
                    self._flush(upload, size)
                elif self.buffered >= cap:
                    self._flush(max(self.uploads.values(), key=lambda u: len(u.buffer)), size)
            fingerprint = fp or self.counter.fingerprint()
            for graph in met:
                self.feeds.setdefault(graph, set()).add(fingerprint)
        for upload in self.uploads.values():
            self._flush(upload)
        self.hashed = {g: u.hash.result() for g, u in self.uploads.items() if u.hash}  # meanwhile
        self.sender.close()
        if self.bulk is not None:
            self.bulk.close()

    def _only(self, the_plan: Plan) -> frozenset[str] | None:
        """The named graphs to send, when the default graph's lines are not wanted: the
        sending pass then passes over the lines of the others unread (N-Quads)."""
        if the_plan.send is None or self.target in the_plan.send:
            return None
        return frozenset(str(g) for g in the_plan.send if g is not None)

    def _route(self, name: GraphName, the_plan: Plan, met: set[Graph]) -> _Route:
        """Where the lines of graph ``name`` go: its upload, buffer and digests."""
        graph = self.target if name is None else URIRef(name)
        upload = self.uploads.get(graph)
        if upload is None and (the_plan.send is None or graph in the_plan.send):
            upload = self._begin(graph, the_plan)
        if upload is None:
            return None, None, None
        met.add(graph)
        digests = upload.hash.digests.extend if upload.hash is not None else None
        return upload, upload.buffer.extend, digests

    def _begin(self, target: Graph, the_plan: Plan) -> Upload:
        """Drop stale stages of ``target``; send it straight (new) or by a stage."""
        if self.stages is None:
            where = "looking for stale stages"
            self.stages = self.store.graphs_containing(_STAGE_MARK, what=where)
        prefix = self.minter.stage_prefix(target)
        for stale in [s for s in self.stages if str(s).startswith(prefix)]:
            where = f"looking for stale stages of {graph_name(target)}"
            size = self.store.count(stale, what=where)
            self.store.drop([stale], what=f"dropping the stale stage <{stale}>")
            self.stale.append(StaleStage(stale, size))
            self.stages.remove(stale)
        exists = target is None or target in the_plan.manifest.entries or (
            self.store.holds_triples(target, what=f"looking at {graph_name(target)}"))  # fmt: skip
        one = the_plan.send is None
        if not exists:
            upload = Upload(target, None, "new", load_manifest.ContentHash() if one else None,
                            bulk=self.bulk is not None)  # fmt: skip
        else:
            mode = "append" if self.append else "replace"
            stage = self.minter.stage(target, self.token)
            upload = Upload(target, stage, mode, load_manifest.ContentHash() if one else None)
        self.uploads[target] = upload
        return upload

    def _flush(self, upload: Upload, size: int | None = None) -> None:
        """Send what ``upload`` holds, in chunks of at most ``size`` lines (None: one)."""
        buffer = upload.buffer  # the same list throughout: routes hold its extend
        assert self.sender is not None
        while buffer:
            step = len(buffer) if size is None else size
            lines = buffer[:step]
            del buffer[:step]
            self.buffered -= len(lines)
            if upload.bulk:
                assert self.bulk is not None
                self.bulk.write(upload.target, lines)
            else:
                self.sender.submit(upload, lines)
            if size is not None and len(buffer) < size:
                break

    def renew(self) -> None:
        if self.lease is not None:
            self.lease.renew()

    def _sent(self, upload: Upload | None, lines: int) -> None:
        """In the sender thread after each chunk; for the bulk loader, after each file."""
        self.chunks += 1
        self.lines_sent += lines
        if self.lease is not None:
            self.lease.renew()
        if self.progress is not None:
            self.progress(Progress(self.chunks, self.lines_sent, self.counter.read, self.total))

    # ------------------------------------------------------------------------ check, switch

    def finish(
        self, the_plan: Plan, prune: bool
    ) -> tuple[tuple[GraphLoad, ...], tuple[Graph, ...]]:
        met = set(self.feeds) | set(the_plan.unchanged) | set(the_plan.known)
        if not self.uploads and not the_plan.known and not the_plan.unchanged:
            raise LoadError("nothing to load: the inputs hold no triples")
        gone = the_plan.gone if the_plan.send is not None else tuple(
            g for g in the_plan.manifest.entries if g not in met)  # fmt: skip
        if self.append:
            gone = ()
        switcher = Switcher(self.store, self.append, list(self.uploads.values()))
        entries = dict(the_plan.unchanged)
        expected: dict[Graph, int] = {}
        for graph, upload in self.uploads.items():
            if upload.hash is not None:
                count, content = self.hashed.get(graph) or upload.hash.result()
                upload.hash = None
            else:
                count, content = the_plan.known[graph]
            expected[graph] = count
            feeds = the_plan.feeds.get(graph, frozenset()) | self.feeds.get(graph, set())
            if upload.mode != "append":
                entries[graph] = Entry(graph, count, content, frozenset(feeds))
            else:
                entries.pop(graph, None)
            switcher.check(upload, count)
        manifest_ops = load_manifest.update(
            the_plan.manifest.iri, self.target, entries.values(),
            time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        )  # fmt: skip
        if not self.uploads and not (prune and gone):
            return (), gone  # nothing changed: nothing written
        if self.lease is not None:  # still ours: nobody else writes the target's graphs
            self.lease.renew(force=True)
        last = switcher.switch_all(list(self.uploads.values()), expected,
                                   list(gone) if prune else [], manifest_ops)  # fmt: skip
        out = [
            GraphLoad(g, u.stage, expected[g], last[g][1], last[g][0], u.chunks, u.seconds, u.bulk)
            for g, u in self.uploads.items()
        ]
        return tuple(out), gone

    def release(self) -> None:
        """Give the lease back (one attempt; a lease not given back expires)."""
        if self.lease is not None:
            with contextlib.suppress(LoadError):
                self.lease.release()
            self.lease = None

    def abandon(self) -> str | None:
        """Drop the stages and the half-loaded new graphs (one attempt); what is left behind,
        if the store cannot be reached."""
        if self.sender is not None:
            self.sender.stop()
        note = self.bulk.abort() if self.bulk is not None else None  # before the drop
        stages = [u.stage for u in self.uploads.values() if u.stage is not None and not u.done]
        partial = [u.target for u in self.uploads.values()
                   if u.stage is None and not u.done and u.target is not None]  # fmt: skip
        if not stages and not partial:
            return note
        try:
            self.store.drop(stages + partial, what="dropping the stages", retry=False)
        except LoadError:
            notes = [note] if note else []
            if stages:
                names = ", ".join(f"<{s}>" for s in stages)
                notes.append(f"the stage graph {names} could not be removed; the next load of "
                             "the same graph removes it")  # fmt: skip
            if partial:
                names = ", ".join(f"<{s}>" for s in partial)
                notes.append(f"the new graph {names} could not be removed (it holds part of "
                             "its triples); the next load replaces it")  # fmt: skip
            return "; ".join(notes)
        return note
