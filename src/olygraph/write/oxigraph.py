"""pyoxigraph's format of each RDF file olygraph reads, by its rdflib parser name
(:data:`olygraph.write.rdf.PARSERS`): one table for every stage that hands files to pyoxigraph
(the fast SHACL engine, local queries, loads). Kept apart from :mod:`olygraph.write.rdf` so that
stages that only serialise never import pyoxigraph."""

from __future__ import annotations

from typing import Final

import pyoxigraph as ox

OX_FORMATS: Final = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "json-ld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
}
