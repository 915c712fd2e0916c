"""Every namespace olygraph uses, in one place.

``OLY`` is our own ontology (``ontology/olygraph.ttl``); data IRIs are minted in ``ids``.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, XSD


class CachedNamespace(Namespace):
    """A namespace that makes each of its terms once: the mapping asks for ``OLY.x`` for every
    triple, and rdflib would build (and check) a new IRI each time."""

    def __getattr__(self, name: str) -> URIRef:
        term = super().__getattr__(name)
        self.__dict__[name] = term
        return term


OLY_IRI = "https://w3id.org/olygraph/ontology#"
OLY = CachedNamespace(OLY_IRI)
ONTOLOGY_IRI = "https://w3id.org/olygraph/ontology"

SCHEMA = Namespace("https://schema.org/")
#: the terms of a load's manifest graph (``olygraph load``: what it wrote, with content hashes)
LOADED = Namespace("https://w3id.org/olygraph/load#")
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
VANN = Namespace("http://purl.org/vocab/vann/")

# The Wikibase RDF model (the Wikidata profile, ``olygraph.wikidata``): the prefixes of the
# Wikibase RDF dump format, https://www.mediawiki.org/wiki/Wikibase/Indexing/RDF_Dump_Format
WIKIBASE = Namespace("http://wikiba.se/ontology#")
P = Namespace("http://www.wikidata.org/prop/")
PS = Namespace("http://www.wikidata.org/prop/statement/")
PSV = Namespace("http://www.wikidata.org/prop/statement/value/")
PQ = Namespace("http://www.wikidata.org/prop/qualifier/")
PQV = Namespace("http://www.wikidata.org/prop/qualifier/value/")
PR = Namespace("http://www.wikidata.org/prop/reference/")
PRV = Namespace("http://www.wikidata.org/prop/reference/value/")
WDNO = Namespace("http://www.wikidata.org/prop/novalue/")
#: schema.org as the Wikibase dump writes sitelinks (``http:``, unlike our own ``SCHEMA``)
SCHEMA_ORG = Namespace("http://schema.org/")
#: the English Wikipedia, as a sitelink's ``schema:isPartOf`` names it
ENWIKI_SITE = "https://en.wikipedia.org/"

DEFAULT_BASE = "https://w3id.org/olygraph/id/"

#: prefixes bound in every serialisation (stable order → stable output)
PREFIXES: tuple[tuple[str, str], ...] = (
    ("oly", OLY_IRI),
    ("rdf", str(RDF)),
    ("rdfs", str(RDFS)),
    ("xsd", str(XSD)),
    ("owl", str(OWL)),
    ("prov", str(PROV)),
    ("dcterms", str(DCTERMS)),
    ("skos", str(SKOS)),
    ("schema", str(SCHEMA)),
    ("wd", str(WD)),
    ("wdt", str(WDT)),
    ("sh", str(SH)),
)

#: prefixes bound in the Wikidata profile's serialisations (stable order → stable output)
WIKIBASE_PREFIXES: tuple[tuple[str, str], ...] = (
    ("wd", str(WD)),
    ("wdt", str(WDT)),
    ("p", str(P)),
    ("ps", str(PS)),
    ("psv", str(PSV)),
    ("pq", str(PQ)),
    ("pqv", str(PQV)),
    ("pr", str(PR)),
    ("prv", str(PRV)),
    ("wdno", str(WDNO)),
    ("wikibase", str(WIKIBASE)),
    ("schema", str(SCHEMA_ORG)),
    ("prov", str(PROV)),
    ("rdf", str(RDF)),
    ("rdfs", str(RDFS)),
    ("skos", str(SKOS)),
    ("xsd", str(XSD)),
)

#: classes of the ontology (local names under OLY)
CLASSES: tuple[str, ...] = (
    "Games",
    "Sport",
    "Discipline",
    "Event",
    "Round",
    "Result",
    "Mark",
    "Competitor",
    "Athlete",
    "Team",
    "NOC",
    "MedalAward",
    "Medal",
    "Record",
    "Venue",
    "City",
    "Source",
    "ArticleSource",
    "DatasetSource",
    "CitedSource",
    "ReferenceSource",
    "Claim",
    "Discrepancy",
    "AlternativePlacing",
    "Participation",
    "ResultStatus",
    "Unit",
    "UnmappedField",
    "Merge",
    "CandidatePair",
    "Match",
)

#: object properties (local names under OLY)
OBJECT_PROPERTIES: tuple[str, ...] = (
    "games",
    "hostCity",
    "sport",
    "discipline",
    "disciplineOf",
    "venue",
    "city",
    "round",
    "event",
    "parentRound",
    "result",
    "competitor",
    "noc",
    "member",
    "mark",
    "winningMark",
    "unit",
    "status",
    "medal",
    "awardedTo",
    "forResult",
    "holder",
    "participatingNation",
    "debutNation",
    "returningNation",
    "previousEdition",
    "nextEdition",
    "accordingTo",
    "claimSubject",
    "claimProperty",
    "conflictingClaim",
    "discrepancySubject",
    "discrepancyProperty",
    "unmappedField",
    "athlete",
    "team",
    "mergedNode",
    "canonicalNode",
    "candidateNode",
    "medalNotAwarded",
    "match",
    "sideA",
    "sideB",
)

#: datatype properties (local names under OLY)
DATATYPE_PROPERTIES: tuple[str, ...] = (
    "year",
    "season",
    "name",
    "code",
    "date",
    "startDate",
    "endDate",
    "startTime",
    "dateLabel",
    "gender",
    "competitorCount",
    "nationCount",
    "distance",
    "startType",
    "roundKind",
    "order",
    "rankedBy",
    "lowerIsBetter",
    "rank",
    "rankTo",
    "tied",
    "rankText",
    "qualified",
    "qualificationText",
    "heat",
    "lane",
    "notes",
    "value",
    "text",
    "measure",
    "annotation",
    "recordKind",
    "place",
    "tiedWithName",
    "claimValue",
    "claimText",
    "key",
    "notUsedBecause",
    "fileName",
    "sourceLine",
    "sourcePart",
    "sourceSection",
    "sourceLocation",
    "articleKind",
    "truncated",
    "teamName",
    "age",
    "height",
    "weight",
    "sex",
    "datasetId",
    "region",
    "mergeRule",
    "evidence",
    "teamCount",
    "matchCount",
    "goalCount",
    "cancelled",
    "awardeeStated",
    "scoreA",
    "scoreB",
)

#: named individuals: medals, statuses and units
INDIVIDUALS: tuple[tuple[str, str], ...] = (
    ("GoldMedal", "Medal"),
    ("SilverMedal", "Medal"),
    ("BronzeMedal", "Medal"),
    ("DNF", "ResultStatus"),
    ("DNS", "ResultStatus"),
    ("DSQ", "ResultStatus"),
    ("DQ", "ResultStatus"),
    ("WD", "ResultStatus"),
    ("AC", "ResultStatus"),
    ("NM", "ResultStatus"),
    ("DNA", "ResultStatus"),
    ("NR", "ResultStatus"),
    ("Second", "Unit"),
    ("Metre", "Unit"),
    ("Kilogram", "Unit"),
    ("Point", "Unit"),
)

MEDAL_IRIS = {"gold": OLY.GoldMedal, "silver": OLY.SilverMedal, "bronze": OLY.BronzeMedal}
UNIT_IRIS = {"s": OLY.Second, "m": OLY.Metre, "kg": OLY.Kilogram, "pt": OLY.Point}

__all__ = [
    "DCTERMS",
    "ENWIKI_SITE",
    "OLY",
    "OWL",
    "PQ",
    "PQV",
    "PR",
    "PROV",
    "PRV",
    "PS",
    "PSV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SCHEMA_ORG",
    "SH",
    "SKOS",
    "WD",
    "WDNO",
    "WDT",
    "WIKIBASE",
    "XSD",
    "P",
]
