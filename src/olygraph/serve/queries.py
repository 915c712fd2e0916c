"""SPARQL behind the pages, run on the served store with the node bound as a term.

Named queries of ``queries/`` run through :func:`olygraph.query.run.run` (their parameters
checked and bound as terms, as ``olygraph query`` binds them); the page-only questions below
(which need IRIs for links) are constant text whose variables are bound with pyoxigraph's
``substitutions``: no value from a request or an article ever becomes query text.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any, Final

import pyoxigraph as ox
from rdflib import URIRef

from olygraph.query.named import QueryDef, bundled
from olygraph.query.results import Rows, Term, cell_text
from olygraph.query.run import run
from olygraph.serve.data import Served
from olygraph.serve.engine import values_text

Row = dict[str, str | None]

PREFIXES: Final = """PREFIX oly: <https://w3id.org/olygraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
"""


def _value(term: Any) -> str | None:
    return None if term is None else str(term.value)


def select(served: Served, text: str, **bind: str | ox.Literal) -> list[Row]:
    """Rows of a constant SELECT; ``bind``: variable → IRI (str, bound by a checked VALUES
    block, see :mod:`olygraph.serve.engine`) or literal (bound as a substitution)."""
    iris = {k: v for k, v in bind.items() if isinstance(v, str)}
    subs: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
        ox.Variable(k): v for k, v in bind.items() if isinstance(v, ox.Literal)
    }
    query = values_text(PREFIXES + text, "SELECT", iris)
    answer = served.store.query(query, substitutions=subs)
    assert isinstance(answer, ox.QuerySolutions)
    names = [v.value for v in answer.variables]
    return [{n: _value(s[n]) for n in names} for s in answer]


@cache
def _bundled() -> dict[str, QueryDef]:
    return bundled()


def _text(term: Term | None) -> str | None:
    if term is None:
        return None
    return str(term) if isinstance(term, URIRef) else cell_text(term, "")


def named(served: Served, name: str, params: Mapping[str, str] | None = None) -> list[Row]:
    """A bundled query of ``queries/`` run as ``olygraph query NAME --param …`` runs it."""
    answer = run(_bundled()[name], served.engine(), params or {}, served.base)
    result = answer.result
    assert isinstance(result, Rows)
    return [
        {v: _text(t) for v, t in zip(result.variables, row, strict=True)} for row in result.rows
    ]


TYPES: Final = "SELECT ?node ?type WHERE { ?node a ?type }"

LABEL: Final = """SELECT ?node ?label WHERE {
  { ?node oly:name ?label } UNION { ?node rdfs:label ?label } UNION { ?node skos:prefLabel ?label }
} LIMIT 1"""

#: every statement about the node, the label of its value, and the sources of the claims for it
FACTS: Final = """SELECT ?node ?p ?o (SAMPLE(?l) AS ?label)
       (GROUP_CONCAT(DISTINCT ?loc; separator=" · ") AS ?where)
WHERE {
  ?node ?p ?o .
  OPTIONAL { ?o rdfs:label ?rdfsLabel }
  OPTIONAL { ?o oly:name ?name }
  BIND(COALESCE(?rdfsLabel, ?name) AS ?l)
  OPTIONAL {
    ?claim oly:claimSubject ?node ; oly:claimProperty ?p ; oly:claimValue ?o ;
           oly:sourceLocation ?loc .
  }
} GROUP BY ?node ?p ?o ORDER BY ?p ?o LIMIT 500"""

INCOMING: Final = """SELECT ?node ?s ?p (SAMPLE(?l) AS ?label) WHERE {
  ?s ?p ?node .
  OPTIONAL { ?s rdfs:label ?rdfsLabel }
  OPTIONAL { ?s oly:name ?name }
  BIND(COALESCE(?rdfsLabel, ?name) AS ?l)
  FILTER(?p NOT IN (oly:claimSubject, oly:claimValue, oly:discrepancySubject))
} GROUP BY ?node ?s ?p ORDER BY ?p ?s LIMIT 200"""

GRAPHS: Final = """SELECT DISTINCT ?node ?g ?label WHERE {
  GRAPH ?g { ?node ?p ?o } OPTIONAL { ?g rdfs:label ?label }
} ORDER BY ?g LIMIT 50"""

RESULTS: Final = """SELECT ?event ?round ?roundLabel ?rankedBy ?result ?row ?rank ?tied ?competitor
       ?name ?noc ?nocCode ?mark ?markText ?unit ?status ?medal ?loc
