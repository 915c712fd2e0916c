"""Loading the graph into a triple store, safely and repeatably: data in, a load report out.

In: RDF files or articles (:mod:`~olygraph.load.source` turns them into N-Triples lines, graph by
graph), a store profile and endpoint (:mod:`~olygraph.load.stores`: Oxigraph, Virtuoso, any
SPARQL 1.1 store) and credentials. :mod:`~olygraph.load.run` stages, counts and switches each
target graph; :mod:`~olygraph.load.http` sends the requests (retries, digest authentication).
Out: a :class:`~olygraph.load.run.LoadReport`.
"""

from olygraph.load.http import Credentials
from olygraph.load.run import LoadReport, Progress, describe, load
from olygraph.load.stores import STORES

__all__ = ["STORES", "Credentials", "LoadReport", "Progress", "describe", "load"]
