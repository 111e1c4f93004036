"""A curator's judgements of which actors of two datasets are one, kept as data so that each
decision is made once and survives every reload.

The file (default `links.yaml` beside the dataset folders) is a YAML list; each entry:

    - left: malaysia-palestine:anwar-ibrahim     # DATASET:ACTOR-ID
      right: example-register:person-anwar
      judgement: same                           # same | different | unsure
      by: a curator                             # who decided
      date: 2026-12-01                          # when
      note: same Wikidata item

`same` ties two actors into one (with the actors' own `same_as` entries, they form clusters);
`different` says they must never be merged, and is checked against those clusters; `unsure`
keeps the pair from being proposed again until someone decides.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

from graphkit.errors import JudgementError
from graphkit.graph.merge import KeyGroups, clusters, split_key
from graphkit.model import Dataset, Origin, Problem

JUDGEMENTS = ("same", "different", "unsure")
FILE_NAME = "links.yaml"
_FIELDS = ("left", "right", "judgement", "by", "date", "note")


@dataclass(frozen=True)
class Judgement:
    """One decision about two actors, each "DATASET:ACTOR-ID"."""

    left: str
    right: str
    judgement: str
    by: str | None = None
    date: str | None = None
    note: str | None = None
    line: int | None = None  # where it is in its file, for messages
    entry: int | None = None  # its number in the file's list

    @property
    def pair(self) -> frozenset[str]:
        return frozenset((self.left, self.right))


def judgements_path(dataset_folders: Iterable[str | Path], given: str | Path | None = None) -> Path:
    """The judgements file: `given`, else `links.yaml` in the folder that holds the datasets."""
    if given is not None:
        return Path(given)
    folders = [Path(folder) for folder in dataset_folders]
    return (folders[0].resolve().parent if folders else Path("seed")) / FILE_NAME


def _yaml():
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=2, offset=0)
    yaml.width = 110
    return yaml


def _load(path: Path) -> Any:
    """The file's YAML document (ruamel's round-trip form), or None when the file is absent."""
    from ruamel.yaml import YAMLError

    if not path.exists():
        return None
    try:
        text = path.read_text(encoding="utf-8")
        return _yaml().load(text)
    except (OSError, UnicodeDecodeError) as error:
        raise JudgementError(f"{path}: cannot read it ({error})", hint="give a readable UTF-8 YAML file") from None
    except ValueError as error:  # an unquoted date that is no date (2026-13-01)
        raise JudgementError(f"{path}: a value YAML cannot read ({error})", hint="quote it, or fix the date") from None
    except YAMLError as error:
        where = getattr(getattr(error, "problem_mark", None), "line", None)
        line = f" at line {where + 1}" if where is not None else ""
        problem = " ".join(str(getattr(error, "problem", None) or error).split())
        raise JudgementError(f"{path}: malformed YAML{line}: {problem}", hint="fix the YAML") from None


def read_judgements(path: str | Path) -> tuple[list[Judgement], list[Problem]]:
    """The judgements of a file (none if it is absent) and the problems of their form, each with
    the file, line, entry and field."""
    from graphkit.dataset import suggest

    path = Path(path)
    document = _load(path)
    problems: list[Problem] = []
    if document is None:
        return [], problems
    if not isinstance(document, list):
        return [], [Problem(Origin(str(path), 1), None, None, "a judgements file is a list of entries "
                                                              "(- left: ..., right: ..., judgement: same)")]
    found = []
    for number, entry in enumerate(document, start=1):
        line = document.lc.item(number - 1)[0] + 1 if hasattr(document, "lc") else None
        label = f"entry {number}"

        def problem(field: str | None, message: str) -> None:
            problems.append(Problem(Origin(str(path), line), label, field, message))

        if not isinstance(entry, dict):
            problem(None, "an entry is a mapping with left, right and judgement")
            continue
        for key in entry:
            if key not in _FIELDS:
                hint = suggest(str(key), _FIELDS) or "; allowed: " + ", ".join(_FIELDS)
                problem(None, f"unknown field {key!r}{hint}")
        values = {key: _text(entry.get(key)) for key in _FIELDS}
        ok = True
        for key in ("left", "right"):
            value = values[key]
            if not value:
                problem(key, "missing: give the actor as DATASET:ACTOR-ID")
                ok = False
            elif not all(split_key(value)) or ":" not in value:
                problem(key, f"{value!r} is not DATASET:ACTOR-ID (e.g. malaysia-palestine:anwar-ibrahim)")
                ok = False
        if values["judgement"] not in JUDGEMENTS:
            given = "missing" if not values["judgement"] else f"{values['judgement']!r} is not a judgement"
            problem("judgement", f"{given}: choose one of {', '.join(JUDGEMENTS)}")
            ok = False
        if values["date"]:
            try:
                dt.date.fromisoformat(values["date"])
            except ValueError:
                problem("date", f"{values['date']!r} is not a day (YYYY-MM-DD)")
        if ok and values["left"] == values["right"]:
            problem("right", f"{values['right']!r} is the left actor itself: a judgement ties two actors")
            ok = False
        if ok:
            found.append(Judgement(**values, line=line, entry=number))
    return found, problems


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, dt.date) else str(value).strip() or None


def check_judgements(judgements: list[Judgement], datasets: list[Dataset], path: str | Path) -> list[Problem]:
    """What is wrong with `judgements` against the `datasets` they speak of: an unknown dataset or
    actor, two actors of one dataset, a pair judged twice, and a pair judged different whose
    actors `same` judgements and `same_as` entries make one. Also checks each actor's `same_as`
    entries name an actor that exists (their form is checked with the dataset)."""
    from graphkit.dataset import suggest

    actors = {dataset.name: dataset.actors for dataset in datasets}
    problems: list[Problem] = [problem for dataset in datasets for problem in same_as_problems(dataset, datasets)]
    seen: dict[frozenset[str], Judgement] = {}
    valid = []
    for judgement in judgements:
        def problem(field: str, message: str, judgement=judgement) -> None:
            problems.append(Problem(Origin(str(path), judgement.line), f"entry {judgement.entry}", field, message))

        ok = True
        for field in ("left", "right"):
            name, actor_id = split_key(getattr(judgement, field))
            if name not in actors:
                problem(field, f"no dataset {name!r} among the datasets read{suggest(name, actors)}")
                ok = False
            elif actor_id not in actors[name]:
                problem(field, f"no actor {actor_id!r} in dataset {name!r}{suggest(actor_id, actors[name])}")
                ok = False
        if ok and split_key(judgement.left)[0] == split_key(judgement.right)[0]:
            problem("right", "both actors are in one dataset: judgements tie actors of two datasets")
            ok = False
        if ok and judgement.pair in seen:
            first = seen[judgement.pair]
            problem("right", f"this pair is judged already (line {first.line}: {first.judgement}); keep one entry")
            ok = False
        if ok:
            seen[judgement.pair] = judgement
            valid.append(judgement)
    found = clusters(same_pairs(datasets, valid))
    groups = {key: index for index, group in enumerate(found) for key in group}
    same = [(None, *pair) for pair in same_pairs(datasets, [])]  # same_as: reported with its dataset
    for judgement, first, second in _chains(same + [(j, j.left, j.right) for j in valid if j.judgement == "same"]):
        if judgement is not None:
            problems.append(Problem(Origin(str(path), judgement.line), f"entry {judgement.entry}", "judgement",
                                    f"same judgements make {first} and {second} one actor, "
                                    "but they are two actors of one dataset"))
    for judgement in valid:
        if judgement.judgement == "different" and groups.get(judgement.left, -1) == groups.get(judgement.right, -2):
            problems.append(Problem(Origin(str(path), judgement.line), f"entry {judgement.entry}", "judgement",
                                    f"{judgement.left} and {judgement.right} are judged different, but same "
                                    "judgements or same_as entries make them one actor"))
    return problems


def same_as_problems(dataset: Dataset, others: Iterable[Dataset]) -> list[Problem]:
    """The `same_as` entries of `dataset`'s actors that name no actor of a dataset among `others`
    (a dataset not among them may be elsewhere: that is not checked), at the actor's file and line."""
    from graphkit.dataset import suggest

    actors = {other.name: other.actors for other in others}
    problems = []
    for actor in dataset.actors.values():
        for entry in actor.same_as:
            other, _, other_id = entry.partition(":")
            if other in actors and other != dataset.name and other_id not in actors[other]:
                origin = actor.origin or Origin(str(dataset.path or dataset.name))
                problems.append(Problem(origin, actor.id, "same_as", f"no actor {other_id!r} in dataset "
                                        f"{other!r}{suggest(other_id, actors[other])}"))
    ours = [(actor, f"{dataset.name}:{actor.id}", entry)
            for actor in dataset.actors.values() for entry in actor.same_as]
    theirs = [(None, *pair) for pair in same_pairs([other for other in others if other.name != dataset.name], [])]
    for actor, first, second in _chains(theirs + ours):
        if actor is not None:
            problems.append(Problem(actor.origin or Origin(str(dataset.path or dataset.name)), actor.id, "same_as",
                                    f"same_as entries make {first} and {second} one actor, "
                                    "but they are two actors of one dataset"))
    return problems


