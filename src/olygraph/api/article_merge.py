"""The merge of a streamed corpus of articles into datasets, planned (issue 19).

:meth:`olygraph.api.articles.ArticleStream.merge_into` hands its groups over, mapped, one at a
time; what the plan reads of each (:func:`olygraph.merge.groups.plan_triples`) is spilled, the
shared nodes' facts gathered, and each group's events are then read out in the workers
(:func:`olygraph.merge.groups.group_sides`) and planned together
(:func:`olygraph.merge.plan.plan_sides`): see :mod:`olygraph.merge.groups`.
"""

from __future__ import annotations

import pickle
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future
from pathlib import Path
from typing import IO, Any

from olygraph.api.article_pool import batched, window
from olygraph.api.article_render import Prepared
from olygraph.identity.aliases import AliasTable
from olygraph.merge.collect import collect
from olygraph.merge.groups import SharedFacts, group_sides, plan_triples
from olygraph.merge.plan import EventSide, ExportPlan, plan_sides


def plan(
    groups: Iterable[tuple[str | None, Prepared]],
    keep: Callable[[str, Prepared], None],
    pool: Executor,
    datasets: Sequence[Path],
    aliases: AliasTable | None,
    base: str,
) -> ExportPlan:
    """The plan of ``groups`` (each with its key when it was mapped again, which ``keep`` is
    given for the write) against the rows of ``datasets`` their events name."""
    shared = SharedFacts()
    with tempfile.TemporaryFile() as own:
        for key, prepared in groups:
            if key is not None:
                keep(key, prepared)
            mine, theirs = plan_triples(prepared.gq)
            shared.add(theirs)
            pickle.dump(mine, own, pickle.HIGHEST_PROTOCOL)
        sides: list[EventSide] = []
        pending: deque[Future[list[EventSide]]] = deque()
        size = window(pool)
        for batch in batched(_unpickled(own), 16):  # read out in the workers
            pending.append(pool.submit(group_sides, [t + shared.around(t) for t in batch]))
            while len(pending) > size:
                sides += pending.popleft().result()
        while pending:
            sides += pending.popleft().result()
    side = collect(datasets, {(e.art.games, e.art.sport) for e in sides}, base)
    return plan_sides(sides, side, lambda n, k: shared.has(n, str(k)), aliases, base)


def _unpickled(spill: IO[bytes]) -> Iterator[Any]:
    """Every object pickled into ``spill``, from its start."""
    spill.seek(0)
    while True:
        try:
            yield pickle.load(spill)
        except EOFError:
            return
