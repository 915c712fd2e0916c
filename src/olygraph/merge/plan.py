"""The merge plan of one export: which article nodes are which dataset nodes, and why.

:func:`plan_merge` reads the article side from the articles' graph
(:mod:`olygraph.identity.article`), the dataset side from :func:`~olygraph.merge.collect.collect`,
matches each article event (:func:`~olygraph.identity.events.event_outcome`), decides its athletes
(:func:`~olygraph.identity.athletes.decide`, :func:`~olygraph.identity.athletes.fill_gaps`) and
freezes the result: a rewrite map article IRI → canonical IRI (docs/identity.md §4: the dataset's
IRIs for events, athletes and medal awards), the labels, the evidence of every merge, every
candidate pair that was not merged, and the facts on which the two sides disagree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from rdflib import Graph, URIRef
from rdflib.term import Node

from olygraph.identity.aliases import AliasTable
from olygraph.identity.article import article_competitors, article_events
from olygraph.identity.athletes import (
    ArticleCompetitor,
    BlankRow,
    Candidate,
    GapFill,
    Merge,
    MergePlan,
    decide,
    fill_gaps,
)
from olygraph.identity.events import ArticleEventRef, EventOutcome, event_outcome
from olygraph.identity.games import SAME_SPORT
from olygraph.ids import TextMinter, slug
from olygraph.merge.collect import DatasetSide
from olygraph.vocab import DEFAULT_BASE, OLY, PROV, RDF, RDFS

__all__ = [
    "Disagreement", "EventSide", "ExportPlan", "Label", "NodeMerge", "event_sides", "plan_merge",
    "plan_sides",
]  # fmt: skip

Kind = Literal["games", "noc", "sport", "event", "athlete", "medal award", "result"]
_MEDALS = {"gold": OLY.GoldMedal, "silver": OLY.SilverMedal, "bronze": OLY.BronzeMedal}


@dataclass(frozen=True, slots=True)
class NodeMerge:
    """One article node merged into one dataset node: the rule(s) and the evidence in words,
    and the source graphs of both sides."""

    kind: Kind
    article: str
    canonical: str
    rule: str
    evidence: str
    article_source: str
    dataset_source: str


@dataclass(frozen=True, slots=True)
class Label:
    node: str
    kind: Literal["pref", "alt", "hidden"]
    text: str


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A one-valued fact of a merged athlete in one event that the two sides state
    differently (``prop`` is ``noc`` or ``medal``; values are NOC codes or ``gold``…)."""

    node: str
    prop: str
    article_value: str
    dataset_value: str
    article_source: str
    dataset_source: str
    article_where: str
    dataset_where: str


@dataclass(frozen=True, slots=True)
class EventPlan:
    outcome: EventOutcome
    athletes: MergePlan | None
    gaps: tuple[GapFill, ...]


@dataclass(frozen=True, slots=True)
class ExportPlan:
    """Everything the export applies, frozen; ``refused`` lists article IRIs that two events
    would send to different canonical nodes (no rewrite is applied to them)."""

    events: tuple[EventPlan, ...]
    merges: tuple[NodeMerge, ...]
    candidates: tuple[tuple[str, Candidate], ...]  # (dataset event IRI, candidate)
    rewrite: dict[str, str]
    labels: tuple[Label, ...]
    disagreements: tuple[Disagreement, ...]
    refused: tuple[tuple[str, tuple[str, ...]], ...]


def _source(g: Graph, node: Node) -> str:
    found = sorted(str(o) for o in g.objects(node, PROV.wasDerivedFrom))
    return found[0] if found else ""


def _blank_rows(g: Graph, event: URIRef) -> list[BlankRow]:
    """Final-round result rows with no competitor that still show a NOC."""
    rows: list[BlankRow] = []
    for rnd in g.subjects(OLY.event, event):
        if (rnd, RDF.type, OLY.Round) not in g:
            continue
        for res in g.objects(rnd, OLY.result):
            if next(g.objects(res, OLY.competitor), None) is not None:
                continue
            codes = {str(c) for n in g.objects(res, OLY.noc) for c in g.objects(n, OLY.code)}
            if len(codes) == 1:
                rows.append(BlankRow(str(res), codes.pop(), source=str(res)))
    return sorted(rows, key=lambda r: r.iri)


def _only_results(g: Graph, event: URIRef) -> dict[str, str]:
    """Each athlete's one result row, when the event has exactly one round with results and the
    athlete has exactly one row in it: then that row and the dataset's participation (which
    has no rounds) are the same competitor's performance. Others have none."""
    rounds = [
        rnd
        for rnd in g.subjects(OLY.event, event)
        if (rnd, RDF.type, OLY.Round) in g and next(g.objects(rnd, OLY.result), None) is not None
    ]
    if len(rounds) != 1:
        return {}
    rows: dict[str, set[str]] = defaultdict(set)
    for res in g.objects(rounds[0], OLY.result):
        for who in g.objects(res, OLY.competitor):
            rows[str(who)].add(str(res))
    return {who: next(iter(found)) for who, found in rows.items() if len(found) == 1}