WHERE {
  ?round oly:event ?event ; oly:result ?result .
  ?result oly:order ?row .
  OPTIONAL { ?round oly:order ?roundOrder }
  OPTIONAL { ?round rdfs:label ?roundLabel }
  OPTIONAL { ?round oly:rankedBy ?rankedBy }
  OPTIONAL { ?result oly:rank ?rank }
  OPTIONAL { ?result oly:tied ?tied }
  OPTIONAL {
    ?result oly:competitor ?competitor .
    OPTIONAL { ?competitor oly:name ?name }
    OPTIONAL { ?competitor oly:noc ?competitorNoc . OPTIONAL { ?competitorNoc oly:code ?cc } }
  }
  OPTIONAL { ?result oly:noc ?resultNoc . OPTIONAL { ?resultNoc oly:code ?rc } }
  BIND(COALESCE(?resultNoc, ?competitorNoc) AS ?noc)
  BIND(COALESCE(?rc, ?cc) AS ?nocCode)
  OPTIONAL { ?result oly:status ?status }
  OPTIONAL {
    ?result oly:mark ?m . ?m oly:sourcePart "table" ; oly:measure ?rankedBy ; oly:value ?mark .
    OPTIONAL { ?m oly:text ?markText } OPTIONAL { ?m oly:unit ?unit }
  }
  OPTIONAL { ?award oly:forResult ?result ; oly:medal ?medal }
  OPTIONAL { ?result oly:sourceLocation ?loc }
} ORDER BY ?roundOrder ?round ?row"""

MEDALS: Final = """SELECT ?event ?award ?medal ?who ?name ?noc ?nocCode ?loc WHERE {
  ?award a oly:MedalAward ; oly:event ?event ; oly:medal ?medal .
  OPTIONAL { ?award oly:awardedTo ?who . OPTIONAL { ?who oly:name ?name } }
  OPTIONAL { ?award oly:noc ?noc . OPTIONAL { ?noc oly:code ?nocCode } }
  OPTIONAL { ?award oly:sourceLocation ?loc }
} ORDER BY ?medal ?name"""

SOURCES: Final = """SELECT DISTINCT ?node ?source ?label ?file WHERE {
  { ?node prov:wasDerivedFrom ?source } UNION { GRAPH ?source { ?node a ?type } }
  OPTIONAL { ?source rdfs:label ?label }
  OPTIONAL { ?source oly:fileName ?file }
} ORDER BY ?source"""

UNMAPPED: Final = """SELECT ?node ?key ?text ?loc WHERE {
  ?node oly:unmappedField ?field .
  OPTIONAL { ?field oly:key ?key } OPTIONAL { ?field oly:claimText ?text }
  OPTIONAL { ?field oly:sourceLocation ?loc }
} ORDER BY ?loc"""

SUBJECT_LABELS: Final = "SELECT ?node ?label WHERE { ?node rdfs:label ?label } LIMIT 1"

NAMES: Final = """SELECT ?node ?kind ?name WHERE {
  { ?node oly:name ?name BIND("name" AS ?kind) }
  UNION { ?node skos:prefLabel ?name BIND("preferred" AS ?kind) }
  UNION { ?node skos:altLabel ?name BIND("also written" AS ?kind) }
  UNION { ?node skos:hiddenLabel ?name BIND("damaged spelling" AS ?kind) }
} ORDER BY ?kind ?name"""

MERGES: Final = """SELECT ?node ?merge ?old ?rule ?evidence WHERE {
  ?merge a oly:Merge ; oly:canonicalNode ?node .
  OPTIONAL { ?merge oly:mergedNode ?old } OPTIONAL { ?merge oly:mergeRule ?rule }
  OPTIONAL { ?merge oly:evidence ?evidence }
} ORDER BY ?old"""

TEAMS: Final = """SELECT ?node ?team ?name WHERE {
  { ?team oly:member ?node } UNION { ?node oly:member ?team }
  OPTIONAL { ?team oly:name ?name }
} ORDER BY ?name"""

NOC_MEDALS: Final = """SELECT ?node ?games ?year ?season ?label ?medal (COUNT(?award) AS ?count)
WHERE {
  ?award a oly:MedalAward ; oly:noc ?node ; oly:medal ?medal ; oly:event ?event .
  ?event oly:games ?games .
  OPTIONAL { ?games oly:year ?year } OPTIONAL { ?games oly:season ?season }
  OPTIONAL { ?games rdfs:label ?label }
} GROUP BY ?node ?games ?year ?season ?label ?medal ORDER BY ?year ?season ?games"""

SOURCE_EVENTS: Final = """SELECT ?node ?event ?label WHERE {
  ?event a oly:Event ; prov:wasDerivedFrom ?node .
  OPTIONAL { ?event rdfs:label ?rdfsLabel } OPTIONAL { ?event oly:name ?name }
  BIND(COALESCE(?rdfsLabel, ?name) AS ?label)
} ORDER BY ?label LIMIT 500"""

SOURCE_COUNT: Final = (
    "SELECT ?node (COUNT(*) AS ?triples) WHERE { GRAPH ?node { ?s ?p ?o } } GROUP BY ?node"
)

#: every name of every Games, event, NOC, athlete and team: read once, searched in memory
NAMES_INDEX: Final = """SELECT DISTINCT ?node ?name ?class WHERE {
  VALUES ?class { oly:Games oly:Event oly:NOC oly:Athlete oly:Team }
  ?node a ?class .
  { ?node oly:name ?name } UNION { ?node rdfs:label ?name }
}"""

ALL_EVENTS: Final = """SELECT ?event ?label ?games WHERE {
  ?event a oly:Event ; oly:games ?games .
  OPTIONAL { ?event rdfs:label ?rdfsLabel } OPTIONAL { ?event oly:name ?name }
  BIND(COALESCE(?rdfsLabel, ?name) AS ?label)
} ORDER BY ?games ?label LIMIT 301"""

KIND_NODES: Final = "SELECT DISTINCT ?node WHERE { ?node a ?class }"

#: the dataset's participations (one per athlete and event: age, NOC, team name, source line)
PARTICIPATIONS: Final = """SELECT ?node ?event ?eventName ?games ?age ?noc ?nocCode ?teamName
       ?line ?source
