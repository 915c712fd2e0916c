"""Named SPARQL queries, run locally or on an endpoint: a query and its parameters in, rows out.

In: a query (a bundled name from ``queries/`` or a ``.rq`` file, :mod:`~olygraph.query.named`),
``--param`` values (bound as RDF terms by :mod:`~olygraph.query.run`, never pasted into the
text) and data: local files or articles in pyoxigraph or rdflib (:mod:`~olygraph.query.engines`)
or a SPARQL 1.1 endpoint (:mod:`~olygraph.query.remote`). Out: engine-neutral results and their
formats (:mod:`~olygraph.query.results`: table, CSV, TSV, JSON, Turtle).
"""

from olygraph.query.engines import OWN, QueryProfile, execute, open_local
from olygraph.query.named import QueryError, bundled, find_query, listing
from olygraph.query.results import Rows, Triples, Verdict, render

__all__ = [
    "OWN",
    "QueryError",
    "QueryProfile",
    "Rows",
    "Triples",
    "Verdict",
    "bundled",
    "execute",
    "find_query",
    "listing",
    "open_local",
    "render",
]
