"""Loading the graph into a triple store, safely and repeatably: data in, a load report out.

In: RDF files or articles (:mod:`~olygraph.load.source` turns them into N-Triples lines, graph by
graph), a store profile and endpoint (:mod:`~olygraph.load.stores`: Oxigraph, Virtuoso, any
SPARQL 1.1 store) and credentials. :mod:`~olygraph.load.run` loads graph by graph: what changed
since the last load (:mod:`~olygraph.load.manifest`, :mod:`~olygraph.load.plan`), one
load's state in :mod:`~olygraph.load.session`, sent by a
thread (:mod:`~olygraph.load.send`), counted and switched (:mod:`~olygraph.load.switch`);
:mod:`~olygraph.load.http` sends the requests (retries, digest authentication).
Out: a :class:`~olygraph.load.report.LoadReport`.
"""

from olygraph.load.http import Credentials
from olygraph.load.run import LoadReport, Progress, describe, load
from olygraph.load.stores import STORES

__all__ = ["STORES", "Credentials", "LoadReport", "Progress", "describe", "load"]
