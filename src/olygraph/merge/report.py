"""``olygraph inspect`` for a merge: every event match, every merge with its evidence, every
candidate pair with the reason it was not merged, and what was refused or disagrees."""

from __future__ import annotations

from olygraph.merge.plan import ExportPlan

__all__ = ["merge_lines"]


def merge_lines(plan: ExportPlan) -> list[str]:
    """The plan in words, one item per line (indented details), in a stable order."""
    out = ["== merge: articles × datasets =="]
    for ep in plan.events:
        o = ep.outcome
        if o.match is None:
            names = ", ".join(repr(d.name) for d in o.candidates)
            out.append(f"event not merged: {o.article.names[0]!r} ({o.article.iri}): {o.reason}")
            if names:
                out.append(f"    candidates: {names}")
    out.append(f"merges ({len(plan.merges)}):")
    for m in plan.merges:
        out.append(f"  {m.kind}: {m.article} -> {m.canonical}")
        out.append(f"    rule: {m.rule}")
        out.append(f"    evidence: {m.evidence}")
    out.append(f"candidate pairs not merged ({len(plan.candidates)}):")
    for event, c in plan.candidates:
        out.append(f"  athlete: {c.article.iri} ? {c.dataset.iri} (in {event})")
        out.append(f"    names: {c.article.name!r} / {c.dataset.name!r} ({c.name.describe()})")
        out.append(f"    not merged: {c.reason}")
    for ep in plan.events:
        for fill in ep.gaps:
            out.append(f"gap filled: {fill.row.iri} <- {fill.participant.iri} ({fill.details})")
    for art, targets in plan.refused:
        out.append(f"refused: {art} would be merged into {', '.join(targets)}; kept apart")
    for d in plan.disagreements:
        out.append(
            f"disagreement on {d.prop} of {d.node}: article {d.article_value} "
            f"({d.article_where}), dataset {d.dataset_value} ({d.dataset_where})"
        )
    unmatched = sum(len(ep.athletes.unmatched_dataset) for ep in plan.events if ep.athletes)
    out.append(f"dataset participants of matched events left unmerged: {unmatched}")
    return out
