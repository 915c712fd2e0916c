"""Hand-planned forms of three SHACL-SPARQL constraints of olygraph's shapes, for all focus
nodes at once (issue 19).

RankOrderShape, TiedMarksShape and TiedFlagShape (shapes/consistency.ttl) pair each row of a
results table with other rows *of the same round* (the same rank, or the next three row
numbers). Their text is written for pySHACL, which runs it once per focus node; the generic
rewrite (:mod:`olygraph.validate.shacl.rewrite`) then looks the other row up by one of its
values, which is either fast on a part of a corpus (many small rounds) or on one huge round,
never both: by rank or row number it reads that value's rows in every round of the data; by
round it reads every row of the round for every row (quadratic in a 2,000-row table).

Here the pairing is a hash join on (round, rank) or (round, row number): each side is a
subquery over every row at once, joined on the variables they share, so that each row meets
only its partners, whatever the shape of the data. Everything else is the constraint's own
text: the same patterns, filters, bindings, grouping and projection (``STR`` written as the
engine writes it), so that the answers are those of the generic rewrite (tests compare both on
real and violating data, and pySHACL's results).

A plan is used only for the exact query text it was written for (its whitespace aside): an
edited constraint falls back to the generic rewrite until its plan is written again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Final

from olygraph.vocab import OLY

_SHAPES: Final = "https://w3id.org/olygraph/shapes#"
_PREFIX: Final = f"PREFIX oly: <{OLY}>\n"

Plan = Callable[[str, Callable[[str], str]], str]


def fingerprint(select: str) -> str:
    """A constraint's query text, its whitespace aside, as a short hash."""
    return hashlib.sha256(" ".join(select.split()).encode()).hexdigest()[:16]


def _marks(str_text: Callable[[str], str]) -> str:
    """The two marks' texts and locations of TiedMarksShape and RankOrderShape."""
    return f"""
        LATERAL {{ OPTIONAL {{ ?m1 oly:text ?mt1 }} }}
        LATERAL {{ OPTIONAL {{ ?m2 oly:text ?mt2 }} }}
        LATERAL {{ OPTIONAL {{ ?m1 oly:sourceLocation ?ml1 }} }}
        LATERAL {{ OPTIONAL {{ ?m2 oly:sourceLocation ?ml2 }} }}
        BIND (COALESCE(?mt1, {str_text("?v1")}) AS ?tx1)
        BIND (COALESCE(?mt2, {str_text("?v2")}) AS ?tx2)
        BIND (COALESCE(?ml1, "no location") AS ?lc1)
        BIND (COALESCE(?ml2, "no location") AS ?lc2)"""


_SAME_RANK: Final = """
        FILTER NOT EXISTS { ?this oly:rank ?r3 . FILTER (?r3 != ?rank) }
        FILTER NOT EXISTS { ?value oly:rank ?r4 . FILTER (?r4 != ?rank) }"""
_SAME_HEAT: Final = """
        FILTER NOT EXISTS { ?this oly:heat ?h1 .
            LATERAL { ?value oly:heat ?h2 . FILTER (?h1 != ?h2) } }"""


def tied_flag(focus: str, str_text: Callable[[str], str]) -> str:
    return f"""SELECT ?this ?value ?rank ?o2 WHERE {{
    {{ SELECT ?this ?round ?rank WHERE {{
        {focus} LATERAL {{ ?this oly:tied false . LATERAL {{ ?this oly:rank ?rank .
            LATERAL {{ ?round oly:result ?this }} }} }}
        FILTER NOT EXISTS {{ ?this oly:tied true }} }} }}
    {{ SELECT ?round ?value ?rank ?o2 WHERE {{
        ?round oly:result ?value . ?value oly:rank ?rank ; oly:order ?o2 }} }}
    FILTER (?value != ?this){_SAME_RANK}{_SAME_HEAT}
}}"""


def tied_marks(focus: str, str_text: Callable[[str], str]) -> str:
    return f"""SELECT ?this ?value ?rank ?measure ?o1 ?o2
        (MIN(?tx1) AS ?t1) (MIN(?tx2) AS ?t2) (MIN(?lc1) AS ?l1) (MIN(?lc2) AS ?l2)
    WHERE {{
    {{
        {{ SELECT ?this ?round ?rank ?measure ?unit ?o1 ?m1 ?v1 WHERE {{
            {focus} LATERAL {{ ?this oly:rank ?rank . LATERAL {{ ?round oly:result ?this .
            LATERAL {{ ?round oly:rankedBy ?measure . LATERAL {{ ?this oly:order ?o1 .
            LATERAL {{ ?this oly:mark ?m1 . LATERAL {{ ?m1 oly:sourcePart "table" .
            LATERAL {{ ?m1 oly:measure ?measure . LATERAL {{ ?m1 oly:unit ?unit .
            LATERAL {{ ?m1 oly:value ?v1 }} }} }} }} }} }} }} }} }} }} }}
        {{ SELECT ?round ?value ?rank ?measure ?unit ?o2 ?m2 ?v2 WHERE {{
            ?round oly:result ?value . ?value oly:rank ?rank ; oly:order ?o2 ; oly:mark ?m2 .
            ?m2 oly:sourcePart "table" ; oly:measure ?measure ; oly:unit ?unit ;
                oly:value ?v2 }} }}
        FILTER (?o1 < ?o2)
        FILTER (?v1 != ?v2){_SAME_RANK}{_SAME_HEAT}
    }}{_marks(str_text)}
    }}
    GROUP BY ?this ?value ?rank ?measure ?o1 ?o2"""


