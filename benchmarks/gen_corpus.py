"""A corpus of N distinct event articles made from the shared ones and the seed (issue 19).

Each copy numbers the event name of its article (title and infobox ``Event:`` line), so every
file is a different event of the same Games and sport, sharing NOCs and athletes with the other
copies, as a real corpus does. Non-event pages (no `` – `` in the title) are left out.

    python benchmarks/gen_corpus.py N DIR [--articles DIR]
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared"
SEED = HERE.parent / "src" / "olygraph" / "data" / "seed.txt"

_TITLE = re.compile(r"^= (?P<games>.+?) – (?P<event>.+) =$")
_EVENT = re.compile(r"^- Event: (?P<event>.+)$", re.MULTILINE)


def templates(articles: Path) -> list[tuple[str, str]]:
    """(stem, text) of every event article of ``articles`` and the seed, by name."""
    paths = [*sorted(articles.glob("*.txt")), SEED]
    out: list[tuple[str, str]] = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        first = text.split("\n", 1)[0]
        if _TITLE.match(first):
            out.append((path.stem, text))
    return out


def numbered(text: str, n: int) -> str:
    """``text`` with its event name numbered ``n`` (title line and infobox Event line)."""
    first, _, rest = text.partition("\n")
    m = _TITLE.match(first)
    assert m is not None
    title = f"= {m['games']} – {m['event']} no. {n} ="
    rest = _EVENT.sub(lambda e: f"- Event: {e['event']} no. {n}", rest, count=1)
    return f"{title}\n{rest}"


def generate(count: int, target: Path, articles: Path = SHARED / "articles") -> list[Path]:
    """Write ``count`` distinct articles into ``target`` (made once; existing files reused)."""
    target.mkdir(parents=True, exist_ok=True)
    base = templates(articles)
    out: list[Path] = []
    for i in range(count):
        stem, text = base[i % len(base)]
        path = target / f"{i:06d}-{stem}.txt"
        if not path.exists():
            path.write_text(numbered(text, i // len(base) + 1), encoding="utf-8")
        out.append(path)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("count", type=int)
    ap.add_argument("target", type=Path)
    ap.add_argument("--articles", type=Path, default=SHARED / "articles")
    args = ap.parse_args()
    generate(args.count, args.target, args.articles)


if __name__ == "__main__":
    main()
