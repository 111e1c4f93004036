"""The graph form's large-scale path: a dataset's actors and relationships as numpy columns.

A networkx graph holds a Python dict per relationship; at 10⁵ actors and 10⁶ relationships
building it and filtering it cost far more than the measures. `EdgeArrays` keeps what slices and
the measures' projection read, one column per value: each relationship's ends (actor indices), type,
effective status, direction, the bounds of valid time as day numbers (`datetime.date.toordinal`,
with `NO_DAY_BEFORE` / `NO_DAY_AFTER` for an unknown bound), its timing; each actor's id, name,
kind, country and own start/end; each citation's edge, source, stance and the day it became known.
`graph.array_slices.select` gives exactly the selection `filter_graph` gives.
The columns are saved as one ``.npz`` file of plain arrays (no pickled objects).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import operator
from dataclasses import dataclass, fields as dataclass_fields
from pathlib import Path
from typing import TYPE_CHECKING

from graphkit.dates import TIME_KINDS, PartialDate, valid_time_days

if TYPE_CHECKING:
    import numpy as np

    from graphkit.model import Dataset

NO_DAY_BEFORE = -(2**31)
"""The day number of an unknown earliest bound: before every day."""
NO_DAY_AFTER = 2**31 - 1
"""The day number of an unknown latest bound: after every day."""
UNDATED_CODE = TIME_KINDS.index("undated")
_DATE_FIELDS = ("date", "start", "end", "attested", "after", "before")


def day_number(day: dt.date | None, unknown: int) -> int:
    """A day as its number (`date.toordinal`), or `unknown` when there is none.

    >>> day_number(dt.date(2023, 10, 7), NO_DAY_AFTER), day_number(None, NO_DAY_AFTER) == NO_DAY_AFTER
    (738800, True)
    """
    return unknown if day is None else day.toordinal()


def earliest_latest(date: PartialDate | None) -> tuple[int, int]:
    """A partial date's first and last day numbers; an absent or open date has neither.

    >>> earliest_latest(PartialDate.parse("2023-10")), earliest_latest(None) == (NO_DAY_BEFORE, NO_DAY_AFTER)
    ((738794, 738824), True)
    """
    if not isinstance(date, PartialDate) or date.earliest is None:
        return NO_DAY_BEFORE, NO_DAY_AFTER
    return date.earliest.toordinal(), date.latest.toordinal()


@dataclass
class EdgeArrays:
    """A dataset's actors, relationships and citations as columns (see the module's docstring).

    Name tables (`kinds`, `types`, `statuses`, `source_ids`, `publishers`, `stances`) turn the
    integer codes of the columns back into names. Relationship `i` is the dataset's `i`-th.
    """

    actor_ids: "np.ndarray"
    actor_names: "np.ndarray"
    actor_countries: "np.ndarray"
    actor_kinds: "np.ndarray"  # codes into kinds
    actor_start: "np.ndarray"  # earliest day of its own start, NO_DAY_BEFORE if unknown
    actor_end: "np.ndarray"  # latest day of its own end, NO_DAY_AFTER if unknown or open
    source: "np.ndarray"  # actor index of each relationship's `from`
    target: "np.ndarray"
    type: "np.ndarray"  # codes into types
    status: "np.ndarray"  # codes into statuses: set by hand, else from the citations ("reported" if none)
    directed: "np.ndarray"
    earliest_start: "np.ndarray"
    latest_start: "np.ndarray"
    earliest_end: "np.ndarray"
    latest_end: "np.ndarray"
    timing: "np.ndarray"  # codes into dates.TIME_KINDS
    known_first: "np.ndarray"  # first day some citation was known; NO_DAY_AFTER if none has a date
    known_all: "np.ndarray"  # first day every citation was known; NO_DAY_AFTER if one never is
    citation_edge: "np.ndarray"  # the relationship each citation belongs to (ascending)
    citation_source: "np.ndarray"  # codes into source_ids
    citation_stance: "np.ndarray"  # codes into stances
    citation_known: "np.ndarray"  # the last day of when it became known; NO_DAY_AFTER if unknown
    source_publisher: "np.ndarray"  # per source: code into publishers (a source without one is its own)
    kinds: "np.ndarray"
    types: "np.ndarray"
    statuses: "np.ndarray"
    source_ids: "np.ndarray"
    publishers: "np.ndarray"
    stances: "np.ndarray"

    @classmethod
    def from_dataset(cls, dataset: "Dataset") -> "EdgeArrays":
        """The columns of a (checked) dataset, by its own vocabulary, as `dataset_to_graph` reads it.

        >>> from graphkit.model import Actor, Citation, Dataset, Relationship, Source
        >>> s = Source(id="s", title="S", published=PartialDate.parse("2024"))
        >>> d = Dataset(name="d", title="D", sources={"s": s},
        ...     actors={"a": Actor(id="a", kind="Person", name="A"), "b": Actor(id="b", kind="Group", name="B")},
        ...     relationships={"r": Relationship(id="r", source="a", target="b", type="MET_WITH",
        ...                    date=PartialDate.parse("2023-10"), citations=[Citation("s", "q", stance="alleges")])})
        >>> arrays = EdgeArrays.from_dataset(d)
        >>> arrays.actor_ids.tolist(), arrays.statuses[arrays.status].tolist(), arrays.directed.tolist()
        (['a', 'b'], ['alleged'], [False])
        >>> [dt.date.fromordinal(int(day)) for day in (arrays.earliest_start[0], arrays.latest_end[0])]
        [datetime.date(2023, 10, 1), datetime.date(2023, 10, 31)]
        """
        from graphkit.vocabulary import dataset_vocabulary, using_vocabulary

        with using_vocabulary(dataset_vocabulary(dataset.path)):
            return _build(dataset)

    def save(self, path: str | Path) -> None:
        """Write the columns to `path` as one ``.npz`` file (exactly that file: no suffix added)."""
        import numpy as np

        with open(path, "wb") as handle:
            np.savez(handle, **{f.name: getattr(self, f.name) for f in dataclass_fields(self)})

    @classmethod
    def load(cls, path: str | Path) -> "EdgeArrays":
        """The columns `save` wrote (plain arrays only: a file holding pickled objects is refused)."""
        import numpy as np

        with np.load(path, allow_pickle=False) as stored:
            return cls(**{f.name: stored[f.name] for f in dataclass_fields(cls)})

    @property
    def citation_offsets(self) -> "np.ndarray":
        """Where each relationship's citations begin in the citation columns (and end: `[i + 1]`)."""
        import numpy as np

        return np.searchsorted(self.citation_edge, np.arange(len(self.source) + 1))


