"""Meaning: turn a syntax :class:`Document` into :class:`EventFacts`. Pure; never raises.

In: the :class:`~olygraph.read.document.Document` of one article (from :mod:`olygraph.read`).
Out: its :class:`~olygraph.facts.EventFacts` (title and Games, infobox, rounds and results,
prose, records), every fact with its source location, and a
:class:`~olygraph.facts.Problem` for each thing not understood. No RDF.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from olygraph import reference
from olygraph.extract.columns import event_mark_kind
from olygraph.extract.infobox import read_infobox
from olygraph.extract.prose import read_prose
from olygraph.extract.rounds import dated_rounds, read_rounds, results_tables
from olygraph.extract.schedule import apply_schedule, read_records_tables
from olygraph.extract.title import TitleInfo, discipline_of, gender_of, parse_title
from olygraph.facts import (
    DateValue,
    EventFacts,
    GamesRef,
    Loc,
    MedalClaim,
    MedalKind,
    Problem,
    Valued,
)
from olygraph.read.document import Document, ListItem
from olygraph.read.marks import parse_mark
from olygraph.reconcile.links import link
from olygraph.text import slug

__all__ = ["extract", "is_team_event"]

_TEAM_EVENT = re.compile(
    r"\b(team|teams|relay|eight|fours?|pairs?|doubles|double sculls|quadruple|tandem|"
    r"madison|coxed|coxless|tournament|synchronized|synchronised|duet|group|two-man|four-man|"
    r"4 ?[×x] ?\d+)\b",
    re.IGNORECASE,
)
_TEAM_SPORTS = (
    "football",
    "hockey",
    "field hockey",
    "ice hockey",
    "water polo",
    "basketball",
    "volleyball",
    "handball",
    "rugby",
    "polo",
    "lacrosse",
    "tug of war",
    "cricket",
    "baseball",
    "softball",
    "curling",
    "beach volleyball",
)


def is_team_event(sport: str | None, event: str | None) -> bool:
    if sport and sport.lower() in _TEAM_SPORTS:
        return True
    return bool(event and _TEAM_EVENT.search(event))


def _games(
    doc: Document, title: TitleInfo, infobox_games: Valued[GamesRef] | None, problems: list[Problem]
) -> Valued[GamesRef] | None:
    title_loc = Loc(doc.file, doc.title_line, "title")
    if title.games and infobox_games and title.games != infobox_games.value:
        problems.append(
            Problem(
                "ambiguous",
                doc.file,
                infobox_games.loc.line,
                f"infobox Games differ from the title's {title.games.label}",
                infobox_games.text,
            )
        )
    if title.games:
        return Valued(title.games, title_loc, doc.title)
    return infobox_games


def _unused_blocks(doc: Document, kind: str) -> list[Problem]:
    """Tables and list blocks that no extractor reads: reported, never dropped silently."""
    used: set[int] = set()
    if kind == "event":
        used = {t.index for t in results_tables(doc)}
        used |= {
            t.index
            for t in doc.tables
            if any(re.search(r"schedule|record", s, re.I) for s in t.section)
        }
    article = "an" if kind[0] in "aeiou" else "a"
    out = [
        Problem(
            "skipped",
            doc.file,
            t.line,
            f"table under '{' > '.join(t.section) or 'top'}' on {article} {kind} page: not mapped",
        )
        for t in doc.tables
        if t.index not in used
    ]
    lists: dict[tuple[str, ...], list[ListItem]] = {}
    for block in doc.blocks:
        if isinstance(block, ListItem):
            lists.setdefault(block.section, []).append(block)
    for section, items in lists.items():
        out.append(
            Problem(
                "skipped",
                doc.file,
                items[0].line,
                f"{len(items)} list item(s) under '{' > '.join(section) or 'top'}' "
                "(references, officials …) are not mapped",
                items[0].text,
            )
        )
    return out


_NAMED_DISTANCE = re.compile(
    r"(?<![×x]\s)(?<![×x])\b(?P<n>\d[\d,]*(?:\.\d+)?)\s*"
    r"(?P<unit>metres?|meters?|m|km|kilometres?|kilometers?|miles?)\b",
    re.IGNORECASE,
)


def _distance_in_name(event: Valued[str] | None, kind: str | None) -> Valued[Decimal] | None:
    """A race named by its distance (``Men's 100 metres``, ``500 metres``, ``1500 m``).

    Only for events measured in time, so that a 3 metre springboard or a 300 metre rifle range
    is not taken for a race distance; relays (``4 × 100 metres``) are left alone.
    """
    if event is None or kind != "time" or "×" in event.value:
        return None
    m = _NAMED_DISTANCE.search(event.value)
    if not m:
        return None
    unit = m.group("unit").lower()
    factor = 1000 if unit.startswith("k") else Decimal("1609.344") if unit.startswith("mile") else 1
    value = Decimal(m.group("n").replace(",", "")) * factor
    return Valued(value, event.loc, m.group(0))


def _team_nocs_from_prose(
    medals: list[MedalClaim], stated: list[tuple[MedalKind, Valued[str]]]
) -> list[MedalClaim]:
    """A team medal whose infobox gives no NOC takes the one prose names for that medal,
    when exactly one team holds the medal and the prose names exactly one nation for it."""
    out = list(medals)
    for medal in ("gold", "silver", "bronze"):
        holders = [i for i, m in enumerate(out) if m.medal == medal]
        nocs = {v.value for kind, v in stated if kind == medal}
        if len(holders) != 1 or len(nocs) != 1:
            continue
        i = holders[0]
        claim = out[i]
        if claim.competitor.noc is None and claim.competitor.is_team:
            v = next(v for kind, v in stated if kind == medal)
            team = replace(claim.competitor, noc=v.value)
            out[i] = replace(claim, competitor=team, noc_loc=v.loc, noc_text=v.text)
    return out


def extract(doc: Document) -> EventFacts:
    """Everything the article states that fits the ontology; the rest as problems."""
    problems: list[Problem] = list(doc.problems)
    title = parse_title(doc.title)
    title_loc = Loc(doc.file, doc.title_line, "title")
    source_key = slug(doc.title)
    sport_name = title.sport
    event_name = title.event
    team = is_team_event(sport_name, event_name)
    pre_year = title.games.year if title.games else None
    box = read_infobox(doc, pre_year, team)
    problems.extend(box.problems)
    games = _games(doc, title, box.games, problems)
    kind = title.kind
    if kind == "unknown" and box.event_name and games:
        problems.append(
            Problem(
                "not-an-event",
                doc.file,
                doc.title_line,
                "title is not '<Sport> at the <year> <season> Olympics – <event>'; "
                "no event exported",
                doc.title,
            )
        )
    elif kind == "sport-at-games" and any(
        e.key.lower() in ("num teams", "teams") for e in doc.infobox
    ):
        kind = "tournament"
    if kind != "event":
        problems.append(
            Problem(
                "not-an-event",
                doc.file,
                doc.title_line,
                f"{kind} page: no event is exported, only "
                + ", ".join(
                    what
                    for what, known in (("its Games", games), ("sport", title.sport), ("source", 1))
                    if known
                ),
                doc.title,
            )
        )
    year = games.value.year if games else None
    mark_kind = event_mark_kind(sport_name, event_name, box.win_label)
    rounds_out = read_rounds(doc, mark_kind, team) if kind == "event" else None
    rounds = list(rounds_out.rounds) if rounds_out else []
    if rounds_out:
        problems.extend(rounds_out.problems)
        rounds = apply_schedule(doc, rounds, year, problems)
        rounds = dated_rounds(rounds, box.dates)
    records = read_records_tables(doc, mark_kind, problems) if kind == "event" else []
    prose = read_prose(doc, mark_kind, year)
    problems.extend(prose.problems)
    problems.extend(_unused_blocks(doc, kind))
    medals = _team_nocs_from_prose(box.medals, prose.team_medals) if team else box.medals
    win_marks = []
    if box.win_value is not None:
        mark = parse_mark(box.win_value.value, mark_kind)
        if mark is None or mark.value is None:
            problems.append(
                Problem(
                    "unparsed-value",
                    doc.file,
                    box.win_value.loc.line,
                    "Win Value: expected a mark",
                    box.win_value.value,
                )
            )
        else:
            win_marks.append(Valued(mark, box.win_value.loc, box.win_value.value))
    host_city = None
    if games:
        info = reference.games(games.value.year, games.value.season)
        if box.city:
            host_city = box.city
        elif info:
            host_city = Valued(
                info.city, Loc("olygraph reference data", None, "reference", column="games.tsv")
            )
    sport = Valued(sport_name, title_loc) if sport_name else None
    discipline = None
    if sport_name and event_name and (d := discipline_of(sport_name, event_name)):
        discipline = Valued(d, title_loc)
    event_v = Valued(event_name, title_loc) if event_name else None
    gender_text = gender_of(event_name or "") if kind == "event" else None
    gender = Valued(gender_text, title_loc) if gender_text else None
    is_event = kind == "event"
    facts = EventFacts(
        source_key=source_key,
        file=doc.file,
        title=doc.title,
        kind=kind,
        title_loc=title_loc,
        games=games,
        host_city=host_city,
        sport=sport,
        discipline=discipline,
        event_name=event_v,
        infobox_event=box.event_name if is_event else None,
        gender=gender,
        venues=tuple(box.venues),
        dates=tuple(box.dates + prose.dates) if is_event else tuple(box.dates),
        competitors=tuple(box.competitors + prose.competitors) if is_event else (),
        nations=tuple(box.nations + prose.nations) if is_event else (),
        distance_m=(prose.distance_m or _distance_in_name(event_v, mark_kind))
        if is_event
        else None,
        start_type=prose.start_type if is_event else None,
        win_marks=tuple(win_marks) if is_event else (),
        medals=tuple(medals) if is_event else (),
        rounds=tuple(rounds),
        records=tuple(records + prose.records) if is_event else (),
        prose_marks=tuple(prose.prose_marks) if is_event else (),
        nation_mentions=tuple(prose.nation_mentions) if is_event else (),
        alt_placings=tuple(prose.alt_placings) if is_event else (),
        previous=box.previous if is_event else None,
        next=box.next if is_event else None,
        unmapped=tuple(box.unmapped),
        problems=tuple(sorted(problems, key=lambda p: (p.line or 0, p.kind, p.message))),
        truncated=doc.truncated,
    )
    if is_event:
        linked = link(facts).problems
        if linked:
            merged = sorted(
                facts.problems + tuple(linked), key=lambda p: (p.line or 0, p.kind, p.message)
            )
            facts = replace(facts, problems=tuple(merged))
    else:
        valued: list[Valued[int] | Valued[str] | Valued[DateValue] | None] = [
            *box.competitors, *box.nations, *box.venues, *box.dates,
            box.previous, box.next, box.event_name, box.gender,
        ]  # fmt: skip
        need_event = [m.loc for m in box.medals] + [v.loc for v in valued if v is not None]
        notes = tuple(
            Problem("skipped", doc.file, loc.line, f"{loc.column}: needs an event; not mapped")
            for loc in sorted(set(need_event), key=lambda loc: loc.line or 0)
        )
        merged = sorted((*facts.problems, *notes), key=lambda p: (p.line or 0, p.kind, p.message))
        facts = replace(facts, problems=tuple(merged))
    return facts
