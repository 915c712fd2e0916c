"""Facts → RDF quads in the olygraph ontology. Pure: no I/O, no stores, no HTTP.

In: the :class:`~olygraph.facts.EventFacts` of articles and a :class:`~olygraph.ids.Minter`.
Out: an rdflib ``Dataset`` with one named graph per source article, olygraph's reference graph
and the reconciliation graph (discrepancies). :mod:`~olygraph.mapping.builder` collects quads,
:mod:`~olygraph.mapping.context` mints the shared nodes (Games, NOCs, sports, athletes),
:mod:`~olygraph.mapping.event` maps one event, :mod:`~olygraph.mapping.claims` keeps disagreeing
values side by side, and :mod:`~olygraph.mapping.article` puts it together. Datasets (CSV) are
mapped by their own streaming writers in :mod:`olygraph.tabular`.
"""

from olygraph.mapping.article import RECONCILIATION, build_dataset, to_dataset, unique_keys
from olygraph.mapping.context import REFERENCE, Context

__all__ = ["RECONCILIATION", "REFERENCE", "Context", "build_dataset", "to_dataset", "unique_keys"]