def _chains(ties: list[tuple[Any, str, str]]) -> Iterator[tuple[Any, str, str]]:
    """Of `ties` ((what, key, key), in order), those that would make two actors of one dataset one,
    each with two such actors: each tie is refused then, the others made (`KeyGroups`).

    >>> [(what, a, b) for what, a, b in _chains([(1, "a:1", "b:1"), (2, "a:2", "b:1"), (3, "a:2", "c:1")])]
    [(2, 'a:1', 'a:2')]
    """
    tied = KeyGroups()
    for what, left, right in ties:
        both = tied.group(left) | tied.group(right)
        twice = sorted(key for key in both if sum(split_key(key)[0] == split_key(other)[0] for other in both) > 1)
        if twice and tied.root(left) != tied.root(right):
            yield what, twice[0], twice[1]
        else:
            tied.tie(left, right)


def same_pairs(datasets: list[Dataset], judgements: Iterable[Judgement]) -> list[tuple[str, str]]:
    """Every pair of actors (keys "DATASET:ACTOR-ID") that are one: `same` judgements and the
    actors' own `same_as` entries (between the datasets given)."""
    names = {dataset.name for dataset in datasets}
    pairs = [(j.left, j.right) for j in judgements if j.judgement == "same"]
    for dataset in datasets:
        for actor in dataset.actors.values():
            pairs.extend((f"{dataset.name}:{actor.id}", entry) for entry in actor.same_as
                         if split_key(entry)[0] in names)
    return pairs


