"""``olygraph serve`` and ``olygraph site``: the graph as web pages, a SPARQL endpoint and
dereferenceable IRIs (Starlette + uvicorn, Jinja2 templates, SVG charts made on the server).

- :mod:`olygraph.serve.data`: the inputs loaded into a pyoxigraph store (in memory, or on disk and
  reused while the inputs are unchanged), and the notes on what could not be read.
- :mod:`olygraph.serve.pages`: what each page shows, read with SPARQL (parameters bound as terms).
- :mod:`olygraph.serve.render`: Jinja2 (autoescaped) and the links between pages.
- :mod:`olygraph.serve.sparql`: the SPARQL 1.1 Protocol, read-only, with time and row limits.
- :mod:`olygraph.serve.app`: the Starlette application; :mod:`olygraph.serve.site`: a static site.
"""
