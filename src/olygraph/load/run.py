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
   POST with ``no_transaction``); whether a graph that the manifest does not list holds triples
   is asked at its first chunk, for all the graphs begun by then in one query (nothing of a
   graph is sent, or dropped after a failure, before that). A graph that exists gets a stage
   graph of its own (``replace``; ``append`` too). Chunks of ``chunk_size`` triples, sent by a
   thread while the next ones are read. Distinct triples are counted by their 64-bit digests
   (8 bytes each).
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

import time
from collections.abc import Callable, Sequence
from pathlib import Path

from olygraph.errors import LoadError, UsageError
from olygraph.ids import Minter
from olygraph.load import manifest as load_manifest
from olygraph.load.bulk import Bulk, BulkOptions
from olygraph.load.http import Credentials, HttpClient, RetryPolicy
from olygraph.load.lease import Lease, lease_seconds
from olygraph.load.plan import one_pass, plan
from olygraph.load.report import GraphLoad, LoadReport, Progress, StaleStage, describe, kept
from olygraph.load.session import Session
from olygraph.load.source import sources
from olygraph.load.stores import Graph, Store, graph_iri, graph_name
from olygraph.load.stores import profile as store_kind
from olygraph.vocab import DEFAULT_BASE

__all__ = ["GraphLoad", "LoadReport", "Progress", "StaleStage", "describe", "load"]


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
    run = Session(Store(store_profile, client), minter, target, append, progress)
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
