"""The end of a load: count what was sent, then switch the stages in, one graph per request.

See :mod:`olygraph.load.run` for what readers see meanwhile and how atomic a switch is.
"""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import URIRef

from olygraph.errors import LoadError
from olygraph.load.http import TransientLoadError
from olygraph.load.send import Upload
from olygraph.load.stores import Graph, Store, graph_name
from olygraph.write.sparql import sparql_term


def _graph(graph: Graph) -> str:
    return "DEFAULT" if graph is None else f"GRAPH {sparql_term(graph)}"


class Switcher:
    def __init__(self, store: Store, append: bool, uploads: Sequence[Upload] = ()) -> None:
        self.store = store
        self.append = append
        #: the new graphs of the load, counted together at the first check of one
        self.new = [u.target for u in uploads if u.stage is None and u.target is not None]
        self.held: dict[URIRef, int] | None = None

    def check(self, upload: Upload, sent: int) -> None:
        """The stage (or the new graph) must hold exactly the ``sent`` distinct triples."""
        if upload.stage is None:
            what = f"counting {graph_name(upload.target)}"
        else:
            what = f"counting the stage <{upload.stage}>"
        if upload.stage is None and upload.target in self.new:
            if self.held is None:
                self.held = self.store.counts(self.new, what="counting the new graphs")
            held = self.held[upload.target]
        else:
            held = self.store.count(upload.into, what=what)
        if held == sent:
            upload.done = upload.stage is None  # a new graph is complete
            return
        if upload.stage is None:
            raise LoadError(
                f"{graph_name(upload.target)} holds {held:,} triples, but {sent:,} distinct "
                "triples were sent; it held nothing before and is dropped"
            )
        raise LoadError(
            f"the stage for {graph_name(upload.target)} holds {held:,} triples, but {sent:,} "
            "distinct triples were sent; the target graph was not changed"
        )

    def switch_all(
        self,
        uploads: Sequence[Upload],
        sent: dict[Graph, int],
        drops: Sequence[Graph],
        manifest: Sequence[str],
    ) -> dict[Graph, tuple[int, int]]:
        """Switch each stage in (the last request also drops ``drops`` and writes the
        ``manifest``); (before, after) counts of every graph sent."""
        out = {u.target: (0, sent[u.target]) for u in uploads if u.stage is None}
        tail = [f"DROP SILENT {_graph(g)}" for g in drops] + list(manifest)
        staged = [u for u in uploads if u.stage is not None]
        if not staged:
            self.store.update(" ;\n".join(tail), what="writing the manifest of the load")
            return out
        for i, upload in enumerate(staged):
            before = self.store.count(upload.target, what=f"counting {graph_name(upload.target)}")
            assert upload.stage is not None
            stage, to = _graph(upload.stage), _graph(upload.target)
            steps = ([f"ADD {stage} TO {to}", f"DROP SILENT {stage}"] if self.append
                     else [f"MOVE {stage} TO {to}"])  # fmt: skip
            if i == len(staged) - 1:
                steps += tail
            self._switch(upload, " ;\n".join(steps))
            upload.done = True
            n, now = sent[upload.target], self.store.count(
                upload.target, what=f"counting {graph_name(upload.target)}")  # fmt: skip
            ok = (before <= now <= before + n and now >= n) if self.append else now == n
            if not ok:
                expected = (f"between {max(n, before):,} and {before + n:,}" if self.append
                            else f"{n:,}")  # fmt: skip
                raise LoadError(
                    f"after the switch {graph_name(upload.target)} holds {now:,} triples, "
                    f"expected {expected}: the store changed or merged some triples"
                )
            out[upload.target] = (before, now)
        return out

    def _switch(self, upload: Upload, text: str) -> None:
        """One update request; after a failure, count the stage before trying again."""
        client = self.store.client
        delays = client.retry.delays()
        while True:
            try:
                self.store.update(text, what="switching the stages into place", retry=False)
                return
            except LoadError as err:
                if self._switched(upload):
                    return
                delay = next(delays, None)
                if not isinstance(err, TransientLoadError) or delay is None:
                    raise
                client.retries += 1
                client.sleep(delay)

    def _switched(self, upload: Upload) -> bool:
        assert upload.stage is not None
        try:
            return self.store.count(upload.stage, what="checking the switch") == 0
        except LoadError:
            return False
