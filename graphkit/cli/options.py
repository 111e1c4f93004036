"""Where a command's graph comes from and which part of it to keep: the options every analysis,
map and export command shares.

    @click.command()
    @source_options          # [SOURCE], --neo4j, --dataset, --cypher, --cypher-file, --param, --uri ...
    @filter_options          # --types, --kinds, --status, --as-of, --between, --certain, --undated, --known-by,
                             # --keep-isolated
    def command(source: GraphSource, filters: Filters): ...
        graph = source.load(filters)     # filtered in Cypher when read from Neo4j

Two clocks: --as-of/--between slice valid time (what held then), --known-by knowledge time (what
the published record said then). A time-sliced read prints on stderr how many relationships it
kept and how many it left out as undated, uncertain or not yet known (`left_out_note`). A slice
(any filter given) keeps only the actors tied in it, and says how many it left out as
unconnected; --keep-isolated keeps them.

Every value is checked here, against the vocabulary where it names a kind, type or status, so a
typo is one line that names the option and suggests the right word.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from graphkit.cli.connection import connection_options
from graphkit.cli.slice_note import left_out_note  # noqa: F401  (commands import it from here too)
from graphkit.cli.merged_source import MERGE_OPTIONS, merge_values, read_merged
from graphkit.cli.source_vocabulary import SOURCE_ARGUMENT
from graphkit.errors import FilterError
from graphkit.model import PartialDate
from graphkit.vocabulary import vocabulary

if TYPE_CHECKING:
    import networkx as nx

    from graphkit.store.config import Neo4jConfig

def parse_params(values: tuple[str, ...] | list[str]) -> dict[str, Any]:
    """Cypher parameters from ``key=value`` texts, each value typed by `parameter_value`.

    >>> parse_params(["name=Hamas", "year=2023", "ids=[\\"a\\", \\"b\\"]", "flag=true", "code=007", "day=2023-10-31"])
    {'name': 'Hamas', 'year': 2023, 'ids': ['a', 'b'], 'flag': True, 'code': '007', 'day': datetime.date(2023, 10, 31)}
    """
    from graphkit.store.cypher import parameter_value

    params: dict[str, Any] = {}
    for text in values:
        key, sep, value = text.partition("=")
        key = key.strip()
        if not sep or not key.isidentifier():
            raise click.BadParameter(f"{text!r} is not key=value, e.g. --param actor=hamas", param_hint="'--param'")
        try:
            params[key] = parameter_value(value)
        except ValueError as error:
            raise click.BadParameter(f"{key}: {error}", param_hint="'--param'") from None
    return params


@dataclass
class GraphSource:
    """Where the graph comes from: a dataset folder, a GraphML/GEXF file, or Neo4j."""

    path: Path | None = None
    neo4j: bool = False
    dataset: str | None = None
    cypher: str | None = None
    cypher_file: Path | None = None
    params: tuple[str, ...] = ()
    connection: "Neo4jConfig | None" = None
    merge: bool = False  # the merged network (cli.merged_source), with its judgements file
    judgements: Path | None = None

    @property
    def from_neo4j(self) -> bool:
        return bool(self.neo4j or self.dataset or self.cypher or self.cypher_file)

    @property
    def plain_folder(self) -> bool:
        """Whether the source is one dataset folder (SOURCE, or the one under seed/) read as it is:
        not Neo4j, --merge or another tool's file."""
        return not (self.from_neo4j or self.merge or self.judgements is not None or self.params
                    or self.path is not None and not self.path.is_dir())

    def load(self, filters: "Filters | None" = None, *, time: bool = True,
             require_actors: bool = True, note: bool = True) -> "nx.MultiDiGraph":
        """The source's graph (the graph form) with `filters` applied (`time=False`: all but
        --as-of/--between); from Neo4j, the filters run in Cypher. With `require_actors`, a graph
        the filters leave empty is an error that says so. With `note`, a time-sliced or known-by
        read says on stderr what it kept and left out."""
        if filters is not None and time:
            filters.check()
        graph = self._read(filters, time)
        if filters is None:
            if not (self.merge or self.judgements is not None):  # a merged read leaves its parts behind
                from graphkit.collector import settle

                settle()  # the graph is the command's till it ends (a filtered one would be left behind)
            return graph
        earlier = dict(graph.graph.get("left_out") or {})  # what Cypher (or the store) left out
        unconnected = graph.graph.get("unconnected") or 0
        not_existing = graph.graph.get("not_existing") or 0
        graph = filters.apply(graph, time=time)  # removes nothing that Cypher already left out
        graph.graph["unconnected"] = graph.graph.get("unconnected", 0) + unconnected
        graph.graph["not_existing"] = graph.graph.get("not_existing", 0) + not_existing
        for reason, count in earlier.items():
            graph.graph["left_out"][reason] = graph.graph["left_out"].get(reason, 0) + count
        if note and (time and filters.timed or filters.known_by is not None
                     or graph.graph["unconnected"]):
            click.echo(left_out_note(graph, filters.describe(time=time)), err=True)
        if require_actors and graph.number_of_nodes() == 0:
            if graph.graph.get("unconnected"):
                raise FilterError(f"no relationships match the filters ({filters.describe()}), so no actor "
                                  "is tied in the slice", hint="loosen them, or --keep-isolated keeps the actors")
            raise FilterError(f"no actors match the filters ({filters.describe()})", hint="loosen them")
        return graph

    def load_everything(self, filters: "Filters") -> "nx.MultiDiGraph":
        """Everything the source holds, narrowed only by the filters given: every status unless
        --status says otherwise (what `export` and `stats` report on)."""
        if filters.given:
            return self.load(filters.every_status(), require_actors=False)
        return self.load()

    def _read(self, filters: "Filters | None", time: bool) -> "nx.MultiDiGraph":
        if self.path is not None and self.from_neo4j:
            raise click.UsageError("give either SOURCE or --neo4j/--dataset/--cypher, not both")
        if self.cypher and self.cypher_file:
            raise click.UsageError("give either --cypher or --cypher-file, not both")
        if self.params and not (self.cypher or self.cypher_file):
            raise click.UsageError("--param goes with --cypher or --cypher-file")
        if self.merge or self.judgements is not None:
            return read_merged(self, filters, time)
        if self.from_neo4j:
            return self._from_neo4j(filters, time=time)
        from graphkit.formats import format_of, read_graph_file

        if self.path is not None and not self.path.is_dir() and format_of(self.path) is not None:
            return read_graph_file(self.path)
        from graphkit.collector import settle
        from graphkit.dataset import open_dataset
        from graphkit.graph import dataset_to_graph

        dataset = open_dataset(self.path)
        settle()  # no cycles, so freed as usual once built into the graph; no collection walks it meanwhile
        return dataset_to_graph(dataset)

    def _from_neo4j(self, filters: "Filters | None" = None, *, time: bool = True) -> "nx.MultiDiGraph":
        """The graph read from Neo4j, `filters` (and with `time`, its time slice) applied in Cypher."""
        from graphkit.store import Store

        cypher = self.cypher
        if self.cypher_file is not None:
            try:
                cypher = self.cypher_file.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise click.ClickException(f"--cypher-file {self.cypher_file}: cannot read it ({error})") from None
        parameters = parse_params(self.params)
        if cypher is not None and self.dataset is not None:
            parameters.setdefault("dataset", self.dataset)
        with Store(self.connection) as store:
            return store.read_graph(dataset=self.dataset, cypher=cypher, parameters=parameters,
                                    **(filters.keywords(time=time) if filters is not None else {}))