WHERE {
  ?part a oly:Participation ; oly:athlete ?node ; oly:event ?event .
  OPTIONAL { ?event oly:name ?eventName } OPTIONAL { ?event oly:games ?games }
  OPTIONAL { ?part oly:age ?age } OPTIONAL { ?part oly:teamName ?teamName }
  OPTIONAL { ?part oly:noc ?noc . OPTIONAL { ?noc oly:code ?nocCode } }
  OPTIONAL { ?part oly:sourceLine ?line } OPTIONAL { ?part prov:wasDerivedFrom ?source }
} ORDER BY ?games ?eventName ?event LIMIT 1000"""

EVENT_PARTICIPANTS: Final = """SELECT ?event ?athlete ?name ?age ?noc ?nocCode ?teamName ?line
WHERE {
  ?part a oly:Participation ; oly:event ?event ; oly:athlete ?athlete .
  OPTIONAL { ?athlete oly:name ?name }
  OPTIONAL { ?part oly:age ?age } OPTIONAL { ?part oly:teamName ?teamName }
  OPTIONAL { ?part oly:noc ?noc . OPTIONAL { ?noc oly:code ?nocCode } }
  OPTIONAL { ?part oly:sourceLine ?line }
} ORDER BY ?nocCode ?name LIMIT 1000"""

# Faster forms of named queries for the pages: each starts from the bound node, and no OPTIONAL
# reads a variable that may be unbound there (a BIND before it, or a UNION branch that does not
# bind it): Oxigraph then evaluates the OPTIONAL over the whole graph.
# tests/test_serve_queries.py checks that they answer as the named queries do.

#: ``athlete``: what one competitor took part in, one query per way of taking part (results as
#: itself or as a team member, medal awards without a result row): as one UNION, Oxigraph reads
#: the tail's OPTIONALs over the whole graph (0.5 s on the full history instead of 5 ms)
_ATHLETE_HEAD: Final = """SELECT ?node ?entry ?team ?teamName ?event ?eventName ?games ?round
       ?rank ?tied ?mark ?status ?medal
