"""Marks (times, distances, weights, points) as articles write them (ranks: ``read.ranks``).

Nothing here raises on odd input: a cell that is not a mark gives ``None``.

``parse_mark`` semantics, in the order they are applied:

- blank text → ``None``;
- a lone dash (``—``, ``–``, ``-``, ``―``, ``−``) → ``Mark(text)`` with no value, unit, status or
  annotation: "no result given"; callers treat it like a blank cell;
- a status word anywhere in the cell → ``Mark(text, status=…)`` and no value: ``DNF DNS DSQ DQ DNA``
  (any case), ``WD NM`` (upper case), ``AC NR`` (upper case, only when the cell has no digit,
  because ``10.8 NR`` is a national record), and the phrases "did not finish" (DNF), "did not
  start" (DNS), "disqualified" (DSQ), "withdrew"/"withdrawn" (WD), "no mark" (NM);
- otherwise the cell must read as at most one number plus known annotations, in any order:
  record codes (``WR OR NR =OR …``), qualification codes (``Q q QA (Q) …``), footnote marks
  (``*`` ``†`` ``(*)`` ``[a]`` ``^{*}``), the phrase "did not advance" (an annotation, not the
  ``DNA`` status), and, when the cell has a number, any parenthesised text (kept verbatim, e.g.
  an imperial conversion). Anything else → ``None`` (a name is not a mark). A cell of known
  annotations only (``Q``, ``=OR``, ``Did not advance``) → ``Mark(text, annotations=…)`` without
  a value. ``1 minute, 14.4 seconds`` as a whole cell is read as a time.

Numbers: ``a:b:c`` is h:mm:ss(.f), ``a:b`` is m:ss(.f) (seconds and minutes parts < 60, two
digits), plain decimals (``10.3``, ``148``, ``4,876``), old fractional seconds (``11 4/5``,
``11⅘``), ``23 ft 4 in`` (converted exactly to metres). Values are exact ``Decimal``: ``1:14.4`` →
``Decimal("74.4")``, ``148`` stays ``Decimal("148")`` and ``182.10`` stays ``Decimal("182.10")``.
Unit: a colon form is seconds; an explicit unit wins (``s``/``sec``/``seconds``, ``m``/``metres``,
``km``, ``kg``/``kilograms``, ``pt``/``pts``/``points``); else the ``kind`` decides; else ``None``.
A mark that contradicts ``kind`` (``1:14.4`` with kind ``"points"``, ``7.35 m`` with kind
``"time"``) → ``None``. ``Mark.text`` is always the stripped original text.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from decimal import Decimal
from typing import Literal, get_args

from olygraph.facts import Mark, Status, Unit

MarkKind = Literal["time", "distance", "points", "weight"]

__all__ = ["MarkKind", "find_prose_marks", "parse_mark", "parse_prose_mark"]

_KIND_UNIT: dict[str, Unit] = {"time": "s", "distance": "m", "points": "pt", "weight": "kg"}
SPACES = str.maketrans({"\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " "})
DASH_ONLY = re.compile(r"[—–\-―−]+")

# --- statuses -------------------------------------------------------------------------------
_STATUS_PHRASES: tuple[tuple[re.Pattern[str], Status], ...] = (
    (re.compile(r"\bdid\s+not\s+finish\b", re.I), "DNF"),
    (re.compile(r"\bdid\s+not\s+start\b", re.I), "DNS"),
    (re.compile(r"\bdisqualified\b", re.I), "DSQ"),
    (re.compile(r"\bwithdr(?:ew|awn)\b", re.I), "WD"),
    (re.compile(r"\bno\s+mark\b", re.I), "NM"),
)
_STATUS_ANY_CASE = re.compile(r"(?<![A-Za-z])(DNF|DNS|DSQ|DQ|DNA)(?![A-Za-z])", re.I)
_STATUS_UPPER = re.compile(r"(?<![A-Za-z])(WD|NM)(?![A-Za-z])")
_STATUS_NO_DIGIT = re.compile(r"(?<![A-Za-z])(AC|NR)(?![A-Za-z])")
_STATUSES: dict[str, Status] = {s: s for s in get_args(Status)}


def find_status(text: str) -> Status | None:
    for pattern, status in _STATUS_PHRASES:
        if pattern.search(text):
            return status
    m = _STATUS_ANY_CASE.search(text) or _STATUS_UPPER.search(text)
    if m is None and not any(ch.isdigit() for ch in text):
        m = _STATUS_NO_DIGIT.search(text)
    return _STATUSES[m.group(1).upper()] if m else None


# --- the number at the heart of a mark ----------------------------------------------------------
_FRAC = r"(?:\s*(?P<vf>[½¼¾⅕⅖⅗⅘⅛⅜⅝⅞⅒])|[\s+](?P<fn>\d)\s*[/⁄]\s*(?P<fd>\d{1,2}))?"
_END = r"(?![\d:]|[.,]\d)"
_CORES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("hms", re.compile(rf"(?P<h>\d{{1,4}}):(?P<m>\d\d):(?P<s>\d\d(?:\.\d+)?){_FRAC}{_END}")),
    ("ms", re.compile(rf"(?P<m>\d{{1,4}}):(?P<s>\d\d(?:\.\d+)?){_FRAC}{_END}")),
    (
        "ftin",
        re.compile(
            rf"(?P<ft>\d{{1,4}})\s*(?:ft|feet|′)\s*(?:(?P<inch>\d+(?:\.\d+)?){_FRAC}"
            r"\s*(?:in|inches|″))?(?![A-Za-z])"
        ),
    ),
    ("num", re.compile(rf"(?P<n>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?){_FRAC}{_END}")),
)
_UNIT = re.compile(
    r"\s*(?P<u>seconds?|secs?|s|metres?|meters?|m|km|kilograms?|kgs?|points?|pts?)(?![A-Za-z])"
)

_UNIT_BY_INITIAL: dict[str, Unit] = {"s": "s", "m": "m", "k": "kg", "p": "pt"}


def _unit_word(word: str) -> Unit:
    """The unit a unit word names (``km`` is metres; the caller scales the value)."""
    w = word.lower()
    if w == "km":
        return "m"
    return _UNIT_BY_INITIAL[w[0]]


# --- annotations ----------------------------------------------------------------------------
_RECORD = r"=?(?:WJR|WR|OR|NR|AR|ER|CR|GR|JR|WB|OB|NB|PB|SB|WL|EL)"
_QUAL = r"QA|QB|QF|QS|qA|qB|Q|q|R|SO|F[A-F]|S[A-D](?:/[A-D])?"
_ANNOTATIONS: tuple[tuple[re.Pattern[str], bool], ...] = (  # (pattern, known token?)
    (re.compile(rf"(?P<a>{_RECORD}|{_QUAL}|h|w|A|=)(?![A-Za-z])"), True),
    (re.compile(r"(?P<a>[*†‡#§¶]+)"), True),
    (re.compile(r"(?P<a>did\s+not\s+advance)\b", re.I), True),
    (re.compile(r"\((?P<a>[^()]*)\)"), False),
    (re.compile(r"\^\{(?P<a>[^{}]*)\}"), False),
    (re.compile(r"(?P<a>\[[^\[\]]*\])"), False),
)
_KNOWN = re.compile(rf"(?:{_RECORD}|{_QUAL}|h|w|A|=|[*†‡#§¶]+|did not advance)")
_SEPARATORS = re.compile(r"[\s,;/]+")


def _fraction(m: re.Match[str]) -> Decimal | None:
    """The fractional part written after a number (``⅘``, `` 4/5``); None when there is none.

    Only fractions that are exact decimals (denominators 2^a·5^b) are accepted; others raise
    ``ValueError`` so the whole mark is rejected.
    """
    if m.group("vf"):
        return Decimal(str(unicodedata.numeric(m.group("vf"))))  # ⅘ → 0.8, exact
    if m.group("fn"):
        num, den = int(m.group("fn")), int(m.group("fd"))
        rest = den
        for p in (2, 5):
            while rest and rest % p == 0:
                rest //= p
        if den == 0 or rest != 1 or num >= den:
            raise ValueError("not an exact fraction")
        return Decimal(num) / Decimal(den)
    return None


def _core_value(kind: str, m: re.Match[str]) -> Decimal:
    """The value of a matched core; ``ValueError`` when a part is out of range."""
    extra = _fraction(m) or Decimal(0)
    if kind in ("hms", "ms"):
        seconds = Decimal(m.group("s")) + extra
        minutes = int(m.group("m"))
        if seconds >= 60 or (kind == "hms" and minutes >= 60):
            raise ValueError("out of range")
        hours = int(m.group("h")) if kind == "hms" else 0
        return Decimal(hours * 3600 + minutes * 60) + seconds
    if kind == "ftin":
        inches = Decimal(m.group("inch")) + extra if m.group("inch") else Decimal(0)
        return Decimal(m.group("ft")) * Decimal("0.3048") + inches * Decimal("0.0254")
    number = Decimal(m.group("n").replace(",", ""))
    return number + extra if m.group("vf") or m.group("fn") else number


def _resolve_unit(
    core: str, explicit: str | None, kind: MarkKind | None
) -> Unit | Literal[False] | None:
    """The unit of a mark, or False when the mark contradicts ``kind`` or its own form."""
    wanted = _KIND_UNIT.get(kind) if kind else None
    unit: Unit | None
    if core in ("hms", "ms"):
        unit = "s"
        if explicit and _unit_word(explicit) != "s":
            return False
    elif core == "ftin":
        unit = "m"
    elif explicit:
        unit = _unit_word(explicit)
    else:
        unit = wanted
    if wanted is not None and unit != wanted:
        return False
    return unit


NON_ASCII_DIGIT = re.compile(r"(?![0-9])\d")


@functools.lru_cache(maxsize=1 << 12)  # the result is frozen; cells and sentences repeat marks
def parse_mark(text: str, kind: MarkKind | None = None) -> Mark | None:
    """Read a mark cell. See the module docstring for the exact rules."""
    raw = text.strip()
    if not raw or NON_ASCII_DIGIT.search(raw):
        return None
    work = raw.translate(SPACES)
    if DASH_ONLY.fullmatch(work):
        return Mark(raw)
    status = find_status(work)
    if status is not None:
        return Mark(raw, status=status)
    value: Decimal | None = None
    unit: Unit | None = None
    core_seen = False
    annotations: list[str] = []
    all_known = True
    pos = 0
    while pos < len(work):
        sep = _SEPARATORS.match(work, pos)
        if sep:
            pos = sep.end()
            continue
        step = _scan_core(work, pos, kind) if not core_seen else None
        if step is not None:
            if step is False:
                return None
            pos, value, unit = step
            core_seen = True
            continue
        for pattern, known in _ANNOTATIONS:
            m = pattern.match(work, pos)
            if m:
                note = " ".join(m.group("a").split())
                if note.lower() == "did not advance":
                    note = note.lower()
                if note:
                    annotations.append(note)
                    all_known = all_known and (known or bool(_KNOWN.fullmatch(note)))
                pos = m.end()
                break
        else:
            return _whole_prose_time(raw, work, kind)
    if not core_seen and (not annotations or not all_known):
        return None
    return Mark(raw, value, unit, None, tuple(annotations))


def _scan_core(
    work: str, pos: int, kind: MarkKind | None
) -> tuple[int, Decimal, Unit | None] | Literal[False] | None:
    """The number of a mark at ``pos``: (end, value, unit); False if invalid; None if absent."""
    for core, pattern in _CORES:
        m = pattern.match(work, pos)
        if m is None:
            continue
        try:
            value = _core_value(core, m)
        except (ValueError, ArithmeticError):
            return False
        end = m.end()
        explicit: str | None = None
        u = _UNIT.match(work, end) if core != "ftin" else None
        if u:
            explicit, end = u.group("u"), u.end()
            if explicit.lower() == "km":
                value *= 1000
        unit = _resolve_unit(core, explicit, kind)
        if unit is False:
            return False
        return end, value, unit
    return None


# --- prose ----------------------------------------------------------------------------------
# fmt: off
_PROSE: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("words", re.compile(
        r"(?<![\d.])(?:(?P<h>\d{1,4})\s*(?:hours?|hrs?)\b[\s,]*(?:and\s+)?)?"
        r"(?:(?P<m>\d{1,4})\s*(?:minutes?|mins?)\b[\s,]*(?:and\s+)?)?"
        r"(?P<s>\d+(?:\.\d+)?)\s*(?:seconds?|secs?)\b", re.I)),
    ("colon", re.compile(
        r"(?<![\d:.])(?:\d{1,4}:)?\d{1,4}:\d\d(?P<f>\.\d+)?(?![\d:]|\.\d)"
        r"(?!\s*(?:[ap]\.?m\b|[ap]\.m\.|hours?\b|h\b|o'clock))", re.I)),
    ("kg", re.compile(r"(?<![\d.])(?P<n>\d+(?:\.\d+)?)\s*(?:kilograms?|kg)\b", re.I)),
    ("m", re.compile(r"(?<![\d.])(?P<n>\d+\.\d+)\s*(?:metres?|meters?|m)\b", re.I)),
    ("pt", re.compile(r"(?<![\d.])(?P<n>\d+\.\d+)\s*(?:points?|pts)\b", re.I)),
)
# fmt: on
_CLOCK_CUE = re.compile(r"\b(?:at|from|until|till|by|before|after)\s*$", re.I)


def find_prose_marks(text: str) -> tuple[tuple[int, int, Mark], ...]:
    """Every mark stated in running text, as ``(start, end, mark)`` spans in text order.

    Recognised: ``1 minute, 14.4 seconds``, ``14.4 seconds``, ``1 hour 2 minutes 3 sec``, colon
    times (``at 1:16.0``, ``7:52``), ``57.0 kilograms``, and decimal ``7.35 metres`` / ``182.10
    points``. A colon time that reads like a clock time is skipped: one followed by a.m./p.m./
    hours, or a ``hh:mm`` without decimals after "at", "from", "until" … (``at 19:00``).
    ``Mark.text`` is the matched span. Overlapping hits keep the earliest, then the longest.
    """
    hits: list[tuple[int, int, Mark]] = []
    for name, pattern in _PROSE:
        for m in pattern.finditer(text):
            mark = _prose_hit(name, m)
            if mark is not None:
                hits.append((m.start(), m.end(), mark))
    hits.sort(key=lambda h: (h[0], -h[1]))
    out: list[tuple[int, int, Mark]] = []
    for hit in hits:
        if not out or hit[0] >= out[-1][1]:
            out.append(hit)
    return tuple(out)


def _prose_hit(name: str, m: re.Match[str]) -> Mark | None:
    span = m.group(0)
    if name == "colon":
        clock = not m.group("f") and span.count(":") == 1
        if clock and _CLOCK_CUE.search(m.string, 0, m.start()):
            return None
        return parse_mark(span, "time")
    if name != "words":
        unit: Unit = "kg" if name == "kg" else ("m" if name == "m" else "pt")
        return Mark(span, Decimal(m.group("n")), unit)
    seconds = Decimal(m.group("s"))
    minutes = int(m.group("m")) if m.group("m") else 0
    if ((m.group("m") or m.group("h")) and seconds >= 60) or (m.group("h") and minutes >= 60):
        return None
    hours = int(m.group("h")) if m.group("h") else 0
    return Mark(span, Decimal(hours * 3600 + minutes * 60) + seconds, "s")


def _whole_prose_time(raw: str, work: str, kind: MarkKind | None) -> Mark | None:
    """``1 minute, 14.4 seconds`` as a whole cell: a time, unless ``kind`` says otherwise."""
    m = _PROSE[0][1].fullmatch(work)
    mark = _prose_hit("words", m) if m and kind in (None, "time") else None
    return Mark(raw, mark.value, mark.unit) if mark else None


def parse_prose_mark(text: str) -> Mark | None:
    """The first mark stated in running text (see :func:`find_prose_marks`), or None."""
    hits = find_prose_marks(text)
    return hits[0][2] if hits else None