class _Codes(dict):
    """Names (or dates) to codes, each new one numbered as it comes."""

    def __missing__(self, key):
        value = self[key] = len(self)
        return value


def _build(dataset: "Dataset") -> EdgeArrays:
    from graphkit.vocabulary import vocabulary

    vocab = vocabulary()
    actors = list(dataset.actors.values())
    index = {actor.id: i for i, actor in enumerate(actors)}
    codes = {name: _Codes() for name in ("kinds", "types", "statuses", "sources", "publishers", "stances")}
    dates = _Codes({None: 0})  # each distinct date once: its days are looked up once
    by_id = {id(None): 0}  # the same, by object: hashing a PartialDate is Python code, id() is not

    def date_code(date) -> int:
        by_id[id(date)] = code = dates[date]
        return code

    for name in vocab.statuses:
        codes["statuses"][name]
    for name in (*vocab.stances, "asserts", "denies"):
        codes["stances"][name]
    publisher_of = [codes["publishers"][source.publisher or source.id] for source in dataset.sources.values()]
    for source in dataset.sources.values():
        codes["sources"][source.id]
    lives = [(earliest_latest(actor.start)[0], earliest_latest(actor.end)[1]) for actor in actors]
    published = {source.id: source.published for source in dataset.sources.values()}
    publisher_names = {source.id: source.publisher or source.id for source in dataset.sources.values()}
    ends, type_list, status_list, date_codes = [], [], [], []
    cite_edge, cite_source, cite_stance, cite_known = [], [], [], []
    derived: dict[tuple, str] = {}
    relationship = operator.attrgetter("source", "target", "type", "status", "citations")
    relationship_dates = operator.attrgetter(*_DATE_FIELDS)
    citation_fields = operator.attrgetter("source", "stance", "date")
    type_code, source_code, stance_code, status_code = (codes[name] for name in ("types", "sources", "stances",
                                                                                    "statuses"))
    for position, rel in enumerate(dataset.relationships.values()):
        source_id, target_id, type_name, status, citations = relationship(rel)
        ends.append((index[source_id], index[target_id]))
        type_list.append(type_code[type_name])
        given = relationship_dates(rel)
        found = list(map(by_id.get, map(id, given)))  # readers share one object per date text
        date_codes.extend(found if None not in found else map(date_code, given))
        pairs = []
        for citation in citations:
            cited, stance, date = citation_fields(citation)
            stance = stance or "asserts"
            cite_edge.append(position)
            cite_source.append(source_code[cited])
            cite_stance.append(stance_code[stance])
            known = date or published.get(cited)
            code = by_id.get(id(known))
            cite_known.append(code if code is not None else date_code(known))
            pairs.append((stance, publisher_names.get(cited, cited)))
        if not status:
            key = tuple(pairs)
            status = derived.get(key)
            if status is None:
                status = derived[key] = vocab.derive_status(pairs) or "reported"
        status_list.append(status_code[status])
    return assemble(vocab, codes, dates, date_codes, actors=([actor.id for actor in actors],
                    [actor.name or "" for actor in actors], [actor.country or "" for actor in actors],
                    [actor.kind for actor in actors], lives), ends=ends, type_list=type_list,
                    status_list=status_list, cite=(cite_edge, cite_source, cite_stance, cite_known),
                    publisher_of=publisher_of)