WHERE {
"""
_ATHLETE_TAIL: Final = """
  OPTIONAL {
    ?roundNode oly:result ?entry ; oly:event ?roundEvent .
    OPTIONAL { ?roundNode rdfs:label ?round }
    OPTIONAL { ?roundEvent oly:name ?roundEventName }
    OPTIONAL { ?roundEvent oly:games ?roundGames }
    OPTIONAL {
      ?roundNode oly:rankedBy ?measure .
      ?entry oly:mark ?m . ?m oly:sourcePart "table" ; oly:measure ?measure .
      OPTIONAL { ?m oly:value ?markValue } OPTIONAL { ?m oly:text ?markText }
    }
  }
  OPTIONAL {
    ?entry oly:event ?awardEvent .
    OPTIONAL { ?awardEvent oly:name ?awardEventName }
    OPTIONAL { ?awardEvent oly:games ?awardGames }
  }
  OPTIONAL { ?entry oly:rank ?rank }
  OPTIONAL { ?entry oly:tied ?tied }
  OPTIONAL { ?entry oly:status ?status }
  OPTIONAL { ?rowAward oly:forResult ?entry ; oly:medal ?rowMedal }
  OPTIONAL { ?entry oly:medal ?awardMedal }
  BIND(COALESCE(?roundEvent, ?awardEvent) AS ?event)
  BIND(COALESCE(?roundEventName, ?awardEventName) AS ?eventName)
  BIND(COALESCE(?roundGames, ?awardGames) AS ?games)
  BIND(COALESCE(?markText, STR(?markValue)) AS ?mark)
  BIND(COALESCE(?rowMedal, ?awardMedal) AS ?medal)
}"""
ATHLETE: Final = tuple(
    _ATHLETE_HEAD + part + _ATHLETE_TAIL
    for part in (
        "  ?entry oly:competitor ?node ; a oly:Result .",
        "  ?team oly:member ?node . ?entry oly:competitor ?team ; a oly:Result .\n"
        "  OPTIONAL { ?team oly:name ?teamName }",
        "  ?entry oly:awardedTo ?node ; a oly:MedalAward .\n"
        "  FILTER NOT EXISTS { ?entry oly:forResult ?anyResult }",
        "  ?team oly:member ?node . ?entry oly:awardedTo ?team ; a oly:MedalAward .\n"
        "  FILTER NOT EXISTS { ?entry oly:forResult ?anyResult }\n"
        "  OPTIONAL { ?team oly:name ?teamName }",
    )
)

#: ``medal-table`` for one Games: every award to a competitor counts (awards without a NOC
#: under none; an award whose source names no medallist is not counted)
GAMES_MEDALS: Final = """SELECT ?games ?noc ?code ?name
       (SUM(IF(?medal = oly:GoldMedal, 1, 0)) AS ?gold)
       (SUM(IF(?medal = oly:SilverMedal, 1, 0)) AS ?silver)
       (SUM(IF(?medal = oly:BronzeMedal, 1, 0)) AS ?bronze)
       (COUNT(?award) AS ?total)
WHERE {
  ?event oly:games ?games .
  ?award oly:event ?event ; a oly:MedalAward ; oly:medal ?medal .
  FILTER EXISTS { ?award oly:awardedTo ?winner }
  OPTIONAL {
    ?award oly:noc ?noc .
    OPTIONAL { ?noc oly:code ?code } OPTIONAL { ?noc oly:name ?name }
  }
}
GROUP BY ?games ?noc ?code ?name
ORDER BY DESC(?gold) DESC(?silver) DESC(?bronze) ?code ?name"""

#: ``events`` of one Games
GAMES_EVENTS: Final = """SELECT ?games ?event ?name ?sport
       (COUNT(DISTINCT ?roundNode) AS ?rounds)
       (COUNT(DISTINCT ?result) AS ?results)
       (COUNT(DISTINCT ?award) AS ?medals)
WHERE {
  ?event oly:games ?games ; a oly:Event .
  OPTIONAL { ?event oly:name ?name }
  OPTIONAL { ?event oly:sport/rdfs:label ?sport }
  OPTIONAL {
    ?roundNode oly:event ?event ; oly:roundKind ?roundKind .
    OPTIONAL { ?roundNode oly:result ?result }
  }
  OPTIONAL { ?award oly:event ?event ; oly:medal ?medal }
}
GROUP BY ?games ?event ?name ?sport
ORDER BY ?name ?event"""

GAMES_INFO: Final = """SELECT ?node ?year ?season ?host WHERE {
  OPTIONAL { ?node oly:year ?year } OPTIONAL { ?node oly:season ?season }
  OPTIONAL { ?node oly:hostCity/rdfs:label ?host }
} LIMIT 1"""

NODE_NOCS: Final = """SELECT ?node ?noc ?code ?name WHERE {
  ?node oly:noc ?noc . OPTIONAL { ?noc oly:code ?code } OPTIONAL { ?noc oly:name ?name }
} ORDER BY ?code"""
