"""A SHACL engine that compiles olygraph's shapes into SPARQL queries run on a pyoxigraph store.

pySHACL checks every focus node against every shape in Python (about 0.3 ms per node and
shape), which takes minutes on a graph of millions of triples. This engine reads the shapes
graph once (:mod:`.model`), compiles each shape into a few SPARQL SELECT queries that return the
violating focus nodes and values of all focus nodes at once (:mod:`.compile`, SHACL-SPARQL
constraints rewritten by :mod:`.rewrite`), runs them on an in-memory pyoxigraph store
(:mod:`.store`, :mod:`.engine`) and builds the same results, and the same SHACL validation
report, as pySHACL (:mod:`.results`).

It supports the part of SHACL Core and SHACL-SPARQL listed in ``shapes/README.md``; a shape
using anything else raises :class:`~olygraph.validate.shacl.model.UnsupportedShape`, and
:func:`olygraph.validate.run.validate` then falls back to pySHACL.
"""

from __future__ import annotations

from olygraph.validate.shacl.model import UnsupportedShape

__all__ = ["UnsupportedShape"]
