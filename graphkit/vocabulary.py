"""The vocabulary: which actor kinds, relationship types, statuses and source kinds exist.

It is declared as data in `vocabulary.yaml` and read once into typed objects, checked as it is
read, so that a mistake in the file is one clear error rather than a surprise later. Only names of
this vocabulary ever become Neo4j labels or relationship types.

>>> vocab = vocabulary()
>>> vocab.relationship_types["MET_WITH"].directed, "Person" in vocab.actor_kinds
(False, True)
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from graphkit.errors import GraphkitError

VOCABULARY_FILE = Path(__file__).with_name("vocabulary.yaml")
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")  # safe as a label or relationship type


@dataclass(frozen=True)
class ActorKind:
    name: str
    description: str
    color: str
    shape: str


@dataclass(frozen=True)
class RelationshipType:
    name: str
    description: str
    directed: bool
    from_kinds: tuple[str, ...]
    to_kinds: tuple[str, ...]
    family: str
    stance: int = 0


@dataclass(frozen=True)
class StatusRule:
    """A status, and the least count of each kind of citation (`STATUS_COUNTS`) that gives it."""

    status: str
    when: tuple[tuple[str, int], ...]


STATUS_COUNTS = ("asserts", "alleges", "denies", "confirms", "supports", "independent_asserts")


@dataclass(frozen=True)
class Vocabulary:
    actor_kinds: dict[str, ActorKind]
    statuses: dict[str, str]
    source_kinds: tuple[str, ...]
    relationship_types: dict[str, RelationshipType]
    stances: dict[str, str]
    status_rules: tuple[StatusRule, ...]

    def derive_status(self, stances) -> str | None:
        """The status of a claim whose citations have these (stance, publisher) pairs: the first
        rule they meet gives it; None without citations. Sources of one publisher are not
        independent of each other.

        >>> vocab = vocabulary()
        >>> vocab.derive_status([("alleges", "a")]), vocab.derive_status([("asserts", "a"), ("denies", "b")])
        ('alleged', 'disputed')
        >>> vocab.derive_status([("asserts", "a"), ("asserts", "b")]), vocab.derive_status([("asserts", "a"), ("asserts", "a")])
        ('confirmed', 'reported')
        """
        counts = dict.fromkeys(STATUS_COUNTS, 0)
        asserting = set()
        for stance, publisher in stances:
            counts[stance] += 1
            counts["supports"] += stance != "denies"
            if stance == "asserts":
                asserting.add(publisher)
        counts["independent_asserts"] = len(asserting)
        for rule in self.status_rules:
            if all(counts[name] >= least for name, least in rule.when):
                return rule.status
        return None


class VocabularyError(GraphkitError, ValueError):
    """The vocabulary file itself is wrong."""


def read_vocabulary(path: str | Path = VOCABULARY_FILE) -> Vocabulary:
    """Read and check a vocabulary file."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))

    def fail(where: str, message: str):
        raise VocabularyError(f"{path}: {where}: {message}")

    kinds = {}
    for name, spec in (data.get("actor_kinds") or {}).items():
        if not _NAME.match(name):
            fail(f"actor kind {name!r}", "a kind is letters, digits and _ (it becomes a label)")
        kinds[name] = ActorKind(name, spec.get("description", ""), spec.get("color", ""), spec.get("shape", ""))
    types = {}
    for name, spec in (data.get("relationship_types") or {}).items():
        if not _NAME.match(name):
            fail(f"relationship type {name!r}", "a type is letters, digits and _ (it becomes a Neo4j type)")
        for end in ("from", "to"):
            for kind in spec.get(end) or ():
                if kind not in kinds:
                    fail(f"relationship type {name!r}", f"{end}: {kind!r} is not an actor kind")
        stance = int(spec.get("stance", 0))
        if stance not in (-1, 0, 1):
            fail(f"relationship type {name!r}", "stance is -1, 0 or +1")
        types[name] = RelationshipType(
            name=name, description=spec["description"], directed=bool(spec["directed"]),
            from_kinds=tuple(spec["from"]), to_kinds=tuple(spec["to"]), family=spec["family"], stance=stance)
    statuses, stances = dict(data["statuses"]), dict(data["stances"])
    rules = []
    for number, spec in enumerate(data.get("status_rules") or (), 1):
        if spec.get("status") not in statuses:
            fail(f"status rule {number}", f"{spec.get('status')!r} is not a status")
        unknown = sorted(set(spec.get("when") or {}) - set(STATUS_COUNTS))
        if unknown:
            fail(f"status rule {number}", f"{unknown[0]!r} is not a count ({', '.join(STATUS_COUNTS)})")
        rules.append(StatusRule(spec["status"], tuple((name, int(least)) for name, least in spec["when"].items())))
    if set(stances) != {"asserts", "alleges", "denies", "confirms"}:
        fail("stances", "are asserts, alleges, denies and confirms")
    return Vocabulary(actor_kinds=kinds, statuses=statuses, source_kinds=tuple(data["source_kinds"]),
                      relationship_types=types, stances=stances, status_rules=tuple(rules))


@functools.cache
def vocabulary() -> Vocabulary:
    """The vocabulary graphkit ships, read once."""
    return read_vocabulary()
