"""Names made comparable: the same person written in two registers ("Dato' Seri Anwar Ibrahim",
"ANWAR BIN IBRAHIM", "Анвар Ибрагим") should meet on one form before any fuzzy score is taken."""

from __future__ import annotations

import re

HONORIFICS = frozenset({
    "dato", "datuk", "datin", "seri", "sri", "tan", "tun", "toh", "puan", "tuan", "haji", "hj", "hajjah",
    "yb", "yab", "ybhg", "dr", "prof", "professor", "sir", "mr", "mrs", "ms", "sheikh", "shaykh", "ustaz",
    "hon", "honourable", "president", "minister", "senator",
})
"""Titles that lead a name in registers and news but are not part of it (Malay honorifics among them)."""
_APOSTROPHES = re.compile(r"['’‘`ʼ]")
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def normalise_name(text: str, *, honorifics: bool = False) -> str:
    """`text` casefolded, transliterated to ASCII, without punctuation, and unless `honorifics`,
    without the titles that lead it (`HONORIFICS`).

    >>> normalise_name("Dato' Seri Anwar Ibrahim")
    'anwar ibrahim'
    >>> normalise_name("Dato' Seri Anwar Ibrahim", honorifics=True)
    'dato seri anwar ibrahim'
    >>> normalise_name("Анвар Ибрагим"), normalise_name("Ismaïl Haniyeh"), normalise_name("Tan")
    ('anvar ibragim', 'ismail haniyeh', 'tan')
    """
    from anyascii import anyascii

    plain = _APOSTROPHES.sub("", anyascii(text).casefold())
    words = _NOT_WORD.sub(" ", plain).split()
    if not honorifics:
        while len(words) > 1 and words[0] in HONORIFICS:
            words = words[1:]
    return " ".join(words)


_PARTICLES = frozenset({"bin", "binti", "bte", "bt", "b", "al", "el", "ibn", "bint", "a/l", "a/p", "van", "von", "de"})
"""Words that join a name to a parent's or a place's and that registers keep or drop at will."""


def name_similarity(a: str, b: str) -> float:
    """How alike two normalised names are, 0 to 100 (rapidfuzz's token-sort ratio): word order and
    particles such as "bin" matter not.

    >>> name_similarity("anwar ibrahim", "ibrahim anwar"), name_similarity("anwar bin ibrahim", "anwar ibrahim")
    (100.0, 100.0)
    >>> name_similarity("anwar ibrahim", "nurul izzah anwar ibrahim") < 85
    True
    """
    from rapidfuzz import fuzz

    a, b = (" ".join(word for word in name.split() if word not in _PARTICLES) for name in (a, b))
    if not a or not b:
        return 0.0
    return float(fuzz.token_sort_ratio(a, b))
