"""Every data IRI olygraph mints, in one place: deterministic and readable.

The scheme (under a configurable base, default ``vocab.DEFAULT_BASE``)::

    games/1928-summer
    sport/cycling                      discipline/track-cycling
    event/1928-summer/cycling/mens-track-time-trial
    event/…/round/final                event/…/round/final/result/7
    event/…/round/final/result/7/mark/time
    event/…/medal/gold-1               event/…/record/progression-2
    athlete/den/willy-hansen           athlete/unknown/magda-julin (no NOC known)
    team/1908-summer/rowing/mens-eight/leander-club
    noc/DEN                            venue/amsterdam/olympic-stadium     city/amsterdam
    source/article/<slug>              source/cited/de-wael                source/reference/<name>
    claim/<source>/<line>-<property>[-n]   <subject>/discrepancy/<what>
    graph/olygraph                     (the graph ``olygraph load`` writes by default)
    .well-known/genid/<hash>           (a blank node of a loaded file, skolemised)

Graphs of a load in progress: ``<target>/.olygraph-stage/<time>-<random>``.

The same key always gives the same IRI; nothing depends on input order.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import URIRef

from olygraph.errors import UsageError
from olygraph.vocab import DEFAULT_BASE

_NON_WORD = re.compile(r"[^a-z0-9]+")
_APOSTROPHES = re.compile(r"['’ʼ`´]")


def fold(text: str) -> str:
    """ASCII-fold: strip diacritics (``Rodríguez`` → ``Rodriguez``), keep other characters."""
    decomposed = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    return folded.replace("ø", "o").replace("Ø", "O").replace("æ", "ae").replace("ß", "ss")


def slug(text: str) -> str:
    """Readable IRI segment: ``Men's track time trial`` → ``mens-track-time-trial``."""
    s = _APOSTROPHES.sub("", fold(text).lower())
    s = _NON_WORD.sub("-", s).strip("-")
    return s or "_"


def _code(code: str) -> str:
    """An IOC code as an IRI segment; anything that is not one is slugged, never pasted."""
    upper = code.strip().upper()
    return upper if re.fullmatch(r"[A-Z0-9]{3}", upper) else slug(code)


class Minter:
    """Mints IRIs under one base. ``Minter()`` uses the default base."""

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S*[/#]$", base):
            raise UsageError(
                f"--base: {base!r} is not an absolute IRI ending in '/' or '#' "
                "(expected e.g. https://example.org/olympics/)"
            )
        self.base = base

    def _iri(self, *segments: str) -> URIRef:
        return URIRef(self.base + "/".join(segments))

    # --- things shared across sources -------------------------------------------------------
    def games(self, year: int, season: str) -> URIRef:
        return self._iri("games", f"{year}-{season.lower()}")

    def sport(self, name: str) -> URIRef:
        return self._iri("sport", slug(name))

    def discipline(self, name: str) -> URIRef:
        return self._iri("discipline", slug(name))

    def event(self, year: int, season: str, sport: str, event: str) -> URIRef:
        return self._iri("event", f"{year}-{season.lower()}", slug(sport), slug(event))

    def noc(self, code: str) -> URIRef:
        return self._iri("noc", _code(code))

    def city(self, name: str) -> URIRef:
        return self._iri("city", slug(name))

    def venue(self, name: str, city: str | None) -> URIRef:
        return self._iri("venue", slug(city) if city else "unknown", slug(name))

    def athlete(self, name: str, noc: str | None) -> URIRef:
        return self._iri("athlete", _code(noc).lower() if noc else "unknown", slug(name))

    def team(self, event: URIRef, name: str) -> URIRef:
        rest = str(event)[len(self.base) + len("event/") :]
        return self._iri("team", rest, slug(name))

    # --- things inside an event ---------------------------------------------------------------
    @staticmethod
    def round(event: URIRef, key: str) -> URIRef:
        return URIRef(f"{event}/round/{key}")

    @staticmethod
    def result(round_iri: URIRef, row: int) -> URIRef:
        return URIRef(f"{round_iri}/result/{row}")

    @staticmethod
    def mark(owner: URIRef, key: str) -> URIRef:
        return URIRef(f"{owner}/mark/{slug(key)}")

    @staticmethod
    def medal(event: URIRef, medal: str, ordinal: int) -> URIRef:
        return URIRef(f"{event}/medal/{medal}-{ordinal}")

    @staticmethod
    def record(event: URIRef, kind: str, n: int) -> URIRef:
        return URIRef(f"{event}/record/{slug(kind)}-{n}")

    @staticmethod
    def alt_placing(event: URIRef, cited: str, n: int) -> URIRef:
        return URIRef(f"{event}/placing/{slug(cited)}-{n}")

    # --- provenance ---------------------------------------------------------------------------
    def article_source(self, key: str) -> URIRef:
        return self._iri("source", "article", slug(key))

    def cited_source(self, name: str) -> URIRef:
        return self._iri("source", "cited", slug(name))

    def reference_source(self, name: str) -> URIRef:
        return self._iri("source", "reference", slug(name))

    def claim(self, source_key: str, line: int | None, prop: str, n: int) -> URIRef:
        """``claim/<source>/<line>-<property>[-n]``: stable when other claims come and go."""
        key = f"{line or 0}-{slug(prop)}" + (f"-{n}" if n > 1 else "")
        return self._iri("claim", slug(source_key), key)

    def discrepancy(self, subject: URIRef, prop: str) -> URIRef:
        return URIRef(f"{subject}/discrepancy/{slug(prop)}")

    def unmapped(self, source_key: str, key: str, line: int) -> URIRef:
        return self._iri("source", "article", slug(source_key), "field", f"{slug(key)}-{line}")

    # --- loading into triple stores -----------------------------------------------------------
    def load_graph(self) -> URIRef:
        """The graph ``olygraph load`` replaces when no ``--graph`` is given."""
        return self._iri("graph", "olygraph")

    def stage_prefix(self, target: URIRef | None) -> str:
        """What every stage graph of a load into ``target`` (None: the default graph) starts
        with: the next load finds the stages an interrupted load left behind by it."""
        if target is None:
            return f"{self.base}graph/default/.olygraph-stage/"
        return f"{target}/.olygraph-stage/"

    def stage(self, target: URIRef | None, token: str) -> URIRef:
        """The graph a load fills before it switches ``target`` over (``token``: time-random)."""
        return URIRef(self.stage_prefix(target) + slug(token))

    def skolem(self, scope: str, label: str) -> URIRef:
        """A Skolem IRI (RDF 1.1 §3.5) for blank node ``label`` of the document ``scope``."""
        digest = hashlib.blake2b(f"{scope}\0{label}".encode(), digest_size=16).hexdigest()
        return self._iri(".well-known", "genid", digest)
