"""The vocabulary: which actor kinds, relationship types, statuses and source kinds exist.

It is declared as data in `vocabulary.yaml` and read once into typed objects, checked as it is
read, so that a mistake in the file is one clear error rather than a surprise later. Only names of
this vocabulary ever become Neo4j labels or relationship types.

A dataset may extend it with a `vocabulary.yaml` of its own (`EXTENSION_FILE`): actor kinds,
relationship types and source kinds that it adds, never ones it redefines. `vocabulary()` is the
vocabulary in force: the shipped one, or a dataset's extension while `using_vocabulary` puts it in
force. Reading a dataset (`validate_dataset`), building its graph (`dataset_to_graph`), loading it
into Neo4j and the commands that read a dataset folder put its vocabulary in force, so every
reader of the vocabulary sees the extension for that dataset and no other.

>>> vocab = vocabulary()
>>> vocab.relationship_types["MET_WITH"].directed, "Person" in vocab.actor_kinds
(False, True)
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
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
    extension: str | None = None  # the dataset's vocabulary.yaml that extends the shipped one
    _statuses: dict = field(default_factory=dict, init=False, repr=False, compare=False, hash=False)  # by counts

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
        return self._status_of(tuple(counts.values()))

    def _status_of(self, counts: tuple[int, ...]) -> str | None:
        """The first rule's status that these counts (in `STATUS_COUNTS` order) meet; kept per counts."""
        known = self._statuses
        if counts not in known:
            named = dict(zip(STATUS_COUNTS, counts))
            known[counts] = next((rule.status for rule in self.status_rules
                                  if all(named[name] >= least for name, least in rule.when)), None)
        return known[counts]


class VocabularyError(GraphkitError, ValueError):
    """The vocabulary file itself is wrong."""


EXTENSION_FILE = "vocabulary.yaml"
"""A dataset's own additions to the vocabulary, in its folder beside dataset.yaml."""
_EXTENDABLE = ("actor_kinds", "relationship_types", "source_kinds")
_TYPE_KEYS = ("description", "directed", "from", "to", "family")
_KIND_KEYS = ("description", "color", "shape")


def read_vocabulary(path: str | Path = VOCABULARY_FILE, *, base: Vocabulary | None = None) -> Vocabulary:
    """Read and check a vocabulary file; with `base`, a dataset's extension of it.

    An extension only adds actor kinds, relationship types and source kinds: naming one that
    `base` already has is an error naming the file and the entry, so a dataset can never change
    what a built-in name means.
    """
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise VocabularyError(f"{path}: cannot read it ({' '.join(str(error).split())})",
                              hint="a vocabulary is a YAML mapping") from None
    data = {} if data is None and base is not None else data

    def fail(where: str, message: str):
        hint = f"see {VOCABULARY_FILE.name} in the graphkit package for the form" if base is not None else None
        raise VocabularyError(f"{path}: {where}: {message}", hint=hint)

    if not isinstance(data, dict):
        fail("the file", "is not a mapping of actor_kinds, relationship_types and source_kinds")
    if base is not None:
        other = sorted(set(data) - set(_EXTENDABLE))
        if other:
            fail(other[0], f"a dataset's vocabulary only adds {', '.join(_EXTENDABLE)}")
    kinds = dict(base.actor_kinds) if base else {}
    for name, spec in _table(data, "actor_kinds", fail).items():
        if base and name in base.actor_kinds:
            fail(f"actor kind {name!r}", "is built in: a dataset's vocabulary adds kinds, it cannot redefine one")
        if not _NAME.match(str(name)):
            fail(f"actor kind {name!r}", "a kind is letters, digits and _ (it becomes a label)")
        spec = {} if spec is None else spec
        if not isinstance(spec, dict) or not set(spec) <= set(_KIND_KEYS) or not all(
                spec.get(key) is None or isinstance(spec[key], str) for key in _KIND_KEYS):
            fail(f"actor kind {name!r}", f"is a mapping of texts: {', '.join(_KIND_KEYS)}")
        kinds[name] = ActorKind(name, *(spec.get(key) or "" for key in _KIND_KEYS))
    types = dict(base.relationship_types) if base else {}
    for name, spec in _table(data, "relationship_types", fail).items():
        if base and name in base.relationship_types:
            fail(f"relationship type {name!r}",
                 "is built in: a dataset's vocabulary adds types, it cannot redefine one")
        if not _NAME.match(str(name)):
            fail(f"relationship type {name!r}", "a type is letters, digits and _ (it becomes a Neo4j type)")
        missing = [key for key in _TYPE_KEYS if not isinstance(spec, dict) or key not in spec]
        if missing:
            fail(f"relationship type {name!r}", f"missing {', '.join(missing)}")
        for end in ("from", "to"):
            if not isinstance(spec[end], list) or not all(isinstance(kind, str) for kind in spec[end]):
                fail(f"relationship type {name!r}", f"{end}: is a list of actor kinds, e.g. [Person, Group]")
            for kind in spec[end]:
                if kind not in kinds:
                    fail(f"relationship type {name!r}", f"{end}: {kind!r} is not an actor kind")
        if not isinstance(spec["directed"], bool):
            fail(f"relationship type {name!r}", f"directed: {spec['directed']!r} is not true or false")
        for key in ("description", "family"):
            if not isinstance(spec[key], str) or not spec[key].strip():
                fail(f"relationship type {name!r}", f"{key}: is a text")
        stance = _stance(spec.get("stance", 0))
        if stance is None:
            fail(f"relationship type {name!r}",
                 f"stance: {spec.get('stance')!r} is not a stance (positive, negative, +1, -1 or 0)")
        types[name] = RelationshipType(
            name=name, description=spec["description"], directed=spec["directed"],
            from_kinds=tuple(spec["from"]), to_kinds=tuple(spec["to"]), family=spec["family"], stance=stance)
    if base is not None:
        added = data.get("source_kinds") or []
        if not isinstance(added, list):
            fail("source_kinds", "is a list of names")
        for number, name in enumerate(added):
            if not isinstance(name, str) or not _NAME.match(name) or name in added[:number]:
                fail(f"source kind {name!r}", "a source kind is a name of letters, digits and _, given once")
            if name in base.source_kinds:
                fail(f"source kind {name!r}", "is built in: a dataset's vocabulary adds kinds, it cannot redefine one")
        return dataclasses.replace(base, actor_kinds=kinds, relationship_types=types,
                                   source_kinds=base.source_kinds + tuple(added), extension=str(path))
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


