"""Event names made comparable: ``event_key(sport, name, gender)``.

Articles and the history CSV name the same event differently::

    article: Men's 100 metres            CSV: Athletics Men's 100 metres
    article: Ladies' singles             CSV: Figure Skating Women's Singles
    article: Women's 100 metre freestyle CSV: Swimming Women's 100 metres Freestyle
    article: Men's foil                  CSV: Fencing Men's Foil, Individual

:func:`event_key` reduces a name to what identifies the event within its Games and sport:

- case and diacritics folded, apostrophes dropped, punctuation and hyphens made spaces;
- the sport's name removed wherever it stands (``Cycling Men's …``, ``… figure skating``);
- a gender: ``men``/``men's``/``male`` → men; ``women``/``ladies``/``female`` → women;
  ``mixed``; ``open`` when no other gender word is there (``Women's 10 km Open Water`` is
  women's, and ``open`` stays a word); none when the name has none; two genders make mixed;
- distances in metres: ``1,000 metres`` = ``1000 m`` = ``1 km`` = ``1 kilometre`` → ``1000m``;
  ``100 metre`` = ``100 m`` → ``100m``; relays ``4 × 100 metres`` = ``4x100 m`` → ``4x100m``;
  miles and yards keep their unit (``5mi``), other units too (``62kg``);
- stop words dropped (``the``, ``of``, ``and``, ``individual`` — an event is individual unless it
  says ``team`` —, …) and word order ignored (a set of words).

Two keys *fit* when words and distances are equal and the genders are equal or one is unknown.
Normalisation never guesses beyond that: ``Men's track time trial`` does not fit ``1,000 metres
Time Trial`` (``track`` has no counterpart, and dropping it would also fit the road ``Individual
Time Trial`` of later Games); the alias table says so instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from olygraph.text import fold

__all__ = ["EventKey", "event_key"]

_GENDERS = {
    "men": "men",
    "mens": "men",
    "male": "men",
    "women": "women",
    "womens": "women",
    "ladies": "women",
    "lady": "women",
    "female": "women",
    "mixed": "mixed",
    "open": "open",
}
_STOP = frozenset(
    {"the", "of", "a", "an", "and", "at", "in", "on", "for", "s", "individual", "event", "olympics"}
)
_UNIT = r"(km|kilomet(?:re|er)s?|m|met(?:re|er)s?|mi|miles?|yd|yards?|kg|kilograms?|cm|mm)(?![a-z])"
_NUMBER = r"(\d+(?:\.\d+)?)"
_WORDS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "ten": "10"}
_RELAY = re.compile(rf"\b{_NUMBER}\s*[x×]\s*{_NUMBER}\s*(?:{_UNIT})?")
_DISTANCE = re.compile(rf"\b{_NUMBER}\s*{_UNIT}")
_NUMBER_WORD = re.compile(rf"\b({'|'.join(_WORDS)})\s+(?={_UNIT})")
_THOUSANDS = re.compile(r"(?<=\d)[, ](?=\d{3}\b)")
_APOSTROPHES = re.compile(r"['’ʼ`´‘]")
_NON_WORD = re.compile(r"[^a-z0-9.]+")
_METRES = {"km": Decimal(1000), "m": Decimal(1)}


def _unit(text: str) -> str:
    t = text.lower()
    if t.startswith("k") and t != "kg" and not t.startswith("kilog"):
        return "km"
    if t in ("m",) or t.startswith("met"):
        return "m"
    if t.startswith("mi"):
        return "mi"
    if t.startswith("y"):
        return "yd"
    if t.startswith("kilog") or t == "kg":
        return "kg"
    return t


def _amount(number: str, unit: str | None) -> str:
    """``1`` km → ``1000m``; ``100`` m → ``100m``; ``5`` miles → ``5mi``; unitless → metres."""
    u = _unit(unit) if unit else "m"
    value = Decimal(number)
    if u in _METRES:
        value, u = value * _METRES[u], "m"
    text = format(value.normalize(), "f")
    return f"{text}{u}"


@dataclass(frozen=True, slots=True)
class EventKey:
    """What identifies an event within its Games and sport: gender, distances, other words."""

    gender: str | None
    distances: frozenset[str]
    words: frozenset[str]

    @property
    def all(self) -> frozenset[str]:
        """Everything, gender included: for exact comparisons (alias rows)."""
        return self.words | self.distances | ({f"gender:{self.gender}"} if self.gender else set())

    def fits(self, other: EventKey) -> bool:
        """Same words and distances; genders equal or one unknown (``open`` = ``mixed``)."""
        if self.words != other.words or self.distances != other.distances:
            return False
        if self.gender is None or other.gender is None:
            return True
        return self.gender == other.gender or {self.gender, other.gender} == {"open", "mixed"}

    def with_distance(self, metres: Decimal) -> EventKey:
        """This key with a distance taken from elsewhere (the article's facts), when it names
        none itself."""
        if self.distances:
            return self
        return replace(self, distances=frozenset({_amount(str(metres), "m")}))

    def __str__(self) -> str:
        parts = sorted(self.distances) + sorted(self.words)
        return f"{self.gender or '?'}: {' '.join(parts)}"


def event_key(sport: str, name: str, gender: str | None = None) -> EventKey:
    """The :class:`EventKey` of an event ``name`` of ``sport``; ``gender`` (``men``, ``women``,
    ``mixed``) is used when the name states none."""
    s = _APOSTROPHES.sub("", fold(name).lower()).replace("×", "x")
    sport_words = _NON_WORD.sub(" ", _APOSTROPHES.sub("", fold(sport).lower())).split()
    s = _THOUSANDS.sub("", s)
    s = re.sub(r"(?<=\d)-(?=[a-z])", " ", s)  # 3-metre → 3 metre
    s = _NUMBER_WORD.sub(lambda m: _WORDS[m.group(1)] + " ", s)
    distances: set[str] = set()

    def relay(m: re.Match[str]) -> str:
        distances.add(f"{m.group(1)}x{_amount(m.group(2), m.group(3))}")
        return " "

    def distance(m: re.Match[str]) -> str:
        distances.add(_amount(m.group(1), m.group(2)))
        return " "

    s = _DISTANCE.sub(distance, _RELAY.sub(relay, s))
    tokens = [t.strip(".") for t in _NON_WORD.sub(" ", s).split()]
    if sport_words:  # the sport's name, wherever it stands
        n = len(sport_words)
        i = 0
        kept: list[str] = []
        while i < len(tokens):
            if tokens[i : i + n] == sport_words:
                i += n
                continue
            kept.append(tokens[i])
            i += 1
        tokens = kept
    found = {_GENDERS[t] for t in tokens if t in _GENDERS and t != "open"}
    stated = next(iter(found)) if len(found) == 1 else ("mixed" if found else None)
    if stated is None and "open" in tokens:
        stated = "open"
    gendered = {t for t in _GENDERS if t != "open" or stated == "open"}
    words = frozenset(t for t in tokens if t and t not in gendered and t not in _STOP)
    return EventKey(stated or gender, frozenset(distances), words)
