"""Writing RDF: datasets serialised deterministically, files written atomically, terms as
SPARQL text.

In: an rdflib ``Dataset`` (or terms). Out: bytes in one of six formats
(:mod:`~olygraph.write.rdf`: Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML, and RDF files
read back), files replaced only when complete (:mod:`~olygraph.write.files`), and terms written
safely into query text (:mod:`~olygraph.write.sparql`). Every stage that writes uses these.
"""

from olygraph.write.files import is_special, open_atomic, write_atomic
from olygraph.write.rdf import FORMATS, PARSERS, as_graph, load_rdf, serialize, union_graph
from olygraph.write.sparql import sparql_term

__all__ = [
    "FORMATS",
    "PARSERS",
    "as_graph",
    "is_special",
    "load_rdf",
    "open_atomic",
    "serialize",
    "sparql_term",
    "union_graph",
    "write_atomic",
]
