"""``olygraph serve`` and ``olygraph site``: the graph as web pages, a SPARQL endpoint and
dereferenceable IRIs (Starlette + uvicorn, Jinja2 templates, SVG charts made on the server).

In: articles, datasets and RDF files (as ``export`` and ``query`` read them), loaded into a
pyoxigraph store (:mod:`~olygraph.serve.data`: in memory, or on disk and reused while the inputs
are unchanged). Out: an ASGI application (:mod:`~olygraph.serve.app`) with a page per node
(:mod:`~olygraph.serve.pages`, read with SPARQL by :mod:`~olygraph.serve.queries` with nodes bound
as terms, :mod:`~olygraph.serve.engine`; HTML by :mod:`~olygraph.serve.render`, charts by
:mod:`~olygraph.serve.svg`), the SPARQL 1.1 Protocol (:mod:`~olygraph.serve.sparql`: read-only,
time and row limits) and content negotiation; or the same pages as a static site
(:mod:`~olygraph.serve.site`).
"""

from olygraph.serve.app import create_app
from olygraph.serve.data import Served, open_served
from olygraph.serve.site import write_site
from olygraph.serve.sparql import Limits

__all__ = ["Limits", "Served", "create_app", "open_served", "write_site"]