def assemble(vocab, codes: dict, dates, date_codes: list[int], *, actors: tuple, ends: list, type_list: list[int],
             status_list: list[int], cite: tuple, publisher_of: list[int]) -> EdgeArrays:
    """The arrays from what the walk over a dataset (or its columns, `graph.column_arrays`) found:
    `codes` by name, the distinct `dates` (None first) and each relationship's code of each date
    field; `actors` as (ids, names, countries, kinds, lives); `cite` as (edge, source, stance, known)."""
    import numpy as np

    actor_ids, actor_names, actor_countries, actor_kinds, lives = actors
    cite_edge, cite_source, cite_stance, cite_known = cite
    stance_code = codes["stances"]
    for kind in actor_kinds:
        codes["kinds"][kind]
    publisher_of += [codes["publishers"][name] for name in list(codes["sources"])[len(publisher_of):]]
    spans = np.array([(*earliest_latest(date), isinstance(date, PartialDate) and date.is_open) for date in dates],
                     dtype=np.int64).reshape(-1, 3)
    n_edges = len(ends)
    given = np.array(date_codes, dtype=np.int64).reshape(n_edges, len(_DATE_FIELDS))
    day = {f"{name}_{end}": spans[given[:, column], 0 if end == "earliest" else 1]
           for column, name in enumerate(_DATE_FIELDS) for end in ("earliest", "latest")}
    present = {name: given[:, column] != 0 for column, name in enumerate(_DATE_FIELDS)}
    end_open = spans[given[:, _DATE_FIELDS.index("end")], 2].astype(bool)
    timing = np.select(
        [present["date"] | present["start"] | present["end"] & ~end_open, present["attested"],
         present["after"] | present["before"]],
        [TIME_KINDS.index("dated"), TIME_KINDS.index("attested"), TIME_KINDS.index("bounded")],
        UNDATED_CODE).astype(np.int8)
    known = np.array(cite_known, dtype=np.int64)
    cite = {"edge": np.array(cite_edge, dtype=np.int64), "source": np.array(cite_source, dtype=np.int64),
            "stance": np.array(cite_stance, dtype=np.int64), "earliest": spans[known, 0], "latest": spans[known, 1]}
    cite["supports"] = (cite["stance"] != stance_code["denies"]) & (known != 0)
    pairs_of_ends = np.array(ends, dtype=np.int32).reshape(-1, 2)
    source, target = pairs_of_ends[:, 0].copy(), pairs_of_ends[:, 1].copy()
    reported = _first_reported(cite, n_edges)
    lives_days = np.array(lives, dtype=np.int64).reshape(-1, 2)
    both_alive = (np.maximum(lives_days[source, 0], lives_days[target, 0]),
                  np.minimum(lives_days[source, 1], lives_days[target, 1]))
    bounds = valid_time_days(day, day["date_earliest"] != NO_DAY_BEFORE, [reported], both_alive)
    known_first = np.full(n_edges, NO_DAY_AFTER, dtype=np.int64)
    np.minimum.at(known_first, cite["edge"], cite["latest"])
    known_all = np.full(n_edges, NO_DAY_BEFORE, dtype=np.int64)
    np.maximum.at(known_all, cite["edge"], cite["latest"])
    known_all[known_all == NO_DAY_BEFORE] = NO_DAY_AFTER  # no citation: never known
    types = list(codes["types"])
    directed_by_type = np.array([vocab.relationship_types[name].directed if name in vocab.relationship_types
                                 else True for name in types], dtype=bool)
    type_codes = np.array(type_list, dtype=np.int16)
    return EdgeArrays(
        actor_ids=_strings(actor_ids), actor_names=_strings(actor_names), actor_countries=_strings(actor_countries),
        actor_kinds=np.array([codes["kinds"][kind] for kind in actor_kinds], dtype=np.int16),
        actor_start=np.array([life[0] for life in lives], dtype=np.int32),
        actor_end=np.array([life[1] for life in lives], dtype=np.int32),
        source=source, target=target, type=type_codes, status=np.array(status_list, dtype=np.int16),
        directed=directed_by_type[type_codes] if n_edges else np.zeros(0, dtype=bool),
        **{name: values.astype(np.int32) for name, values in bounds.items()}, timing=timing,
        known_first=known_first.astype(np.int32), known_all=known_all.astype(np.int32),
        citation_edge=cite["edge"].astype(np.int32), citation_source=cite["source"].astype(np.int32),
        citation_stance=cite["stance"].astype(np.int8), citation_known=cite["latest"].astype(np.int32),
        source_publisher=np.array(publisher_of, dtype=np.int32),
        kinds=_strings(codes["kinds"]), types=_strings(types), statuses=_strings(codes["statuses"]),
        source_ids=_strings(codes["sources"]), publishers=_strings(codes["publishers"]),
        stances=_strings(codes["stances"]))


