"""The tables ``bench_history.py`` prints: writers against the floor and Morph-KGC, validation,
queries; each with the issue's targets and a pass/FAIL verdict."""

from __future__ import annotations

import statistics
from typing import Any

from history_measure import Run

#: targets of issue 6: peak RSS of an export, validation time and memory, medal-table time
MB_LIMIT, VALIDATE_S, VALIDATE_MB, MEDAL_TABLE_S = 300, 60, 4096, 1.0


def fmt(x: float | None, digits: int = 1) -> str:
    return "—" if x is None else f"{x:.{digits}f}"


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("pass" if ok else "FAIL")


def writer_table(w: Any, counts: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    floor, mk, nt = w.median("floor"), w.median("morph-kgc"), w.median("olygraph nt")
    rows = []
    for name, label in (
        ("olygraph nt", "nt"),
        ("olygraph ttl", "ttl"),
        ("floor", "nt"),
        ("morph-kgc", "nt"),
        ("rdflib", "nt"),
    ):
        run = w.median(name)
        row: dict[str, Any] = {"tool": name.split()[0], "format": label}
        if run is None or not run.ok:
            row["note"] = w.missing.get(name) or (run.err.splitlines()[-1] if run else "skipped")
            rows.append(row)
            continue
        row.update(
            wall=run.wall,
            peak_mb=run.peak_mb,
            tree_mb=run.tree_mb,
            runs=len(w.runs[name]),
            **counts.get(name, {}),
        )
        row["to_floor"] = run.wall / floor.wall if floor and floor.ok else None
        row["to_morph"] = run.wall / mk.wall if mk and mk.ok else None
        if name == "olygraph nt":
            row["target"] = f"≤1.5× floor, ≤0.5× Morph-KGC, ≤{MB_LIMIT} MB"
            row["pass"] = (
                row["to_floor"] is not None
                and row["to_floor"] <= 1.5
                and row["to_morph"] is not None
                and row["to_morph"] <= 0.5
                and run.peak_mb <= MB_LIMIT
            )
        elif name == "olygraph ttl":
            row["target"] = f"≤2× olygraph nt, ≤{MB_LIMIT} MB"
            row["pass"] = bool(nt and nt.ok and run.wall <= 2 * nt.wall) and run.peak_mb <= MB_LIMIT
        if name == "morph-kgc" and w.prep:
            prep = statistics.median(r.wall for r in w.prep)
            row["prep_s"] = prep
            row["note"] = f"prep {prep:.1f} s + Morph-KGC {run.wall - prep:.1f} s"
        rows.append(row)
    return rows


def print_writers(rows: list[dict[str, Any]]) -> None:
    print(
        f"{'tool':<10} {'fmt':<4} {'wall s':>7} {'peak MB':>8} {'tree MB':>8} {'triples':>9} "
        f"{'same':>4} {'/floor':>7} {'/Morph':>7}  {'target':<44} result"
    )
    for r in rows:
        if "wall" not in r:
            print(f"{r['tool']:<10} {r['format']:<4} not available: {r.get('note', '')}")
            continue
        same = {True: "✓", False: "✗", None: "?"}[r.get("same")]
        print(
            f"{r['tool']:<10} {r['format']:<4} {r['wall']:>7.2f} {r['peak_mb']:>8.0f} "
            f"{r['tree_mb']:>8.0f} {r.get('triples') or 0:>9} {same:>4} "
            f"{fmt(r['to_floor'], 2):>7} {fmt(r['to_morph'], 2):>7}  "
            f"{r.get('target', '—'):<44} {verdict(r.get('pass'))}"
            + (f"  ({r['note']})" if r.get("note") else "")
        )
        for key in ("missing", "extra"):
            for t in r.get(key) or ():
                print(f"    {'-' if key == 'missing' else '+'} {t}")


def print_validation(v: dict[str, Any]) -> dict[str, Any]:
    print(f"\nvalidation of {v['graph']} (plain pyshacl on {v['plain_backend']})")
    own, plain = v.get("olygraph"), v.get("pyshacl")
    same = None
    if own and plain and "findings" in own and "findings" in plain:
        same = own["findings"] == plain["findings"]
    for name, info in (("olygraph validate", own), ("pyshacl plain", plain)):
        if not info:
            print(f"  {name:<18} skipped")
            continue
        if "findings" not in info:
            print(
                f"  {name:<18} {info['wall']:>8.1f} s {info['peak_mb']:>7.0f} MB  no result: "
                f"{info.get('error')}"
            )
            continue
        c = info["counts"]
        line = (
            f"  {name:<18} {info['wall']:>8.1f} s {info['peak_mb']:>7.0f} MB  "
            f"{c['Violation']} violations, {c['Warning']} warnings, {c['Info']} infos"
        )
        if name == "olygraph validate":
            done = plain and ("findings" in plain or plain.get("timed_out"))
            ratio = plain["wall"] / info["wall"] if done else None
            ok = info["wall"] <= VALIDATE_S and info["peak_mb"] <= VALIDATE_MB
            ok = ok and (ratio is None or ratio >= 2) and same is not False
            at_least = "≥" if plain and plain.get("timed_out") else ""
            speed = f"{at_least}{ratio:.1f}× faster than plain" if ratio else "no plain run"
            unchecked = " (findings not compared)" if same is None else ""
            line += (
                f"  {speed}; target ≤{VALIDATE_S} s, ≤4 GB, ≥2× plain, same findings: "
                f"{verdict(ok)}{unchecked}"
            )
            info["pass"] = ok
        print(line)
    if same is not None:
        print(f"  same findings: {'✓' if same else '✗'}")
    return {
        k: ({a: b for a, b in i.items() if a != "findings"} if isinstance(i, dict) else i)
        for k, i in v.items()
    } | {"same_findings": same}


def print_queries(q: dict[str, Any], run: Run) -> None:
    print(
        f"\nqueries (pyoxigraph, {q['triples']} triples; process {run.wall:.1f} s, "
        f"{run.peak_mb:.0f} MB): Store.bulk_load {q['bulk_load_s']:.1f} s, "
        f"loaded as olygraph query does {q['load_s']:.1f} s"
    )
    for name, info in q["queries"].items():
        extra = ""
        if name == "medal-table" and info["seconds"] is not None:
            extra = f"  target ≤{MEDAL_TABLE_S:g} s: {verdict(info['seconds'] <= MEDAL_TABLE_S)}"
        shown = info["error"] or f"{info['rows']} rows"
        print(
            f"  {name:<20} {fmt(info['seconds'], 3):>8} s (first {fmt(info['first'], 3)} s, "
            f"{info['runs']} runs)  {shown}{extra}"
        )
    times = [i["seconds"] for i in q["per_games"].values() if i["seconds"] is not None]
    if times:
        print(
            f"  medal-table per Games ({len(times)}): median {statistics.median(times):.3f} s, "
            f"max {max(times):.3f} s"
        )
