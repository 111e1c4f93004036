"""Slices of `EdgeArrays`, vectorised: the same rules as `graph.slices.filter_graph`, the same
selection and counts, and the measures' projection (`graph.project`) as a sparse matrix.

Only a relationship whose citations became known partly by a `known_by` day has its status
recomputed one by one (from the citations known then); everything else is a few passes of numpy
over the columns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from graphkit.dates import PartialDate  # noqa: F401 (the doctests use it)
from graphkit.errors import FilterError
from graphkit.graph.arrays import UNDATED_CODE, EdgeArrays
from graphkit.graph.slices import filters_record, slice_options
from graphkit.vocabulary import vocabulary

if TYPE_CHECKING:
    import numpy as np


@dataclass
class Selection:
    """What a slice of `arrays` keeps: the actors (`nodes`, indices in the dataset's order), the
    relationships (`edges`, indices), which of those only may have held (`may`), the citations
    known on the slice's known-by day (`citations`, a mask), and, in `graph`, what
    `filter_graph` puts in its graph's attributes: `filters`, `left_out`, `unconnected`,
    `not_existing`."""

    arrays: EdgeArrays
    nodes: "np.ndarray"
    edges: "np.ndarray"
    may: "np.ndarray"
    citations: "np.ndarray"
    graph: dict[str, Any] = field(default_factory=dict)

    def number_of_nodes(self) -> int:
        return len(self.nodes)

    def number_of_edges(self) -> int:
        return len(self.edges)

    def may_count(self) -> int:
        """How many relationships kept only may have held in the window."""
        return int(self.may.sum())

    def node_ids(self) -> list[str]:
        """The ids of the actors kept, in the dataset's order (the graph's node order)."""
        return self.arrays.actor_ids[self.nodes].tolist()

    def actor(self, node_id: str) -> tuple[str, str]:
        """An actor's name (its id when it has none) and kind, by id."""
        index = self._index().get(node_id)
        if index is None:
            raise KeyError(node_id)
        name = str(self.arrays.actor_names[index])
        return name or node_id, str(self.arrays.kinds[self.arrays.actor_kinds[index]])

    def _index(self) -> dict[str, int]:
        if "_by_id" not in self.__dict__:
            self.__dict__["_by_id"] = {str(node): int(i) for node, i in zip(self.arrays.actor_ids[self.nodes],
                                                                               self.nodes)}
        return self.__dict__["_by_id"]

    def projection(self, *, directed: bool, weighted: bool, weight: str = "relationships"):
        """The projection (`graph.project`) as actor ids and a CSR matrix, as `kernels.projection`
        gives it for the filtered graph."""
        import numpy as np

        from graphkit.graph.project import arcs_matrix

        arrays = self.arrays
        position = np.full(len(arrays.actor_ids), -1, dtype=np.int64)
        position[self.nodes] = np.arange(len(self.nodes))
        u, v = position[arrays.source[self.edges]], position[arrays.target[self.edges]]
        one_way = arrays.directed[self.edges]
        nodes = self.node_ids()
        if weighted and weight == "sources":
            return nodes, self._sources_matrix(u, v, one_way, directed)
        if weighted and weight != "relationships":
            raise FilterError(f"weight must be 'relationships' or 'sources', not {weight!r}")
        return nodes, arcs_matrix(len(nodes), u, v, one_way, directed=directed, weighted=weighted)

    def _sources_matrix(self, u, v, one_way, directed: bool):
        """Each pair's weight: the distinct sources citing its relationships (at least 1)."""
        import numpy as np
        import scipy.sparse as sp

        n = len(self.nodes)
        edge = np.arange(len(u))
        if directed:
            both = ~one_way
            rows, cols, owner = np.concatenate([u, v[both]]), np.concatenate([v, u[both]]), np.concatenate(
                [edge, edge[both]])
        else:
            rows, cols, owner = np.minimum(u, v), np.maximum(u, v), edge
        keep = rows != cols
        rows, cols, owner = rows[keep], cols[keep], owner[keep]
        pair = rows * n + cols
        pairs, pair_of_arc = np.unique(pair, return_inverse=True)
        offsets = self.arrays.citation_offsets
        chosen = self.edges[owner]
        counts = offsets[chosen + 1] - offsets[chosen]
        arc_of_citation = np.repeat(np.arange(len(owner)), counts)
        before = np.cumsum(counts) - counts  # each arc's first row among the rows made here
        citation = offsets[chosen][arc_of_citation] + np.arange(len(arc_of_citation)) - before[arc_of_citation]
        known = self.citations[citation]
        width = max(1, len(self.arrays.source_ids))
        cited = np.unique(pair_of_arc[arc_of_citation[known]] * width + self.arrays.citation_source[citation[known]])
        weights = np.maximum(1, np.bincount(cited // width, minlength=len(pairs)))
        rows, cols = pairs // n, pairs % n
        if not directed:
            rows, cols, weights = np.concatenate([rows, cols]), np.concatenate([cols, rows]), np.concatenate(
                [weights, weights])
        return sp.csr_array((weights.astype(float), (rows, cols)), shape=(n, n))


def select(arrays: EdgeArrays, *, types=None, kinds=None, statuses=None, as_of=None, between=None,
           certain: bool = False, undated: str = "exclude", known_by=None, keep_isolated: bool = False) -> Selection:
    """The actors and relationships `filter_graph` keeps with the same filters, and its counts.

    >>> from graphkit.model import Actor, Citation, Dataset, Relationship, Source
    >>> def rel(id, to, **dates):
    ...     return Relationship(id=id, source="a", target=to, type="MEMBER_OF", citations=[Citation("s", "q")],
    ...                         **{k: PartialDate.parse(v) for k, v in dates.items()})
    >>> d = Dataset(name="d", title="D", sources={"s": Source(id="s", title="S")},
    ...     actors={"a": Actor(id="a", kind="Person", name="A"), "b": Actor(id="b", kind="Group", name="B"),
    ...             "c": Actor(id="c", kind="Group", name="C", end=PartialDate.parse("2019"))},
    ...     relationships={"r1": rel("r1", "b", date="2023-10"), "r3": rel("r3", "c")})
    >>> arrays = EdgeArrays.from_dataset(d)
    >>> s = select(arrays, as_of="2023-10-07")
    >>> s.node_ids(), s.edges.tolist(), s.may_count(), s.graph["left_out"], s.graph["not_existing"]
    (['a', 'b'], [0], 1, {'undated': 1}, 1)
    >>> select(arrays, as_of="2023-10-07", certain=True).graph["left_out"]
    {'undated': 1, 'uncertain': 1}
    """
    import numpy as np

    window, day, explicit_statuses, statuses, types, kinds = slice_options(
        statuses, types, kinds, as_of, between, undated, known_by)
    left_out: dict[str, int] = {}

    def out(reason: str, mask) -> None:
        count = int(np.count_nonzero(mask))
        if count:
            left_out[reason] = left_out.get(reason, 0) + count

    actors = _among(arrays.actor_kinds, arrays.kinds, kinds)
    kept = actors[arrays.source] & actors[arrays.target] & _among(arrays.type, arrays.types, types)
    status = arrays.status
    status_names = [str(name) for name in arrays.statuses]
    known = np.ones(len(arrays.citation_edge), dtype=bool)
    if day is not None:
        day_number = day.toordinal()
        unknown = kept & (arrays.known_first > day_number)
        out("not_yet_known", unknown)
        kept &= ~unknown
        known = arrays.citation_known <= day_number
        partial = np.flatnonzero(kept & (arrays.known_all > day_number))
        if len(partial):
            status = status.copy()
            status[partial] = _statuses_known(arrays, partial, known, status_names)
    allowed = _among(status, np.array(status_names), statuses)
    out("status", kept & ~allowed)
    kept &= allowed
    may = np.zeros(len(kept), dtype=bool)
    exists = np.ones(len(arrays.actor_ids), dtype=bool)
    if window is not None:
        first, last = (day_.toordinal() for day_ in window)
        if undated == "exclude":
            dateless = kept & (arrays.timing == UNDATED_CODE)
            out("undated", dateless)
            kept &= ~dateless
        kept &= (arrays.earliest_start <= last) & (arrays.latest_end >= first)
        surely = (arrays.latest_start <= last) & (arrays.earliest_end >= first)
        if certain:
            out("uncertain", kept & ~surely)
            kept &= surely
        may = kept & ~surely
        exists = (arrays.actor_start <= last) & (arrays.actor_end >= first)
    edges = np.flatnonzero(kept)
    ends = np.zeros(len(arrays.actor_ids), dtype=bool)
    ends[arrays.source[edges]] = True
    ends[arrays.target[edges]] = True
    sliced = any(value is not None for value in (types, kinds, explicit_statuses, window, day))
    nodes = np.flatnonzero(actors & (ends | ((not sliced or keep_isolated) & exists)))
    loose = actors & ~ends
    filters = filters_record(types, kinds, statuses, window, certain, undated, day, bool(keep_isolated or not sliced))
    return Selection(arrays, nodes, edges, may[edges], known, {
        "filters": filters, "left_out": left_out,
        "unconnected": 0 if keep_isolated or not sliced else int(np.count_nonzero(loose & exists)),
        "not_existing": 0 if window is None else int(np.count_nonzero(loose & ~exists))})


def _among(codes, names, chosen) -> "np.ndarray":
    """Which codes name one of `chosen` (None: all)."""
    import numpy as np

    if chosen is None:
        return np.ones(len(codes), dtype=bool)
    wanted = np.array([i for i, name in enumerate(names) if str(name) in chosen], dtype=codes.dtype)
    return np.isin(codes, wanted)


def _statuses_known(arrays: EdgeArrays, edges, known, names: list[str]):
    """The status codes of `edges` from only their citations known by then (`slices.as_known_by`):
    `Vocabulary.derive_status` on counts made with numpy (a status not in `names` yet is added to
    it; none is "reported").

    >>> import numpy as np
    >>> from graphkit.model import Actor, Citation, Dataset, Relationship, Source
    >>> sources = {s: Source(id=s, title=s, publisher=s, published=PartialDate.parse(year))
    ...            for s, year in (("a", "2018"), ("b", "2020"), ("c", "2024"))}
    >>> d = Dataset(name="d", title="D", sources=sources,
    ...     actors={"x": Actor(id="x", kind="Person", name="X"), "y": Actor(id="y", kind="Group", name="Y")},
    ...     relationships={"r": Relationship(id="r", source="x", target="y", type="MEMBER_OF", citations=[
    ...         Citation("a", "q", stance="alleges"), Citation("b", "q"), Citation("c", "q", stance="denies")])})
    >>> arrays, names = EdgeArrays.from_dataset(d), []
    >>> def status_on(year):
    ...     day = PartialDate.parse(year).latest.toordinal()
    ...     return names[_statuses_known(arrays, np.array([0]), arrays.citation_known <= day, names)[0]]
    >>> status_on("2019"), status_on("2021"), status_on("2025")
    ('alleged', 'reported', 'disputed')
    """
    import numpy as np

    from graphkit.vocabulary import STATUS_COUNTS

    vocab = vocabulary()
    offsets = arrays.citation_offsets
    starts, counts = offsets[edges], offsets[edges + 1] - offsets[edges]
    owner = np.repeat(np.arange(len(edges)), counts)
    rows = starts[owner] + np.arange(len(owner)) - (np.cumsum(counts) - counts)[owner]
    owner, rows = owner[known[rows]], rows[known[rows]]
    stances = arrays.stances[arrays.citation_stance[rows]]
    tally = {name: np.bincount(owner[stances == name], minlength=len(edges)) for name in STATUS_COUNTS[:4]}
    tally["supports"] = np.bincount(owner[stances != "denies"], minlength=len(edges))
    asserting = stances == "asserts"
    publishers = arrays.source_publisher[arrays.citation_source[rows[asserting]]].astype(np.int64)
    pairs = np.unique(owner[asserting] * max(1, len(arrays.publishers)) + publishers)
    tally["independent_asserts"] = np.bincount(pairs // max(1, len(arrays.publishers)), minlength=len(edges))
    if "reported" not in names:
        names.append("reported")
    status = np.full(len(edges), names.index("reported"))
    for rule in reversed(vocab.status_rules):  # the first rule met gives the status
        if rule.status not in names:
            names.append(rule.status)
        met = np.ones(len(edges), dtype=bool)
        for name, least in rule.when:
            met &= tally[name] >= least
        status[met] = names.index(rule.status)
    return status
