"""A sport page's medal summary (one event per row) and a tournament's matches → quads."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import URIRef

from olygraph.facts import EventFacts, Match
from olygraph.mapping.builder import Builder, dec
from olygraph.mapping.terms import lit
from olygraph.text import slug
from olygraph.vocab import MEDAL_IRIS, OLY, XSD

if TYPE_CHECKING:
    from olygraph.mapping.context import Context


def map_summary_events(
    b: Builder, ctx: Context, f: EventFacts, games: URIRef, sport: URIRef
) -> list[URIRef]:
    """One oly:Event per medal-summary row, with what the row states: its medal awards (the
    medalist when the cell names one, else ``oly:awardeeStated false``), the mark of each
    medal, the medals not awarded, and whether the event was cancelled."""
    assert f.games is not None and f.sport is not None
    g = f.games.value
    events: list[URIRef] = []
    for e in f.summary_events:
        event = b.minter.event(g.year, g.season, f.sport.value, e.name)
        events.append(event)
        b.typed(event, OLY.Event, f"{f.sport.value} at the {g.label} – {e.name}")
        b.claim(event, OLY.name, lit(e.name), e.loc, e.name)
        b.claim(event, OLY.games, games, f.title_loc, f.title)
        b.claim(event, OLY.sport, sport, f.title_loc, f.sport.value)
        b.provenance(event, e.loc)
        if e.distance_m is not None:
            d = e.distance_m
            b.claim(event, OLY.distance, dec(d.value), d.loc, d.text)
        if e.cancelled is not None:
            b.claim(event, OLY.cancelled, lit(True), e.cancelled.loc, e.cancelled.value)
        for v in e.not_awarded:
            b.claim(event, OLY.medalNotAwarded, MEDAL_IRIS[v.value], v.loc, v.text, single=False)
        ordinals: dict[str, int] = {}
        for m in e.medals:
            n = ordinals[m.medal] = ordinals.get(m.medal, 0) + 1
            node = b.minter.medal(event, m.medal, n)
            who = m.competitor
            named = (who.name or ", ".join(who.members) or who.noc or "") if who else ""
            b.typed(node, OLY.MedalAward, f"{m.medal.title()}: {named or '(name not stated)'}")
            b.add(node, OLY.medal, MEDAL_IRIS[m.medal])
            b.add(node, OLY.event, event)
            if who is not None and (who.name or who.members or who.noc):
                b.add(node, OLY.awardedTo, ctx.competitor(who, event, f"{m.medal}-{n}"))
                if who.noc:
                    b.add(node, OLY.noc, ctx.noc(who.noc))
            else:
                b.add(node, OLY.awardeeStated, lit(False))
            if m.mark is not None and m.mark_loc is not None:
                b.add(node, OLY.mark, b.mark(node, "mark", "", m.mark, m.mark_loc))
            b.provenance(node, m.loc)
    return events


def map_matches(b: Builder, ctx: Context, f: EventFacts, event: URIRef) -> None:
    """Each match stated as ``A 12–1 B``: an oly:Match of its round, two sides, two scores."""
    counters: dict[str, int] = {}
    for m in f.matches:
        n = counters[m.round_key] = counters.get(m.round_key, 0) + 1
        rnd = b.minter.round(event, m.round_key)
        node = URIRef(f"{rnd}/match/{n}")
        _match(b, ctx, event, rnd, node, m)


def _match(b: Builder, ctx: Context, event: URIRef, rnd: URIRef, node: URIRef, m: Match) -> None:
    b.typed(node, OLY.Match, m.text)
    b.add(rnd, OLY.match, node)
    a = ctx.competitor(m.side_a, event, f"{slug(m.round_key)}-a")
    c = ctx.competitor(m.side_b, event, f"{slug(m.round_key)}-b")
    b.add(node, OLY.sideA, a)
    b.add(node, OLY.sideB, c)
    b.add(node, OLY.scoreA, lit(m.score_a, datatype=XSD.integer))
    b.add(node, OLY.scoreB, lit(m.score_b, datatype=XSD.integer))
    b.provenance(node, m.loc)