def _ranked(focus: str) -> str:
    """RankOrderShape's first block: a ranked row with a table mark of its round's measure,
    and the direction of that measure."""
    return f"""{{
            {focus} LATERAL {{ ?this oly:rank ?r1 . LATERAL {{ ?this oly:order ?o1 .
            LATERAL {{ ?this oly:mark ?m1 . LATERAL {{ ?m1 oly:sourcePart "table" .
            LATERAL {{ ?m1 oly:measure ?measure . LATERAL {{ ?m1 oly:unit ?unit .
            LATERAL {{ ?m1 oly:value ?v1 . LATERAL {{ ?round oly:result ?this .
            LATERAL {{ ?round oly:rankedBy ?measure . }} }} }} }} }} }} }} }} }}
            LATERAL {{ OPTIONAL {{ ?round oly:lowerIsBetter ?lower }} }}
            BIND (IF(BOUND(?lower), IF(?lower, 1, -1),
                     IF(?unit = oly:Second, 1,
                        IF(?unit = oly:Metre || ?unit = oly:Kilogram, -1, 0))) AS ?direction)
            FILTER (?direction != 0)
        }}"""


#: the rows after a row: its row number plus 1, 2 or 3
_STEPS: Final = "{ BIND (1 AS ?d) } UNION { BIND (2 AS ?d) } UNION { BIND (3 AS ?d) }"
#: the other row of RankOrderShape, but for its row number (?next)
_LATER: Final = """?round oly:result ?value . ?value oly:order ?o2 ; oly:rank ?r2 ;
                oly:mark ?m2 .
            ?m2 oly:sourcePart "table" ; oly:measure ?measure ; oly:unit ?unit ;
                oly:value ?v2"""


def rank_order(focus: str, str_text: Callable[[str], str]) -> str:
    """The constraint's ``{ ?value oly:order ?n1 } UNION …`` as a hash join on (round, row
    number): ``?next`` is always bound (a fresh blank node, which matches nothing, where
    ``?o1 + d`` is an error); the rows where it is an error are paired, as the constraint's
    unbound ``?nK`` does, with every row of their round (the second branch)."""
    return f"""SELECT ?this ?value ?measure ?r1 ?r2 ?o1 ?o2
        (MIN(?tx1) AS ?t1) (MIN(?tx2) AS ?t2) (MIN(?lc1) AS ?l1) (MIN(?lc2) AS ?l2)
    WHERE {{
    {{
        {{
            {{ SELECT ?this ?round ?measure ?unit ?r1 ?o1 ?m1 ?v1 ?direction ?next WHERE {{
                {_ranked(focus)}
                LATERAL {{ {_STEPS} }}
                BIND (COALESCE(?o1 + ?d, BNODE()) AS ?next)
            }} }}
            {{ SELECT ?round ?value ?measure ?unit ?next ?o2 ?r2 ?m2 ?v2 WHERE {{
                ?value oly:order ?next . {_LATER} }} }}
        }} UNION {{
            {{ SELECT DISTINCT ?this ?o1 WHERE {{
                ?this oly:order ?o1 . LATERAL {{ {_STEPS} }} FILTER (!BOUND(?n))
                BIND (?o1 + ?d AS ?n) }} }}
            LATERAL {_ranked(focus)}
            LATERAL {{ {_LATER} }}
        }}
        FILTER (?r1 < ?r2)
        FILTER (?direction * (?v1 - ?v2) > 0)
        FILTER NOT EXISTS {{ ?this oly:rank ?r3 . FILTER (?r3 != ?r1) }}
        FILTER NOT EXISTS {{ ?value oly:rank ?r4 . FILTER (?r4 != ?r2) }}{_SAME_HEAT}
    }}{_marks(str_text)}
    }}
    GROUP BY ?this ?value ?measure ?r1 ?r2 ?o1 ?o2"""


#: shape IRI → (fingerprint of the constraint's text the plan was written for, the plan)
PLANS: Final[dict[str, tuple[str, Plan]]] = {
    _SHAPES + "TiedFlagShape": ("86782bd4afdd696c", tied_flag),
    _SHAPES + "TiedMarksShape": ("960941b4ce16181a", tied_marks),
    _SHAPES + "RankOrderShape": ("6808cf0c73b4261f", rank_order),
}


def planned(shape: object, select: str, focus: str, str_text: Callable[[str], str]) -> str | None:
    """The planned query of the constraint ``select`` of ``shape`` for the focus nodes that
    ``focus`` binds to ``?this`` (None when there is no plan for exactly that text)."""
    found = PLANS.get(str(shape))
    if found is None or found[0] != fingerprint(select):
        return None
    return _PREFIX + found[1](focus, str_text)
