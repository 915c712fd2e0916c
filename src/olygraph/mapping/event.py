"""One event article's facts → quads: event, rounds, results, marks, medals, records, nations."""

from __future__ import annotations

from dataclasses import replace

from rdflib import URIRef

from olygraph import reference
from olygraph.facts import Competitor, EventFacts, GamesRef, ResultFacts, RoundFacts
from olygraph.mapping.builder import Builder, date_literal, dec, integer
from olygraph.mapping.context import Context
from olygraph.mapping.terms import lit
from olygraph.reconcile.links import Links, RowKey, link
from olygraph.text import slug
from olygraph.vocab import MEDAL_IRIS, OLY, SKOS, XSD

# a result row's predicates, as plain strings (:meth:`Builder.pairs`)
_ORDER, _RANK, _RANK_TO, _TIED = str(OLY.order), str(OLY.rank), str(OLY.rankTo), str(OLY.tied)
_RANK_TEXT, _STATUS, _QUALIFIED = str(OLY.rankText), str(OLY.status), str(OLY.qualified)
_QUALIFICATION_TEXT = str(OLY.qualificationText)
_NOTES, _HEAT, _LANE = str(OLY.notes), str(OLY.heat), str(OLY.lane)


def _name_nocs(f: EventFacts) -> dict[str, str]:
    """Names the article ties to one NOC anywhere (medalists, rows, notes)."""
    seen: dict[str, set[str]] = {}
    comps: list[Competitor] = [m.competitor for m in f.medals]
    comps += [r.competitor for rnd in f.rounds for r in rnd.results if r.competitor]
    comps += [a.competitor for a in f.alt_placings]
    for c in comps:
        if c.name and c.noc and not c.is_team:
            seen.setdefault(c.name, set()).add(c.noc)
    return {name: next(iter(codes)) for name, codes in seen.items() if len(codes) == 1}


def map_event(b: Builder, ctx: Context, f: EventFacts, games: URIRef, sport: URIRef) -> URIRef:
    assert f.games is not None and f.event_name is not None and f.sport is not None
    g = f.games.value
    event = b.minter.event(g.year, g.season, f.sport.value, f.event_name.value)
    b.typed(event, OLY.Event, f.title)
    b.add(event, OLY.name, lit(f.event_name.value))
    if f.infobox_event and f.infobox_event.value != f.event_name.value:
        b.claim(event, SKOS.altLabel, lit(f.infobox_event.value), f.infobox_event.loc)
    b.claim(event, OLY.games, games, f.title_loc, f.title)
    b.claim(event, OLY.sport, sport, f.title_loc, f.sport.value)
    b.provenance(event, f.title_loc)
    if f.discipline:
        disc = b.minter.discipline(f.discipline.value)
        b.typed(disc, OLY.Discipline, f.discipline.value)
        b.add(disc, OLY.disciplineOf, sport)
        b.claim(event, OLY.discipline, disc, f.discipline.loc, f.event_name.value)
    if f.gender:
        b.claim(event, OLY.gender, lit(f.gender.value), f.gender.loc, f.event_name.value)
    host = f.host_city.value if f.host_city else None
    for v in f.venues:
        venue = b.minter.venue(v.value, host)
        b.typed(venue, OLY.Venue, v.value)
        b.claim(event, OLY.venue, venue, v.loc, v.value, single=False)
    for d in f.dates:
        node = b.claim(event, OLY.date, date_literal(d.value), d.loc, d.text, single=False)
        if d.value.label:
            b.add(node, OLY.dateLabel, lit(d.value.label))
    known = [d.value for d in f.dates if d.value.date is not None]
    if known:
        b.add(
            event,
            OLY.startDate,
            lit(min(d.date for d in known if d.date).isoformat(), datatype=XSD.date),
        )
        b.add(
            event,
            OLY.endDate,
            lit(max(d.date for d in known if d.date).isoformat(), datatype=XSD.date),
        )
    for c in f.competitors:
        b.claim(event, OLY.competitorCount, integer(c.value), c.loc, c.text)
    for c in f.nations:
        b.claim(event, OLY.nationCount, integer(c.value), c.loc, c.text)
    for prop, c in f.tallies:
        b.claim(event, OLY[prop], integer(c.value), c.loc, c.text)
    for none in f.not_awarded:
        medal = MEDAL_IRIS[none.value]
        b.claim(event, OLY.medalNotAwarded, medal, none.loc, none.text, single=False)
    if f.distance_m:
        b.claim(event, OLY.distance, dec(f.distance_m.value), f.distance_m.loc, f.distance_m.text)
    if f.start_type:
        b.claim(event, OLY.startType, lit(f.start_type.value), f.start_type.loc, f.start_type.text)
    for attr, prop in ((f.previous, OLY.previousEdition), (f.next, OLY.nextEdition)):
        if attr is not None:
            edition = ctx.games(GamesRef(attr.value, g.season))
            b.claim(event, prop, edition, attr.loc, attr.text)
    for m in f.nation_mentions:
        if m.noc:
            noc = ctx.noc(m.noc)
            prop = OLY.debutNation if m.status == "debut" else OLY.returningNation
            b.claim(event, prop, noc, m.loc, m.name, single=False)
            b.add(event, OLY.participatingNation, noc)
    links = link(f)
    names = _name_nocs(f)
    rows = _map_rounds(b, ctx, f, event, links, names)
    _map_medals(b, ctx, f, event, links, rows)
    _map_records(b, ctx, f, event, links, rows, names)
    for i, a in enumerate(f.alt_placings, start=1):
        node = URIRef(b.minter.alt_placing(event, a.cited_source, i))
        cited = b.minter.cited_source(a.cited_source)
        b.typed(cited, OLY.CitedSource, a.cited_source)
        b.add(cited, OLY.name, lit(a.cited_source))
        b.typed(
            node,
            OLY.AlternativePlacing,
            f"{a.competitor.name}: {a.rank} according to {a.cited_source}",
        )
        b.add(node, OLY.event, event)
        b.add(node, OLY.accordingTo, cited)
        b.add(node, OLY.competitor, ctx.competitor(a.competitor, event, f"alt-{i}"))
        b.add(node, OLY.rank, integer(a.rank))
        b.add(node, OLY.tied, lit(a.tied))
        if a.tied_with:
            b.add(node, OLY.tiedWithName, lit(a.tied_with))
        b.provenance(node, a.loc)
    for n, pm in enumerate(f.prose_marks):
        if n not in links.prose_rows:  # stated in prose but tied to no row: kept on the athlete
            who = ctx.athlete(pm.name, names.get(pm.name))
            value = dec(pm.mark.value) if pm.mark.value is not None else lit(pm.mark.text)
            b.claim(who, OLY.mark, value, pm.loc, pm.mark.text, single=False, asserted=False)
    for win in links.event_win_marks:
        mark = b.mark(
            event, f"winning-{win.loc.part}-{win.loc.line}", win.measure, win.mark, win.loc
        )
        b.add(event, OLY.winningMark, mark)
    return event


