"""Where a command's graph comes from and which part of it to keep: the options every analysis,
map and export command shares.

    @click.command()
    @source_options          # [SOURCE], --neo4j, --dataset, --cypher, --cypher-file, --param, --uri ...
    @filter_options          # --types, --kinds, --status, --as-of, --between
    def command(source: GraphSource, filters: Filters): ...
        graph = source.load(filters)     # filtered in Cypher when read from Neo4j

Every value is checked here, against the vocabulary where it names a kind, type or status, so a
typo is one line that names the option and suggests the right word.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from graphkit.cli.connection import connection_options
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

    @property
    def from_neo4j(self) -> bool:
        return bool(self.neo4j or self.dataset or self.cypher or self.cypher_file)

    def load(self, filters: "Filters | None" = None, *, time: bool = True,
             require_actors: bool = True) -> "nx.MultiDiGraph":
        """The source's graph (the graph form) with `filters` applied (`time=False`: all but
        --as-of/--between); from Neo4j, the filters run in Cypher. With `require_actors`, a graph
        the filters leave empty is an error that says so."""
        graph = self._read(filters, time)
        if filters is not None:
            graph = filters.apply(graph, time=time)  # removes nothing that Cypher already left out
            if require_actors and graph.number_of_nodes() == 0:
                raise FilterError(f"no actors match the filters ({filters.describe()})", hint="loosen them")
        return graph

    def _read(self, filters: "Filters | None", time: bool) -> "nx.MultiDiGraph":
        if self.path is not None and self.from_neo4j:
            raise click.UsageError("give either SOURCE or --neo4j/--dataset/--cypher, not both")
        if self.cypher and self.cypher_file:
            raise click.UsageError("give either --cypher or --cypher-file, not both")
        if self.params and not (self.cypher or self.cypher_file):
            raise click.UsageError("--param goes with --cypher or --cypher-file")
        if self.from_neo4j:
            return self._from_neo4j(filters, time=time)
        from graphkit.formats import format_of, read_graph_file

        if self.path is not None and not self.path.is_dir() and format_of(self.path) is not None:
            return read_graph_file(self.path)
        from graphkit.dataset import open_dataset
        from graphkit.graph import dataset_to_graph

        return dataset_to_graph(open_dataset(self.path))

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
        source = GraphSource(source_path, neo4j, dataset, cypher, cypher_file, param, connection)
        return command(*args, source=source, **kwargs)

    wrapper = connection_options(wrapper)
    for decorator in reversed((
        click.argument("source_path", metavar="[SOURCE]", required=False, type=click.Path(path_type=Path)),
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
    )):
        wrapper = decorator(wrapper)
    return wrapper


@dataclass
class Filters:
    """Which relationships and actors to keep (see `graphkit.graph.filter_graph`)."""

    types: list[str] | None = None
    kinds: list[str] | None = None
    statuses: list[str] | None = None
    as_of: PartialDate | None = None
    between: tuple[PartialDate, PartialDate] | None = None

    def apply(self, graph: "nx.MultiDiGraph", *, time: bool = True) -> "nx.MultiDiGraph":
        """The filtered graph; `time=False` applies every filter but --as-of/--between."""
        from graphkit.graph import filter_graph

        return filter_graph(graph, **self.keywords(time=time))

    def keywords(self, *, time: bool = True) -> dict[str, Any]:
        """The filters as `graph.filter_graph` (and `Store.read_graph`) take them; `time=False`
        leaves out --as-of/--between."""
        return {"types": self.types, "kinds": self.kinds, "statuses": self.statuses,
                "as_of": self.as_of if time else None, "between": self.between if time else None}

    @property
    def timed(self) -> bool:
        return self.as_of is not None or self.between is not None

    def describe(self) -> str:
        """The filters in words, for messages: 'as of 2023-10, types MET_WITH'."""
        parts = []
        if self.as_of is not None:
            parts.append(f"as of {self.as_of}")
        if self.between is not None:
            parts.append(f"between {self.between[0]} and {self.between[1]}")
        for label, values in (("types", self.types), ("kinds", self.kinds), ("status", self.statuses)):
            if values is not None:
                parts.append(f"{label} {','.join(values)}")
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


def _date(ctx: click.Context, param: click.Parameter, value):
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


def filter_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add --types, --kinds, --status, --as-of and --between, passed on as one `filters` argument."""

    @functools.wraps(command)
    def wrapper(*args: Any, types, kinds, status, as_of, between, **kwargs: Any) -> Any:
        if as_of is not None and between is not None:
            raise click.UsageError("give either --as-of or --between, not both")
        return command(*args, filters=Filters(types, kinds, status, as_of, between), **kwargs)

    for decorator in reversed((
        click.option("--types", multiple=True, metavar="TYPE,...",
                     callback=_choices("relationship type", lambda: list(vocabulary().relationship_types)),
                     help="Keep only relationships of these types, e.g. FUNDS,SUPPORTS."),
        click.option("--kinds", multiple=True, metavar="KIND,...",
                     callback=_choices("actor kind", lambda: list(vocabulary().actor_kinds)),
                     help="Keep only actors of these kinds, e.g. Person,Government."),
        click.option("--status", multiple=True, metavar="STATUS,...", callback=_statuses,
                     help="Keep only relationships with these statuses, or 'all' "
                          "[default: every status but denied]."),
        click.option("--as-of", metavar="DATE", callback=_date,
                     help="Keep relationships in force on some day of DATE (YYYY, YYYY-MM or YYYY-MM-DD)."),
        click.option("--between", nargs=2, metavar="FROM TO", callback=_date, default=None,
                     help="Keep relationships in force on some day from FROM's first to TO's last day."),
    )):
        wrapper = decorator(wrapper)
    return wrapper
