"""The worker processes of the streamed article export (issue 19), and what they keep.

``jobs=1`` runs everything in the calling process, as it comes (:class:`Inline`); otherwise a
process pool. :func:`ordered` maps items in order with a bounded number of tasks in flight.
Each process renders the groups it maps into a text file of its own (:class:`TextSpill`), so
that the rendered text (about the size of the output) never travels between processes: the
writer copies it from there, by the kernel.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from functools import partial
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
A = TypeVar("A")
R = TypeVar("R")


def give_back(collect: bool = True) -> None:
    """Return freed memory to the system: glibc keeps freed blocks, so a process that maps or
    validates thousands of articles one after the other would keep its largest footprint,
    fragmented, and seem to grow with the corpus. ``collect``: collect cycles first."""
    if collect:
        gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to trim
        ctypes.CDLL("libc.so.6").malloc_trim(0)


class Inline(Executor):
    """``jobs=1``: everything in this process, as it comes."""

    def submit(self, fn: Callable[..., R], /, *args: object, **kwargs: object) -> Future[R]:
        future: Future[R] = Future()
        future.set_result(fn(*args, **kwargs))
        return future


def pool(jobs: int) -> Executor:
    return Inline() if jobs == 1 else ProcessPoolExecutor(max_workers=jobs)


def ordered(
    pool: Executor, fn: Callable[[T, A], R], items: Iterable[T], base: A, chunk: int = 1
) -> Iterator[R]:
    """``fn(item, base)`` for every item, in the items' order, with a bounded number of tasks
    in flight (so that memory stays bounded when the writer is slower than the workers)."""
    return in_batches(pool, partial(each, fn), batched(items, chunk), base)


def in_batches(
    pool: Executor,
    fn: Callable[[list[T], A], list[R]],
    batches: Iterable[list[T]],
    base: A,
) -> Iterator[R]:
    """``fn(batch, base)`` (one task each) for every batch, their answers in order, with a
    bounded number of tasks in flight."""
    size = window(pool)
    pending: deque[Future[list[R]]] = deque()
    for batch in batches:
        pending.append(pool.submit(fn, batch, base))
        if len(pending) >= size:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def batched(items: Iterable[T], chunk: int) -> Iterator[list[T]]:
    """``items`` in lists of ``chunk`` (the last one shorter)."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= chunk:
            yield batch
            batch = []
    if batch:
        yield batch


def window(pool: Executor) -> int:
    """Tasks kept in flight: four per worker (enough to keep them busy, few enough to bound
    what waits in memory)."""
    return 4 * (getattr(pool, "_max_workers", 1) or 1)


def each(fn: Callable[[T, A], R], items: list[T], base: A) -> list[R]:
    return [fn(item, base) for item in items]


class TextSpill:
    """This process's file of rendered texts, in the directory ``folder`` (the stream's)."""

    def __init__(self, folder: str) -> None:
        self.pid = os.getpid()
        self.path = str(Path(folder) / f"text-{self.pid}")
        self.fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        self.size = 0

    @staticmethod
    def of(folder: str) -> TextSpill:
        found = _SPILLS.get(folder)
        if found is None or found.pid != os.getpid():  # a forked worker makes its own
            found = _SPILLS[folder] = TextSpill(folder)
        return found

    def put(self, text: bytes) -> tuple[str, int]:
        """Append ``text`` (written through, for another process to read); (file, offset)."""
        offset = self.size
        view = memoryview(text)
        while view:
            view = view[os.write(self.fd, view) :]
        self.size += len(text)
        return self.path, offset

    @staticmethod
    def close(folder: str) -> None:
        """Close this process's file of ``folder`` (the workers' close with them)."""
        found = _SPILLS.pop(folder, None)
        if found is not None and found.pid == os.getpid():
            os.close(found.fd)


_SPILLS: dict[str, TextSpill] = {}  # per folder, in this process
