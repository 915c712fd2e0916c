"""Queries on data of the Wikidata profile: bundled ``queries/wikidata/*.rq``, local or remote.

Local data (articles, or RDF files in olygraph's ontology) is turned into the profile before it
is queried; an RDF file that already holds Wikibase statements (an ``olygraph export --profile
wikidata``) is queried as it is. A SPARQL endpoint is assumed to hold profile data.

Parameters of the kinds games, event, competitor and NOC are checked against the profile's own
patterns (an event is ``wdt:P31`` Olympic sporting event …), and an id under the base becomes
the IRI the profile writes (``1928-summer`` → ``wd:Q8138``, from the mapping table).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Final

from rdflib import Dataset, URIRef

from olygraph import api
from olygraph.errors import InputError
from olygraph.query.engines import (
    ENGINES,
    LocalData,
    OxigraphEngine,
    QueryProfile,
    RdflibEngine,
    file_graph,
)
from olygraph.query.named import QueryError, one_line
from olygraph.query.results import Term
from olygraph.query.run import Kinds
from olygraph.vocab import DEFAULT_BASE, RDF, WDT, WIKIBASE
from olygraph.wikidata import mapping as m
from olygraph.wikidata.profile import PROFILE, profile_dataset
from olygraph.write.rdf import PARSERS

_QUADS: Final = ("nquads", "trig")


def _patterns() -> dict[str, str]:
    event = f"<{WDT[m.INSTANCE_OF]}> <{m.load().item(m.EVENT_CLASS)}>"
    return {
        "event": f"?node {event} .",
        "games": f"?e {event} ; <{WDT[m.PART_OF]}> ?node .",
        "competitor": f"{{ ?e <{WDT[m.PARTICIPANT]}> ?node }} UNION "
        f"{{ ?node <{WDT[m.AWARD]}> ?medal }}",
        "noc": f"?node <{WDT[m.IOC_CODE]}> ?code .",
    }


def _rename(term: Term, base: str) -> Term:
    return m.load().entity(term, base) if isinstance(term, URIRef) else term


KINDS: Final = Kinds(_patterns(), _rename)


def open_local(
    inputs: Sequence[Path] = (), engine: str = "oxigraph", base: str = DEFAULT_BASE
) -> LocalData:
    """Load the profile of articles and RDF files (none = the embedded seed) into an engine."""
    if engine not in ENGINES:
        raise QueryError(f"unknown engine {engine!r}; expected one of {', '.join(ENGINES)}")
    store: OxigraphEngine | RdflibEngine = (
        OxigraphEngine() if engine == "oxigraph" else RdflibEngine()
    )
    rdf = [p for p in inputs if not p.is_dir() and p.suffix.lower() in PARSERS]
    articles = [p for p in inputs if p not in rdf]
    own = Dataset()
    for path in rdf:
        ds = _read(path)
        if next(ds.quads((None, RDF.type, WIKIBASE.Statement, None)), None) is not None:
            store.load_dataset(ds)  # already the profile
        else:
            _merge(own, ds)
    outcomes: tuple[api.ArticleOutcome, ...] = ()
    if articles or not rdf:
        exported = api.export(articles, base)
        outcomes = exported.articles
        _merge(own, exported.dataset)
    if len(own):
        store.load_dataset(profile_dataset(own, base))
    store.finish()
    return LocalData(store, outcomes, tuple(rdf))


def _merge(into: Dataset, ds: Dataset) -> None:
    for s, p, o, g in ds.quads((None, None, None, None)):
        into.graph(g).add((s, p, o))


def _read(path: Path) -> Dataset:
    if not path.is_file():
        raise InputError(str(path), "no such file")
    parser = PARSERS[path.suffix.lower()]
    ds = Dataset()
    target = ds if parser in _QUADS else ds.graph(file_graph(path))
    try:
        target.parse(str(path), format=parser)
    except Exception as err:  # rdflib's parsers raise many kinds
        raise InputError(str(path), f"not valid {parser}: {one_line(err)}") from None
    return ds


#: the Wikidata profile for :func:`olygraph.query.engines.execute`
WIKIDATA: Final = QueryProfile(PROFILE, KINDS, open_local)
