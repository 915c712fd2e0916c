"""One load's state (:mod:`olygraph.load.run` drives it): an upload per graph sent, the
sending pass over the sources, the check and switch of every graph, and what to undo when it
fails."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence

from rdflib import URIRef
from xxhash import xxh3_64_intdigest

from olygraph.errors import LoadError
from olygraph.ids import Minter
from olygraph.load import manifest as load_manifest
from olygraph.load.bulk import Bulk
from olygraph.load.lease import Lease
from olygraph.load.manifest import Entry
from olygraph.load.plan import Plan
from olygraph.load.report import GraphLoad, Progress, StaleStage
from olygraph.load.send import Sender, Upload
from olygraph.load.source import Counter, GraphName, Source, batches
from olygraph.load.stores import Graph, Store, graph_name
from olygraph.load.switch import Switcher

#: lines waiting in all buffers together, in chunks: the fullest buffer goes beyond that
_BUFFERED_CHUNKS = 4
_STAGE_MARK = "/.olygraph-stage/"
#: an upload, the extend of its buffer and of its digests (None: the graph is not sent)
_Route = tuple[
    Upload | None, Callable[[Iterable[bytes]], None] | None, Callable[[Iterable[int]], None] | None
]


class Session:
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
        self.pending: list[Upload] = []  # begun, not yet known to be new or not
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
                    self._flush(upload, whole=False)
                elif self.buffered >= cap:
                    self._flush(max(self.uploads.values(), key=lambda u: len(u.buffer)))
            fingerprint = fp or self.counter.fingerprint()
            for graph in met:
                self.feeds.setdefault(graph, set()).add(fingerprint)
        for upload in self.uploads.values():
            self._flush(upload)
        self._resolve()
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
        digests = load_manifest.ContentHash() if the_plan.send is None else None
        upload = Upload(target, None, "pending", digests)
        if target is None or target in the_plan.manifest.entries:
            self._staged(upload)
        else:  # whether it exists is asked at its first chunk, with the others then pending
            self.pending.append(upload)
        self.uploads[target] = upload
        return upload

    def _staged(self, upload: Upload) -> None:
        upload.mode = "append" if self.append else "replace"
        upload.stage = self.minter.stage(upload.target, self.token)

    def _resolve(self) -> None:
        """New or not: the graphs begun since the last time, in one query per 100 graphs."""
        pending = [u.target for u in self.pending if u.target is not None]
        held = self.store.holding(pending, what="looking for the graphs that exist")
        for upload in self.pending:
            if upload.target in held:
                self._staged(upload)
            else:
                upload.mode, upload.bulk = "new", self.bulk is not None
        self.pending.clear()

    def _flush(self, upload: Upload, whole: bool = True) -> None:
        """Send what ``upload`` holds in chunks of ``chunk_size`` lines; ``whole``: the last,
        smaller one too."""
        buffer = upload.buffer  # the same list throughout: routes hold its extend
        assert self.sender is not None
        if upload.mode == "pending":
            self._resolve()
        size = self.chunk_size
        while len(buffer) >= size or (whole and buffer):
            lines = buffer[:size]
            del buffer[:size]
            self.buffered -= len(lines)
            if upload.bulk:
                assert self.bulk is not None
                self.bulk.write(upload.target, lines)
            else:
                self.sender.submit(upload, lines)

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
        partial = [u.target for u in self.uploads.values()  # not the pending: nothing sent
                   if u.mode == "new" and not u.done and u.target is not None]  # fmt: skip
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
