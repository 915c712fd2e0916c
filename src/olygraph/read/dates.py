"""Dates and clock times as articles write them. Nothing here raises on odd input.

Return shape. :func:`parse_date_spans` is the structured reader: one :class:`DateSpan` per date
or range found, in text order, each with the label the text gives it. :func:`parse_dates`
flattens the spans into ``DateValue`` s so that a range stays distinguishable from a list:

- a single date → one ``DateValue`` with its label (``""`` when none): ``6 April 1896 ,
  (first round)`` → ``DateValue(1896-04-06, 1896, "first round")``;
- a range → two ``DateValue`` s labelled ``"start"`` and ``"end"``, or ``"<label> start"`` and
  ``"<label> end"`` when the range has a label: ``5–6 August 1936`` → ``(1936-08-05, "start")``,
  ``(1936-08-06, "end")``. Separate dates never get these labels from us.

Forms read: ``5 August 1928``, ``April 10, 1896``, ``31 July, 1920``, ``Sunday, 5 August 1928``,
``5th of August 1928``, ``Aug. 5``, ISO ``1928-08-05``; ranges ``5–6 August 1936``, ``16 to 23
August 1920``, ``August 26–29, 1960``, ``30 July – 2 August 1908``, ``6 August 1928 to 8 August
1928``, ``1928–2004``; a bare year ``1928`` (``date`` None). A date without a year takes the year
of the other end of its range, else ``default_year``, else the next year written in the text;
without any it is dropped. Impossible dates (``31 February 1928``) and backwards ranges are
dropped. Labels: ``(…)`` right after a date (stray renderer commas cleaned: ``(heats &,
semifinals)`` → ``heats & semifinals``), or a ``Label:`` prefix, which holds for the following
dates until the next prefix (``Men: 1896, 1928–2004 , Women: 2000–2004``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from olygraph.facts import DateValue

__all__ = ["DateSpan", "parse_date_spans", "parse_dates", "parse_time_of_day"]


@dataclass(frozen=True, slots=True)
class DateSpan:
    """A date (``end`` None) or a range, with its label and the text it was read from.

    ``start`` and ``end`` carry the span's label too.
    """

    start: DateValue
    end: DateValue | None = None
    label: str = ""
    text: str = ""


_MONTHS = {
    m: i
    for i, names in enumerate(
        ("jan january", "feb february", "mar march", "apr april", "may", "jun june",
         "jul july", "aug august", "sep sept september", "oct october", "nov november",
         "dec december"),
        start=1,
    )
    for m in names.split()
}  # fmt: skip
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)(?![A-Za-z])\.?"
)
_WEEKDAY = (
    r"(?:(?<![A-Za-z])(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs?)?|Fri|Sat(?:ur)?|Sun)(?:day)?"
    r"(?![A-Za-z])\.?,?\s+)?"
)
_DAY = r"(?<![\d.:,/])(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
_YEAR = r"(?<!\d)\d{4}(?!\d)"
_SEP = r"\s*(?:[–—−-]|\bto\b|\buntil\b|\btill\b|\bthrough\b)\s*"


def _g(name: str, pattern: str) -> str:
    return f"(?P<{name}>{pattern})"


# Every form starts with a digit or a capital (a day, a year, a month, a weekday): the
# look-ahead lets the engine skip every other position at once (5 times faster over prose)
_DATE_RE = re.compile(
    r"(?=[\dA-Z])(?:"
    + "|".join(
        (
            # 5–6 August 1936, 16 to 23 August 1920
            rf"{_WEEKDAY}{_g('ad1', _DAY)}{_SEP}{_WEEKDAY}{_g('ad2', _DAY)}\s+{_g('am', _MONTH)}"
            rf"(?:(?:,\s*|\s+){_g('ay', _YEAR)})?",
            # August 26–29, 1960
            rf"{_WEEKDAY}{_g('bm', _MONTH)}\s+{_g('bd1', _DAY)}{_SEP}{_g('bd2', _DAY)}"
            rf"(?:(?:,\s*|\s+){_g('by', _YEAR)})?",
            # 1928-08-05
            r"(?<!\d)(?P<iy>\d{4})-(?P<im>\d\d)-(?P<id>\d\d)(?!\d)",
            # 5 August 1928, Sunday, 5 August 1928, 31 July, 1920, 9 April
            rf"{_WEEKDAY}{_g('cd', _DAY)}(?:\s+of)?\s+{_g('cm', _MONTH)}"
            rf"(?:(?:,\s*|\s+){_g('cy', _YEAR)})?",
            # April 10, 1896, April 10
            rf"{_WEEKDAY}{_g('em', _MONTH)}\s+{_g('ed', _DAY)}(?:(?:,\s*|\s+){_g('ey', _YEAR)})?",
            # a bare year
            r"(?<![\d.,:/])(?P<y>1[6-9]\d\d|20\d\d)(?![\d:]|[.,]\d)",
        )
    )
    + ")"
)
_SEP_ONLY = re.compile(_SEP)
_DIGIT = re.compile(r"\d")
_LABEL_AFTER = re.compile(r"\s*,?\s*\((?P<label>[^()]*)\)")
_LABEL_BEFORE = re.compile(r"(?:^|[,;.])\s*(?P<label>[A-Za-z][\w &'/.-]{0,38}?)\s*:\s*$")

# one written date: (day, month, year); any part may be missing
_Parts = tuple[int | None, int | None, int | None]


@dataclass(slots=True)
class _Atom:
    start: int
    end: int
    parts: list[_Parts]  # one date, or the two ends of a range
    label: str = ""


def _num(m: re.Match[str], name: str) -> int | None:
    value = m.group(name)
    if value is None:
        return None
    digits = re.match(r"\d+", value)
    return int(digits.group(0)) if digits else _MONTHS.get(value.rstrip(".").lower())


def _atom(m: re.Match[str]) -> _Atom:
    def n(name: str) -> int | None:
        return _num(m, name)

    if m.group("ad1"):
        parts = [(n("ad1"), n("am"), n("ay")), (n("ad2"), n("am"), n("ay"))]
    elif m.group("bm"):
        parts = [(n("bd1"), n("bm"), n("by")), (n("bd2"), n("bm"), n("by"))]
    elif m.group("iy"):
        parts = [(n("id"), n("im"), n("iy"))]
    elif m.group("cd"):
        parts = [(n("cd"), n("cm"), n("cy"))]
    elif m.group("em"):
        parts = [(n("ed"), n("em"), n("ey"))]
    else:
        parts = [(None, None, n("y"))]
    return _Atom(m.start(), m.end(), parts)


def _clean_label(text: str) -> str:
    text = re.sub(r"(&|\band)\s*,", r"\1", text)
    return " ".join(text.split()).strip(" ,;:")


def _make(parts: _Parts, year: int | None) -> DateValue | None:
    day, month, _ = parts
    if year is None or not 1 <= year <= 9999:
        return None
    if day is None or month is None:
        return DateValue(None, year)
    try:
        return DateValue(dt.date(year, month, day), year)
    except ValueError:
        return None


def _is_bare_year(parts: _Parts) -> bool:
    return parts[0] is None and parts[1] is None


def _resolve(
    atom: _Atom, default_year: int | None, later_year: int | None
) -> tuple[DateValue, DateValue | None] | None:
    """The date(s) an atom stands for, with years filled in; None when impossible."""
    if len(atom.parts) == 1:
        (first,) = atom.parts
        value = _make(first, first[2] or default_year or later_year)
        return (value, None) if value else None
    first, last = atom.parts
    if _is_bare_year(first) != _is_bare_year(last):
        return None
    end = _make(last, last[2] or default_year or later_year)
    start = _make(first, first[2] or (end.year if end else None))
    if start and end and start.date and end.date and start.date > end.date and first[2] is None:
        start = _make(first, start.year - 1)  # 30 December – 2 January 1909
    if start is None or end is None:
        return None
    if (start.date and end.date and start.date > end.date) or start.year > end.year:
        return None
    return start, end


def parse_date_spans(text: str, default_year: int | None = None) -> tuple[DateSpan, ...]:
    """Every date and date range in ``text``, in order, with labels (see the module docstring)."""
    if not _DIGIT.search(text):
        return ()  # every form _DATE_RE reads has a digit (a day, a year)
    atoms = [_atom(m) for m in _DATE_RE.finditer(text)]
    # two single dates joined by a range separator are one range
    merged: list[_Atom] = []
    for atom in atoms:
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and len(prev.parts) == 1
            and len(atom.parts) == 1
            and _SEP_ONLY.fullmatch(text, prev.end, atom.start)
            and _is_bare_year(prev.parts[0]) == _is_bare_year(atom.parts[0])
        ):
            merged[-1] = _Atom(prev.start, atom.end, [prev.parts[0], atom.parts[0]])
        else:
            merged.append(atom)
    later: list[int | None] = [None] * len(merged)  # the next year written after each atom
    for i in range(len(merged) - 2, -1, -1):
        written = [p[2] for p in merged[i + 1].parts if p[2]]
        later[i] = written[0] if written else later[i + 1]
    spans: list[DateSpan] = []
    sticky = ""
    for i, atom in enumerate(merged):
        gap_start = merged[i - 1].end if i else 0
        gap = text[gap_start : atom.start]
        after = _LABEL_AFTER.match(gap) if i else None
        before = _LABEL_BEFORE.search(gap[after.end() :] if after else gap)
        if before:
            sticky = _clean_label(before.group("label"))
        nxt_end = merged[i + 1].start if i + 1 < len(merged) else len(text)
        own = _LABEL_AFTER.match(text, atom.end, nxt_end)
        label = _clean_label(own.group("label")) if own else sticky
        resolved = _resolve(atom, default_year, later[i])
        if resolved is None:
            continue
        start, end = resolved
        spans.append(
            DateSpan(
                DateValue(start.date, start.year, label),
                DateValue(end.date, end.year, label) if end else None,
                label,
                text[atom.start : atom.end],
            )
        )
    return tuple(spans)


def parse_dates(text: str, default_year: int | None = None) -> tuple[DateValue, ...]:
    """Every date in ``text``; a range gives its two ends labelled start/end (module docstring)."""
    out: list[DateValue] = []
    for span in parse_date_spans(text, default_year):
        if span.end is None:
            out.append(span.start)
            continue
        prefix = f"{span.label} " if span.label else ""
        out.append(DateValue(span.start.date, span.start.year, prefix + "start"))
        out.append(DateValue(span.end.date, span.end.year, prefix + "end"))
    return tuple(out)


_CLOCK = re.compile(
    r"(?<![\d:.])(?P<h>\d{1,2})(?:(?P<sep>[:.])(?P<m>\d\d)(?::(?P<s>\d\d))?)?"
    r"(?![\d:]|\.\d)\s*(?P<ap>[ap]\.?\s?m\b\.?)?",
    re.I,
)


def parse_time_of_day(text: str) -> str | None:
    """The first clock time in ``text`` as ``HH:MM:SS``, or None.

    ``19:00`` → ``19:00:00``, ``7:30 p.m.`` → ``19:30:00``, ``9 a.m.`` → ``09:00:00``, ``12
    noon`` / ``noon`` → ``12:00:00``, ``midnight`` → ``00:00:00``. ``19.00`` and a lone number
    count only with a.m./p.m.; a mark such as ``1:14.4`` is not a clock time.
    """
    for m in _CLOCK.finditer(text):
        ap = (m.group("ap") or "").lower()
        if not ap and (m.group("m") is None or m.group("sep") == "."):
            continue
        hour, minute = int(m.group("h")), int(m.group("m") or 0)
        second = int(m.group("s") or 0)
        if ap:
            if not 1 <= hour <= 12:
                continue
            hour = hour % 12 + (12 if ap.startswith("p") else 0)
        if hour < 24 and minute < 60 and second < 60:
            return f"{hour:02d}:{minute:02d}:{second:02d}"
    if re.search(r"\bnoon\b", text, re.I):
        return "12:00:00"
    if re.search(r"\bmidnight\b", text, re.I):
        return "00:00:00"
    return None