def _awards(g: Graph, event: URIRef, athlete: str) -> list[tuple[str, Node]]:
    out: list[tuple[str, Node]] = []
    for node in g.subjects(OLY.awardedTo, URIRef(athlete)):
        if (node, OLY.event, event) in g and (node, RDF.type, OLY.MedalAward) in g:
            out.extend((str(node), m) for m in g.objects(node, OLY.medal))
    return sorted(out, key=lambda t: (t[0], str(t[1])))


def _candidate_key(c: tuple[str, Candidate]) -> tuple[str, str, str]:
    return (c[0], c[1].article.iri, c[1].dataset.iri)


@dataclass(frozen=True, slots=True)
class EventSide:
    """All a plan reads of one article event, taken out of the articles' graph (a graph that
    holds the event's group and what the corpus states of the shared nodes it names is
    enough): the event, its source, competitors and blank rows; each competitor's medal
    awards and only result row; its sport nodes with their label."""

    art: ArticleEventRef
    source: str
    competitors: tuple[ArticleCompetitor, ...]
    blank_rows: tuple[BlankRow, ...]
    awards: dict[str, tuple[tuple[str, str], ...]]  # athlete → (award, medal IRI)…
    only_result: dict[str, str]  # athlete → its only result row, when it has one
    sports: tuple[tuple[str, str | None], ...]  # (sport node, its label)


def event_sides(g: Graph) -> list[EventSide]:
    """The :class:`EventSide` of every article event of ``g`` (by IRI)."""
    out: list[EventSide] = []
    for art in article_events(g):
        ev = URIRef(art.iri)
        competitors = article_competitors(g, ev)
        out.append(
            EventSide(
                art=art,
                source=_source(g, ev),
                competitors=competitors,
                blank_rows=tuple(_blank_rows(g, ev)),
                awards={
                    c.iri: tuple((a, str(m)) for a, m in _awards(g, ev, c.iri)) for c in competitors
                },
                only_result=_only_results(g, ev),
                sports=tuple(
                    (str(sp), None if (lb := g.value(sp, RDFS.label)) is None else str(lb))
                    for sp in g.objects(ev, OLY.sport)
                ),
            )
        )
    return out


def plan_merge(
    g: Graph, side: DatasetSide, aliases: AliasTable | None = None, base: str = DEFAULT_BASE
) -> ExportPlan:
    """The plan for the articles' union graph ``g`` against ``side``."""

    def present(node: str, kind: URIRef) -> bool:
        return (URIRef(node), RDF.type, kind) in g

    return plan_sides(event_sides(g), side, present, aliases, base)


def plan_sides(
    sides: Iterable[EventSide],
    side: DatasetSide,
    present: Callable[[str, URIRef], bool],
    aliases: AliasTable | None = None,
    base: str = DEFAULT_BASE,
) -> ExportPlan:
    """The plan for the article events ``sides`` (in any order) against ``side``;
    ``present(node, class)``: whether the articles state that node of that class."""
    events: list[EventPlan] = []
    merges: list[NodeMerge] = []
    candidates: list[tuple[str, Candidate]] = []
    targets: dict[str, set[str]] = defaultdict(set)
    labels: set[Label] = set()
    disagreements: list[Disagreement] = []
    sources: dict[str, str] = {}
    for es in sorted(sides, key=lambda e: e.art.iri):
        art = es.art
        outcome = event_outcome(art, side.events, aliases)
        match = outcome.match
        if match is None:
            events.append(EventPlan(outcome, None, ()))
            continue
        dev = match.dataset.iri
        a_src, d_src = es.source, side.sources.get(dev, "")
        sources[art.iri] = a_src
        merges.append(NodeMerge("event", art.iri, dev, match.rule, match.describe(), a_src, d_src))
        targets[art.iri].add(dev)
        labels.add(Label(dev, "pref", art.names[0]))
        labels.update(Label(dev, "alt", n) for n in (*art.names[1:], match.dataset.name))
        _sport(es, match.dataset.sport, TextMinter(base), (a_src, d_src), merges, targets, labels)
        people = side.participants.get(dev, ())
        decision = decide(es.competitors, people)
        gaps = fill_gaps(list(es.blank_rows), decision)
        events.append(EventPlan(outcome, decision, gaps))
        candidates.extend((dev, c) for c in decision.candidates)
        for m in decision.merges:
            _athlete(es, dev, m, a_src, d_src, merges, targets, labels, disagreements)
    merges.extend(_shared_keys(sources, present, side, events, base))
    refused = tuple((a, tuple(sorted(ts))) for a, ts in sorted(targets.items()) if len(ts) > 1)
    rewrite = {a: next(iter(ts)) for a, ts in sorted(targets.items()) if len(ts) == 1}
    pref = {lb.node for lb in labels if lb.kind == "pref"}
    # one prefLabel per node: the article spelling that sorts first; the others become alt
    first: dict[str, str] = {}
    for lb in sorted(labels, key=lambda x: (x.node, x.text)):
        if lb.kind == "pref":
            first.setdefault(lb.node, lb.text)
    final = {
        Label(lb.node, "alt", lb.text) if lb.kind == "pref" and first[lb.node] != lb.text else lb
        for lb in labels
    }
    final = {lb for lb in final if not (lb.kind != "pref" and first.get(lb.node) == lb.text)}
    assert pref == set(first)
    return ExportPlan(
        events=tuple(events),
        merges=tuple(sorted(merges, key=lambda m: (m.kind, m.canonical, m.article))),
        candidates=tuple(sorted(candidates, key=_candidate_key)),
        rewrite=rewrite,
        labels=tuple(sorted(final, key=lambda x: (x.node, x.kind, x.text))),
        disagreements=tuple(disagreements),
        refused=refused,
    )


