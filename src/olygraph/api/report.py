"""Human-readable reports: what was extracted per article, conflicts, and what was not used."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from rdflib import Dataset, Graph, Literal, URIRef

from olygraph.facts import EventFacts, SummaryEvent
from olygraph.vocab import RDFS
from olygraph.write.rdf import union_graph

if TYPE_CHECKING:
    from rdflib.plugins.sparql.sparql import Query

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


@cache
def _discrepancies_query() -> Query:
    """The query, parsed once (a streamed inspection asks it of a small graph per group of
    articles: parsing it each time was most of that command's time)."""
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(_DISCREPANCIES)


def conflicts(ds: Dataset) -> list[Conflict]:
    """Every discrepancy with each conflicting value and where it was stated."""
    return conflicts_in(union_graph(ds))


def conflicts_in(g: Graph) -> list[Conflict]:
    """:func:`conflicts` of one graph (a streamed inspection's small graph of discrepancies,
    their claims and the labels of their subjects)."""
    grouped: dict[tuple[str, str, str], set[ConflictItem]] = {}
    for row in g.query(_discrepancies_query()):
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
        "counts stated": len(f.competitors) + len(f.nations) + len(f.tallies),
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
        lines += article_lines(f)
    g = union_graph(ds)
    found = conflicts_in(g)
    lines.append(f"== discrepancies: {len(found)}")
    for c in found:
        lines += conflict_lines(c, g)
    return "\n".join(lines) + "\n"


def article_lines(f: EventFacts) -> list[str]:
    """What :func:`inspect_text` prints about one article (an empty line last)."""
    lines = [f"== {f.file}: {f.title}"]
    lines.append(f"kind: {f.kind}" + (" (file cut off)" if f.truncated else ""))
    if f.kind_reason:
        lines.append(f"why: {f.kind_reason}")
    for e in f.summary_events:
        lines.append(f"  medal summary: {e.name} ({e.loc.describe()}): {_summary(e)}")
    lines.append("extracted: " + ", ".join(f"{k} {v}" for k, v in counts(f).items()))
    for p in f.problems:
        lines.append(f"  not understood: {p.describe()}")
    lines.append("")
    return lines


def conflict_lines(c: Conflict, g: Graph) -> list[str]:
    """What :func:`inspect_text` prints about one discrepancy (its subject's label from ``g``)."""
    lines = [f"{c.label} of {label_of(g, c.subject)} <{c.subject}>:"]
    lines += [f"  {item.text or item.value}  ({item.location})" for item in c.items]
    return lines


def _summary(e: SummaryEvent) -> str:
    if e.cancelled is not None:
        return f"cancelled ({e.cancelled.value})"
    said = [
        f"{m.medal} {m.competitor.name or m.competitor.noc if m.competitor else '(name blank)'}"
        + (f" {m.mark.text}" if m.mark else "")
        for m in e.medals
    ]
    said += [f"{v.value} not awarded" for v in e.not_awarded]
    return "; ".join(said) or "no medals stated"


def _text(term: object) -> str:
    return "" if term is None else str(term)


# --- the one line that ends an export -----------------------------------------------------------

#: problems that mean a stated value or line was not understood (not layout, not a duplicate)
_NOT_UNDERSTOOD = frozenset({"unparsed-value", "not-an-event", "ambiguous", "unmapped-infobox-key"})


def not_understood(facts: EventFacts) -> int:
    """How many lines or values of an article were not understood (``olygraph inspect`` lists
    them): values that did not read, unknown keys, ambiguous text, a title naming no event and
    what that left without an event to belong to."""
    return sum(
        1
        for p in facts.problems
        if p.kind in _NOT_UNDERSTOOD or (p.kind == "skipped" and "needs an event" in p.message)
    )


def export_summary(facts: list[EventFacts], dataset: Dataset, command: str) -> str:
    """``wrote N triples from K articles``, and how many values were not understood with the
    ``command`` that lists them: the line ``olygraph export`` ends with on stderr."""
    triples = len({(s, p, o) for s, p, o, _g in dataset.quads((None, None, None, None))})
    return summary_line(triples, len(facts), sum(not_understood(f) for f in facts), command)


def summary_line(triples: int, articles: int, missed: int, command: str) -> str:
    """The export's last line on stderr, from its counts (see :func:`export_summary`)."""
    line = f"wrote {triples:,} triples from {articles:,} article{'' if articles == 1 else 's'}"
    if not missed:
        return line + "; every value was understood"
    values = "value or line" if missed == 1 else "values or lines"
    return (
        f"{line}; {missed:,} {values} not understood, not in the graph as facts: "
        f"{command} lists them"
    )
