"""Existing Wikidata items for our entities, found at a WDQS-compatible SPARQL endpoint.

``olygraph wikidata reconcile`` (docs/wikidata-profile.md, "Reconciliation"). Never guesses:

- an event, a Games and the "<sport> at the <Games>" between them by their English Wikipedia
  sitelink (``schema:about`` of the article ``schema:isPartOf <https://en.wikipedia.org/>``
  with that ``schema:name``): an event by its article's title, a Games by its label
  ("1928 Summer Olympics"), the item between by "<Sport> at the <Games>";
- an NOC by its IOC code (``wdt:P984``): the one item with it, or, of several, the one item
  that some item has as country for sport (``wdt:P1532``: a country, not a committee);
- a sport by its English label (as written, or with a lower-case first letter), among items
  some item names as its sport (``wdt:P641``);
- an athlete only when exactly one item is a participant of a reconciled event
  (``wdt:P1344`` the event, or the event's ``wdt:P710``) with the athlete's name as English
  label or alias, and, when the athlete's NOC was reconciled, that NOC as ``wdt:P1532``.

Every other entity is listed with the reason: no item, or the items that fit (ambiguous).
Parameters are bound as RDF terms (a VALUES block, :mod:`olygraph.query.remote`), never pasted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from rdflib import Graph, Literal, URIRef

from olygraph.errors import InputError
from olygraph.ids import Minter
from olygraph.query.named import QueryDef, prepare
from olygraph.query.results import Rows, Term
from olygraph.query.run import Engine
from olygraph.vocab import DCTERMS, DEFAULT_BASE, ENWIKI_SITE, OLY, PROV, RDF, WD
from olygraph.wikidata.evidence import Data

HEADER: Final = ("olygraph", "wikidata", "how")
_QID = re.compile(r"Q[1-9][0-9]*")
_PREFIXES = """PREFIX schema: <http://schema.org/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
SITELINK: Final = _PREFIXES + (
    "SELECT DISTINCT ?item WHERE { ?article schema:about ?item ; schema:isPartOf ?site ; "
    "schema:name ?title . }"
)
IOC_CODE: Final = _PREFIXES + (
    "SELECT DISTINCT ?item ?sport WHERE { ?item wdt:P984 ?code . "
    "OPTIONAL { ?someone wdt:P1532 ?item BIND(true AS ?sport) } }"
)
SPORT: Final = _PREFIXES + (
    "SELECT DISTINCT ?item WHERE { ?item rdfs:label ?label . ?something wdt:P641 ?item . }"
)
PARTICIPANT: Final = _PREFIXES + (
    "SELECT DISTINCT ?item ?country WHERE { "
    "{ ?item wdt:P1344 ?event } UNION { ?event wdt:P710 ?item } "
    "{ ?item rdfs:label ?name } UNION { ?item skos:altLabel ?name } "
    "OPTIONAL { ?item wdt:P1532 ?country } }"
)


@dataclass(frozen=True, slots=True)
class Match:
    """One entity of ours: its Q-id (None: not matched) and how it was found, or why not."""

    iri: URIRef
    qid: str | None
    how: str


@dataclass(frozen=True, slots=True)
class Reconciliation:
    matches: tuple[Match, ...]

    @property
    def qids(self) -> dict[URIRef, str]:
        return {m.iri: m.qid for m in self.matches if m.qid is not None}

    def tsv(self) -> str:
        """``olygraph IRI<TAB>Q-id<TAB>how``; an entity without a match has an empty Q-id and
        the reason (``export --qids`` reads the matched rows)."""
        lines = ["\t".join(HEADER)]
        for m in self.matches:
            lines.append(f"{m.iri}\t{m.qid or ''}\t{_one_line(m.how)}")
        return "\n".join(lines) + "\n"


def _one_line(text: str) -> str:
    return re.sub(r"[\t\r\n]+", " ", text)


class _Finder:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.asked = 0

    def items(self, text: str, name: str, bindings: Mapping[str, Term]) -> list[Rows]:
        prepared = prepare(QueryDef(name, f"(reconcile {name})", text, name))
        self.asked += 1
        result = self.engine.run(prepared, dict(bindings))
        return [result] if isinstance(result, Rows) else []

    def qids(self, text: str, name: str, bindings: Mapping[str, Term]) -> list[str]:
        found = {
            str(row[0]).removeprefix(str(WD))
            for result in self.items(text, name, bindings)
            for row in result.rows
            if isinstance(row[0], URIRef) and str(row[0]).startswith(str(WD))
        }
        return sorted(q for q in found if _QID.fullmatch(q))


def _decide(iri: URIRef, found: list[str], what: str) -> Match:
    if len(found) == 1:
        return Match(iri, found[0], what)
    if not found:
        return Match(iri, None, f"unmatched: no item with {what}")
    return Match(iri, None, f"ambiguous: {len(found)} items with {what}: {', '.join(found)}")


