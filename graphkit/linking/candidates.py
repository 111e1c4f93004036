"""Candidate pairs: actors of two datasets that may be one, for a curator to judge.

Shared identifiers first (the same Wikidata item is the strongest sign), then names and aliases,
normalised (`names.normalise_name`) and scored with rapidfuzz. Only actors of one kind are
compared, and of one country where both give one (blocking: a register of thousands never
meets every actor of another). Two actors that give different values for one identifier scheme
are two actors and are never proposed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from graphkit.graph.merge import clusters
from graphkit.linking.judgements import Judgement, same_pairs
from graphkit.linking.names import name_similarity, normalise_name
from graphkit.model import Actor, Dataset

MIN_SCORE = 85.0
"""The lowest name score proposed by default: a transliteration or a dropped title still passes."""


@dataclass(frozen=True)
class Candidate:
    """Two actors (keys "DATASET:ACTOR-ID") that may be one, how alike they are and why."""

    left: str
    right: str
    score: float
    why: str  # "shared identifier wikidata=Q…", "name", "alias 'Anwar'"
    left_name: str
    right_name: str
    kind: str


def candidates(datasets: list[Dataset], judgements: Iterable[Judgement] = (), *, min_score: float = MIN_SCORE,
               honorifics: bool = False) -> list[Candidate]:
    """The pairs of actors of different datasets that may be one: those sharing an identifier
    first, then by score; pairs judged
    already (any judgement) or one already (same judgements, `same_as`) are left out.

    >>> from graphkit.model import Actor, Dataset
    >>> a = Dataset(name="a", actors={"anwar": Actor(id="anwar", kind="Person", name="Anwar Ibrahim", country="MY")})
    >>> b = Dataset(name="b", actors={"p1": Actor(id="p1", kind="Person", name="Dato' Seri ANWAR BIN IBRAHIM"),
    ...                                "p2": Actor(id="p2", kind="Group", name="Anwar Ibrahim")})
    >>> [(c.left, c.right, c.score, c.why) for c in candidates([a, b])]
    [('a:anwar', 'b:p1', 100.0, 'name')]
    """
    judgements = list(judgements)
    judged = {j.pair for j in judgements}
    one = {key: index for index, group in enumerate(clusters(same_pairs(datasets, judgements))) for key in group}
    blocks: dict[str, dict[str, list[tuple[str, Actor]]]] = {}  # kind -> dataset -> actors
    for dataset in datasets:
        for actor in dataset.actors.values():
            blocks.setdefault(actor.kind, {}).setdefault(dataset.name, []).append((f"{dataset.name}:{actor.id}", actor))
    found = []
    for by_dataset in blocks.values():
        forms = {key: _forms(actor, honorifics) for members in by_dataset.values() for key, actor in members}
        names = list(by_dataset)
        for i, name_a in enumerate(names):
            for name_b in names[i + 1:]:
                for key_a, actor_a in by_dataset[name_a]:
                    for key_b, actor_b in by_dataset[name_b]:
                        if frozenset((key_a, key_b)) in judged or (key_a in one and one.get(key_b) == one[key_a]):
                            continue
                        if actor_a.country and actor_b.country and actor_a.country != actor_b.country:
                            continue
                        match = _match(actor_a, actor_b, forms[key_a], forms[key_b])
                        if match is not None and match[0] >= min_score:
                            found.append(Candidate(key_a, key_b, match[0], match[1], actor_a.name, actor_b.name,
                                                   actor_a.kind))
    return sorted(found, key=lambda c: (not c.why.startswith("shared identifier"), -c.score, c.left, c.right))


def _forms(actor: Actor, honorifics: bool) -> list[tuple[str, str]]:
    """An actor's names, normalised, each with what it is ("name" or its alias)."""
    forms = [(normalise_name(actor.name, honorifics=honorifics), "name")]
    forms += [(normalise_name(alias, honorifics=honorifics), f"alias {alias!r}") for alias in actor.aliases]
    return [(form, what) for form, what in forms if form]


def _match(a: Actor, b: Actor, forms_a, forms_b) -> tuple[float, str] | None:
    """The best reason to think two actors are one, with its score; None when their identifiers
    say they are two."""
    shared = sorted(scheme for scheme in set(a.identifiers) & set(b.identifiers)
                    if str(a.identifiers[scheme]).strip() == str(b.identifiers[scheme]).strip())
    if shared:
        return 100.0, "shared identifier " + ", ".join(f"{scheme}={a.identifiers[scheme]}" for scheme in shared)
    common = set(a.identifiers) & set(b.identifiers)
    if any(str(a.identifiers[s]).strip() != str(b.identifiers[s]).strip() for s in common):
        return None
    best: tuple[float, str] | None = None
    for form_a, what_a in forms_a:
        for form_b, what_b in forms_b:
            score = name_similarity(form_a, form_b)
            why = what_a if what_a != "name" else what_b
            if best is None or score > best[0] or (score == best[0] and why == "name" and best[1] != "name"):
                best = (round(score, 1), why)
    return best
