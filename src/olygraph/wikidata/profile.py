"""An olygraph dataset as Wikibase statements: the Wikidata profile (docs/wikidata-profile.md).

Pure: reads the dataset (any olygraph dataset: articles, the history CSV, both) and returns the
profile's triples. Every fact becomes a normal-rank statement with a reference per source it was
read from; a value that sources state differently becomes one statement per value, each with its
own references, and none is preferred. What the profile writes:

- event: P31 Olympic sporting event, P361 the "<sport> at the <Games>" item (P361 the Games,
  P641 the sport), P641 sport, P585 each date, P276 each venue,
  P1132 each stated number of participants, P1346 each gold medallist, and a P710 statement per
  result row: participant (or an unknown value), qualified by P2443 the round (an item of ours),
  P1545 the row, P1352 the ranking, P2781 the race time (seconds) or P1351 the points of the
  measure that ranks the round, P1532 the NOC, P166 the medal won with that row. A mark of the row
  that another part of the source states differently (the infobox's winning time) is a second
  P710 statement of the same participant and round, with that value and its own references.
- athlete or team: P1344 (participant in) the event for each result row (and each competing
  mark), with the row's qualifiers but its row number, as Wikidata records results on the
  athlete; a participation of the history dataset likewise.
- round: P361 its event, P585 its dates, P1545 its order.
- athlete: P31 human, P1532 its NOC; athlete or team: P166 each medal, qualified by P1344 the
  event and P1532 the NOC it was won for.
- sitelinks: an event article's English Wikipedia address about its event.
- NOC: P984 its IOC code; Games: P276 its host city; everything: an English label.
"""

from __future__ import annotations

from collections.abc import Mapping

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from olygraph.ids import Minter, wikipedia_article
from olygraph.vocab import (
    DCTERMS,
    DEFAULT_BASE,
    ENWIKI_SITE,
    OLY,
    PROV,
    RDF,
    RDFS,
    WD,
    WIKIBASE,
    WIKIBASE_PREFIXES,
)
from olygraph.wikidata import mapping as m
from olygraph.wikidata.evidence import Data
from olygraph.wikidata.literals import decimal_of, time_of
from olygraph.wikidata.wikibase import (
    Citation,
    Item,
    Quantity,
    Sitelink,
    Snak,
    SomeValue,
    StatementSet,
    Text,
    Value,
    Writer,
    statement,
)

PROFILE: str = "wikidata"
_TABLE = Literal("table")
_WD_ITEM = str(WD) + "Q"


def profile_graph(
    data: Graph, base: str = DEFAULT_BASE, qids: Mapping[URIRef, str] | None = None
) -> Graph:
    """The Wikidata profile of ``data`` (a Dataset keeps its sources apart; a Graph is one).

    ``qids``: Q-ids found for our entities (``olygraph wikidata reconcile``), written instead
    of our IRIs."""
    minter = Minter(base)
    table = m.load()
    profiler = _Profiler(Data(data), table, base, minter, dict(qids or {}))
    profiler.run()
    writer = Writer(minter, table.item(m.GREGORIAN), table.item(m.ENWIKI))
    triples = writer.write(profiler.statements, _property_labels(table))
    # every item is typed and labelled: ours, and the Wikidata items named (label: the table's)
    labelled = {s for s, p, _ in triples if p == RDFS.label}
    wikidata = {n for t in triples for n in (t[0], t[2]) if str(n).startswith(_WD_ITEM)}
    labels: dict[Node, str] = {k: v for k, v in table.labels().items()}
    for item in profiler.items | wikidata:
        triples.add((item, RDF.type, WIKIBASE.Item))
        if item in labels and item not in labelled:
            triples.add((item, RDFS.label, Literal(labels[item], lang="en")))
    g = Graph()
    for prefix, ns in WIKIBASE_PREFIXES:
        g.bind(prefix, ns, override=True, replace=True)
    for t in triples:
        g.add(t)
    return g


def profile_dataset(
    data: Graph, base: str = DEFAULT_BASE, qids: Mapping[URIRef, str] | None = None
) -> Dataset:
    """The profile of an olygraph dataset as a dataset with one named graph,
    ``<base>profile/wikidata`` (what ``olygraph export --profile wikidata`` writes and what a
    store is loaded with: the references carry the sources, so one graph holds everything)."""
    ds = Dataset()
    for prefix, ns in WIKIBASE_PREFIXES:
        ds.bind(prefix, ns, override=True, replace=True)
    target = ds.graph(Minter(base).profile_graph(PROFILE))
    for t in profile_graph(data, base, qids):
        target.add(t)
    return ds