def source_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add [SOURCE], --neo4j, --dataset, --cypher, --cypher-file, --param and the connection
    options, and pass them on as one `source` argument (a `GraphSource`)."""

    @functools.wraps(command)
    def wrapper(*args: Any, source_path: Path | None, neo4j: bool, dataset: str | None, cypher: str | None,
                cypher_file: Path | None, param: tuple[str, ...], connection: "Neo4jConfig", **kwargs: Any) -> Any:
        source = GraphSource(source_path, neo4j, dataset, cypher, cypher_file, param, connection,
                             *merge_values(kwargs))
        return command(*args, source=source, **kwargs)

    wrapper = connection_options(wrapper)
    for decorator in reversed((
        SOURCE_ARGUMENT,  # read first: the dataset's own vocabulary checks --types and --kinds
        click.option("--neo4j", is_flag=True,
                     help="Read the graph from Neo4j (every dataset loaded, or --dataset) instead of SOURCE."),
        click.option("--dataset", metavar="NAME",
                     help="Read this loaded dataset from Neo4j (with --cypher: the query's $dataset)."),
        click.option("--cypher", metavar="QUERY",
                     help="Read the nodes and relationships this Cypher query returns from Neo4j."),
        click.option("--cypher-file", type=click.Path(dir_okay=False, path_type=Path),
                     help="Like --cypher, with the query in a file."),
        click.option("--param", multiple=True, metavar="KEY=VALUE",
                     help="A $parameter of the query (repeatable): JSON values and ISO dates are typed."),
        *MERGE_OPTIONS,
    )):
        wrapper = decorator(wrapper)
    return wrapper


@dataclass
class Filters:
    """Which relationships and actors to keep (see `graphkit.graph.filter_graph`): by type, kind and
    status, by valid time (`as_of` or `between`, with `certain` and `undated`) and by knowledge
    time (`known_by`)."""

    types: list[str] | None = None
    kinds: list[str] | None = None
    statuses: list[str] | None = None
    as_of: PartialDate | None = None
    between: tuple[PartialDate, PartialDate] | None = None
    certain: bool = False
    undated: str = "exclude"
    known_by: PartialDate | None = None
    keep_isolated: bool = False

    def apply(self, graph: "nx.MultiDiGraph", *, time: bool = True) -> "nx.MultiDiGraph":
        """The filtered graph; `time=False` applies every filter but --as-of/--between."""
        from graphkit.graph import filter_graph

        return filter_graph(graph, **self.keywords(time=time))

    def keywords(self, *, time: bool = True) -> dict[str, Any]:
        """The filters as `graph.filter_graph` (and `Store.read_graph`) take them; `time=False`
        leaves out --as-of/--between (the valid-time window), not --known-by.

        >>> sorted(Filters(known_by=PartialDate.parse("2020")).keywords(time=False).items())[:4]
        [('as_of', None), ('between', None), ('certain', False), ('keep_isolated', False)]
        """
        return {"types": self.types, "kinds": self.kinds, "statuses": self.statuses,
                "as_of": self.as_of if time else None, "between": self.between if time else None,
                "certain": self.certain, "undated": self.undated, "known_by": self.known_by,
                "keep_isolated": self.keep_isolated}

    @property
    def timed(self) -> bool:
        """Whether a valid-time window is given (--as-of or --between)."""
        return self.as_of is not None or self.between is not None

    @property
    def given(self) -> bool:
        """Whether any filter is given at all."""
        return bool(self.timed or self.types or self.kinds or self.statuses or self.certain
                    or self.undated != "exclude" or self.known_by is not None)

    def check(self, *, window: bool | None = None) -> None:
        """Refuse --certain and --undated include without a window to apply them to."""
        if not (self.timed if window is None else window) and (self.certain or self.undated != "exclude"):
            given = "--certain" if self.certain else f"--undated {self.undated}"
            raise click.UsageError(f"{given} says how to slice valid time: give --as-of or --between too")

    def every_status(self) -> "Filters":
        """These filters, keeping every status unless --status says otherwise (export, stats)."""
        from graphkit.vocabulary import vocabulary

        return replace(self, statuses=self.statuses or list(vocabulary().statuses))

    def describe(self, *, time: bool = True) -> str:
        """The filters in words, for messages: 'as of 2023-10, types MET_WITH'."""
        parts = []
        if time and self.as_of is not None:
            parts.append(f"as of {self.as_of}")
        if time and self.between is not None:
            parts.append(f"between {self.between[0]} and {self.between[1]}")
        if time and self.timed and self.certain:
            parts.append("certainly")
        if time and self.timed and self.undated != "exclude":
            parts.append(f"undated {self.undated}d")
        if self.known_by is not None:
            parts.append(f"known by {self.known_by}")
        for label, values in (("types", self.types), ("kinds", self.kinds), ("status", self.statuses)):
            if values is not None:
                every = label == "status" and set(values) == set(vocabulary().statuses)
                parts.append("every status" if every else f"{label} {','.join(values)}")
        return ", ".join(parts) or "no filters"


def _choices(what: str, names: Callable[[], list[str]], *, extra: tuple[str, ...] = ()):
    """A click callback reading comma-separated names of the vocabulary, in any case."""

    def callback(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> list[str] | None:
        given = [part.strip() for value in values for part in value.split(",") if part.strip()]
        if not given:
            return None
        known = {name.casefold(): name for name in list(names()) + list(extra)}
        chosen = []
        for name in given:
            if name.casefold() not in known:
                from graphkit.dataset import suggest

                hint = suggest(name, names())
                raise click.BadParameter(f"unknown {what} {name!r}{hint}; choose from {', '.join(names())}")
            chosen.append(known[name.casefold()])
        return list(dict.fromkeys(chosen))

    return callback


def date_callback(ctx: click.Context, param: click.Parameter, value):
    """A click callback reading a date, or two (nargs=2: the first no later than the second)."""
    if value is None or value == ():
        return None
    try:
        if isinstance(value, tuple):
            first, last = (PartialDate.parse(text) for text in value)
            if first.earliest > last.latest:
                raise click.BadParameter(f"{first} is after {last}")
            return first, last
        return PartialDate.parse(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


def _statuses(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> list[str] | None:
    chosen = _choices("status", lambda: list(vocabulary().statuses), extra=("all",))(ctx, param, values)
    if chosen and "all" in chosen:
        return list(vocabulary().statuses)
    return chosen


_SELECTION = (
    click.option("--types", multiple=True, metavar="TYPE,...",
                 callback=_choices("relationship type", lambda: list(vocabulary().relationship_types)),
                 help="Keep only relationships of these types, e.g. FUNDS,SUPPORTS."),
    click.option("--kinds", multiple=True, metavar="KIND,...",
                 callback=_choices("actor kind", lambda: list(vocabulary().actor_kinds)),
                 help="Keep only actors of these kinds, e.g. Person,Government."),
    click.option("--status", multiple=True, metavar="STATUS,...", callback=_statuses,
                 help="Keep only relationships with these statuses, or 'all' "
                      "[default: every status but denied]."),
    click.option("--certain", is_flag=True,
                 help="In a time slice (--as-of, --between, each period of --over), keep only relationships "
                      "that certainly held on some day of it, not those that only may have (an event of "
                      "'October 2023' may have been on 7 October)."),
    click.option("--undated", type=click.Choice(["exclude", "include"]), default="exclude", show_default=True,
                 help="What a time slice does with relationships whose texts give no time at all. Excluded by "
                      "default: a careful analyst places a claim in a slice only where its text places it, and "
                      "a report date only says it began before then. include: they may have held on any day. "
                      "Either way the count left out is printed."),
)
_WHEN = (
    click.option("--as-of", metavar="DATE", callback=date_callback,
                 help="Valid time: keep relationships that held, or may have held, on some day of DATE "
                      "(YYYY, YYYY-MM, YYYY-MM-DD or EDTF); never by when they were reported."),
    click.option("--between", nargs=2, metavar="FROM TO", callback=date_callback, default=None,
                 help="Valid time: keep relationships that held, or may have held, on some day from FROM's "
                      "first to TO's last day."),
    click.option("--known-by", metavar="DATE", callback=date_callback,
                 help="Knowledge time: the network as the published record stood on DATE's last day (later "
                      "citations dropped, statuses recomputed from the rest). Combines with --as-of."),
)


def _decorated(wrapper: Callable[..., Any], options) -> Callable[..., Any]:
    for decorator in reversed(options):
        wrapper = decorator(wrapper)
    return wrapper


_KEEP_ISOLATED = click.option(
    "--keep-isolated", is_flag=True,
    help="Keep the actors that have no relationship in the slice (by default a slice keeps only the actors "
         "its relationships tie; the whole network, with no filter, keeps every actor).")


def filter_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add --types, --kinds, --status, --as-of, --between, --certain, --undated, --known-by and
    --keep-isolated, passed on as one `filters` argument."""

    @functools.wraps(command)
    def wrapper(*args: Any, types, kinds, status, as_of, between, certain, undated, known_by, keep_isolated,
                **kwargs: Any) -> Any:
        if as_of is not None and between is not None:
            raise click.UsageError("give either --as-of or --between, not both")
        return command(*args, filters=Filters(types, kinds, status, as_of, between, certain, undated, known_by,
                                               keep_isolated), **kwargs)

    return _decorated(wrapper, _SELECTION[:3] + _WHEN[:2] + _SELECTION[3:] + _WHEN[2:] + (_KEEP_ISOLATED,))


def every_status_by_default(command: click.Command) -> click.Command:
    """Say in --status's help what a command reading with `GraphSource.load_everything` (export,
    stats) keeps without it: every status, denied claims included."""
    for param in command.params:
        if param.name == "status":
            param.help = ("Keep only relationships with these statuses, or 'all' "
                          "[default: every status, denied claims included].")
    return command


def selection_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add --types, --kinds, --status, --certain and --undated (no dates: a command that sets its
    own, like `diff`), passed on as one `filters` argument."""

    @functools.wraps(command)
    def wrapper(*args: Any, types, kinds, status, certain, undated, **kwargs: Any) -> Any:
        return command(*args, filters=Filters(types, kinds, status, certain=certain, undated=undated), **kwargs)

    return _decorated(wrapper, _SELECTION)