def _map_rounds(
    b: Builder, ctx: Context, f: EventFacts, event: URIRef, links: Links, names: dict[str, str]
) -> dict[RowKey, URIRef]:
    rows: dict[RowKey, URIRef] = {}
    for rnd in f.rounds:
        r_iri = b.minter.round(event, rnd.key)
        b.typed(r_iri, OLY.Round, rnd.name)
        b.add(event, OLY.round, r_iri)
        b.add(r_iri, OLY.event, event)
        b.add(r_iri, OLY.roundKind, lit(rnd.kind))
        b.add(r_iri, OLY.order, integer(rnd.order))
        if rnd.ranked_by:
            b.add(r_iri, OLY.rankedBy, lit(rnd.ranked_by))
        if rnd.lower_is_better is not None:
            b.add(r_iri, OLY.lowerIsBetter, lit(rnd.lower_is_better))
        if rnd.parent:
            b.add(r_iri, OLY.parentRound, b.minter.round(event, rnd.parent))
        for d in rnd.dates:
            b.claim(r_iri, OLY.date, date_literal(d.value), d.loc, d.text, single=False)
        if rnd.start_time:
            b.claim(
                r_iri,
                OLY.startTime,
                lit(rnd.start_time.value, datatype=XSD.time),
                rnd.start_time.loc,
                rnd.start_time.text,
            )
        b.provenance(r_iri, rnd.loc)
        for res in rnd.results:
            rows[(rnd.key, res.row)] = _map_result(b, ctx, event, rnd, r_iri, res, links, names)
    return rows


