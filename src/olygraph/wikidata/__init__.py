"""The Wikidata profile: olygraph's facts in the Wikibase RDF model (docs/wikidata-profile.md).

``profile_dataset(ds)`` turns any olygraph dataset into the statements, qualifiers, references
and value nodes of the Wikibase RDF dump format, so that Wikidata Query Service habits and
queries (``queries/wikidata/``) work on it in any SPARQL store.
"""

from __future__ import annotations

from olygraph.wikidata.profile import PROFILE, profile_dataset, profile_graph

#: the export and query profiles: olygraph's own ontology, and the Wikibase RDF model
PROFILES: tuple[str, ...] = ("own", PROFILE)

__all__ = ["PROFILE", "PROFILES", "profile_dataset", "profile_graph"]