def _strings(values) -> "np.ndarray":
    import numpy as np

    values = list(values)
    return np.array(values, dtype=str) if values else np.zeros(0, dtype="<U1")


def _first_reported(cite: dict[str, "np.ndarray"], n_edges: int) -> "np.ndarray":
    """Per relationship, the last day of its first report (`form.first_reported`: the least known
    date of a supporting citation, dates ordered by first then last day); NO_DAY_AFTER if none."""
    import numpy as np

    reported = np.full(n_edges, NO_DAY_AFTER, dtype=np.int64)
    chosen = np.flatnonzero(cite["supports"])
    if len(chosen):
        order = chosen[np.lexsort((cite["latest"][chosen], cite["earliest"][chosen], cite["edge"][chosen]))]
        edges = cite["edge"][order]
        first = np.ones(len(order), dtype=bool)
        first[1:] = edges[1:] != edges[:-1]
        reported[edges[first]] = cite["latest"][order[first]]
    return reported


@functools.lru_cache(maxsize=1)
def artifact_name() -> str:
    """The cache name of a dataset's arrays: versioned by the code that builds and reads them, so
    an entry made by other code is never read."""
    root = Path(__file__).resolve().parent
    digest = hashlib.blake2b(digest_size=8)
    for module in ("arrays.py", "array_slices.py", "column_arrays.py", "../dates.py"):  # dates: the rule of valid time
        digest.update((root / module).read_bytes())
    return f"edge-arrays-{digest.hexdigest()}"
