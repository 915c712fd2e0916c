"""Names in running text: sentences, person-like names and nations."""

from __future__ import annotations

import re

from olygraph import reference

_UPPER = "A-ZÀ-ÖØ-ÞŁŚŠŽČŘ"
_TOKEN = rf"[{_UPPER}][\w'’.-]*"
_PARTICLE = r"(?:van|von|de|der|den|da|di|du|le|la|del|dos|das|ter|ten|af|zu|y|e|of the)"
NAME = rf"{_TOKEN}(?:\s+(?:{_PARTICLE}\s+)*{_TOKEN})*"
NAME_RE = re.compile(NAME)
# the mark first, then what may not precede it (the same test as lookbehinds before the mark,
# tried only where there is a mark)
_SENTENCE_END = re.compile(
    r"[.!?](?<![A-Z].)(?<!\bSt.)(?<!\bJr.)(?<!\bSr.)(?<!\bMr.)(?<!\bDr.)(?=\s+[\"“A-Z0-9])"
)
_STOP = {
    "The",
    "This",
    "That",
    "These",
    "Those",
    "It",
    "Its",
    "He",
    "She",
    "His",
    "Her",
    "They",
    "Their",
    "In",
    "At",
    "On",
    "A",
    "An",
    "After",
    "Before",
    "Unlike",
    "There",
    "Although",
    "Despite",
    "Both",
    "Each",
    "Olympic",
    "Olympics",
    "Games",
    "World",
    "Summer",
    "Winter",
    "Official",
    "Report",
    "UCI",
    "IOC",
    "International",
    "Committee",
    "Union",
    "Championship",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Men",
    "Women",
    "Ladies",
    "Twelve",
    "Seven",
    "Sixteen",
    "Four",
    "First",
    "Second",
    "Third",
    "Final",
    "Gold",
    "Silver",
    "Bronze",
    "European",
    "Grand",
}


def sentences(text: str) -> list[tuple[int, str]]:
    """The sentences of a paragraph with the offset each starts at."""
    parts: list[tuple[int, str]] = []
    start = 0
    for m in [*_SENTENCE_END.finditer(text), None]:
        end = m.end() if m else len(text)
        chunk = text[start:end]
        if chunk.strip():
            parts.append((start + len(chunk) - len(chunk.lstrip()), chunk.strip()))
        start = end
    return parts


def is_nation_word(word: str) -> bool:
    return bool(reference.noc_for_name(word) or reference.noc_for_demonym(word))


def names_in(sentence: str) -> list[str]:
    """Person-like names: capitalised runs, trimmed of stop words, nations and demonyms."""
    found: list[str] = []
    for m in NAME_RE.finditer(sentence):
        tokens = m.group(0).rstrip(".,;:'’").split()
        while tokens and (tokens[0] in _STOP or is_nation_word(tokens[0])):
            tokens = tokens[1:]
        while tokens and (tokens[-1] in _STOP or is_nation_word(tokens[-1])):
            tokens = tokens[:-1]
        if not tokens or any(t in _STOP for t in tokens) or is_nation_word(" ".join(tokens)):
            continue
        found.append(" ".join(tokens))
    return found


def nations_in(text: str) -> list[tuple[str, str]]:
    """Nations named in a text, as (name as written, IOC code), in order."""
    found: list[tuple[str, str]] = []
    for m in NAME_RE.finditer(text):
        name = re.sub(r"^The\s+", "", m.group(0).rstrip(".,;:'’"))
        code = reference.noc_for_name(name)
        if code is None:
            continue
        found.append((name, code))
    return found
