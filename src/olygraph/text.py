"""Text keys shared by every stage: names folded to ASCII and slugged for IRIs and lookups.

No RDF here: readers and extractors use these as plain string functions; :mod:`olygraph.ids`
builds IRI segments from them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[^a-z0-9]+")
_APOSTROPHES = re.compile(r"['’ʼ`´]")


def fold(text: str) -> str:
    """ASCII-fold: strip diacritics (``Rodríguez`` → ``Rodriguez``), keep other characters."""
    if text.isascii():  # most text: nothing to decompose or replace
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    return folded.replace("ø", "o").replace("Ø", "O").replace("æ", "ae").replace("ß", "ss")


@lru_cache(maxsize=1 << 13)  # names recur: every row of an athlete, every claim of a source
def slug(text: str) -> str:
    """Readable IRI segment: ``Men's track time trial`` → ``mens-track-time-trial``."""
    s = _APOSTROPHES.sub("", fold(text).lower())
    s = _NON_WORD.sub("-", s).strip("-")
    return s or "_"
