"""SHACL validation of the Wikidata profile (``shapes/wikidata/*.ttl``), with pySHACL.

Our own shapes check our ontology; the profile is the Wikibase RDF model and has its own small
set: every statement has a rank, references and one main value; every reference names its
source; quantity values have an amount and a unit; time values have a precision and a calendar.
"""

from __future__ import annotations

import functools

from rdflib import Graph

from olygraph.resources import data_dir
from olygraph.validate.outcome import ValidationOutcome
from olygraph.validate.run import run


@functools.cache
def shapes() -> Graph:
    g = Graph()
    for path in sorted((data_dir("shapes") / "wikidata").glob("*.ttl")):
        g.parse(path, format="turtle")
    return g


def validate_profile(data: Graph) -> ValidationOutcome:
    """Check profile data (a Graph or a Dataset, merged) against the profile's shapes."""
    return run(data, shapes())
