#!/usr/bin/env python3
"""Rewrite ``olygraph.<old module>`` references to the package layout of issue 13.

Run from the repository root on code written against the flat layout (before the modules moved
into packages by pipeline stage): ``python scripts/relayout_imports.py [FILE ...]`` (default:
every ``*.py`` under src/, tests/, benchmarks/ and scripts/). Idempotent.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

MOVES = {
    "olygraph.api": "olygraph.api.pipeline",
    "olygraph.report": "olygraph.api.report",
    "olygraph.reconcile": "olygraph.reconcile.links",
    "olygraph.graphbuild": "olygraph.mapping.builder",
    "olygraph.mapping_event": "olygraph.mapping.event",
    "olygraph.mapping": "olygraph.mapping.article",
    "olygraph.write": "olygraph.write.rdf",
    "olygraph.validate": "olygraph.validate.run",
    "olygraph.query": "olygraph.query.named",
    "olygraph.load": "olygraph.load.run",
    "olygraph.validate_inputs": "olygraph.validate.inputs",
    "olygraph.validate_rdflib": "olygraph.validate.pyshacl_graph",
    "olygraph.validate_report": "olygraph.validate.report",
    "olygraph.shacl": "olygraph.validate.shacl",
    "olygraph.query_run": "olygraph.query.run",
    "olygraph.query_format": "olygraph.query.results",
    "olygraph.remote": "olygraph.query.remote",
    "olygraph.endpoint": "olygraph.query.engines",
    "olygraph.load_http": "olygraph.load.http",
    "olygraph.load_source": "olygraph.load.source",
    "olygraph.stores": "olygraph.load.stores",
    "olygraph.cli_datasets": "olygraph.cli.datasets",
}

#: ``from olygraph import NAME`` where NAME moved: (package, module)
_FROM_TOP = {
    old.removeprefix("olygraph."): new.rsplit(".", 1)
    for old, new in MOVES.items()
    if old.count(".") == 1 and old not in ("olygraph.api", "olygraph.shacl")
}
_FROM_LINE = re.compile(r"^(?P<indent>[ \t]*)from olygraph import (?P<names>[\w, ]+?)[ \t]*$", re.M)


def _split_from(m: re.Match[str]) -> str:
    indent = m.group("indent")
    kept: list[str] = []
    lines: list[str] = []
    for item in (n.strip() for n in m.group("names").split(",")):
        name, _, alias = item.partition(" as ")
        alias = alias.strip() or name.strip()
        if name.strip() in _FROM_TOP:
            package, module = _FROM_TOP[name.strip()]
            lines.append(f"{indent}from {package} import {module} as {alias}")
        else:
            kept.append(item)
    if kept:
        lines.insert(0, f"{indent}from olygraph import {', '.join(kept)}")
    return "\n".join(lines)

_PATTERN = re.compile(
    r"\b("
    + "|".join(re.escape(k) for k in sorted(MOVES, key=len, reverse=True))
    + r")\b(?!\w)"
)
_SUBMODULE = re.compile(r"\bolygraph\.shacl\.(\w+)")


_SUBMODULES = {new.rsplit(".", 1)[1] for new in MOVES.values()}
_IMPORT_OF = re.compile(r" import (\w+)")


_DOTTED = re.compile(r"\.(\w+)")


def _new_modules() -> set[str]:
    return set(MOVES.values()) | set(NAME_MOVES.values()) | {"olygraph.validate.shacl"}


def _moved(m: re.Match[str]) -> str:
    dotted = _DOTTED.match(m.string, m.end())
    if dotted and f"{m.group(1)}.{dotted.group(1)}" in _new_modules():
        return m.group(1)  # already the new form: olygraph.query.named
    if dotted and f"{m.group(1)}.{dotted.group(1)}" in MOVES:
        return m.group(1)  # a longer old name, rewritten on its own
    imported = _IMPORT_OF.match(m.string, m.end())
    if imported and f"{m.group(1)}.{imported.group(1)}" in _new_modules():
        return m.group(1)  # already the new form: from olygraph.query import engines
    return MOVES[m.group(1)]


#: names that moved to another module than the rest of their old module: (module, name) -> module
NAME_MOVES: dict[tuple[str, str], str] = {
    **{("olygraph.write.rdf", n): "olygraph.write.files" for n in (
        "is_special", "write_atomic", "open_atomic")},
    **{("olygraph.validate.inputs", n): "olygraph.write.rdf" for n in ("load_rdf", "as_graph")},
    **{("olygraph.validate.run", n): "olygraph.write.rdf" for n in ("load_rdf", "as_graph")},
    **{("olygraph.reconcile.links", n): "olygraph.mapping.claims" for n in (
        "ClaimBook", "Discrepancy")},
    **{("olygraph.mapping.article", n): "olygraph.mapping.context" for n in (
        "Context", "REFERENCE")},
    **{("olygraph.read.document", n): "olygraph.facts" for n in ("Problem", "ProblemKind")},
    **{("olygraph.query.remote", n): "olygraph.write.sparql" for n in ("sparql_term",)},
    **{("olygraph.validate.run", n): "olygraph.validate.outcome" for n in (
        "SHAPES_NS", "LazyReport", "Severity", "ValidationOutcome", "ValidationResult",
        "bind_prefixes", "read_report", "source_location", "order")},
}
_FROM_MODULE = re.compile(
    r"^(?P<indent>[ \t]*)from (?P<module>olygraph[\w.]*) import (?P<names>[\w, ]+?)[ \t]*$", re.M
)


def _split_names(m: re.Match[str]) -> str:
    module, indent = m.group("module"), m.group("indent")
    groups: dict[str, list[str]] = {}
    for item in (n.strip() for n in m.group("names").split(",")):
        if item:
            name = item.partition(" as ")[0].strip()
            groups.setdefault(NAME_MOVES.get((module, name), module), []).append(item)
    if list(groups) == [module]:
        return m.group(0)
    return "\n".join(f"{indent}from {mod} import {', '.join(items)}" for mod, items in
    groups.items())


def rewrite(text: str) -> str:
    text = _SUBMODULE.sub(lambda m: f"olygraph.validate.shacl.{m.group(1)}", text)
    text = _PATTERN.sub(_moved, text)
    text = _FROM_LINE.sub(_split_from, text)
    return _FROM_MODULE.sub(_split_names, text)


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or [
        p for d in ("src", "tests", "benchmarks", "scripts") for p in Path(d).rglob("*.py")
    ]
    for path in paths:
        if path.name == "relayout_imports.py" or not path.is_file():
            continue
        old = path.read_text(encoding="utf-8")
        new = rewrite(old)
        if new != old:
            path.write_text(new, encoding="utf-8")
            print(f"rewrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