def _sport(
    es: EventSide, dataset_sport: str, minter: TextMinter, sources: tuple[str, str],
    merges: list[NodeMerge], targets: dict[str, set[str]], labels: set[Label],
) -> None:  # fmt: skip
    """The article's sport node → the dataset's, when the two names are one sport."""
    for sport, label in es.sports:
        a_slug, d_slug = sport.rsplit("/", 1)[1], slug(dataset_sport)
        if SAME_SPORT.get(a_slug) != d_slug:
            continue
        target = minter.sport(dataset_sport)
        if sport in targets and target in targets[sport]:
            continue
        why = f"the article's sport {a_slug!r} is the dataset's {dataset_sport!r} (one sport)"
        merges.append(NodeMerge("sport", sport, target, "same-sport", why, *sources))
        targets[sport].add(target)
        if label is not None:
            labels.add(Label(target, "pref", label))
        labels.add(Label(target, "alt", dataset_sport))


def _athlete(
    es: EventSide, dev: str, m: Merge, a_src: str, d_src: str,
    merges: list[NodeMerge], targets: dict[str, set[str]], labels: set[Label],
    disagreements: list[Disagreement],
) -> None:  # fmt: skip
    """The rewrites, labels and disagreements of one athlete merge."""
    a, d = m.article, m.dataset
    rules = ", ".join(e.rule for e in m.evidence)
    words = "; ".join(
        f"{e.rule}: {e.details} (article {e.article_source}; dataset {e.dataset_source})"
        for e in m.evidence
    )
    merges.append(NodeMerge("athlete", a.iri, d.iri, rules, words, a_src, d_src))
    targets[a.iri].add(d.iri)
    labels.add(Label(d.iri, "pref", a.name))
    if d.name != a.name:
        labels.add(Label(d.iri, "hidden" if m.name.kind == "ascii-loss" else "alt", d.name))
    for award, medal in es.awards.get(a.iri, ()):
        if d.medal is not None and _MEDALS[d.medal] == URIRef(medal):
            target = TextMinter.award(dev, d.medal, d.dataset_id)
            why = f"the award of {d.medal} in the matched event to the merged athlete {d.name}"
            merges.append(NodeMerge("medal award", award, target, "medal", why, a_src, d_src))
            targets[award].add(target)
    result = es.only_result.get(a.iri)
    if result is not None:
        target = TextMinter.participant(dev, d.dataset_id)
        why = (
            f"the only result of {a.name} in the event's only round with results is "
            f"{d.name}'s participation in the matched event: one node per competitor per round"
        )
        merges.append(NodeMerge("result", result, target, "one-round", why, a_src, d_src))
        targets[result].add(target)
    stated = [("noc", a.noc, d.noc), ("medal", a.medal, d.medal)]
    for prop, mine, theirs in stated:
        if mine is None or theirs is None or mine.upper() == theirs.upper():
            continue
        av, dv = (mine, theirs) if prop == "medal" else (mine.upper(), theirs.upper())
        disagreements.append(Disagreement(d.iri, prop, av, dv, a_src, d_src, a.source, d.source))


def _shared_keys(
    sources: dict[str, str], present: Callable[[str, URIRef], bool], side: DatasetSide,
    events: list[EventPlan], base: str,
) -> list[NodeMerge]:  # fmt: skip
    """Games and NOCs of matched events: one node already, since both sources mint them from
    equal keys (docs/identity.md §1); listed so that ``inspect`` shows them, never rewritten."""
    minter = TextMinter(base)
    out: list[NodeMerge] = []
    seen: set[str] = set()
    for ep in events:
        match = ep.outcome.match
        if match is None:
            continue
        a_src = sources[ep.outcome.article.iri]
        d_src = side.sources.get(match.dataset.iri, "")
        gm = match.dataset.games
        games = minter.games(str(gm.year), gm.season)
        if games not in seen and present(games, OLY.Games):
            seen.add(games)
            why = f"both sources mint {games} from the key {gm.year} {gm.season}"
            out.append(NodeMerge("games", games, games, "same-key", why, a_src, d_src))
        for code in sorted({d.noc for d in side.participants.get(match.dataset.iri, ())}):
            noc = minter.noc(code)
            if noc not in seen and present(noc, OLY.NOC):
                seen.add(noc)
                why = f"both sources mint {noc} from the NOC code {code}"
                out.append(NodeMerge("noc", noc, noc, "same-key", why, a_src, d_src))
    return out