def reconcile(data: Graph, engine: Engine, base: str = DEFAULT_BASE) -> Reconciliation:
    """Find Wikidata items for the events, Games, sports, NOCs and athletes of an olygraph
    dataset (``api.export(...).dataset``) at ``engine`` (a :class:`RemoteEngine`)."""
    d = Data(data)
    ask = _Finder(engine)
    site = URIRef(ENWIKI_SITE)
    out: dict[URIRef, Match] = {}

    def by_title(iri: URIRef, title: str) -> None:
        what = f'the English Wikipedia sitelink "{title}"'
        found = ask.qids(SITELINK, "sitelink", {"site": site, "title": Literal(title, lang="en")})
        out[iri] = _decide(iri, found, what)

    for e in d.typed(OLY.Event):
        titles = sorted(_article_titles(d, e))
        if titles:
            by_title(e, titles[0])
        else:
            out[e] = Match(e, None, "unmatched: no English Wikipedia article of ours names it")
    for games in d.typed(OLY.Games):
        label = d.label(games)
        if label:
            by_title(games, label)
    minter = Minter(base)
    for e in d.typed(OLY.Event):
        for games in d.iris(e, OLY.games):
            for sport in d.iris(e, OLY.sport):
                between = minter.sport_at_games(games, sport)
                names = (d.label(sport), d.label(games))
                if between not in out and names[0] and names[1]:
                    by_title(between, f"{names[0]} at the {names[1]}")
    for noc in d.typed(OLY.NOC):
        for code in d.values(noc, OLY.code)[:1]:
            out[noc] = _noc(ask, noc, str(code))
    for sport in d.typed(OLY.Sport):
        label = d.label(sport)
        if label:
            sports: set[str] = set()
            for text in sorted({label, label[:1].lower() + label[1:]}):
                sports |= set(ask.qids(SPORT, "sport", {"label": Literal(text, lang="en")}))
            out[sport] = _decide(sport, sorted(sports), f'the English label "{label}" as a sport')
    qids = {iri: m.qid for iri, m in out.items() if m.qid}
    for athlete in d.typed(OLY.Athlete):
        out[athlete] = _athlete(d, ask, athlete, qids)
    return Reconciliation(tuple(out[k] for k in sorted(out, key=str)))


def _noc(ask: _Finder, noc: URIRef, code: str) -> Match:
    what = f'IOC country code (P984) "{code}"'
    found: dict[str, bool] = {}
    for result in ask.items(IOC_CODE, "ioc-code", {"code": Literal(code)}):
        for item, sport in result.rows:
            local = str(item).removeprefix(str(WD))
            if isinstance(item, URIRef) and str(item).startswith(str(WD)) and _QID.fullmatch(local):
                found[local] = found.get(local, False) or sport is not None
    used = sorted(q for q, is_used in found.items() if is_used)
    if len(found) > 1 and len(used) == 1:
        return Match(noc, used[0], f"{what}, the one of {len(found)} that is a country for "
                     "sport (P1532) of some item")  # fmt: skip
    return _decide(noc, sorted(found), what)


def _article_titles(d: Data, event: URIRef) -> set[str]:
    """The titles of the event articles the event was read from."""
    titles: set[str] = set()
    for src in d.iris(event, PROV.wasDerivedFrom):
        if OLY.ArticleSource in d.out[src][RDF.type] and Literal("event") in d.values(
            src, OLY.articleKind
        ):
            titles |= {str(t) for t in d.values(src, DCTERMS.title)}
    return titles


def _events_of(d: Data, athlete: URIRef) -> set[URIRef]:
    """The events the athlete took part in: result rows, medals, participations."""
    events: set[URIRef] = set()
    for result in d.referrers(athlete, OLY.competitor):
        for rnd in d.referrers(result, OLY.result):
            events |= set(d.iris(rnd, OLY.event))
    for p in (OLY.awardedTo, OLY.athlete):
        for node in d.referrers(athlete, p):
            events |= set(d.iris(node, OLY.event))
    return events


def _athlete(d: Data, ask: _Finder, athlete: URIRef, qids: Mapping[URIRef, str]) -> Match:
    name = d.label(athlete)
    if not name:
        return Match(athlete, None, "unmatched: no name")
    events = sorted(q for e in _events_of(d, athlete) if (q := qids.get(e)) is not None)
    if not events:
        return Match(athlete, None, "unmatched: none of its events was reconciled")
    noc = d.iri(athlete, OLY.noc)
    country = qids.get(noc) if noc is not None else None
    candidates: dict[str, set[str]] = {}
    for event in events:
        bindings: dict[str, Term] = {"event": WD[event], "name": Literal(name, lang="en")}
        for result in ask.items(PARTICIPANT, "participant", bindings):
            for row in result.dicts():
                item = row["item"]
                if isinstance(item, URIRef) and str(item).startswith(str(WD)):
                    countries = candidates.setdefault(str(item).removeprefix(str(WD)), set())
                    if row.get("country") is not None:
                        countries.add(str(row["country"]).removeprefix(str(WD)))
    what = f'a participant of {", ".join(events)} named "{name}"'
    if country is not None:
        what += f" with country for sport (P1532) {country}"
        candidates = {q: c for q, c in candidates.items() if country in c}
    return _decide(athlete, sorted(q for q in candidates if _QID.fullmatch(q)), what)


def read_qids(path: Path) -> dict[URIRef, str]:
    """The matched rows of a ``reconcile`` TSV: our IRI → Q-id (rows without a Q-id skipped);
    an InputError names the line of a malformed row."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise InputError(str(path), f"cannot read: {err.strerror or err}") from None
    except UnicodeDecodeError:
        raise InputError(str(path), "not UTF-8 text") from None
    return parse_qids(text.splitlines(), str(path))


def parse_qids(lines: Iterable[str], source: str) -> dict[URIRef, str]:
    out: dict[URIRef, str] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if tuple(cells) == HEADER:
            continue
        if len(cells) != len(HEADER):
            raise InputError(
                source, f"expected 3 tab-separated cells (olygraph IRI, Q-id, how), got "
                f"{len(cells)}", line=number,
            )  # fmt: skip
        iri, qid, _ = cells
        if not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", iri):
            raise InputError(source, f"{iri!r} is not an http(s) IRI", line=number)
        if qid and not _QID.fullmatch(qid):
            raise InputError(source, f"{qid!r} is not a Q-id (Q followed by digits)", line=number)
        if qid:
            previous = out.setdefault(URIRef(iri), qid)
            if previous != qid:
                raise InputError(
                    source, f"<{iri}> is given two Q-ids, {previous} and {qid}", line=number
                )
    return out
