"""Facts stated in prose: counts, nation lists, marks, record progressions, other sources."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from olygraph import reference
from olygraph.extract.names import NAME, names_in, nations_in, sentences
from olygraph.facts import (
    AltPlacing,
    Competitor,
    DateValue,
    Loc,
    Mark,
    MedalKind,
    NationMention,
    Problem,
    ProseMark,
    RecordFacts,
    Valued,
)
from olygraph.read.dates import parse_dates
from olygraph.read.document import Document, Paragraph
from olygraph.read.marks import MarkKind, parse_mark
from olygraph.read.ranks import parse_int_words

_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?"
# every form starts with a digit or "lift": the look-ahead skips other positions at once
_PROSE_MARK = re.compile(
    rf"(?=[\dl])(?:(?P<ms>(?P<min>\d+) minutes?,? (?:and )?(?P<sec>\d+(?:\.\d+)?) seconds)"
    rf"|(?P<time>{_TIME})"
    rf"|(?P<secs>\d+(?:\.\d+)?) seconds"
    rf"|(?:lift(?:ed)?|lifting)\s+(?:only\s+)?(?P<kg>\d+(?:\.\d+)?)(?:\s*(?:kilograms|kg))?)"
)
_DIGIT = re.compile(r"\d")
_EACH = re.compile(rf"(?P<a>{NAME}) and (?P<b>{NAME}) (?:each|both)\b")
_COUNT = re.compile(
    r"(?P<n>[\w-]+) (?P<noun>[a-z][a-z ]*?) from (?P<m>[\w-]+) (?:nations|countries|NOCs) competed"
)
_TEAM_NOUNS = {"boats", "crews", "teams", "pairs", "entries", "squads", "clubs", "quartets"}
_DISTANCE = re.compile(
    r"distance was (?:also )?(?:increased |reduced |set )?(?:to )?(?:the )?"
    r"(?P<n>[\w.,-]+) (?P<unit>kilometres?|kilometers?|km|metres?|meters?|miles?)\b",
    re.I,
)
_START = re.compile(r"\b(standing|flying|rolling|mass|massed) start\b", re.I)
_CITED = re.compile(
    r"^(?P<src>[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*)?) (?:lists|gives|reports|records|shows|places)\b"
)
_PLACING = re.compile(
    rf"(?P<name>{NAME}) of (?P<nation>(?:the )?{NAME}) "
    rf"(?:placing|placed|finishing|in) (?P<ord>\d+)(?:st|nd|rd|th)"
)
_TYING = re.compile(
    rf"(?P<name>{NAME}) of (?P<nation>(?:the )?{NAME}) "
    rf"tying with (?P<with>{NAME}) for (?P<ord>\d+)(?:st|nd|rd|th)"
)
_NTH_APPEARANCE = re.compile(
    r"\b(second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th)) appearance"
)
_LISTS_COUNT = re.compile(
    r"\b(?:lists|gives|reports) (?P<n>[\w-]+) (?:competitors|athletes|finishers)"
)


@dataclass
class ProseFacts:
    competitors: list[Valued[int]] = field(default_factory=list)
    nations: list[Valued[int]] = field(default_factory=list)
    nation_mentions: list[NationMention] = field(default_factory=list)
    prose_marks: list[ProseMark] = field(default_factory=list)
    records: list[RecordFacts] = field(default_factory=list)
    alt_placings: list[AltPlacing] = field(default_factory=list)
    distance_m: Valued[Decimal] | None = None
    start_type: Valued[str] | None = None
    dates: list[Valued[DateValue]] = field(default_factory=list)
    team_medals: list[tuple[MedalKind, Valued[str]]] = field(default_factory=list)  # NOC by medal
    problems: list[Problem] = field(default_factory=list)


def _loc(doc: Document, p: Paragraph, part: str = "prose") -> Loc:
    return Loc(doc.file, p.line, "notes" if part == "notes" else "prose", " > ".join(p.section))


def _mark_of(m: re.Match[str], kind: MarkKind | None) -> Mark | None:
    if m.group("ms"):
        value = Decimal(m.group("min")) * 60 + Decimal(m.group("sec"))
        return Mark(m.group(0), value, "s")
    if m.group("time"):
        return parse_mark(m.group("time"), "time")
    if m.group("secs"):
        return Mark(m.group(0), Decimal(m.group("secs")), "s")
    if m.group("kg"):
        return Mark(m.group(0), Decimal(m.group("kg")), "kg")
    return None


def _nations_in_list(text: str) -> list[str]:
    text = re.sub(r"\([^)]*\)", "", text)
    items = re.split(r",\s*(?:and\s+)?|\s+and\s+", text.strip().rstrip("."))
    return [re.sub(r"^the\s+", "", i.strip(), flags=re.I) for i in items if i.strip()]


def _nation_sentence(doc: Document, p: Paragraph, s: str, out: ProseFacts) -> None:
    low = s.lower()
    if "debut" in low:
        status = "debut"
    elif "returning" in low or ("appearance" in low and _NTH_APPEARANCE.search(low)):
        status = "returning"
    else:
        return
    if ":" in s:
        listed = s.split(":", 1)[1]
    elif (m := re.search(r"\b(?:nations|countries) (?:were|are)\b(.*)$", s, re.I)) or (
        m := re.match(r"^(.*?)\s+(?:each\s+|both\s+|all\s+)?(?:made|make|was|were)\b", s)
    ):
        listed = m.group(1)
    else:
        return
    items = _nations_in_list(listed)
    codes = [(i, reference.noc_for_name(i)) for i in items]
    if not any(c for _, c in codes):
        return  # not a list of nations ("Seven of the ten finalists returned: …")
    loc = _loc(doc, p)
    for name, code in codes:
        if code is None:
            out.problems.append(
                Problem(
                    "unparsed-value",
                    doc.file,
                    p.line,
                    f"nation named in a {status} list is not a known NOC",
                    name,
                )
            )
        out.nation_mentions.append(NationMention(name, code, status, loc))
    m = re.match(r"^(?P<n>[\w-]+) of the \d+", s)
    stated = parse_int_words(m.group("n")) if m else None
    if stated is not None and stated != len(items):
        out.problems.append(
            Problem(
                "ambiguous",
                doc.file,
                p.line,
                f"the text says {stated} nations but lists {len(items)}",
                s,
            )
        )


def _marks_sentence(
    doc: Document, p: Paragraph, s: str, kind: MarkKind | None, in_records: bool, out: ProseFacts
) -> None:
    if not _DIGIT.search(s):  # every mark _PROSE_MARK reads has a digit
        return
    found = [(m, _mark_of(m, kind)) for m in _PROSE_MARK.finditer(s)]
    found = [(m, mk) for m, mk in found if mk is not None and mk.value is not None]
    if not found:
        return
    loc = _loc(doc, p)
    each = _EACH.search(s)
    names = [each.group("a"), each.group("b")] if each else names_in(s[: found[0][0].start()])[:1]
    if not names:
        out.problems.append(
            Problem(
                "ambiguous",
                doc.file,
                p.line,
                "a mark in prose with no named competitor; not linked",
                s,
            )
        )
        return
    is_record = in_records or "record" in s.lower()
    mark = found[0][1]
    assert mark is not None
    low = s.lower()
    record_kind = "world" if "world record" in low else "olympic"
    step = 1 + len({r.order for r in out.records if r.kind == record_kind})
    for name in names:
        out.prose_marks.append(ProseMark(name, mark, loc, s))
        if is_record:
            note = "de facto" if "de facto" in low else ""
            holder = Competitor(name)
            out.records.append(RecordFacts(record_kind, mark, loc, holder, order=step, note=note))


def _count_sentence(doc: Document, p: Paragraph, s: str, out: ProseFacts) -> None:
    if " from " not in s or " competed" not in s:  # what _COUNT needs: skip its scan
        return
    for m in _COUNT.finditer(s):
        n, nations = parse_int_words(m.group("n")), parse_int_words(m.group("m"))
        loc = _loc(doc, p)
        if nations is not None:
            out.nations.append(Valued(nations, loc, m.group(0)))
        if n is not None and m.group("noun").split()[-1] not in _TEAM_NOUNS:
            out.competitors.append(Valued(n, loc, m.group(0)))
        elif n is not None:
            out.problems.append(
                Problem(
                    "skipped",
                    doc.file,
                    p.line,
                    "a count of boats/teams, not of competitors",
                    m.group(0),
                )
            )


def _notes_sentence(doc: Document, p: Paragraph, s: str, out: ProseFacts) -> None:
    cited = _CITED.match(s)
    if not cited:
        return
    src = cited.group("src")
    loc = _loc(doc, p, "notes")
    if m := _LISTS_COUNT.search(s):
        n = parse_int_words(m.group("n"))
        if n is not None:
            out.competitors.append(Valued(n, loc, f"{src}: {m.group(0)}"))
    for m in _TYING.finditer(s):
        code = reference.noc_for_name(m.group("nation"))
        out.alt_placings.append(
            AltPlacing(
                src,
                Competitor(m.group("name"), code),
                int(m.group("ord")),
                True,
                loc,
                m.group("with"),
            )
        )
    for m in _PLACING.finditer(s):
        code = reference.noc_for_name(m.group("nation"))
        out.alt_placings.append(
            AltPlacing(src, Competitor(m.group("name"), code), int(m.group("ord")), False, loc)
        )


def _distance(doc: Document, p: Paragraph, s: str, out: ProseFacts) -> None:
    low = s.lower()
    if "distance was" not in low and " start" not in low:  # what the two patterns need
        return
    m = _DISTANCE.search(s)
    if m and out.distance_m is None:
        raw = m.group("n").replace(",", "")
        n: Decimal | None
        try:
            n = Decimal(raw)
        except InvalidOperation:
            words = parse_int_words(raw)
            n = Decimal(words) if words is not None else None
        if n is not None:
            unit = m.group("unit").lower()
            factor = (
                Decimal(1000)
                if unit.startswith("k")
                else Decimal("1609.344")
                if unit.startswith("mile")
                else Decimal(1)
            )
            out.distance_m = Valued(n * factor, _loc(doc, p), m.group(0))
    st = _START.search(s)
    if st and out.start_type is None:
        out.start_type = Valued(f"{st.group(1).lower()} start", _loc(doc, p), st.group(0))


_HELD = re.compile(r"\b(?:held|took place|contested|competition was|competitions were)\b", re.I)
_HELD_WORDS = ("held", "took place", "contested", "competition")  # one is in every match


def _dates_sentence(doc: Document, p: Paragraph, s: str, year: int | None, out: ProseFacts) -> None:
    """``The competition was held from Monday 6 August 1928 to Wednesday 8 August 1928.``"""
    low = s.lower()
    if any(w in low for w in _HELD_WORDS) and _HELD.search(s):
        for d in parse_dates(s, year):
            if d.date is not None:
                out.dates.append(Valued(d, _loc(doc, p), s))


_WON_BY = re.compile(r"\b(?:won|taken) by (?:the )?(?P<rest>.*)$")
_TOOK_MEDAL = re.compile(
    r"\b(?:won|earned|took|taking|claimed|captured|winning|earning|claiming) "
    r"(?:the |a |an )?(?P<medal>gold|silver|bronze)\b",
    re.I,
)


def _team_medal_sentence(doc: Document, p: Paragraph, s: str, out: ProseFacts) -> None:
    """``The event was won by the United States`` / ``Switzerland earned bronze``."""
    low = s.lower()
    by = "won by " in s or "taken by " in s  # what _WON_BY needs
    if not by and "gold" not in low and "silver" not in low and "bronze" not in low:
        return  # nor a medal word for _TOOK_MEDAL: skip both scans
    loc = _loc(doc, p)
    m = _WON_BY.search(s) if by else None
    won = nations_in(m.group("rest")) if m else []
    if m and won and m.group("rest").lstrip().startswith(won[0][0]):
        out.team_medals.append(("gold", Valued(won[0][1], loc, s)))
        return
    took = _TOOK_MEDAL.search(s)
    if not took:
        return
    named = {code for _, code in nations_in(s)}
    if len(named) > 1:  # the nation that is the verb's subject: "X won", "X, who won"
        before = s[: took.start()]
        subject = [
            code
            for name, code in nations_in(before)
            if _SUBJECT_GAP.match(before[before.rfind(name) + len(name) :])
        ]
        named = set(subject[-1:])
    if len(named) == 1:
        medal: MedalKind = _MEDAL_WORDS[took.group("medal").lower()]
        out.team_medals.append((medal, Valued(named.pop(), loc, s)))


_SUBJECT_GAP = re.compile(r"^\s*(?:,\s*who\s+)?$")
_MEDAL_WORDS: dict[str, MedalKind] = {"gold": "gold", "silver": "silver", "bronze": "bronze"}


_NOTES_SECTION = re.compile(r"^notes?$|footnotes", re.I)
_RECORDS_SECTION = re.compile(r"record", re.I)


def _at_line(p: Paragraph, line: int) -> Paragraph:
    """``replace(p, line=line)``, without its look-up of the fields (once per sentence)."""
    return Paragraph(p.text, line, p.section, p.truncated, p.offsets)


def read_prose(doc: Document, kind: MarkKind | None, year: int | None = None) -> ProseFacts:
    out = ProseFacts()
    for p in doc.paragraphs:
        in_notes = any(_NOTES_SECTION.search(t) for t in p.section)
        in_records = any(_RECORDS_SECTION.search(t) for t in p.section)
        found = sentences(p.text)
        for i, (offset, s) in enumerate(found):
            if p.truncated and i == len(found) - 1:
                continue  # the file was cut inside this sentence
            line = p.line_at(offset)  # the line the sentence starts on
            at = p if line == p.line else _at_line(p, line)
            if in_notes:
                _notes_sentence(doc, at, s, out)
                continue
            _nation_sentence(doc, at, s, out)
            _count_sentence(doc, at, s, out)
            _marks_sentence(doc, at, s, kind, in_records, out)
            _distance(doc, at, s, out)
            _dates_sentence(doc, at, s, year, out)
            _team_medal_sentence(doc, at, s, out)
    return out
