"""What a results-table column means, and what kind of mark an event is measured in."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from olygraph.read.marks import MarkKind

Role = Literal["rank", "competitor", "nation", "mark", "notes", "heat", "lane", "other"]

_RANK = {
    "rank",
    "place",
    "pos",
    "pos.",
    "position",
    "placing",
    "final rank",
    "overall rank",
    "#",
    "pl.",
    "pl",
    "rk",
    "rk.",
    "final position",
    "final place",
}
_NATION = {"nation", "country", "noc", "nationality", "flag"}
_NOTES = {"notes", "note", "remarks", "qual.", "qualification", "q"}
_HEAT = {"heat", "group", "pool", "race", "semifinal", "semi"}
_LANE = {"lane", "bib", "order", "start order", "draw"}
_COMPETITOR = {
    "athlete",
    "name",
    "competitor",
    "team",
    "boat",
    "crew",
    "club",
    "player",
    "pair",
    "duo",
    "rider",
    "horse",
    "rider/horse",
    "participants",
    "competitors",
    "nation/team",
    "gymnast",
    "diver",
    "swimmer",
    "cyclist",
    "skater",
    "fencer",
    "boxer",
    "wrestler",
    "lifter",
    "weightlifter",
    "shooter",
    "archer",
    "rower",
    "sailor",
    "runner",
    "jumper",
    "thrower",
    "walker",
    "sprinter",
    "skier",
    "biathlete",
    "luger",
    "canoeist",
    "kayaker",
    "judoka",
    "triathlete",
    "golfer",
    "driver",
    "pilot",
    "helmsman",
    "athletes",
}
_MARK_KINDS: dict[str, MarkKind | None] = {
    "time": "time",
    "result": None,
    "mark": None,
    "score": "points",
    "points": "points",
    "total": None,
    "distance": "distance",
    "height": "distance",
    "weight": "weight",
    "lift": "weight",
    "best": None,
    "final": None,
    "places": "points",
    "ordinals": "points",
    "total points": "points",
    "score/points": "points",
    "pts": "points",
    "pts.": "points",
    "fs": "points",
    "cf": "points",
    "sp": "points",
    "hits": "points",
    "average": None,
}


@dataclass(frozen=True, slots=True)
class Column:
    index: int
    header: str
    role: Role
    kind: MarkKind | None = None  # for mark columns


def _norm(header: str) -> str:
    return " ".join(header.lower().replace("*", "").split())


def classify(header: tuple[str, ...], event_kind: MarkKind | None) -> tuple[Column, ...]:
    """Give each header cell a role. Unknown headers are ``other`` (kept as extras)."""
    cols: list[Column] = []
    have_competitor = any(_norm(h) in _COMPETITOR and _norm(h) != "team" for h in header)
    for i, h in enumerate(header):
        n = _norm(h)
        if n in _RANK:
            cols.append(Column(i, h, "rank"))
        elif n in _NATION or (n == "team" and have_competitor):
            cols.append(Column(i, h, "nation"))
        elif n in _COMPETITOR or n.endswith(("ist", "ists")):
            cols.append(Column(i, h, "competitor"))
        elif n in _NOTES:
            cols.append(Column(i, h, "notes"))
        elif n in _HEAT:
            cols.append(Column(i, h, "heat"))
        elif n in _LANE:
            cols.append(Column(i, h, "lane"))
        elif n in _MARK_KINDS or re.match(r"^(run|round|jump|attempt|dive|lift|r|j)?\s*\d+$", n):
            kind = _MARK_KINDS.get(n) or event_kind
            cols.append(Column(i, h, "mark", kind))
        else:
            cols.append(Column(i, h, "other"))
    return tuple(cols)


def is_results_header(header: tuple[str, ...]) -> bool:
    """A results table ranks competitors: a rank column and a competitor or mark column."""
    roles = {c.role for c in classify(header, None)}
    return "rank" in roles and bool(roles & {"competitor", "nation", "mark"})


_PRIMARY_ORDER = ("time", "total", "score", "result", "mark", "final", "points", "places", "best")
_LOWER_BETTER = {"places", "ordinals", "place points", "rank points"}
_HIGHER_BETTER = {"score", "total", "total points", "distance", "height", "weight", "lift"}


def primary_mark(columns: tuple[Column, ...]) -> Column | None:
    """The column a round is ranked by: Time before Score before Points …

    Where a table has both Points and Score (point-for-place judging, as in early diving),
    the places were decided by the Points, so Points ranks the round.
    """
    marks = [c for c in columns if c.role == "mark"]
    names = {_norm(c.header) for c in marks}
    if {"points", "score"} <= names:
        return next(c for c in marks if _norm(c.header) == "points")
    for name in _PRIMARY_ORDER:
        for c in marks:
            if _norm(c.header) == name:
                return c
    return marks[0] if marks else None


def lower_is_better(column: Column, columns: tuple[Column, ...]) -> bool | None:
    """Whether a smaller mark ranks higher in this column; None when the text does not say."""
    name = _norm(column.header)
    names = {_norm(c.header) for c in columns if c.role == "mark"}
    if column.kind == "time" or name == "time":
        return True
    if name in _LOWER_BETTER or (name == "points" and "score" in names):
        return True
    if name in _HIGHER_BETTER or column.kind in ("distance", "weight"):
        return False
    return None


_TIME_SPORTS = (
    "swimming",
    "cycling",
    "speed skating",
    "rowing",
    "canoeing",
    "canoe",
    "triathlon",
    "bobsleigh",
    "luge",
    "skeleton",
    "cross-country skiing",
    "alpine skiing",
    "biathlon",
    "short track",
    "sailing",
    "equestrian",
    "marathon swimming",
    "modern pentathlon",
)
_POINT_SPORTS = (
    "diving",
    "gymnastics",
    "figure skating",
    "shooting",
    "archery",
    "artistic swimming",
    "synchronized swimming",
    "trampoline",
    "freestyle skiing",
    "snowboarding",
    "ski jumping",
)
_FIELD_EVENTS = ("jump", "vault", "put", "throw", "discus", "javelin", "hammer")
_COMBINED = ("decathlon", "heptathlon", "pentathlon", "triathlon", "all-around")


def event_mark_kind(sport: str | None, event: str | None, win_label: str = "") -> MarkKind | None:
    """What an event's marks measure, from the infobox Win Label, the sport and the event name."""
    label = win_label.lower()
    for word, kind in (
        ("time", "time"),
        ("score", "points"),
        ("point", "points"),
        ("weight", "weight"),
        ("distance", "distance"),
        ("height", "distance"),
    ):
        if word in label:
            return kind  # type: ignore[return-value]
    s = (sport or "").lower()
    e = (event or "").lower()
    if s == "athletics":
        if any(w in e for w in _COMBINED):
            return "points"
        if any(w in e for w in _FIELD_EVENTS):
            return "distance"
        return "time"
    if s == "weightlifting":
        return "weight"
    if any(s.startswith(t) for t in _TIME_SPORTS):
        return "time"
    if any(s.startswith(t) for t in _POINT_SPORTS):
        return "points"
    return None
