"""Whether a "<Sport> at the <year> <season> Olympics" page is the article of one event.

A sport that had a single event at a Games (polo, water polo, football, rugby … in the early
Games) has no separate event article: its sport page is the event's article. The page says so
in its infobox (an ``Event`` key naming an event, tournament keys, medalists); a page naming
several events (``Num Events: 4``, a medal summary with one row per event) is not one event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from olygraph.extract.infobox import TOURNAMENT_KEYS, InfoboxFacts
from olygraph.read.document import Document
from olygraph.read.ranks import parse_int_words

_GENDERED = re.compile(
    r"\b(men's|women's)\s+(?P<mid>(?:[\w-]+\s+){0,2}?)(?:tournament|competition)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Decision:
    """``is_event``: read the page as one event; ``reason``: the evidence, for ``inspect``."""

    is_event: bool
    reason: str


def _same_name(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return re.sub(r"[^a-z]", "", s.lower())

    return norm(a) == norm(b) or norm(a).rstrip("s") == norm(b).rstrip("s")


def decide(doc: Document, sport: str | None, box: InfoboxFacts, summary_events: int) -> Decision:
    """The evidence for and against the page being one event's article.

    ``summary_events``: how many events the page's medal summary names (one row each).
    """
    found: list[str] = []
    against: list[str] = []
    neutral = ""
    if box.event_name is not None:
        value = box.event_name.value
        if sport and _same_name(value, sport):
            neutral = f"infobox Event {value!r} names the sport, not an event"
        else:
            found.append(f"infobox Event {value!r} (line {box.event_name.loc.line})")
    keys = [e.key for e in doc.infobox if e.key.strip().lower() in TOURNAMENT_KEYS]
    if keys:
        found.append("tournament keys " + ", ".join(keys))
    medal_keys = [m.loc.column for m in box.medals if m.loc.part == "infobox"]
    plain = [k for k in medal_keys if k.strip().lower() not in TOURNAMENT_KEYS]
    if plain:
        found.append("infobox medalists " + ", ".join(plain))
    for entry in doc.infobox:
        if entry.key.strip().lower() in ("num events", "events"):
            n = parse_int_words(entry.value.split("(")[0].strip())
            if n is not None and n > 1:
                against.append(f"infobox {entry.key}: {n} (line {entry.line})")
            elif n == 1:
                found.append(f"infobox {entry.key}: 1 (line {entry.line})")
    if summary_events > 1:
        against.append(f"the medal summary names {summary_events} events, one per row")
    elif summary_events == 1:
        found.append("the medal summary names one event")
    if neutral and not found:
        against.insert(0, neutral)
    if against:
        why = "; ".join(against)
        also = f" (despite {'; '.join(found)})" if found else ""
        return Decision(False, f"not one event: {why}{also}")
    if found:
        return Decision(True, "one-event sport page: " + "; ".join(found))
    return Decision(
        False, "not one event: no Event key, tournament keys or medalists in the infobox"
    )


def event_name(doc: Document, sport: str, box: InfoboxFacts, summary: str = "") -> str:
    """The infobox's Event, else the one event the medal summary names, else the sport's own
    name; with a gender only when the page states one (``Men's polo``; prose ``the men's
    tournament`` → ``Men's football``)."""
    if box.event_name is not None and not _same_name(box.event_name.value, sport):
        return box.event_name.value
    if summary:
        return summary
    genders = {
        m.group(1).lower()
        for p in doc.paragraphs
        for m in _GENDERED.finditer(p.text)
        if m.group("mid").strip().lower() in ("", sport.lower())
    }
    if len(genders) == 1:
        return f"{genders.pop().capitalize()} {sport.lower()}"
    return sport
