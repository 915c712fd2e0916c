"""Person names compared across sources: what counts as the same name, and how weakly.

An article writes ``Francisco Rodríguez``, ``Dunc Gray``, ``Willy Hansen``; the history CSV writes
the same people as ``Francisco Rodrguez`` (it deleted every non-ASCII letter), ``Edgar Laurence
"Dunc" Gray`` (full legal name with the nickname in quotes) and ``Willy Falck Hansen``. This module
turns a name into a :class:`NameKey` (folded, lower-case tokens plus the forms the name itself
states: its nickname form, its parenthesised alternatives, its ASCII-loss form) and compares two
names into a :class:`NameMatch` whose ``kind`` says how strong the relation is:

============  ===========================================================================
exact         the same tokens after folding diacritics, case, punctuation and hyphens
ascii-loss    the same once the article's non-ASCII letters are *deleted* (``Rodríguez`` →
              ``Rodrguez``), as the CSV did; folding (``Rodriguez``) would not match
nickname      one side is the other's nickname form (``Dunc Gray`` for ``Edgar Laurence
              "Dunc" Gray``: the nickname followed by the names after it)
alternative   one side is a form the other states in parentheses (``Diane Pratte (-Acton)``:
              ``Diane Acton``, ``Diane Pratte-Acton``)
short-form    first and last tokens equal and the shorter name's tokens a subsequence of the
              longer's (``Willy Hansen`` / ``Willy Falck Hansen``); also a name differing only by
              a generational suffix (``Jr.``, ``III``)
surname       one side is a single token equal to the other's last token (``Aerts``)
none          anything else
============  ===========================================================================

The first four are *equal names* (:attr:`NameMatch.equal`): the forms compared are both stated by
the sources. ``short-form`` and ``surname`` are only *compatible*: enough to confirm a merge made
on other evidence (same event, NOC and medal), never enough on their own.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from olygraph.text import fold

__all__ = [
    "EQUAL_KINDS",
    "NameForm",
    "NameKey",
    "NameKind",
    "NameMatch",
    "compare_names",
    "name_key",
]

NameKind = Literal[
    "exact", "ascii-loss", "nickname", "alternative", "short-form", "surname", "none"
]
EQUAL_KINDS: frozenset[NameKind] = frozenset({"exact", "ascii-loss", "nickname", "alternative"})
_ORDER: tuple[NameKind, ...] = (
    "exact",
    "ascii-loss",
    "nickname",
    "alternative",
    "short-form",
    "surname",
    "none",
)

_NICK_DOUBLE = re.compile(r'"([^"]+)"|“([^”]+)”|„([^“”]+)[“”]')
_NICK_SINGLE = re.compile(r"(?<![\w'’])['‘]([^'’]+)['’](?![\w'’])")
_PARENS = re.compile(r"\(([^()]*)\)")
_APOSTROPHES = re.compile(r"['’ʼ`´‘]")
_SEPARATORS = re.compile(r"[^a-z0-9]+")
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_NICK_MARK = "\x00"  # stands for the nickname's position while tokenising


@dataclass(frozen=True, slots=True)
class NameForm:
    """One way of writing the name: its tokens and what produced it."""

    tokens: tuple[str, ...]
    nickname: bool = False
    alternative: bool = False
    lossy: bool = False


@dataclass(frozen=True, slots=True)
class NameKey:
    """A name made comparable. ``tokens`` is the legal name (no nickname, no parentheses, no
    suffix), folded and lower-cased; ``nicknames`` the quoted nicknames (``("dunc",)``);
    ``nickname_forms`` the nickname followed by the tokens after it (``("dunc", "gray")``);
    ``alternatives`` the full names the parentheses state; ``lossy`` the legal tokens with the
    non-ASCII letters deleted instead of folded; ``suffix`` a generational suffix (``jr``)."""

    text: str
    tokens: tuple[str, ...]
    nicknames: tuple[str, ...] = ()
    nickname_forms: tuple[tuple[str, ...], ...] = ()
    alternatives: tuple[tuple[str, ...], ...] = ()
    lossy: tuple[str, ...] = ()
    suffix: str = ""

    def __str__(self) -> str:
        return " ".join(self.tokens)

    def forms(self) -> Iterator[NameForm]:
        """Every written form, plain first; lossy forms where deleting letters changes them."""
        yield NameForm(self.tokens)
        for f in self.nickname_forms:
            yield NameForm(f, nickname=True)
        for f in self.alternatives:
            yield NameForm(f, alternative=True)
        if self.lossy != self.tokens:
            yield NameForm(self.lossy, lossy=True)


@dataclass(frozen=True, slots=True)
class NameMatch:
    """How two names relate; ``article_form`` and ``dataset_form`` are the forms that met."""

    kind: NameKind
    article_form: str = ""
    dataset_form: str = ""

    @property
    def equal(self) -> bool:
        """The two are the same name (exact, ascii-loss, nickname or alternative)."""
        return self.kind in EQUAL_KINDS

    @property
    def compatible(self) -> bool:
        """Not contradicting: anything but ``none``."""
        return self.kind != "none"

    def describe(self) -> str:
        if self.kind == "none":
            return "names differ"
        if self.article_form == self.dataset_form:
            return f"{self.kind}: {self.article_form!r}"
        return f"{self.kind}: {self.article_form!r} ~ {self.dataset_form!r}"


def _tokens(text: str, *, lossy: bool = False) -> list[str]:
    """Lower-case tokens; apostrophes vanish (O'Brien → obrien), other punctuation splits.
    ``lossy`` deletes non-ASCII letters first, as the history CSV did. Nickname marks are kept
    as tokens of their own."""
    s = unicodedata.normalize("NFC", text)
    if lossy:
        s = "".join(c for c in s if ord(c) < 128)
    s = _APOSTROPHES.sub("", fold(s).lower())
    out: list[str] = []
    for i, part in enumerate(s.split(_NICK_MARK)):
        if i:
            out.append(_NICK_MARK)
        out.extend(t for t in _SEPARATORS.split(part) if t)
    return out


def _drop_last(tokens: list[str], value: str) -> list[str]:
    at = len(tokens) - 1 - tokens[::-1].index(value)
    return tokens[:at] + tokens[at + 1 :]


def _alternatives(legal: list[str], inner: str, before: int) -> list[tuple[str, ...]]:
    """The full names a parenthesis states about the token before it (index ``before``):
    ``(-Acton)`` → surname ``acton`` and ``pratte acton``; ``(Dormeuil-)`` → ``dormeuil`` and
    ``dormeuil auguste dormeuil``; ``(Zanich, Janicsek)`` → each replaces the token."""
    out: list[tuple[str, ...]] = []
    if before < 0 or not legal:
        return out
    before = min(before, len(legal) - 1)  # after a dropped suffix: "Nielsen, Jr. (-Zellweger)"
    for part in inner.split(","):
        part = part.strip()
        words = [t for t in _tokens(part.strip("-")) if t != _NICK_MARK]
        if not words:
            continue
        head, tail = legal[:before], legal[before + 1 :]
        out.append((*head, *words, *tail))  # the alternative instead of the token
        if part.startswith("-"):
            out.append((*head, legal[before], *words, *tail))
        elif part.endswith("-"):
            out.append((*head, *words, legal[before], *tail))
    return out


def name_key(name: str) -> NameKey:
    """Parse ``Edgar Laurence "Dunc" Gray``, ``Louis Albert Auguste-Dormeuil (Dormeuil-)``,
    ``Ramn F. Campos, Jr.`` into a :class:`NameKey`."""
    nicknames: list[str] = []

    def take(m: re.Match[str]) -> str:
        nicknames.append(next(g for g in m.groups() if g))
        return f" {_NICK_MARK} "

    text = _NICK_SINGLE.sub(take, _NICK_DOUBLE.sub(take, name))
    parens: list[tuple[int, str]] = []  # (number of legal tokens before it, its content)
    pieces = _PARENS.split(text)  # text, inner, text, inner, …
    plain = ""
    for i, piece in enumerate(pieces):
        if i % 2:
            before = len([t for t in _tokens(plain) if t != _NICK_MARK])
            parens.append((before - 1, piece))
        else:
            plain += " " + piece
    raw = _tokens(plain)
    raw_lossy = _tokens(plain, lossy=True)
    legal = [t for t in raw if t != _NICK_MARK]
    suffix = ""
    if len(legal) > 2 and legal[-1] in _SUFFIXES:
        suffix = legal[-1]
        raw = _drop_last(raw, suffix)
        if suffix in raw_lossy:
            raw_lossy = _drop_last(raw_lossy, suffix)
        legal = legal[:-1]
    lossy = [t for t in raw_lossy if t != _NICK_MARK]
    forms: list[tuple[str, ...]] = []
    if _NICK_MARK in raw:
        after = [t for t in raw[len(raw) - raw[::-1].index(_NICK_MARK) :] if t != _NICK_MARK]
        for n in nicknames:
            nt = tuple(t for t in _tokens(n) if t != _NICK_MARK)
            if nt and after:
                forms.append((*nt, *after))
    alts = [a for before, inner in parens for a in _alternatives(legal, inner, before)]
    return NameKey(
        text=name,
        tokens=tuple(legal),
        nicknames=tuple(t for n in nicknames for t in _tokens(n) if t != _NICK_MARK),
        nickname_forms=tuple(dict.fromkeys(forms)),
        alternatives=tuple(dict.fromkeys(a for a in alts if a != tuple(legal))),
        lossy=tuple(lossy),
        suffix=suffix,
    )


def _subsequence(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    it = iter(long)
    return all(t in it for t in short)


def _relation(a: tuple[str, ...], d: tuple[str, ...]) -> NameKind:
    """equal → exact; short-form; surname; none (for one pair of forms)."""
    if not a or not d:
        return "none"
    if a == d:
        return "exact"
    short, long = (a, d) if len(a) <= len(d) else (d, a)
    if len(short) == 1:
        return "surname" if short[0] == long[-1] else "none"
    if short[0] == long[0] and short[-1] == long[-1] and _subsequence(short, long):
        return "short-form"
    return "none"


def _equal_kind(fa: NameForm, fd: NameForm) -> NameKind:
    if fa.nickname or fd.nickname:
        return "nickname"
    if fa.alternative or fd.alternative:
        return "alternative"
    if fa.lossy or fd.lossy:
        return "ascii-loss"
    return "exact"


def compare_names(article: str | NameKey, dataset: str | NameKey) -> NameMatch:
    """Compare an article's name with a dataset's: the strongest relation between any of their
    forms. Symmetric in what it accepts; the argument order only names the forms in the result.
    A generational suffix on one side only makes an otherwise equal pair ``short-form``."""
    ka = article if isinstance(article, NameKey) else name_key(article)
    kd = dataset if isinstance(dataset, NameKey) else name_key(dataset)
    best = NameMatch("none")
    for fa in ka.forms():
        for fd in kd.forms():
            rel = _relation(fa.tokens, fd.tokens)
            if rel == "exact":
                kind = _equal_kind(fa, fd)
                if ka.suffix != kd.suffix:
                    kind = "short-form"
            else:
                kind = rel
            if _ORDER.index(kind) < _ORDER.index(best.kind):
                best = NameMatch(kind, " ".join(fa.tokens), " ".join(fd.tokens))
    return best
