"""What each page shows: a template name and its context, read from the served store.

Pages: home, a Games, an event, an athlete or team, a NOC, a source, search results, and any
other node of the graph (its statements, in and out). The kind of page follows the node's
``rdf:type``; every page also lists the node's statements with the source location of each
claim behind them, and the sources (graphs) it comes from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

import pyoxigraph as ox

from olygraph.query.results import BadValueError, value_term
from olygraph.serve import queries as q
from olygraph.serve.data import Served
from olygraph.serve.svg import Point, line_chart, marks_chart, medals_chart
from olygraph.vocab import OLY_IRI

Context = dict[str, Any]
MEDAL_ORDER: Final = {"GoldMedal": 0, "SilverMedal": 1, "BronzeMedal": 2}
SOURCE_CLASSES: Final = (
    "ArticleSource",
    "DatasetSource",
    "ReferenceSource",
    "CitedSource",
    "Source",
)
KINDS: Final = (
    ("Event", "event"), ("Games", "games"), ("Athlete", "competitor"), ("Team", "competitor"),
    ("NOC", "noc"), *((c, "source") for c in SOURCE_CLASSES),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Page:
    template: str
    title: str
    context: Context


def local(iri: str | None) -> str:
    """The local name of an ontology term (``oly:GoldMedal`` → ``GoldMedal``)."""
    if not iri:
        return ""
    return iri.rsplit("#", 1)[-1] if "#" in iri else iri.rstrip("/").rsplit("/", 1)[-1]


def medal_word(iri: str | None) -> str:
    return local(iri).removesuffix("Medal")


def kind_of(served: Served, iri: str) -> str | None:
    """The page kind of a node (``event``, ``games`` …, ``node`` for any other), None if the
    graph says nothing about it."""
    types = {r["type"] for r in q.select(served, q.TYPES, node=iri)}
    for cls, kind in KINDS:
        if OLY_IRI + cls in types:
            return kind
    if types:
        return "node"
    found = served.store.quads_for_pattern(ox.NamedNode(iri), None, None, ox.DefaultGraph())
    return "node" if next(iter(found), None) is not None else None


def label(served: Served, iri: str) -> str:
    rows = q.select(served, q.LABEL, node=iri)
    return rows[0]["label"] or local(iri) if rows else local(iri)


def common(served: Served, iri: str) -> Context:
    """What every node page shows: its statements (with their claims' sources) and graphs."""
    return {
        "iri": iri,
        "facts": q.select(served, q.FACTS, node=iri),
        "sources": q.select(served, q.SOURCES, node=iri),
    }


def page_for(served: Served, iri: str, kind: str) -> Page:
    builder: Callable[[Served, str], Page] = BUILDERS.get(kind, node_page)
    return builder(served, iri)


# ------------------------------------------------------------------------------------ event


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None


def event_page(served: Served, iri: str) -> Page:
    title = label(served, iri)
    rounds: list[Context] = []
    seen: set[str] = set()
    for row in q.select(served, q.RESULTS, event=iri):
        if row["result"] in seen:  # a second name or NOC of a merged node: the first row counts
            continue
        seen.add(row["result"] or "")
        if not rounds or rounds[-1]["iri"] != row["round"]:
            rounds.append({"iri": row["round"], "label": row["roundLabel"] or "Round",
                           "measure": row["rankedBy"], "rows": []})  # fmt: skip
        row["medal"] = medal_word(row["medal"])
        row["status"] = local(row["status"])
        row["unit"] = local(row["unit"])
        rounds[-1]["rows"].append(row)
    for rnd in rounds:
        points = [
            Point(r["name"] or r["nocCode"] or "?", v, r["markText"] or r["mark"] or "")
            for r in rnd["rows"]
            if (v := _number(r["mark"])) is not None
        ]
        unit = next((r["unit"] for r in rnd["rows"] if r["unit"]), "")
        rnd["chart"] = marks_chart(points, f"{rnd['label']}: {rnd['measure'] or 'mark'} of each "
                                   "result, in table order", unit)  # fmt: skip
    medals = q.select(served, q.MEDALS, event=iri)
    for m in medals:
        m["medal"] = medal_word(m["medal"])
    medals.sort(key=lambda m: (MEDAL_ORDER.get(f"{m['medal']}Medal", 9), m["name"] or ""))
    records = q.named(served, "record-progression", {"event": iri})
    progression = [
        Point(f"{r['holder'] or '?'}" + (" (before)" if r["stage"] == "standing" else ""), v,
              r["text"] or r["mark"] or "")
        for r in records if (v := _number(r["mark"])) is not None
    ]  # fmt: skip
    unit = next((r["unit"] for r in records if r["unit"]), "")
    context = common(served, iri) | {
        "rounds": rounds,
        "medals": medals,
        "records": records,
        "record_chart": line_chart(progression, f"Record progression: {title}", unit),
        "discrepancies": discrepancies(served, iri),
        "participants": _first(q.select(served, q.EVENT_PARTICIPANTS, event=iri), "athlete"),
        "unread": unread(served, iri),
    }
    return Page("event.html", title, context)


def _first(rows: list[q.Row], key: str) -> list[q.Row]:
    """One row per ``key`` (a node with two names or NOCs gives two rows): the first."""
    seen: set[str | None] = set()
    return [r for r in rows if not (r[key] in seen or seen.add(r[key]))]  # type: ignore[func-returns-value]


def discrepancies(served: Served, event: str) -> list[Context]:
    """The named ``discrepancies`` query for one event, grouped by subject and property."""
    groups: dict[tuple[str, str], Context] = {}
    for row in q.named(served, "discrepancies", {"event": event}):
        key = (row["subject"] or "", row["property"] or "")
        if key not in groups:
            groups[key] = {"subject": served.base + key[0] if "://" not in key[0] else key[0],
                           "property": key[1], "claims": []}  # fmt: skip
        groups[key]["claims"].append(row)
    for group in groups.values():
        group["label"] = label(served, group["subject"])
    return list(groups.values())


def unread(served: Served, event: str) -> list[Context]:
    """Fields of the event's articles that state no fact we could map, and the lines that the
    reader could not understand (from the notes of the load)."""
    out: list[Context] = []
    for source in q.select(served, q.SOURCES, node=event):
        for row in q.select(served, q.UNMAPPED, node=source["source"] or ""):
            out.append({"text": f"{row['key']}: {row['text']}", "where": row["loc"]})
        if source["file"]:
            out.extend({"text": n.text, "where": n.file} for n in served.notes_for(source["file"]))
    seen: set[str] = set()
    return [o for o in out if not (o["text"] in seen or seen.add(o["text"]))]  # type: ignore[func-returns-value]


# ------------------------------------------------------------------------- games, noc, people


def games_page(served: Served, iri: str) -> Page:
    medal_table = q.select(served, q.GAMES_MEDALS, games=iri)
    events = q.select(served, q.GAMES_EVENTS, games=iri)
    info = q.select(served, q.GAMES_INFO, node=iri)
    context = common(served, iri) | {
        "summary": (info[0] if info else {})
        | {"events": len(events), "nations": len({m["noc"] for m in medal_table if m["noc"]})},
        "events": events,
        "medal_table": medal_table,
    }
    return Page("games.html", label(served, iri), context)


def noc_iri(served: Served, code: str | None) -> str | None:
    """The NOC node of a code (as ``--param noc=CODE`` names it), for links."""
    if not code:
        return None
    try:
        return str(value_term("noc", code, served.base))
    except BadValueError:
        return None


def noc_page(served: Served, iri: str) -> Page:
    per_games: dict[str, Context] = {}
    for row in q.select(served, q.NOC_MEDALS, node=iri):
        games = per_games.setdefault(row["games"] or "", {
            "iri": row["games"], "label": row["label"] or local(row["games"]),
            "Gold": 0, "Silver": 0, "Bronze": 0})  # fmt: skip
        games[medal_word(row["medal"])] = int(row["count"] or 0)
    columns = [(g["label"], g["Gold"], g["Silver"], g["Bronze"]) for g in per_games.values()]
    title = label(served, iri)
    context = common(served, iri) | {
        "medals": list(per_games.values()),
        "chart": medals_chart(columns, f"Medals of {title} at each Games"),
    }
    return Page("noc.html", title, context)


def competitor_page(served: Served, iri: str) -> Page:
    rows = _first([r for text in q.ATHLETE for r in q.select(served, text, node=iri)], "entry")
    for row in rows:
        row["medal"] = medal_word(row["medal"])
        row["status"] = local(row["status"])
    rows.sort(key=lambda r: (r["games"] or "", r["eventName"] or "", r["event"] or ""))
    context = common(served, iri) | {
        "results": rows,
        "participations": _first(q.select(served, q.PARTICIPATIONS, node=iri), "event"),
        "names": q.select(served, q.NAMES, node=iri),
        "nocs": _first(q.select(served, q.NODE_NOCS, node=iri), "noc"),
        "merges": q.select(served, q.MERGES, node=iri),
        "teams": q.select(served, q.TEAMS, node=iri),
        "medal_count": sum(1 for r in rows if r["medal"]),
    }
    return Page("competitor.html", label(served, iri), context)


def source_page(served: Served, iri: str) -> Page:
    files = [s["file"] for s in q.select(served, q.SOURCES, node=iri) if s["file"]]
    fields = q.select(served, q.UNMAPPED, node=iri)
    context = common(served, iri) | {
        "events": q.select(served, q.SOURCE_EVENTS, node=iri),
        "triples": (q.select(served, q.SOURCE_COUNT, node=iri) or [{"triples": "0"}])[0]["triples"],
        "unmapped": fields,
        "notes": [n for f in files for n in served.notes_for(f)],
    }
    return Page("source.html", label(served, iri), context)


def node_page(served: Served, iri: str) -> Page:
    context = common(served, iri) | {"incoming": q.select(served, q.INCOMING, node=iri)}
    return Page("node.html", label(served, iri), context)


BUILDERS: Final[dict[str, Callable[[Served, str], Page]]] = {
    "event": event_page,
    "games": games_page,
    "competitor": competitor_page,
    "noc": noc_page,
    "source": source_page,
}


# ---------------------------------------------------------------------------- home, search


def home_page(served: Served) -> Page:
    games = q.named(served, "games-summary")
    for row in games:
        row["iri"] = row["games"]
    events = q.select(served, q.ALL_EVENTS)
    context = {
        "games": games,
        "events": events[:300],
        "more_events": len(events) > 300,
        "notes": served.notes,
    }
    return Page("home.html", "olygraph", context)


def search_page(served: Served, text: str, limit: int = 200) -> Page:
    """Nodes whose name contains ``text`` (case and spacing ignored), shortest names first."""
    needle = " ".join(text.split()).lower()[:200]
    if "names" not in served.cache:  # the data never changes while it is served
        rows = q.select(served, q.NAMES_INDEX)
        served.cache["names"] = sorted(
            (len(r["name"] or ""), " ".join((r["name"] or "").split()).lower(), r["name"] or "",
             r["node"] or "", local(r["class"]))
            for r in rows
        )  # fmt: skip
    hits: list[q.Row] = []
    seen: set[str] = set()
    for _, folded, name, node, cls in served.cache["names"] if needle else ():
        if needle in folded and node not in seen:
            seen.add(node)
            hits.append({"node": node, "name": name, "class": cls})
            if len(hits) == limit:
                break
    return Page("search.html", f"Search: {needle}", {"q": needle, "hits": hits})