def load_judgements(path: str | Path, datasets: list[Dataset]) -> list[Judgement]:
    """The judgements of `path` checked against `datasets` (only those about them; the file may
    speak of other datasets too); the first error raises `JudgementError`."""
    judgements, problems = read_judgements(path)
    about = _about(judgements, datasets)
    problems += check_judgements(about, datasets, path)
    errors = [problem for problem in problems if problem.severity == "error"]
    if errors:
        raise JudgementError(f"{errors[0]}" + (f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""),
                             hint="fix the judgements (`graphkit validate` lists every problem)")
    return about


def record_judgement(path: str | Path, left: str, right: str, judgement: str, datasets: list[Dataset], *,
                     by: str | None = None, note: str | None = None, today: dt.date | None = None) -> Judgement:
    """Record one decision in the file (created if absent), keeping its comments and layout; a pair
    judged before gets the new decision in place. Refused, with nothing written, when the file
    would then be wrong (an unknown actor, or a `different` inside one cluster of same actors)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    path = Path(path)
    names = {dataset.name: dataset.actors for dataset in datasets}
    for key in (left, right):
        name, actor_id = split_key(key)
        if actor_id not in names.get(name, {}):
            raise JudgementError(f"no actor {key!r} in the datasets read ({', '.join(names)})",
                                 hint="name each actor as DATASET:ACTOR-ID")
    if left == right or split_key(left)[0] == split_key(right)[0]:
        raise JudgementError(f"{left} and {right} are in one dataset", hint="a judgement ties actors of two datasets")
    if judgement not in JUDGEMENTS:
        raise JudgementError(f"{judgement!r} is not a judgement", hint=f"choose one of {', '.join(JUDGEMENTS)}")
    document = _load(path)
    header = ""
    if document is None:
        document = CommentedSeq()
        header = path.read_text(encoding="utf-8") if path.exists() else ""  # a file of comments only
    if not isinstance(document, list):
        raise JudgementError(f"{path}: a judgements file is a list of entries",
                             hint="fix it, or give another --judgements")
    entry = next((item for item in document if isinstance(item, dict)
                  and {_text(item.get("left")), _text(item.get("right"))} == {left, right}), None)
    if entry is None:
        entry = CommentedMap(left=left, right=right)
        document.append(entry)
    entry["judgement"] = judgement
    for key, value in (("by", by), ("date", today or dt.date.today()), ("note", note)):
        if value:
            entry[key] = value
        elif key in entry:  # a new decision: the old one's curator and reason no longer hold
            del entry[key]
    buffer = io.StringIO()
    _yaml().dump(document, buffer)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(header + ("\n" if header and not header.endswith("\n") else "") + buffer.getvalue(),
                             encoding="utf-8")
        judgements, after = _errors(temporary, datasets, path)
        new = sorted(set(after) - set(_errors(path, datasets, path)[1] if path.exists() else ()))
        if new:
            raise JudgementError(f"not recorded: {after[new[0]]}",
                                 hint="check the two actors and the judgements so far")
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return next(j for j in judgements if j.pair == frozenset((left, right)))


def _errors(file: Path, datasets: list[Dataset], path: Path) -> tuple[list[Judgement], dict[str, str]]:
    """A file's judgements about `datasets`, and its errors: each as text without its line (to
    compare the file before and after an entry changes), with its whole message."""
    judgements, problems = read_judgements(file)
    problems += check_judgements(_about(judgements, datasets), datasets, path)
    return judgements, {f"{p.record}: {p.field}: {p.message}": str(p) for p in problems if p.severity == "error"}


def _about(judgements: list[Judgement], datasets: list[Dataset]) -> list[Judgement]:
    """The judgements whose two actors are of `datasets` (a file may speak of others too)."""
    names = {dataset.name for dataset in datasets}
    return [j for j in judgements if {split_key(j.left)[0], split_key(j.right)[0]} <= names]
