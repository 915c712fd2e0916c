"""How a load sends its triples: one buffer per graph, chunks, and a sender thread.

Each graph a load sends has an :class:`Upload`: straight into the graph when it is new
(``new``: nothing to protect, the store's fastest path), else into a stage graph (``replace``,
``append``). Lines wait in the upload's buffer until it holds ``chunk_size`` of them, or until
all buffers together hold ``cap`` lines (the fullest one goes then: graphs interleave in an
N-Quads file, and memory stays bounded whatever their number).

A chunk is sent by one thread while the load reads on: the store parses and stores a chunk
while olygraph reads the next one (two cores at work instead of one). At most two chunks wait
for it. The first failure stops the thread; the load sees it at its next chunk or at
:meth:`Sender.close`.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from rdflib import URIRef

from olygraph.load.manifest import ContentHash
from olygraph.load.stores import Graph, Store, graph_name


@dataclass(slots=True)
class Upload:
    """One graph being sent."""

    target: Graph
    stage: URIRef | None  # None: straight into ``target`` (a new graph)
    mode: str  # "new", "replace", "append"; "pending" until asked (olygraph.load.run)
    hash: ContentHash | None  # digests as lines go by (None: the plan knows the graph)
    buffer: list[bytes] = field(default_factory=list)
    chunks: int = 0  # chunks handed to the sender
    seconds: float = 0.0  # time the store took for them
    done: bool = False  # counted (new) or switched (replace, append): nothing left to undo
    bulk: bool = False  # a new graph through Virtuoso's bulk loader (olygraph.load.bulk)

    @property
    def into(self) -> Graph:
        """Where the chunks go."""
        return self.target if self.stage is None else self.stage


class Sender:
    """A thread that sends chunks, in order; ``done(upload, lines)`` after each one."""

    def __init__(self, store: Store, done: Callable[[Upload, int], None]) -> None:
        self.store = store
        self.done = done
        self.error: BaseException | None = None
        self._queue: queue.Queue[tuple[Upload, bytes, int, str] | None] = queue.Queue(2)
        self._thread = threading.Thread(target=self._work, name="olygraph-load", daemon=True)
        self._thread.start()

    def submit(self, upload: Upload, lines: list[bytes]) -> None:
        """Hand over one chunk of ``upload`` (raises the failure of an earlier one)."""
        self.check()
        upload.chunks += 1
        what = f"uploading chunk {upload.chunks} for {graph_name(upload.target)}"
        self._queue.put((upload, b"".join(lines), len(lines), what))

    def check(self) -> None:
        if self.error is not None:
            raise self.error

    def _work(self) -> None:
        while (job := self._queue.get()) is not None:
            if self.error is not None:
                continue  # after a failure: drop what was queued
            upload, body, lines, what = job
            started = time.monotonic()
            try:
                if upload.stage is None:
                    assert upload.target is not None
                    self.store.upload_new(upload.target, body, lines, what=what)
                else:
                    self.store.upload(upload.stage, body, what=what)
                upload.seconds += time.monotonic() - started
                self.done(upload, lines)
            except BaseException as err:  # handed to the loading thread
                self.error = err

    def close(self) -> None:
        """Wait for every chunk to be sent; raise the first failure."""
        self._queue.put(None)
        self._thread.join()
        self.check()

    def stop(self, wait: float = 10.0) -> None:
        """After a failure of the load: drop the queued chunks, wait a little for the one
        being sent."""
        if self.error is None:
            self.error = RuntimeError("the load stopped")
        try:
            while True:
                self._queue.get_nowait()
        except queue.Empty:
            pass
        with contextlib.suppress(queue.Full):
            self._queue.put_nowait(None)
        self._thread.join(wait)
