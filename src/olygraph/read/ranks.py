"""Rank cells (``1``, ``=6``, ``4–15``, ``DNF``) and small counts (``16``, ``Sixteen``)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from olygraph.facts import Status
from olygraph.read.marks import DASH_ONLY, NON_ASCII_DIGIT, SPACES, find_status

__all__ = ["RankInfo", "parse_int_words", "parse_rank"]


# --- ranks ----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class RankInfo:
    """A rank cell as read. ``rank_to`` is set for a band (``4–15``: rank 4, rank_to 15).

    ``tied`` marks an explicit tie (``=6``, ``T6``, ``6=``, ``6 (tie)``); a band is not flagged
    as tied. A lone dash gives ``rank=None`` and no status; a status word gives ``status``.
    ``annotations`` keeps a qualification suffix (``1 Q`` → ``("Q",)``).
    """

    rank: int | None
    rank_to: int | None
    tied: bool
    text: str
    status: Status | None
    annotations: tuple[str, ...] = ()


_ORD = r"(?:st|nd|rd|th)?\.?"
_RANK = re.compile(
    rf"(?P<pre>=|[Tt]-?|[Tt]ied\s+)?\s*(?P<n>\d{{1,4}}){_ORD}\s*(?P<post>=|T)?"
    r"(?:\s*\(?(?P<tie>[Tt]ie|[Tt]ied)\)?)?(?:\s*\(?(?P<q>Q|q)\)?)?"
)
_BAND = re.compile(rf"(?P<a>\d{{1,4}}){_ORD}\s*(?:[–—−-]|to)\s*(?P<b>\d{{1,4}}){_ORD}")
_FOOTNOTES = re.compile(r"\[[^\[\]]*\]|\^\{[^{}]*\}|[*†‡]+$")


@functools.lru_cache(maxsize=1 << 12)  # rank cells recur: "1", "2", "DNF" in every table
def parse_rank(text: str) -> RankInfo | None:
    """Read a rank cell: ``1``, ``=6``, ``T6``, ``6=``, ``8th``, ``4–15``, ``—``, ``DNF``.

    Blank text, rank 0, an inverted band and text that is no rank (a name) give None.
    """
    raw = text.strip()
    if NON_ASCII_DIGIT.search(raw):
        return None  # ٣ or ३ is no rank in these articles
    work = _FOOTNOTES.sub("", raw.translate(SPACES)).strip()
    if not work:
        return None
    if DASH_ONLY.fullmatch(work):
        return RankInfo(None, None, False, raw, None)
    m = _RANK.fullmatch(work)
    if m:
        n = int(m.group("n"))
        tied = bool(m.group("pre") or m.group("post") or m.group("tie"))
        notes = (m.group("q"),) if m.group("q") else ()
        return RankInfo(n, None, tied, raw, None, notes) if n > 0 else None
    b = _BAND.fullmatch(work)
    if b:
        lo, hi = int(b.group("a")), int(b.group("b"))
        return RankInfo(lo, hi, False, raw, None) if 0 < lo < hi else None
    status = find_status(work)
    if status is not None and len(work) <= 20:
        return RankInfo(None, None, False, raw, status)
    return None


# --- counts in words ------------------------------------------------------------------------
# fmt: off
_ONES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen")
# fmt: on
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_WORD_VALUE = {w: i for i, w in enumerate(_ONES)} | {w: 20 + 10 * i for i, w in enumerate(_TENS)}


def _below_100(words: list[str]) -> int | None:
    values = [_WORD_VALUE.get(w) for w in words]
    if len(values) == 1:
        return values[0]
    if len(values) == 2 and values[0] is not None and values[1] is not None:
        return values[0] + values[1] if values[0] >= 20 and 0 < values[1] < 10 else None
    return None


def parse_int_words(text: str) -> int | None:
    """A whole number written in digits (``16``, ``1,200``) or in English words up to 999.

    ``Sixteen``, ``twenty-three``, ``Thirty three``, ``a hundred``, ``one hundred and five``,
    ``two hundred twenty-one``. Anything else (including ordinals) → None.
    """
    t = text.strip().translate(SPACES)
    if re.fullmatch(r"[0-9]{1,3}(?:,[0-9]{3}){1,5}|[0-9]{1,18}", t):
        return int(t.replace(",", ""))
    words = [w for w in re.split(r"[\s\-‐–]+", t.lower()) if w]
    hundreds = 0
    if "hundred" in words:
        i = words.index("hundred")
        head, words = words[:i], words[i + 1 :]
        hundreds = 1 if head == ["a"] else (_below_100(head) or 0)
        if not 0 < hundreds < 10:
            return None
        if words[:1] == ["and"] and len(words) > 1:
            words = words[1:]
        if not words:
            return hundreds * 100
    rest = _below_100(words)
    if rest is None or (hundreds and rest == 0):
        return None
    return hundreds * 100 + rest
