"""Render a :class:`~olygraph.validate.run.ValidationOutcome` as text, Turtle (the SHACL report
graph) or JSON. Text groups results by severity, then by focus node, in plain words, and says
where in its source each offending fact was read."""

from __future__ import annotations

import json
from collections.abc import Iterable
from itertools import groupby
from typing import Final

from olygraph.validate.outcome import Severity, ValidationOutcome, ValidationResult
from olygraph.vocab import PREFIXES

REPORT_FORMATS: Final = ("text", "ttl", "json")

_HEADINGS: Final = {
    Severity.VIOLATION: "Violations: broken data (fix the source, or report a mapping bug)",
    Severity.WARNING: "Warnings: sources disagree or are incomplete",
    Severity.INFO: "Notes",
}
_NOUNS: Final = {
    Severity.VIOLATION: ("violation", "violations"),
    Severity.WARNING: ("warning", "warnings"),
    Severity.INFO: ("note", "notes"),
}
_CURIES: Final = (*PREFIXES, ("olysh", "https://w3id.org/olygraph/shapes#"))


def render(outcome: ValidationOutcome, fmt: str) -> str:
    if fmt == "ttl":
        return outcome.report.serialize(format="turtle")
    if fmt == "json":
        return json.dumps(as_json(outcome), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    return text(outcome)


def summary(outcome: ValidationOutcome) -> str:
    """``2 warnings, 1 note, no violations``: the counts in words, most serious first."""
    counts = outcome.counts()
    parts = []
    for severity in Severity:
        n = counts[severity]
        one, many = _NOUNS[severity]
        parts.append(f"{n} {one if n == 1 else many}" if n else f"no {many}")
    return ", ".join(parts)


def text(outcome: ValidationOutcome, severities: Iterable[Severity] = tuple(Severity)) -> str:
    wanted = set(severities)
    lines = [f"olygraph validate: {summary(outcome)} ({outcome.triples} triples checked)"]
    for severity in Severity:
        results = [r for r in outcome.of_severity(severity) if severity in wanted]
        if not results:
            continue
        lines += ["", f"{_HEADINGS[severity]} ({len(results)})"]
        for focus, group in groupby(results, key=lambda r: r.focus_node):
            items = list(group)
            first = items[0]
            title = f"{first.focus_label}  <{focus}>" if first.focus_label else f"<{focus}>"
            lines.append(f"  {title}")
            where = first.source_location
            if where:
                referred = where.startswith("referred to at ")
                lines.append(f"    {where}" if referred else f"    read at: {where}")
            lines.extend(f"    - {_sentence(r)}" for r in items)
    return "\n".join(lines) + "\n"


def _sentence(r: ValidationResult) -> str:
    detail = []
    if r.path and not _is_sparql(r):
        detail.append(f"property {curie(r.path)}")
    if r.value is not None and not _is_sparql(r):
        detail.append(f"value {r.value!r}")
    extra = f" ({', '.join(detail)})" if detail else ""
    shape = f" [{curie(r.source_shape)}]" if r.source_shape else ""
    return f"{r.message}{extra}{shape}"


def _is_sparql(r: ValidationResult) -> bool:
    return r.constraint_component.endswith("#SPARQLConstraintComponent")


def curie(iri: str) -> str:
    for prefix, ns in _CURIES:
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return f"<{iri}>"


def as_json(outcome: ValidationOutcome) -> dict[str, object]:
    counts = outcome.counts()
    return {
        "conforms": outcome.conforms,
        "triples": outcome.triples,
        "counts": {s.value.lower(): counts[s] for s in Severity},
        "results": [
            {
                "severity": r.severity.value,
                "focusNode": r.focus_node,
                "focusLabel": r.focus_label,
                "sourceLocation": r.source_location,
                "message": r.message,
                "path": r.path,
                "value": r.value,
                "sourceShape": r.source_shape,
                "sourceConstraintComponent": r.constraint_component,
            }
            for r in outcome.results
        ],
    }