def _map_result(
    b: Builder,
    ctx: Context,
    event: URIRef,
    rnd: RoundFacts,
    r_iri: URIRef,
    res: ResultFacts,
    links: Links,
    names: dict[str, str],
) -> URIRef:
    iri = b.minter.result(r_iri, res.row)
    label = f"{rnd.name}, row {res.row}" + (f", rank {res.rank_text}" if res.rank_text else "")
    b.typed(iri, OLY.Result, label)
    b.add(r_iri, OLY.result, iri)
    add = b.pairs(iri).add  # the row's own triples, one look-up
    add((_ORDER, integer(res.row)))
    if res.rank is not None:
        add((_RANK, integer(res.rank)))
    if res.rank_to is not None:
        add((_RANK_TO, integer(res.rank_to)))
    add((_TIED, lit(res.tied)))
    if res.rank_text:
        add((_RANK_TEXT, lit(res.rank_text)))
    if res.status:
        add((_STATUS, str(OLY[res.status])))
    if res.qualified:
        add((_QUALIFIED, lit(True)))
        add((_QUALIFICATION_TEXT, lit(res.qualification_text)))
    for prop, text in ((_NOTES, res.notes), (_HEAT, res.heat), (_LANE, res.lane)):
        if text:
            add((prop, lit(text)))
    b.provenance(iri, res.loc)
    comp = res.competitor
    filled = links.filled.get((rnd.key, res.row))
    if comp and comp.name and not comp.noc and comp.name in names:
        comp = Competitor(comp.name, names[comp.name], comp.is_team, comp.members)
    if comp and (comp.name or comp.members or (comp.is_team and comp.noc)):
        b.add(iri, OLY.competitor, ctx.competitor(comp, event, f"{rnd.key}-{res.row}"))
    elif filled and not _nocs_differ(filled[0], comp, names):
        who, loc = filled
        if not who.noc and who.name in names:
            who = Competitor(who.name, names[who.name], who.is_team, who.members)
        b.claim(
            iri, OLY.competitor, ctx.competitor(who, event, f"{rnd.key}-{res.row}"), loc, who.name
        )
        comp = Competitor(who.name, (comp.noc if comp else None) or who.noc, who.is_team)
    if comp and comp.noc:
        b.add(iri, OLY.noc, ctx.noc(comp.noc))
    for m in res.marks:
        b.add(iri, OLY.mark, b.mark(iri, m.measure, m.measure, m.mark, m.loc))
    for m in links.extra_marks.get((rnd.key, res.row), []):
        key = f"{m.measure}-{m.loc.part}-{m.loc.line}"
        b.add(iri, OLY.mark, b.mark(iri, key, m.measure, m.mark, m.loc))
    for n, (col, value) in enumerate(res.extra, start=1):
        node = URIRef(f"{iri}/field/{n}-{slug(col)}")
        b.typed(node, OLY.UnmappedField, f"{col}: {value}")
        b.add(node, OLY.key, lit(col))
        b.add(node, OLY.claimText, lit(value))
        b.add(iri, OLY.unmappedField, node)
        b.kept_field(node, res.loc.line, value)
        b.provenance(node, replace(res.loc, column=col))
    return iri


def _nocs_differ(who: Competitor, row: Competitor | None, names: dict[str, str]) -> bool:
    """The row states a NOC other than the one of the competitor that would fill it: the
    filling is then no longer certain (the row keeps its own NOC, and validation compares)."""
    noc = who.noc or names.get(who.name)
    return bool(row and row.noc and noc and row.noc != noc)


def _map_medals(
    b: Builder, ctx: Context, f: EventFacts, event: URIRef, links: Links, rows: dict[RowKey, URIRef]
) -> None:
    for i, m in enumerate(f.medals):
        node = b.minter.medal(event, m.medal, m.ordinal)
        who = m.competitor
        info = reference.noc(who.noc) if who.noc else None
        named = who.name or ", ".join(who.members) or (info.name if info else who.noc or "")
        b.typed(node, OLY.MedalAward, f"{m.medal.title()}: {named}")
        b.add(node, OLY.medal, MEDAL_IRIS[m.medal])
        b.add(node, OLY.event, event)
        b.add(node, OLY.awardedTo, ctx.competitor(who, event, f"{m.medal}-{m.ordinal}"))
        if who.noc and m.noc_loc is not None:  # the NOC comes from prose, not the infobox line
            b.claim(node, OLY.noc, ctx.noc(who.noc), m.noc_loc, m.noc_text)
        elif who.noc:
            b.add(node, OLY.noc, ctx.noc(who.noc))
        row = links.medal_rows.get(i)
        if row and row in rows:
            b.add(node, OLY.forResult, rows[row])
        b.provenance(node, m.loc)


def _map_records(
    b: Builder,
    ctx: Context,
    f: EventFacts,
    event: URIRef,
    links: Links,
    rows: dict[RowKey, URIRef],
    names: dict[str, str],
) -> None:
    counters: dict[str, int] = {}
    for i, r in enumerate(f.records):
        kind = r.kind if r.loc.part == "table" else f"{r.kind}-progression"
        counters[kind] = counters.get(kind, 0) + 1
        node = b.minter.record(event, kind, counters[kind])
        b.typed(
            node,
            OLY.Record,
            f"{r.kind} record {r.mark.text}" + (f" by {r.holder.name}" if r.holder else ""),
        )
        b.add(node, OLY.event, event)
        b.add(node, OLY.recordKind, lit(r.kind))
        b.add(node, OLY.mark, b.mark(node, "mark", "", r.mark, r.mark_loc or r.loc))
        if r.holder and r.holder.name:
            holder = r.holder
            if not holder.noc and holder.name in names:
                holder = Competitor(holder.name, names[holder.name])
            b.add(node, OLY.holder, ctx.competitor(holder, event, f"record-{i}"))
        if r.place:
            b.add(node, OLY.place, lit(r.place))
        if r.date:
            b.add(node, OLY.date, date_literal(r.date))
        if r.order:
            b.add(node, OLY.order, integer(r.order))
        if r.note:
            b.add(node, OLY.notes, lit(r.note))
        if i in links.record_rows and links.record_rows[i] in rows:
            b.add(node, OLY.forResult, rows[links.record_rows[i]])
        b.provenance(node, r.loc)
