"""Triple stores a load can write to: where their endpoints are, and the requests a load makes.

Three profiles (``--store``):

``oxigraph``
    ``oxigraph serve``: Graph Store Protocol at ``/store`` (``?graph=IRI`` or ``?default``),
    SPARQL Update at ``/update``, queries at ``/query``. An update request is one transaction.
``virtuoso``
    OpenLink Virtuoso 7: Graph Store Protocol at ``/sparql-graph-crud-auth`` and SPARQL Update
    and queries at ``/sparql-auth``, all behind HTTP digest authentication (a user with the
    ``SPARQL_UPDATE`` role, e.g. ``dba``). It has no default graph to load into: a graph must be
    named. What its ``MOVE`` does and why a checkpoint follows a load: see :mod:`olygraph.load.run`.
``generic``
    Any SPARQL 1.1 store: triples go in batches of ``INSERT DATA`` to the update endpoint
    (``--update-url``, else ``--endpoint``), counts are asked at ``--query-url`` (else
    ``--endpoint``).

For oxigraph and virtuoso, ``--endpoint`` is the server's root URL; a URL that ends in one of
the server's own paths (``/sparql``, ``/query`` …) is taken as its root.

Queries and updates are sent as HTML forms (``query=`` / ``update=``), which every SPARQL 1.1
endpoint takes; Virtuoso 7 never answers a POST of ``application/sparql-query``.

Every request that names a graph writes its IRI with :func:`olygraph.write.sparql.sparql_term`,
which
refuses anything that is not a plain IRI; triples travel as N-Triples written by pyoxigraph.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Final
from urllib.parse import quote, quote_from_bytes, urlencode

from rdflib import Literal, URIRef

from olygraph.errors import LoadError, UsageError
from olygraph.load.http import HttpClient, check_url, where
from olygraph.query.results import term_from_json
from olygraph.write.sparql import sparql_term

STORES: Final[tuple[str, ...]] = ("oxigraph", "virtuoso", "generic")
#: triples per request: the Graph Store Protocol takes large bodies; Virtuoso refuses an
#: INSERT DATA of more than ~1-2k triples, so SPARQL Update batches stay small
GSP_CHUNK: Final = 50_000
UPDATE_CHUNK: Final = 1_000

#: ``None`` stands for the store's default graph
Graph = URIRef | None

_ROOT_PATHS: Final = {
    "oxigraph": ("/query", "/update", "/store"),
    "virtuoso": ("/sparql-graph-crud-auth", "/sparql-graph-crud", "/sparql-auth", "/sparql"),
}
#: queries and updates go as HTML forms, which every SPARQL 1.1 endpoint takes (Virtuoso 7 does
#: not answer a POST of ``application/sparql-query``)
_FORM: Final = {"Content-Type": "application/x-www-form-urlencoded"}
_ABSOLUTE_IRI = re.compile(r'[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>"{}|^`\\\x7f]*')


@dataclass(frozen=True, slots=True)
class StoreProfile:
    """Where one store takes triples, updates and queries, and what it can do."""

    name: str
    gsp_url: str | None  # Graph Store Protocol endpoint; None: SPARQL Update batches
    update_url: str
    query_url: str
    default_graph: bool  # the default graph can be loaded into
    chunk_size: int  # triples per request unless told otherwise
    lists_empty_pattern: bool  # ``GRAPH ?g {}`` lists the named graphs (cheap)
    checkpoint: bool  # ask for a checkpoint after a load (Virtuoso: loads are not logged)
    #: may be added to the Graph Store URL when a load fills a new graph directly. Oxigraph:
    #: ``&no_transaction``, its bulk loader (a new graph has nothing to protect; a graph whose
    #: load fails is dropped, or replaced by the next load). Whether it is used: see
    #: :meth:`Store.upload_new`
    bulk_params: str = ""


def profile(
    store: str, endpoint: str, *, query_url: str | None = None, update_url: str | None = None
) -> StoreProfile:
    """The profile of ``store`` at ``endpoint`` (URLs checked: http(s), no credentials)."""
    check_url(endpoint)
    for url, option in ((query_url, "--query-url"), (update_url, "--update-url")):
        if url is not None:
            check_url(url, option)
    if store == "generic":
        return StoreProfile(
            "generic", None, update_url or endpoint, query_url or endpoint,
            default_graph=True, chunk_size=UPDATE_CHUNK, lists_empty_pattern=False,
            checkpoint=False,
        )  # fmt: skip
    if store not in _ROOT_PATHS:
        raise UsageError(f"--store {store!r}: expected one of {', '.join(STORES)}")
    root = endpoint.split("?", 1)[0].rstrip("/")
    for path in _ROOT_PATHS[store]:
        if root.endswith(path):
            root = root[: -len(path)]
            break
    if store == "oxigraph":
        return StoreProfile(
            "oxigraph", f"{root}/store", update_url or f"{root}/update",
            query_url or f"{root}/query", default_graph=True, chunk_size=GSP_CHUNK,
            lists_empty_pattern=True, checkpoint=False, bulk_params="&no_transaction",
        )  # fmt: skip
    return StoreProfile(
        "virtuoso", f"{root}/sparql-graph-crud-auth", update_url or f"{root}/sparql-auth",
        query_url or f"{root}/sparql-auth", default_graph=False, chunk_size=GSP_CHUNK,
        lists_empty_pattern=False, checkpoint=True,
    )  # fmt: skip


def graph_iri(text: str) -> URIRef:
    """A graph IRI given by the user, checked: absolute, nothing a SPARQL IRI cannot hold."""
    if not _ABSOLUTE_IRI.fullmatch(text):
        raise UsageError(
            f"--graph {text!r}: expected an absolute IRI such as "
            "https://example.org/graph/olympics (or 'default' for the default graph)"
        )
    return URIRef(text)


def graph_name(graph: Graph) -> str:
    """How messages name a graph."""
    return "the default graph" if graph is None else f"<{graph}>"


class Store:
    """The requests a load makes to one store, over one :class:`HttpClient`."""

    def __init__(self, profile: StoreProfile, client: HttpClient) -> None:
        self.profile = profile
        self.client = client
        #: seconds and triples of the chunks sent with and without ``bulk_params``
        self.timings: dict[bool, list[float]] = {True: [0.0, 0.0], False: [0.0, 0.0]}
        self.tries = 0

    # ------------------------------------------------------------------------------- writing

    def upload(self, graph: URIRef, ntriples: bytes, *, what: str) -> None:
        """Add N-Triples to ``graph`` (retried: adding the same triples twice changes nothing)."""
        if self.profile.gsp_url is not None:
            url = f"{self.profile.gsp_url}?graph={quote(str(graph), safe='')}"
            headers = {"Content-Type": "application/n-triples; charset=utf-8"}
            self.client.request("POST", url, ntriples, headers, what=what)
            return
        body = b"".join((b"INSERT DATA { GRAPH ", sparql_term(graph).encode(), b" {\n",
                         ntriples, b"} }"))  # fmt: skip
        self.update_bytes(body, what=what)

    def upload_new(self, graph: URIRef, ntriples: bytes, lines: int, *, what: str) -> None:
        """Add N-Triples to a graph that was empty, the store's fastest way (retried).

        Which way is fastest depends on the store: Oxigraph's bulk path (``no_transaction``)
        took 43 s for 1M triples on disk against 110 s in transactions, but 17 s against 13 s
        in memory (``benchmarks/RESULTS.md``), and a client cannot tell the two apart. So the
        first four chunks of at least 1,000 triples alternate between the two ways; later
        chunks take the one that has been faster per triple so far.
        """
        if self.profile.gsp_url is None or not self.profile.bulk_params:
            self.upload(graph, ntriples, what=what)
            return
        bulk, fast = self.timings[True], self.timings[False]
        if self.tries < 4:
            use = self.tries % 2 == 0
            self.tries += lines >= 1000
        else:
            use = bulk[0] * fast[1] <= fast[0] * bulk[1]
        url = f"{self.profile.gsp_url}?graph={quote(str(graph), safe='')}"
        url += self.profile.bulk_params if use else ""
        headers = {"Content-Type": "application/n-triples; charset=utf-8"}
        started = time.monotonic()
        self.client.request("POST", url, ntriples, headers, what=what)
        self.timings[use][0] += time.monotonic() - started
        self.timings[use][1] += lines

    def update(self, text: str, *, what: str, retry: bool = True) -> None:
        self.update_bytes(text.encode("utf-8"), what=what, retry=retry)

    def update_bytes(self, body: bytes, *, what: str, retry: bool = True) -> None:
        form = b"update=" + quote_from_bytes(body, safe="").encode("ascii")
        self.client.request("POST", self.profile.update_url, form, _FORM, what=what,
                            retry=retry)  # fmt: skip

    def drop(self, graphs: Sequence[URIRef], *, what: str, retry: bool = True) -> None:
        """Drop named graphs (``DROP SILENT``: a graph that is not there is no error)."""
        if graphs:
            text = " ;\n".join(f"DROP SILENT GRAPH {sparql_term(g)}" for g in graphs)
            self.update(text, what=what, retry=retry)

    def checkpoint(self) -> str | None:
        """Ask Virtuoso to write a checkpoint; a warning when it cannot (e.g. not ``dba``)."""
        try:
            self.select('SELECT (bif:exec("checkpoint") AS ?done) WHERE {}',
                        what="asking for a checkpoint")  # fmt: skip
        except LoadError as err:
            return (
                f"{err}; the loaded graphs survive a crash of the store only after its next "
                "checkpoint (CheckpointInterval)"
            )
        return None

    # ------------------------------------------------------------------------------- reading

    def select(self, text: str, *, what: str) -> list[dict[str, object]]:
        headers = _FORM | {"Accept": "application/sparql-results+json"}
        form = urlencode({"query": text}).encode("ascii")
        response = self.client.request("POST", self.profile.query_url, form, headers, what=what)
        try:
            doc = json.loads(response.body)
            rows: list[dict[str, dict[str, str]]] = doc["results"]["bindings"]
            return [{k: term_from_json(v) for k, v in row.items()} for row in rows]
        except (ValueError, KeyError, TypeError):
            text = response.body[:200].decode("utf-8", "replace")
            raise LoadError(
                f"{what}: {where(self.profile.query_url)} did not answer with SPARQL JSON "
                f"results: {' '.join(text.split())!r}"
            ) from None

    def count(self, graph: Graph, *, what: str) -> int:
        """The number of triples in ``graph``."""
        pattern = "?s ?p ?o" if graph is None else f"GRAPH {sparql_term(graph)} {{ ?s ?p ?o }}"
        rows = self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}", what=what)
        try:
            return int(Decimal(str(rows[0]["n"])))
        except (IndexError, KeyError, InvalidOperation, ValueError):
            raise LoadError(f"{what}: the store gave no count") from None

    def counts(self, graphs: Sequence[URIRef], *, what: str) -> dict[URIRef, int]:
        """The number of triples in each named graph, by one query per 100 graphs (a store
        reads its quads once per query, instead of once per graph)."""
        out = dict.fromkeys(graphs, 0)
        for names in _values(graphs):
            rows = self.select(f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {names} }} "
                               "GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", what=what)  # fmt: skip
            for row in rows:
                g, n = row.get("g"), row.get("n")
                if isinstance(g, URIRef) and g in out:
                    try:
                        out[g] = int(Decimal(str(n)))
                    except (InvalidOperation, ValueError):
                        raise LoadError(f"{what}: the store gave no count") from None
        return out

    def holding(self, graphs: Sequence[URIRef], *, what: str) -> set[URIRef]:
        """Those of the named ``graphs`` that hold a triple, by one query per 100 graphs."""
        out: set[URIRef] = set()
        for names in _values(graphs):
            rows = self.select(f"SELECT ?g WHERE {{ VALUES ?g {{ {names} }} "
                               "FILTER EXISTS { GRAPH ?g { ?s ?p ?o } } }", what=what)  # fmt: skip
            out.update(g for row in rows if isinstance(g := row.get("g"), URIRef))
        return out & set(graphs)

    def graphs_containing(self, part: str, *, what: str) -> list[URIRef]:
        """The named graphs whose IRI holds ``part`` (one query, whatever their number)."""
        return self._graphs_where("CONTAINS", part, what=what)

    def graphs_under(self, prefix: str, *, what: str) -> list[URIRef]:
        """The named graphs whose IRI starts with ``prefix``."""
        return self._graphs_where("STRSTARTS", prefix, what=what)

    def _graphs_where(self, function: str, text: str, *, what: str) -> list[URIRef]:
        """The named graphs whose IRI passes ``function(STR(?g), text)``."""
        pattern = "GRAPH ?g {}" if self.profile.lists_empty_pattern else "GRAPH ?g { ?s ?p ?o }"
        test = f"{function}(STR(?g), {sparql_term(Literal(text))})"
        rows = self.select(f"SELECT DISTINCT ?g WHERE {{ {pattern} FILTER({test}) }}", what=what)
        return sorted({g for row in rows if isinstance(g := row.get("g"), URIRef)})


def _values(graphs: Sequence[URIRef], size: int = 100) -> Iterator[str]:
    """The graphs as the terms of ``VALUES ?g { … }``, ``size`` at a time."""
    for start in range(0, len(graphs), size):
        yield " ".join(sparql_term(g) for g in graphs[start : start + size])
