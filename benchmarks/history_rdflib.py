"""Plain rdflib writer of the history model (docs/history-model.md): one ``Graph.add`` per
triple into rdflib's memory store, then ``serialize(format="nt")``.

The graph is a set, so unlike the floor (``history_floor.py``) this writer needs no bookkeeping of
shared nodes; only "first row" facts (``oly:sourceLine`` of a Participation or a MedalAward) are
tracked. Pass 1 (team events) and the keys come from the floor's helpers. Slow and large (about
3 minutes and 3 GB on the full file): the benchmark runs it once and can skip it.

    python benchmarks/history_rdflib.py athlete_events.csv.gz noc_regions.csv.gz -o out.nt
        [--base https://w3id.org/olygraph/id/]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

sys.path.insert(0, str(Path(__file__).resolve().parent))
import history_floor as m

OLY = Namespace(m.OLY)


def add_nocs(g: Graph, path: Path, base: str) -> None:
    src = URIRef(f"{base}source/dataset/{m.source_slug(path)}")
    g.add((src, RDF.type, OLY.DatasetSource))
    g.add((src, OLY.fileName, Literal(path.name)))
    g.add((src, RDFS.label, Literal(path.name)))
    for line, (code, region, notes) in m.rows(path):
        n = URIRef(f"{base}noc/{code}")
        g.add((n, RDF.type, OLY.NOC))
        g.add((n, OLY.code, Literal(code)))
        if region and region != "NA":
            g.add((n, OLY.region, Literal(region)))
        if notes and notes != "NA":
            g.add((n, OLY.notes, Literal(notes)))
        g.add((n, OLY.sourceLine, Literal(line, datatype=XSD.integer)))


def add_athletes(g: Graph, path: Path, base: str) -> None:
    found = m.scan(path)
    src = URIRef(f"{base}source/dataset/{m.source_slug(path)}")
    g.add((src, RDF.type, OLY.DatasetSource))
    g.add((src, OLY.fileName, Literal(path.name)))
    g.add((src, RDFS.label, Literal(path.name)))
    first_keys: set[str] = set()
    first_awards: set[URIRef] = set()
    for line, row in m.rows(path):
        aid, name, sex, age, height, weight, team, noc = row[:8]
        year, season, city, sport, ev, medal = row[9:]
        gk = m.games_key(year, season)
        games = URIRef(f"{base}games/{gk}")
        c = URIRef(f"{base}city/{m.slug(city)}")
        sp = URIRef(f"{base}sport/{m.slug(sport)}")
        ev_path = f"{gk}/{m.slug(sport)}/{m.event_slug(sport, ev)}"
        e = URIRef(f"{base}event/{ev_path}")
        a = URIRef(f"{base}athlete/{m.source_slug(path)}/{aid}")
        n = URIRef(f"{base}noc/{noc}")
        p = URIRef(f"{e}/participant/{aid}")
        add = g.add
        add((games, RDF.type, OLY.Games))
        add((games, OLY.year, Literal(year, datatype=XSD.integer)))
        add((games, OLY.season, Literal(season)))
        add((games, OLY.hostCity, c))
        add((games, PROV.wasDerivedFrom, src))
        add((c, RDF.type, OLY.City))
        add((c, RDFS.label, Literal(city)))
        add((sp, RDF.type, OLY.Sport))
        add((sp, RDFS.label, Literal(sport)))
        add((e, RDF.type, OLY.Event))
        add((e, OLY.name, Literal(ev)))
        add((e, OLY.games, games))
        add((e, OLY.sport, sp))
        gender = m.gender(sport, ev)
        if gender:
            add((e, OLY.gender, Literal(gender)))
        add((e, PROV.wasDerivedFrom, src))
        add((a, RDF.type, OLY.Athlete))
        add((a, OLY.name, Literal(name)))
        add((a, RDFS.label, Literal(name)))
        add((a, OLY.sex, Literal(sex)))
        add((a, OLY.datasetId, Literal(aid)))
        add((a, PROV.wasDerivedFrom, src))
        add((n, RDF.type, OLY.NOC))
        add((n, OLY.code, Literal(noc)))
        add((p, RDF.type, OLY.Participation))
        add((p, OLY.event, e))
        add((p, OLY.athlete, a))
        add((p, OLY.noc, n))
        add((p, OLY.teamName, Literal(team)))
        if age != "NA":
            add((p, OLY.age, Literal(age, datatype=XSD.integer)))
        if height != "NA":
            add((p, OLY.height, Literal(m.decimal(height), datatype=XSD.decimal)))
        if weight != "NA":
            add((p, OLY.weight, Literal(m.decimal(weight), datatype=XSD.decimal)))
        k = m.key(row)
        if k not in first_keys:
            first_keys.add(k)
            add((p, OLY.sourceLine, Literal(line, datatype=XSD.integer)))
        add((p, PROV.wasDerivedFrom, src))
        winner = a
        if ev in found.team_events:
            tslug = m.slug(f"{team} {noc}")
            winner = URIRef(f"{base}team/{ev_path}/{tslug}")
            add((p, OLY.team, winner))
            add((winner, RDF.type, OLY.Team))
            add((winner, OLY.name, Literal(team)))
            add((winner, OLY.noc, n))
            add((winner, OLY.member, a))
            add((winner, PROV.wasDerivedFrom, src))
        if medal != "NA":
            last = tslug if winner != a else aid
            award = URIRef(f"{e}/medal/{m.MEDALS[medal]}-{last}")
            if award in first_awards:
                continue  # the same winner and medal again: one award, as first stated
            first_awards.add(award)
            add((award, RDF.type, OLY.MedalAward))
            add((award, OLY.medal, OLY[f"{medal}Medal"]))
            add((award, OLY.event, e))
            add((award, OLY.awardedTo, winner))
            add((award, OLY.noc, n))
            add((award, OLY.sourceLine, Literal(line, datatype=XSD.integer)))
            add((award, PROV.wasDerivedFrom, src))


def build(inputs: list[Path], base: str) -> Graph:
    g = Graph()
    for path in inputs:
        kind = m.header(path)
        if kind == m.NOC_HEADER:
            add_nocs(g, path, base)
        elif kind == m.ATHLETE_HEADER:
            add_athletes(g, path, base)
    return g


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="+", type=Path, help="athlete and NOC tables (.csv[.gz])")
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--base", default=m.DEFAULT_BASE)
    args = parser.parse_args(argv)
    build(args.inputs, args.base).serialize(args.output, format="nt", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
