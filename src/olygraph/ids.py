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

Graphs of a load in progress: ``<target>/.olygraph-stage/<time>-<random>``; what a load wrote:
``<target>/.olygraph-manifest``.

Datasets (docs/history-model.md) get plain-string IRIs from :class:`TextMinter`, which the
streaming writers use (no rdflib term per triple)::

    source/dataset/athlete-events      athlete/athlete-events/<ID>
    source/dataset/athlete-events/games/1928-summer   …/athletes/0-9999   (graphs: N-Quads, TriG)
    event/1928-summer/cycling/mens-1000-metres-time-trial/participant/<ID>
    event/…/medal/gold-<ID>            event/…/medal/gold-<team slug>
    team/1928-summer/football/football/uruguay-uru

and, for the Wikidata profile (``olygraph.wikidata``), nodes named by a hash of their content::

    wikidata/statement/<P-id>-<sha1>       wikidata/reference/<sha1>      wikidata/value/<sha1>
    games/1928-summer/sport/cycling  (the "<sport> at the <Games>" item)  profile/wikidata
    _:sv<md5>  (an unknown value: a blank node, as the dump writes it)

and the address of an English Wikipedia article, made from its title as MediaWiki makes it
(:func:`wikipedia_article`).

The same key always gives the same IRI; nothing depends on input order.
"""

from __future__ import annotations

import hashlib
import re

from rdflib import BNode, URIRef

from olygraph.errors import UsageError
from olygraph.text import fold as fold
from olygraph.text import slug as slug
from olygraph.vocab import DEFAULT_BASE, ENWIKI_SITE

_DIGIT_COMMA = re.compile(r"(?<=[0-9]),(?=[0-9])")
#: characters that cannot appear in an IRI written as <…> (N-Triples, Turtle, RDF/XML)
#: athletes of a dataset per graph (N-Quads, TriG): IDs 0-9999, 10000-19999, …
ATHLETE_BLOCK = 10_000
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


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

    def merge(self, canonical: URIRef, merged: URIRef) -> URIRef:
        """``<canonical>/merge/<hash of the merged IRI>``: one decision node per merge."""
        return URIRef(f"{canonical}/merge/{_sha1(str(merged))[:12]}")

    def candidate_pair(self, article: URIRef, dataset: URIRef) -> URIRef:
        return self._iri("candidate", _sha1(f"{article} {dataset}")[:16])

    def unmapped(self, source_key: str, key: str, line: int) -> URIRef:
        return self._iri("source", "article", slug(source_key), "field", f"{slug(key)}-{line}")

    # --- the Wikidata profile ------------------------------------------------------------------
    # Wikibase names statement, reference and value nodes by a hash; olygraph's items are not
    # Wikidata items, so these nodes live under our base, named by a hash of their content:
    # the same statement, reference or value always gets the same IRI.
    def wb_statement(self, pid: str, content: str) -> URIRef:
        """A Wikibase statement node: ``wikidata/statement/<P-id>-<sha1 of its content>``."""
        return self._iri("wikidata", "statement", f"{_pid(pid)}-{_sha1(content)}")

    def wb_reference(self, content: str) -> URIRef:
        """A Wikibase reference node, shared by every statement with the same reference."""
        return self._iri("wikidata", "reference", _sha1(content))

    def wb_value(self, content: str) -> URIRef:
        """A Wikibase full value node (quantity or time), shared like Wikibase's ``wdv:``."""
        return self._iri("wikidata", "value", _sha1(content))

    @staticmethod
    def unknown_value(key: str) -> BNode:
        """An unknown value ("some value"): a blank node, as the Wikibase dump writes one per
        snak (``_:<md5>``); ours ``_:sv<md5 of key>`` (a label must not start with a digit in
        RDF/XML; labels carry no meaning). ``olygraph load`` skolemises it."""
        return BNode("sv" + hashlib.md5(key.encode("utf-8"), usedforsecurity=False).hexdigest())

    def sport_at_games(self, games: URIRef, sport: URIRef) -> URIRef:
        """The "<sport> at the <Games>" item between an event and its Games (Wikidata's
        ``part of`` chain): ``games/<games>/sport/<sport>``, from the two IRIs' last segments."""
        return URIRef(f"{games}/sport/{str(sport).rstrip('/').rsplit('/', 1)[-1]}")

    def profile_graph(self, name: str) -> URIRef:
        """The named graph that holds a profile of the data: ``profile/wikidata``."""
        return self._iri("profile", slug(name))

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

    def lease(self, target: URIRef | None) -> URIRef:
        """The graph holding the lease of the load that is writing ``target`` (see
        :mod:`olygraph.load.lease`); not under :meth:`stage_prefix`, so never taken for a stage."""
        if target is None:
            return URIRef(f"{self.base}graph/default/.olygraph-lease")
        return URIRef(f"{target}/.olygraph-lease")

    def manifest(self, target: URIRef | None) -> URIRef:
        """Where a load into ``target`` lists what it wrote (``olygraph.load.manifest``)."""
        if target is None:
            return URIRef(f"{self.base}graph/default/.olygraph-manifest")
        return URIRef(f"{target}/.olygraph-manifest")

    def stage(self, target: URIRef | None, token: str) -> URIRef:
        """The graph a load fills before it switches ``target`` over (``token``: time-random)."""
        return URIRef(self.stage_prefix(target) + slug(token))

    def skolem(self, scope: str, label: str) -> URIRef:
        """A Skolem IRI (RDF 1.1 §3.5) for blank node ``label`` of the document ``scope``."""
        digest = hashlib.blake2b(f"{scope}\0{label}".encode(), digest_size=16).hexdigest()
        return self._iri(".well-known", "genid", digest)


