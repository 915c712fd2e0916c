"""Human-readable reports: what was extracted per article, conflicts, and what was not used."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Dataset, Graph, Literal, URIRef

from olygraph.facts import EventFacts
from olygraph.vocab import RDFS
from olygraph.write.rdf import union_graph

_DISCREPANCIES = """
PREFIX oly: <https://w3id.org/olygraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?d ?subject ?what ?claim ?text ?value ?loc WHERE {
  ?d a oly:Discrepancy ; oly:discrepancySubject ?subject ; rdfs:label ?what ;
     oly:conflictingClaim ?claim .
  OPTIONAL { ?claim oly:claimText ?text }
  OPTIONAL { ?claim oly:text ?text }
  OPTIONAL { ?claim oly:claimValue ?value }
  OPTIONAL { ?claim oly:value ?value }
  OPTIONAL { ?claim oly:sourceLocation ?loc }
}
"""


@dataclass(frozen=True, slots=True)
class ConflictItem:
    value: str
    text: str
    location: str


@dataclass(frozen=True, slots=True)
class Conflict:
    node: str
    subject: str
    label: str
    items: tuple[ConflictItem, ...]


def conflicts(ds: Dataset) -> list[Conflict]:
    """Every discrepancy with each conflicting value and where it was stated."""
    g = union_graph(ds)
    grouped: dict[tuple[str, str, str], set[ConflictItem]] = {}
    for row in g.query(_DISCREPANCIES):
        d, subject, what, _claim, text, value, loc = row  # type: ignore[misc]
        key = (str(d), str(subject), str(what))
        grouped.setdefault(key, set()).add(ConflictItem(_text(value), _text(text), _text(loc)))
    return [
        Conflict(d, s, w, tuple(sorted(items, key=lambda i: (i.location, i.value))))
        for (d, s, w), items in sorted(grouped.items())
    ]


def counts(f: EventFacts) -> dict[str, int]:
    results = [r for rnd in f.rounds for r in rnd.results]
    return {
        "rounds": len(f.rounds),
        "results": len(results),
        "marks": sum(len(r.marks) for r in results) + len(f.win_marks) + len(f.prose_marks),
        "medals": len(f.medals),
        "records": len(f.records),
        "nations named": len(f.nation_mentions),
        "other-source placings": len(f.alt_placings),
        "dates": len(f.dates) + sum(len(r.dates) for r in f.rounds),
        "counts stated": len(f.competitors) + len(f.nations),
        "unmapped fields": len(f.unmapped),
        "problems": len(f.problems),
    }


def label_of(g: Graph, node: str) -> str:
    for o in g.objects(URIRef(node), RDFS.label):
        if isinstance(o, Literal):
            return str(o)
    return node


def inspect_text(facts: list[EventFacts], ds: Dataset) -> str:
    """The report printed by ``olygraph inspect``."""
    lines: list[str] = []
    for f in sorted(facts, key=lambda f: f.file):
        lines.append(f"== {f.file}: {f.title}")
        lines.append(f"kind: {f.kind}" + (" (file cut off)" if f.truncated else ""))
        lines.append("extracted: " + ", ".join(f"{k} {v}" for k, v in counts(f).items()))
        for p in f.problems:
            lines.append(f"  not understood: {p.describe()}")
        lines.append("")
    found = conflicts(ds)
    lines.append(f"== discrepancies: {len(found)}")
    g = union_graph(ds)
    for c in found:
        lines.append(f"{c.label} of {label_of(g, c.subject)} <{c.subject}>:")
        for item in c.items:
            lines.append(f"  {item.text or item.value}  ({item.location})")
    return "\n".join(lines) + "\n"


def _text(term: object) -> str:
    return "" if term is None else str(term)