_STANCE_WORDS = {"positive": 1, "negative": -1, "neutral": 0}


def _stance(value) -> int | None:
    """A type's stance as a sign: the words `--stance` uses or a number; None if it is neither.

    >>> _stance("positive"), _stance(-1), _stance("+1"), _stance("0"), _stance("friendly"), _stance(2)
    (1, -1, 1, 0, None, None)
    """
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _STANCE_WORDS:
            return _STANCE_WORDS[word]
        value = {"+1": 1, "1": 1, "-1": -1, "0": 0}.get(word)
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if value in (-1, 0, 1) else None


def _table(data: dict, key: str, fail) -> dict:
    table = data.get(key) or {}
    if not isinstance(table, dict):
        fail(key, "is a mapping of names to what they mean")
    return table


@functools.cache
def _package_vocabulary() -> Vocabulary:
    return read_vocabulary()


@functools.cache
def _extended(path: str, stamp: tuple[int, int]) -> Vocabulary:
    return read_vocabulary(path, base=_package_vocabulary())


_IN_FORCE: contextvars.ContextVar[Vocabulary | None] = contextvars.ContextVar("vocabulary", default=None)


def vocabulary(extension: str | Path | None = None) -> Vocabulary:
    """The vocabulary in force: the one graphkit ships (read once), or a dataset's extension of it
    while `using_vocabulary` puts that in force. With `extension` (a dataset's vocabulary.yaml),
    the shipped vocabulary extended by that file (read again only when the file changes).

    >>> vocabulary() is vocabulary(), vocabulary().extension
    (True, None)
    """
    if extension is None:
        return _IN_FORCE.get() or _package_vocabulary()
    path = Path(extension)
    try:
        stat = path.stat()
    except OSError as error:
        raise VocabularyError(f"{path}: cannot read it ({error.strerror})") from None
    return _extended(str(path), (stat.st_mtime_ns, stat.st_size))


def dataset_vocabulary(folder: str | Path | None) -> Vocabulary:
    """The vocabulary of the dataset in `folder`: the shipped one, extended by the folder's own
    `vocabulary.yaml` if it has one (None: the vocabulary in force)."""
    if folder is None:
        return vocabulary()
    extension = Path(folder) / EXTENSION_FILE
    return vocabulary(extension) if extension.is_file() else _package_vocabulary()


@contextlib.contextmanager
def using_vocabulary(vocab: Vocabulary) -> Iterator[Vocabulary]:
    """Put `vocab` in force (what `vocabulary()` gives) inside the block: a dataset's extension
    reaches every reader of the vocabulary (checks, the graph form, the map, the filters) while
    that dataset is worked on, and no other dataset's work.

    >>> import dataclasses
    >>> more = dataclasses.replace(vocabulary(), source_kinds=("memo",))
    >>> with using_vocabulary(more):
    ...     vocabulary().source_kinds
    ('memo',)
    >>> "memo" in vocabulary().source_kinds
    False
    """
    previous = _IN_FORCE.get()
    token = _IN_FORCE.set(vocab)
    try:
        yield vocab
    finally:
        try:
            _IN_FORCE.reset(token)
        except ValueError:  # closed from another context (an abandoned generator, finalised later)
            _IN_FORCE.set(previous)