def _property_labels(table: m.WikidataMap) -> dict[str, str]:
    return {r.wikidata: r.label for r in table.rows if r.wikidata.startswith("P")}


class _Profiler:
    def __init__(
        self, data: Data, table: m.WikidataMap, base: str, minter: Minter, qids: dict[URIRef, str]
    ) -> None:
        self.d = data
        self.qids = qids
        self.origin: dict[URIRef, URIRef] = {}  # a reconciled Q-id → our IRI
        self.table = table
        self.base = base
        self.minter = minter
        self.statements = StatementSet()
        self.items: set[URIRef] = set()
        self.derived_labels: dict[URIRef, str] = {}  # "Cycling at the 1928 Summer Olympics"
        self.unitless = table.item(m.UNITLESS)
        self.units: dict[Node, tuple[str, URIRef | None]] = {
            OLY.Second: (m.RACE_TIME, table.item(m.SECOND)),
            OLY.Point: (m.POINTS, None),
        }

    def ent(self, node: URIRef) -> URIRef:
        """``node`` as the profile writes it (its reconciled Q-id, a Q-id from the table, or
        itself); an item."""
        qid = self.qids.get(node)
        if qid is not None:
            self.origin[WD[qid]] = node
        found = WD[qid] if qid is not None else self.table.entity(node, self.base)
        self.items.add(found)
        return found

    def add(self, subject: URIRef, pid: str, value: Value, quals: list[Snak | None],
            evidence: set[Citation]) -> None:  # fmt: skip
        self.statements.add(statement(subject, pid, value, quals), evidence)

    def fact(self, s: URIRef, p: Node, o: Node, pid: str, value: Value) -> None:
        """A plain statement ``s pid value`` read from the triple ``s p o``."""
        self.add(self.ent(s), pid, value, [], self.d.citations(s, p, o))

    def run(self) -> None:
        d = self.d
        for event in d.typed(OLY.Event):
            self.event(event)
        for rnd in d.typed(OLY.Round):
            self.round(rnd)
        for award in d.typed(OLY.MedalAward):
            self.award(award)
        for part in d.typed(OLY.Participation):
            self.participation(part)
        for athlete in d.typed(OLY.Athlete):
            self.fact(athlete, RDF.type, OLY.Athlete, m.INSTANCE_OF, Item(self.table.item(m.HUMAN)))
        for cls in (OLY.Athlete, OLY.Team):
            for who in d.typed(cls):
                for noc in d.iris(who, OLY.noc):
                    self.fact(who, OLY.noc, noc, m.COUNTRY_FOR_SPORT, Item(self.ent(noc)))
        for noc in d.typed(OLY.NOC):
            for code in d.values(noc, OLY.code):
                self.fact(noc, OLY.code, code, m.IOC_CODE, Text(str(code)))
        for games in d.typed(OLY.Games):
            for city in d.iris(games, OLY.hostCity):
                self.fact(games, OLY.hostCity, city, m.LOCATION, Item(self.ent(city)))
        self.sitelinks()
        self.labels()

    def sitelinks(self) -> None:
        """An event article is the English Wikipedia page of its event: its sitelink."""
        d = self.d
        for src in d.typed(OLY.ArticleSource):
            title = d.value(src, DCTERMS.title)
            if title is None or Literal("event") not in d.values(src, OLY.articleKind):
                continue
            for e in d.referrers(src, PROV.wasDerivedFrom):
                if OLY.Event in d.out[e][RDF.type]:
                    site = URIRef(ENWIKI_SITE)
                    link = Sitelink(self.ent(e), wikipedia_article(str(title)), str(title), site)
                    self.statements.sitelinks.add(link)

    def labels(self) -> None:
        """An English label for each item of ours (Wikidata's own come from the table)."""
        for item in sorted(self.items | set(self.d.sources) & set(self.d.out), key=str):
            if not isinstance(item, URIRef):
                continue
            ours = self.origin.get(item, item)
            if str(ours).startswith(str(WD)):
                continue
            text = self.d.label(ours)
            if text is not None:
                self.items.add(item)
                for label in self.d.values(ours, RDFS.label) or [Literal(text)]:
                    self.statements.label(item, str(label))
        for item, text in sorted(self.derived_labels.items()):
            if item not in self.statements.labels:
                self.statements.label(item, text)

    # --- events ---------------------------------------------------------------------------------
    def event(self, e: URIRef) -> None:
        d = self.d
        self.fact(e, RDF.type, OLY.Event, m.INSTANCE_OF, Item(self.table.item(m.EVENT_CLASS)))
        for p, pid in ((OLY.sport, m.SPORT), (OLY.venue, m.LOCATION)):
            for o in d.iris(e, p):
                self.fact(e, p, o, pid, Item(self.ent(o)))
        for games in d.iris(e, OLY.games):
            self.part_of_games(e, games)
        for date in d.values(e, OLY.date):
            self.dated(e, date)
        for count in d.values(e, OLY.competitorCount):
            amount = decimal_of(count)
            if amount is not None:
                self.fact(e, OLY.competitorCount, count, m.PARTICIPANTS,
                          Quantity(amount, self.unitless))  # fmt: skip
        for mark in d.iris(e, OLY.winningMark):
            self.winning_mark(e, mark)
        rounds = set(d.iris(e, OLY.round)) | set(d.referrers(e, OLY.event)) & set(
            d.typed(OLY.Round)
        )
        for rnd in sorted(rounds, key=str):
            for result in d.iris(rnd, OLY.result):
                self.result(e, rnd, result)

    def part_of_games(self, e: URIRef, games: URIRef) -> None:
        """Event P361 "<sport> at the <Games>", which is P361 the Games and P641 the sport, as
        Wikidata chains Olympic events; an event without a sport: P361 the Games."""
        d = self.d
        in_games = d.citations(e, OLY.games, games)
        sports = d.iris(e, OLY.sport)
        if not sports:
            self.add(self.ent(e), m.PART_OF, Item(self.ent(games)), [], in_games)
        for sport in sports:
            in_sport = d.citations(e, OLY.sport, sport)
            between = self.ent(self.minter.sport_at_games(games, sport))
            self.add(self.ent(e), m.PART_OF, Item(between), [], in_games | in_sport)
            self.add(between, m.PART_OF, Item(self.ent(games)), [], in_games)
            self.add(between, m.SPORT, Item(self.ent(sport)), [], in_sport)
            names = (self.label_of(sport), self.label_of(games))
            if names[0] and names[1]:
                self.derived_labels[between] = f"{names[0]} at the {names[1]}"

    def label_of(self, node: URIRef) -> str | None:
        """The English label of one of our entities, or of the Wikidata item it maps to."""
        text = self.d.label(node)
        return text if text is not None else self.table.labels().get(self.ent(node))

    def dated(self, s: URIRef, date: Node) -> None:
        time = time_of(date)
        if time is not None:
            self.fact(s, OLY.date, date, m.POINT_IN_TIME, time)

    def round(self, rnd: URIRef) -> None:
        d = self.d
        for e in d.iris(rnd, OLY.event):
            self.fact(rnd, OLY.event, e, m.PART_OF, Item(self.ent(e)))
        for date in d.values(rnd, OLY.date):
            self.dated(rnd, date)
        for order in d.values(rnd, OLY.order):
            self.fact(rnd, OLY.order, order, m.ORDINAL, Text(str(order)))

    def mark_snak(self, mark: Node) -> Snak | None:
        """A mark as a qualifier: race time in seconds or points; other units are not written."""
        value = decimal_of(self.d.value(mark, OLY.value))
        unit_node = self.d.value(mark, OLY.unit)
        unit = self.units.get(unit_node) if unit_node is not None else None
        if value is None or unit is None:
            return None
        pid, qid = unit
        return (pid, Quantity(value, qid or self.unitless))

    def participant(self, result: Node) -> tuple[Value, Node | None]:
        who = self.d.iri(result, OLY.competitor)
        if who is None:  # a row whose name the source left blank: an unknown participant
            return SomeValue(self.minter.unknown_value(str(result))), None
        return Item(self.ent(who)), who

    def result(self, e: URIRef, rnd: URIRef, res: URIRef) -> None:
        d = self.d
        event = self.ent(e)
        who, who_node = self.participant(res)
        stage: Snak = (m.STAGE, Item(self.ent(rnd)))
        measure = d.value(rnd, OLY.rankedBy)
        row_marks: list[URIRef] = []
        other_marks: list[URIRef] = []
        for mark in d.iris(res, OLY.mark):  # the marks of the measure that ranks the round
            if measure is None or d.value(mark, OLY.measure) != measure:
                continue
            in_row = d.value(mark, OLY.sourcePart) == _TABLE  # the row's own cell
            (row_marks if in_row else other_marks).append(mark)
        quals: list[Snak | None] = [stage]
        row: list[Snak | None] = []  # the row number: the table's, not the athlete's
        evidence = d.node_citations(res)
        for p, pid in ((OLY.order, m.ORDINAL), (OLY.rank, m.RANKING)):
            for o in d.values(res, p):
                amount = decimal_of(o)
                if pid == m.ORDINAL:
                    row.append((pid, Text(str(o))))
                elif amount is not None:
                    quals.append((pid, Quantity(amount, self.unitless)))
                evidence |= d.citations(res, p, o)
        if who_node is not None:
            evidence |= d.citations(res, OLY.competitor, who_node)
        noc = d.iri(res, OLY.noc)
        if noc is not None:
            evidence |= d.citations(res, OLY.noc, noc)
        elif who_node is not None:
            noc = d.iri(who_node, OLY.noc)
        if noc is not None:
            quals.append((m.COUNTRY_FOR_SPORT, Item(self.ent(noc))))
        for mark in row_marks:
            quals.append(self.mark_snak(mark))
            evidence |= d.node_citations(mark)
        for award in d.referrers(res, OLY.forResult):
            medal = d.iri(award, OLY.medal)
            if medal is not None:
                quals.append((m.AWARD, Item(self.ent(medal))))
                evidence |= d.citations(award, OLY.forResult, res)
        self.add(event, m.PARTICIPANT, who, quals + row, evidence)
        athlete = who.iri if isinstance(who, Item) else None
        if athlete is not None:  # the result on the athlete: participant in the event
            self.add(athlete, m.PARTICIPANT_IN, Item(event), quals, evidence)
        by_value: dict[Snak, set[Citation]] = {}
        for mark in other_marks:  # the same row's mark as other parts state it
            snak = self.mark_snak(mark)
            if snak is not None:
                by_value.setdefault(snak, set()).update(d.node_citations(mark))
        for snak, cited in by_value.items():
            self.add(event, m.PARTICIPANT, who, [stage, snak], cited)
            if athlete is not None:
                self.add(athlete, m.PARTICIPANT_IN, Item(event), [stage, snak], cited)

    def winning_mark(self, e: URIRef, mark: URIRef) -> None:
        """The infobox's winning mark when no row carries it: on the winner statement(s)."""
        snak = self.mark_snak(mark)
        if snak is None:
            return
        winners = [
            self.d.iri(a, OLY.awardedTo)
            for a in self.d.referrers(e, OLY.event)
            if self.d.value(a, OLY.medal) == OLY.GoldMedal
        ]
        values: list[Value] = [Item(self.ent(w)) for w in winners if w is not None]
        for value in values or [SomeValue(self.minter.unknown_value(f"{e} winner"))]:
            self.add(self.ent(e), m.WINNER, value, [snak], self.d.node_citations(mark))

    # --- medals and participations --------------------------------------------------------------
    def award(self, a: URIRef) -> None:
        d = self.d
        who, medal, e = d.iri(a, OLY.awardedTo), d.iri(a, OLY.medal), d.iri(a, OLY.event)
        if who is None or medal is None or e is None:
            return
        evidence = d.node_citations(a)
        quals: list[Snak | None] = [(m.PARTICIPANT_IN, Item(self.ent(e)))]
        noc = d.iri(a, OLY.noc)
        if noc is not None:
            quals.append((m.COUNTRY_FOR_SPORT, Item(self.ent(noc))))
            evidence |= d.citations(a, OLY.noc, noc)
        self.add(self.ent(who), m.AWARD, Item(self.ent(medal)), quals, evidence)
        if medal == OLY.GoldMedal:
            self.add(self.ent(e), m.WINNER, Item(self.ent(who)), [], d.node_citations(a))

    def participation(self, part: URIRef) -> None:
        """A participation of the history dataset (docs/history-model.md): P710 on the event."""
        d = self.d
        e, who = d.iri(part, OLY.event), d.iri(part, OLY.athlete)
        if e is None or who is None:
            return
        noc = d.iri(part, OLY.noc)
        quals: list[Snak | None] = []
        if noc is not None:
            quals.append((m.COUNTRY_FOR_SPORT, Item(self.ent(noc))))
        cited = d.node_citations(part)
        self.add(self.ent(e), m.PARTICIPANT, Item(self.ent(who)), quals, cited)
        self.add(self.ent(who), m.PARTICIPANT_IN, Item(self.ent(e)), quals, cited)
