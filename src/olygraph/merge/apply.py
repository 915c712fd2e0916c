"""Apply a frozen :class:`~olygraph.merge.plan.ExportPlan` to the articles' dataset.

The dataset stream is written unchanged (its IRIs are the canonical ones); the articles' dataset
is small, so it is rewritten here with rdflib: every quad's subject and object through the rewrite
map, each in its own named graph, so each source's claims keep their provenance. The
reconciliation graph gets, per merge, ``<canonical> owl:sameAs <old IRI>`` and an ``oly:Merge``
node with its rule and evidence; per candidate pair an ``oly:CandidatePair`` with its reason; the
labels (``skos:prefLabel``/``altLabel``/``hiddenLabel``); gap fills; and an ``oly:Discrepancy``
over two Claims wherever the sides disagree (docs/identity.md §4).
"""

from __future__ import annotations

from rdflib import Dataset, Literal, URIRef
from rdflib.term import Node

from olygraph.ids import Minter
from olygraph.mapping.article import RECONCILIATION
from olygraph.merge.plan import ExportPlan
from olygraph.vocab import DEFAULT_BASE, OLY, OWL, PROV, RDF, RDFS, SKOS

__all__ = ["apply_plan", "evidence"]

_LABEL = {"pref": SKOS.prefLabel, "alt": SKOS.altLabel, "hidden": SKOS.hiddenLabel}
_MEDALS = {"gold": OLY.GoldMedal, "silver": OLY.SilverMedal, "bronze": OLY.BronzeMedal}


def apply_plan(ds: Dataset, plan: ExportPlan, base: str = DEFAULT_BASE) -> Dataset:
    """A new dataset: ``ds`` rewritten through ``plan.rewrite``, plus the plan's evidence."""
    rewrite = {URIRef(a): URIRef(c) for a, c in plan.rewrite.items()}

    def r(n: Node) -> Node:
        return rewrite.get(n, n) if isinstance(n, URIRef) else n

    out = Dataset()
    for s, p, o, g in ds.quads((None, None, None, None)):
        graph = out.default_context if g is None else out.graph(g)
        graph.add((r(s), p, r(o)))
    recon = out.graph(Minter(base).reference_source(RECONCILIATION))
    for triple in evidence(plan, base):
        recon.add(triple)
    return out


def evidence(plan: ExportPlan, base: str = DEFAULT_BASE) -> list[tuple[URIRef, URIRef, Node]]:
    """What a plan adds to the reconciliation graph: per merge ``owl:sameAs`` and an
    ``oly:Merge`` node, per candidate pair an ``oly:CandidatePair``, the labels, the gap fills
    and a discrepancy wherever the sides disagree."""
    minter = Minter(base)
    rewrite = {URIRef(a): URIRef(c) for a, c in plan.rewrite.items()}

    def r(n: URIRef) -> URIRef:
        return rewrite.get(n, n)

    out: list[tuple[URIRef, URIRef, Node]] = []
    rid = minter.reference_source(RECONCILIATION)
    if plan.merges or plan.candidates:
        out.append((rid, RDF.type, OLY.ReferenceSource))
        out.append((rid, RDFS.label, Literal("olygraph reconciliation of claims across sources")))
    for m in plan.merges:
        art, can = URIRef(m.article), URIRef(m.canonical)
        if art != can and rewrite.get(art) != can:
            continue  # refused: two targets
        node = minter.merge(can, art)
        if art != can:
            out.append((can, OWL.sameAs, art))
        pairs: list[tuple[URIRef, Node]] = [
            (RDF.type, OLY.Merge),
            (RDFS.label, Literal(f"merge of a {m.kind}")),
            (OLY.mergedNode, art),
            (OLY.canonicalNode, can),
            (OLY.mergeRule, Literal(m.rule)),
            (OLY.evidence, Literal(m.evidence)),
        ]
        pairs += [(PROV.wasDerivedFrom, URIRef(s)) for s in (m.article_source, m.dataset_source)]
        out.extend((node, p, o) for p, o in pairs)
    for _event, c in plan.candidates:
        a, d = r(URIRef(c.article.iri)), URIRef(c.dataset.iri)
        node = minter.candidate_pair(a, d)
        for p, o in (
            (RDF.type, OLY.CandidatePair),
            (RDFS.label, Literal(f"{c.article.name} / {c.dataset.name}: not merged")),
            (OLY.candidateNode, a),
            (OLY.candidateNode, d),
            (OLY.evidence, Literal(f"{c.reason} ({c.name.describe()})")),
        ):
            out.append((node, p, o))
    for lb in plan.labels:
        out.append((URIRef(lb.node), _LABEL[lb.kind], Literal(lb.text)))
    for ep in plan.events:
        for fill in ep.gaps:
            row, who = URIRef(fill.row.iri), URIRef(fill.participant.iri)
            out.append((row, OLY.competitor, who))
            note = f"gap filled ({fill.rule}): {fill.details}"
            out.append((row, RDFS.comment, Literal(note)))
    for n, dis in enumerate(plan.disagreements, start=1):
        subject, prop = URIRef(dis.node), OLY[dis.prop]
        sides = (
            (dis.article_value, dis.article_source, dis.article_where),
            (dis.dataset_value, dis.dataset_source, dis.dataset_where),
        )
        node = minter.discrepancy(subject, f"{dis.prop}-{n}")
        out.append((node, RDF.type, OLY.Discrepancy))
        out.append((node, OLY.discrepancySubject, subject))
        out.append((node, OLY.discrepancyProperty, prop))
        out.append((node, RDFS.label, Literal(f"sources disagree on {dis.prop}")))
        for k, (value, source, where) in enumerate(sides, start=1):
            claim = URIRef(f"{subject}/stated/{dis.prop}-{n}-{k}")
            obj = _MEDALS[value] if dis.prop == "medal" else minter.noc(value)
            for p, o in (
                (RDF.type, OLY.Claim),
                (OLY.claimSubject, subject),
                (OLY.claimProperty, prop),
                (OLY.claimValue, obj),
                (PROV.wasDerivedFrom, URIRef(source)),
                (OLY.sourceLocation, Literal(where)),
            ):
                out.append((claim, p, o))
            out.append((node, OLY.conflictingClaim, claim))
    return out