#: what MediaWiki's wfUrlencode leaves unescaped: PHP's rawurlencode keeps ``A-Za-z0-9-_.~``,
#: then wfUrlencode puts back ``; @ $ ! * ( ) , / ~ :``
_WF_SAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~;@$!*(),/:")


def wikipedia_article(title: str, site: str = ENWIKI_SITE) -> URIRef:
    """The address of the article ``title``, as MediaWiki makes it: spaces become underscores,
    then wfUrlencode (UTF-8 percent-encoding, upper-case hex, of everything but letters,
    digits, ``-_.~`` and ``;@$!*(),/:``), under ``<site>wiki/``."""
    encoded = "".join(
        ch if ch in _WF_SAFE else "".join(f"%{b:02X}" for b in ch.encode("utf-8"))
        for ch in title.strip().replace(" ", "_")
    )
    return URIRef(f"{site}wiki/{encoded}")


def _sha1(content: str) -> str:
    return hashlib.sha1(content.encode("utf-8"), usedforsecurity=False).hexdigest()


def _pid(pid: str) -> str:
    if not re.fullmatch(r"P[1-9][0-9]*", pid):
        raise ValueError(f"not a Wikidata property id: {pid!r}")
    return pid


# --- datasets: IRIs as plain strings ----------------------------------------------------------


def dataset_slug(file_name: str) -> str:
    """The slug of a dataset file: ``athlete_events.csv.gz`` → ``athlete-events``."""
    name = file_name.removesuffix(".gz").removesuffix(".csv")
    return slug(name)


def dataset_event_slug(sport: str, event: str) -> str:
    """The event segment of a dataset event: the Event column without its leading sport name
    and with commas between digits dropped (``Cycling Men's 1,000 metres Time Trial`` in
    Cycling → ``mens-1000-metres-time-trial``)."""
    name = event[len(sport) + 1 :] if event.startswith(sport + " ") else event
    return slug(_DIGIT_COMMA.sub("", name))


class TextMinter:
    """The dataset IRIs of docs/history-model.md as ``str``, for the streaming writers.

    ``URIRef`` of each equals what an rdflib mapping of the same row would mint; they are plain
    strings because the exporter writes millions of them and caches the shared ones.
    """

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        self.base = Minter(base).base
        if _NOT_IN_IRI.search(self.base):
            raise UsageError(
                f"--base: {base!r} holds a character that is not allowed in an IRI "
                '(space, <, >, ", {, }, |, ^, ` or \\)'
            )

    def dataset_source(self, file_name: str) -> str:
        return f"{self.base}source/dataset/{dataset_slug(file_name)}"

    def games(self, year: str, season: str) -> str:
        return f"{self.base}games/{year}-{season.lower()}"

    @staticmethod
    def games_graph(source: str, year: str, season: str) -> str:
        """One Games of a dataset (N-Quads, TriG): ``<source>/games/<year>-<season>``."""
        return f"{source}/games/{year}-{season.lower()}"

    @staticmethod
    def athletes_graph(source: str, athlete_id: str) -> str:
        """The graph of the athletes of a dataset whose IDs share a block of 10,000:
        ``<source>/athletes/<first>-<last>`` (``athletes/0-9999``)."""
        first = int(athlete_id) // ATHLETE_BLOCK * ATHLETE_BLOCK
        return f"{source}/athletes/{first}-{first + ATHLETE_BLOCK - 1}"

    def city(self, name: str) -> str:
        return f"{self.base}city/{slug(name)}"

    def sport(self, name: str) -> str:
        return f"{self.base}sport/{slug(name)}"

    def noc(self, code: str) -> str:
        return f"{self.base}noc/{_code(code)}"

    def event(self, year: str, season: str, sport: str, event: str) -> str:
        path = f"{year}-{season.lower()}/{slug(sport)}/{dataset_event_slug(sport, event)}"
        return f"{self.base}event/{path}"

    def athlete(self, table: str, athlete_id: str) -> str:
        """``athlete/<table>/<ID>``: ``table`` is the kind of table (``athlete-events``), not
        the file name, so a slice and the whole file give an athlete the same IRI."""
        return f"{self.base}athlete/{table}/{athlete_id}"

    def team(self, event_iri: str, team_slug: str) -> str:
        """``team/<event path>/<team slug>``; the slug is :meth:`team_slug` (cached by callers:
        a few thousand teams share a few hundred names)."""
        rest = event_iri[len(self.base) + len("event/") :]
        return f"{self.base}team/{rest}/{team_slug}"

    @staticmethod
    def team_slug(team: str, noc: str) -> str:
        """``slug(Team + " " + NOC)``: ``Denmark/Sweden`` of DEN → ``denmark-sweden-den``."""
        return slug(f"{team} {noc}")

    @staticmethod
    def participant(event_iri: str, athlete_id: str) -> str:
        return f"{event_iri}/participant/{athlete_id}"

    @staticmethod
    def award(event_iri: str, medal: str, winner: str) -> str:
        """``…/medal/<gold|silver|bronze>-<ID or team slug>``."""
        return f"{event_iri}/medal/{medal}-{winner}"
