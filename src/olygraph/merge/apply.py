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

__all__ = ["apply_plan"]

_LABEL = {"pref": SKOS.prefLabel, "alt": SKOS.altLabel, "hidden": SKOS.hiddenLabel}
_MEDALS = {"gold": OLY.GoldMedal, "silver": OLY.SilverMedal, "bronze": OLY.BronzeMedal}


def apply_plan(ds: Dataset, plan: ExportPlan, base: str = DEFAULT_BASE) -> Dataset:
    """A new dataset: ``ds`` rewritten through ``plan.rewrite``, plus the plan's evidence."""
    minter = Minter(base)
    rewrite = {URIRef(a): URIRef(c) for a, c in plan.rewrite.items()}

    def r(n: Node) -> Node:
        return rewrite.get(n, n) if isinstance(n, URIRef) else n

    out = Dataset()
    for s, p, o, g in ds.quads((None, None, None, None)):
        graph = out.default_context if g is None else out.graph(g)
        graph.add((r(s), p, r(o)))
    recon = out.graph(minter.reference_source(RECONCILIATION))
    rid = recon.identifier
    if plan.merges or plan.candidates:
        recon.add((rid, RDF.type, OLY.ReferenceSource))
        recon.add((rid, RDFS.label, Literal("olygraph reconciliation of claims across sources")))
    for m in plan.merges:
        art, can = URIRef(m.article), URIRef(m.canonical)
        if art != can and rewrite.get(art) != can:
            continue  # refused: two targets
        node = minter.merge(can, art)
        if art != can:
            recon.add((can, OWL.sameAs, art))
        pairs: list[tuple[Node, Node]] = [
            (RDF.type, OLY.Merge),
            (RDFS.label, Literal(f"merge of a {m.kind}")),
            (OLY.mergedNode, art),
            (OLY.canonicalNode, can),
            (OLY.mergeRule, Literal(m.rule)),
            (OLY.evidence, Literal(m.evidence)),
        ]
        pairs += [(PROV.wasDerivedFrom, URIRef(s)) for s in (m.article_source, m.dataset_source)]
        for p, o in pairs:
            recon.add((node, p, o))
    for _event, c in plan.candidates:
        a, d = r(URIRef(c.article.iri)), URIRef(c.dataset.iri)
        assert isinstance(a, URIRef)
        node = minter.candidate_pair(a, d)
        for p, o in (
            (RDF.type, OLY.CandidatePair),
            (RDFS.label, Literal(f"{c.article.name} / {c.dataset.name}: not merged")),
            (OLY.candidateNode, a),
            (OLY.candidateNode, d),
            (OLY.evidence, Literal(f"{c.reason} ({c.name.describe()})")),
        ):
            recon.add((node, p, o))
    for lb in plan.labels:
        recon.add((URIRef(lb.node), _LABEL[lb.kind], Literal(lb.text)))
    for ep in plan.events:
        for fill in ep.gaps:
            row, who = URIRef(fill.row.iri), URIRef(fill.participant.iri)
            recon.add((row, OLY.competitor, who))
            note = f"gap filled ({fill.rule}): {fill.details}"
            recon.add((row, RDFS.comment, Literal(note)))
    for n, dis in enumerate(plan.disagreements, start=1):
        subject, prop = URIRef(dis.node), OLY[dis.prop]
        sides = (
            (dis.article_value, dis.article_source, dis.article_where),
            (dis.dataset_value, dis.dataset_source, dis.dataset_where),
        )
        node = minter.discrepancy(subject, f"{dis.prop}-{n}")
        recon.add((node, RDF.type, OLY.Discrepancy))
        recon.add((node, OLY.discrepancySubject, subject))
        recon.add((node, OLY.discrepancyProperty, prop))
        recon.add((node, RDFS.label, Literal(f"sources disagree on {dis.prop}")))
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
                recon.add((claim, p, o))
            recon.add((node, OLY.conflictingClaim, claim))
    return out
