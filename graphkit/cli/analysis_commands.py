"""Commands that analyse a network: `centrality`, `communities` and `path`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from graphkit.analysis import DIRECTED_ONLY, MEASURES
from graphkit.cli.options import Filters, GraphSource, filter_options, source_options
from graphkit.cli.slice_note import left_out_note
from graphkit.cli.output import (FORMATS, check_plot_path, counted, echo, json_text, plot_periods, plotted_periods,
                                 render_rows)
from graphkit.cli.route_commands import STANCE, path_lines, paths_json, resolve_pair
from graphkit.errors import DateError, FilterError

if TYPE_CHECKING:
    import networkx as nx


def _note(text: str) -> None:
    click.echo(text, err=True)


# --- centrality ---------------------------------------------------------------------------------

@click.command()
@source_options
@filter_options
@click.option("--measure", "-m", type=click.Choice(MEASURES + ("all",)), default="degree", show_default=True,
              help="The centrality measure, or all of them (ranked by degree).")
@click.option("--top", type=click.IntRange(min=0), default=10, show_default=True,
              help="How many actors to list (0: every actor).")
@click.option("--weighted", is_flag=True,
              help="Weigh ties by how many relationships (or, with --weight-by sources, distinct sources) "
                   "support them; path measures read a heavier tie as a shorter one.")
@click.option("--weight-by", type=click.Choice(["relationships", "sources"]), default="relationships",
              show_default=True, help="What --weighted counts.")
@click.option("--undirected", is_flag=True, help="Ignore directions (in-degree and out-degree then mean nothing).")
@click.option("--samples", type=click.IntRange(min=1), metavar="K",
              help="Betweenness: estimate it from K sources [default: exact on small networks, "
                   "else a sample sized to take seconds].")
@click.option("--seed", type=int, default=42, show_default=True, help="Seed of the betweenness sample.")
@click.option("--over", nargs=2, metavar="START END", default=None,
              help="Rank actors in each period from START to END (dates) instead of once.")
@click.option("--step", metavar="STEP", help="The length of each period: 1y, 6m, 1m, 10d [default: 1y].")
@click.option("--by-year", is_flag=True,
              help="Periods of a year (--step 1y), over --over or the years the relationships' texts date; "
                   "the table and --plot show the years into which some relationship's own dates reach.")
@click.option("--plot", type=click.Path(dir_okay=False, path_type=Path),
              help="With periods: also draw the top actors' scores as a line chart (PNG, needs matplotlib).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("--write", "store", is_flag=True,
              help="With --neo4j/--dataset/--cypher: also store each actor's score on its Actor node, as "
                   "centrality_<measure> (+ _asof_<DATE> or _between_<FROM>_<TO> for a time slice).")
def centrality(source: GraphSource, filters: Filters, measure: str, top: int, weighted: bool, weight_by: str,
               undirected: bool, samples: int | None, seed: int, over: tuple[str, str] | None, step: str | None,
               by_year: bool, plot: Path | None, fmt: str, store: bool = False) -> None:
    """Rank actors by centrality: who is most tied, most between others, most central.

    degree counts distinct partners; in-degree and out-degree count ties received and made
    (symmetric ties such as MET_WITH count both ways); betweenness is the share of shortest
    paths through an actor (estimated from a seeded sample on large networks, with a note);
    closeness is nearness to the actors that reach an actor; eigenvector and pagerank reward
    ties to central actors. Denied relationships are left out unless --status says otherwise.

    --as-of/--between rank on what held (or may have held) then, by the dates the texts give;
    --certain keeps only what certainly held, --known-by what had been published by a date.
    With --over, --by-year or --step, the ranking is made for each period, on the relationships
    that held (or may have held) at some time in it, with the same options. The table and --plot
    show the periods into which some relationship's own dates reach (a tie known at one date may
    have held for decades before it, and would fill every year); json and csv give every period.

    \b
    Examples:
      graphkit centrality seed/malaysia-palestine --measure betweenness --top 5
      graphkit centrality --measure all --as-of 2023-10 --format csv
      graphkit centrality --measure pagerank --types FUNDS,SUPPORTS --status confirmed,reported
      graphkit centrality --over 2015 2024 --step 1y --measure degree --plot degree.png
      graphkit centrality --as-of 2020 --certain --known-by 2021-06
      graphkit centrality --neo4j --dataset malaysia-palestine --measure eigenvector
      graphkit centrality --dataset malaysia-palestine --measure pagerank --as-of 2023-10-31 --write
    """
    from graphkit.analysis import centralities, rank, sample_size

    if store and not source.from_neo4j:
        raise click.UsageError("--write stores scores in Neo4j: read the graph from it with --neo4j or --dataset")
    if store and (over or by_year or step or plot):
        raise click.UsageError("--write stores one ranking; drop --over/--by-year/--step/--plot")
    if store and (filters.known_by is not None or filters.certain or filters.undated != "exclude"):
        raise click.UsageError("--write names the stored scores by --as-of/--between only; "
                               "drop --known-by/--certain/--undated")
    if undirected and measure in DIRECTED_ONLY:
        raise click.UsageError(f"--measure {measure} needs directions; drop --undirected")
    if weight_by == "sources":
        weighted = True
    options = {"weighted": weighted, "weight": weight_by, "directed": not undirected, "seed": seed, "k": samples}
    if over or by_year or step or plot:
        if measure == "all":
            raise click.UsageError("periods rank one measure at a time; choose --measure")
        if filters.timed:
            raise click.UsageError("--over/--by-year/--step set the periods; drop --as-of/--between")
        filters.check(window=True)
        if plot is not None:
            check_plot_path(plot)
        _over_time(source, filters, measure, top, over, step, plot, fmt, options)
        return
    graph = _selection(source, filters) if _array_path(source, store) else source.load(filters)
    if graph.number_of_edges() == 0:
        _note(f"no relationships match ({filters.describe()}): every score is 0")
    measures = [m for m in MEASURES if not (undirected and m in DIRECTED_ONLY)] if measure == "all" else [measure]
    if "betweenness" in measures and not weighted:
        k = sample_size(graph, samples)
        if k is not None:
            _note(f"betweenness estimated from {k} of {graph.number_of_nodes()} actors as sources "
                  f"(seed {seed}); --samples sets how many")
    scores = centralities(graph, measures, **options)
    if store:
        _store(source, graph, scores, filters)
    rows = rank(graph, scores[measures[0]], top or None)
    for row in rows:  # a table names the measure it ranks by: one column per measure, ranked by the first
        if len(measures) > 1:
            row.update((m, scores[m][row["id"]]) for m in measures)
        elif fmt == "json":
            row["measure"] = measures[0]
        else:
            row[measures[0]] = row["score"]
    click.echo(render_rows(rows, ["rank", "id", "name", "kind"] + measures, fmt))


def _array_path(source: GraphSource, store: bool) -> bool:
    """Whether the ranking can take the array path (`graph.arrays`): one dataset folder, read as it
    is. Neo4j, --merge and other tools' files are read into the graph form instead."""
    return not store and source.plain_folder


def _selection(source: GraphSource, filters: Filters):
    """The dataset's arrays (kept in the dataset cache by the files' content) sliced by `filters`:
    the same actors, relationships, note and errors as `source.load(filters)`."""
    from graphkit.dataset import cache, one_dataset_path
    from graphkit.graph.array_slices import select
    from graphkit.graph.arrays import EdgeArrays, artifact_name
    from graphkit.graph.column_arrays import arrays_from_columns

    filters.check()
    arrays = cache.derived(one_dataset_path(source.path), artifact_name(), EdgeArrays.from_dataset,
                           save=lambda built, path: built.save(path), load=EdgeArrays.load,
                           from_columns=arrays_from_columns)
    selection = select(arrays, **filters.keywords())
    if filters.timed or filters.known_by is not None or selection.graph["unconnected"]:
        _note(left_out_note(selection, filters.describe()))
    if selection.number_of_nodes() == 0:
        if selection.graph["unconnected"]:
            raise FilterError(f"no relationships match the filters ({filters.describe()}), so no actor "
                              "is tied in the slice", hint="loosen them, or --keep-isolated keeps the actors")
        raise FilterError(f"no actors match the filters ({filters.describe()})", hint="loosen them")
    return selection


def _store(source: GraphSource, graph: "nx.MultiDiGraph", scores: dict[str, dict], filters: Filters) -> None:
    """Store each measure's scores on the Actor nodes they were read from (centrality --write)."""
    from graphkit.store import Store, score_property

    with Store(source.connection) as store:
        for measure, values in scores.items():
            name = score_property(measure, as_of=filters.as_of, between=filters.between)
            count = store.write_scores(graph, values, property=name)
            _note(f"stored {measure} of {counted(count, 'actor')} in Neo4j as the Actor property {name}")


def _over_time(source: GraphSource, filters: Filters, measure: str, top: int, over, step, plot, fmt, options):
    from graphkit.analysis import centrality_over_time, date_span, leaders
    from graphkit.graph import display_name

    graph = source.load(filters, time=False)
    if over is None:  # the whole years of the dates the texts give
        span = date_span(graph)
        if span is None:
            raise click.ClickException("no relationship's text places it in time, so there are no periods; "
                                       "give --over START END")
        over = tuple(f"{day.year:04d}" for day in span)
    try:
        result = centrality_over_time(graph, measure, over[0], over[1], step or "1y", certain=filters.certain,
                                      undated=filters.undated, **options)
    except (FilterError, DateError) as error:  # the periods asked for do not exist: a usage error
        raise click.BadParameter(str(error), param_hint="'--over' / '--step'") from None
    if len(result) > 200:
        raise click.UsageError(f"{len(result)} periods is too many to show; use a longer --step")
    chosen = leaders(result, top)
    empty = [period["period"] for period in result if not period["relationships"]]
    if empty:
        _note(f"no relationships in {', '.join(empty)}")
    _note(_periods_note(result, filters))
    shown = plotted_periods(result)
    hidden = sum(1 for period in result if period["relationships"] and period not in shown)
    if hidden > 0 and (fmt == "table" or plot is not None):
        _note(f"showing the {len(shown)} period{'' if len(shown) == 1 else 's'} the relationships' own dates "
              f"reach into; {hidden} other{'' if hidden == 1 else 's'} only hold ties that may have held then "
              "(--format json lists every period)")
    if plot is not None:
        plot_periods(result, {node: display_name(graph, node) for node in chosen}, measure, plot)
        _note(f"wrote {plot}")
    if fmt == "table":  # an actor per row, a period per column: the periods the data dates
        rows = []
        for node in chosen:
            row = {"id": node, "name": display_name(graph, node)}
            for period in shown:
                found = next((r for r in period["rows"] if r["id"] == node), None)
                row[period["period"]] = f"{found['score']:.3f} #{found['rank']}" if found and found["score"] else "-"
            rows.append(row)
        click.echo(f"{measure} per period (score #rank):")
        click.echo(render_rows(rows, ["id", "name"] + [period["period"] for period in shown]))
        return
    keep = set(chosen)
    long = [dict(row, period=period["period"], **{"from": period["from"], "to": period["to"], measure: row["score"]})
            for period in result for row in period["rows"] if row["id"] in keep]
    document = [dict({k: v for k, v in period.items() if k != "rows"},
                     rows=[row for row in period["rows"] if row["id"] in keep]) for period in result]
    click.echo(render_rows(long, ["period", "from", "to", "rank", "id", "name", "kind", measure], fmt, document))


def _periods_note(result: list[dict], filters: Filters) -> str:
    """What the periods left out, in one line (the undated: the same in every period)."""
    undated = max((period["left_out"].get("undated", 0) for period in result), default=0)
    uncertain = {period["period"]: period["left_out"]["uncertain"] for period in result
                 if period["left_out"].get("uncertain")}
    may = sum(period["may"] for period in result)
    text = (f"left out of every period: {undated} undated relationship{'' if undated == 1 else 's'} (their texts "
            "give no time; --undated include keeps them)" if undated else
            "no undated relationship left out" + (" (--undated include)" if filters.undated == "include" else ""))
    if uncertain:
        text += "; only may have held (--certain): " + ", ".join(f"{n} in {label}" for label, n in uncertain.items())
    elif may:
        text += f"; {may} of the relationships counted in the periods only may have held then (--certain)"
    return text


# --- communities --------------------------------------------------------------------------------

@click.command()
@source_options
@filter_options
@click.option("--seed", type=int, default=42, show_default=True, help="Seed of the Louvain method (same seed, same result).")
@click.option("--resolution", type=click.FloatRange(min=0, min_open=True), default=1.0, show_default=True,
              help="Above 1: more, smaller communities; below 1: fewer, larger ones.")
@click.option("--members", type=click.IntRange(min=0), default=8, show_default=True,
              help="Table: how many members to name per community (0: all).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
def communities(source: GraphSource, filters: Filters, seed: int, resolution: float, members: int, fmt: str) -> None:
    """Find communities: groups of actors more tied to each other than to the rest (Louvain).

    Ties are read without direction and weighted by the number of relationships. Prints each
    community's members, most tied first, and the relationships between communities.

    \b
    Examples:
      graphkit communities seed/malaysia-palestine
      graphkit communities --as-of 2024 --format json
      graphkit communities --types MET_WITH,COOPERATES_WITH --resolution 1.5
    """
    from graphkit.analysis import communities
    from graphkit.graph import display_name

    graph = source.load(filters)
    found = communities(graph, seed=seed, resolution=resolution)

    def member(node: str) -> dict:
        return {"id": node, "name": display_name(graph, node), "kind": graph.nodes[node].get("kind")}

    if fmt == "json":
        click.echo(json_text(dict(found, communities=[dict(c, members=[member(m) for m in c["members"]])
                                                      for c in found["communities"]])))
        return
    if fmt == "csv":
        rows = [{"community": c["id"], **member(m)} for c in found["communities"] for m in c["members"]]
        click.echo(render_rows(rows, ["community", "id", "name", "kind"], "csv"))
        return
    groups = [c for c in found["communities"] if c["size"] > 1]
    alone = [c for c in found["communities"] if c["size"] == 1]
    echo(f"{counted(len(groups), 'community', 'communities')} of 2 or more actors, modularity "
         f"{found['modularity']:.3f}" + (f"; {counted(len(alone), 'actor')} without ties" if alone else ""))
    for community in groups:
        shown = community["members"][: members or None]
        more = community["size"] - len(shown)
        echo(f"\n{community['id']}. {community['size']} actors: "
                   + ", ".join(display_name(graph, m) for m in shown) + (f", and {more} more" if more else ""))
    if found["links"]:
        echo("\nRelationships between communities:")
        for link in found["links"]:
            echo(f"  {link['from']} - {link['to']}: {link['relationships']}")


# --- path ---------------------------------------------------------------------------------------

@click.command()
@click.argument("actor_a", metavar="A")
@click.argument("actor_b", metavar="B")
@source_options
@filter_options
@click.option("--max-hops", type=click.IntRange(min=1), help="Only paths of at most this many ties.")
@click.option("--directed", is_flag=True, help="Follow ties only in their direction (symmetric ties go both ways).")
@STANCE
@click.option("--k", "k", type=click.IntRange(min=1), metavar="N",
              help="The N shortest simple paths (the next-shortest routes too), not only those of the shortest length.")
@click.option("--all-simple", is_flag=True, help="Every simple path of at most --max-hops ties (needs --max-hops).")
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True,
              help="Show at most this many paths.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def path(actor_a: str, actor_b: str, source: GraphSource, filters: Filters, max_hops: int | None, directed: bool,
         stance: str | None, k: int | None, all_simple: bool, limit: int, fmt: str) -> None:
    """Show how two actors are connected: every shortest path, each tie with its sources.

    A and B are ids, names or aliases (any case). Each hop lists the relationships between its
    two actors with their type, dates as the texts give them (an undated one says when it was
    first reported, labelled so), status, role, amount, share and place, and every citation:
    its stance, the quote (or the register's record), the source's title and link. In a time
    slice, a relationship that only may have held then says so. --k lists the k shortest
    routes, --all-simple every route up to --max-hops; --stance follows only cooperative (or
    hostile) ties.

    \b
    Examples:
      graphkit path "Anwar Ibrahim" Hamas seed/malaysia-palestine
      graphkit path anwar-ibrahim hamas --max-hops 3 --as-of 2024
      graphkit path anwar-ibrahim hamas --stance positive --k 5
      graphkit path malaysia israel --all-simple --max-hops 3
      graphkit path A B --directed --format json
    """
    from graphkit.analysis import k_shortest_paths, shortest_paths, simple_paths
    from graphkit.analysis.signed import by_stance
    from graphkit.graph import display_name

    if k and all_simple:
        raise click.UsageError("give either --k or --all-simple, not both")
    if all_simple and max_hops is None:
        raise click.UsageError("--all-simple lists every path up to a length: give --max-hops too")
    graph = source.load(filters)
    a, b = resolve_pair(graph, filters, actor_a, actor_b)
    if stance:
        graph = by_stance(graph, stance)
    if k:
        paths = k_shortest_paths(graph, a, b, min(k, limit + 1), max_hops=max_hops, directed=directed)
    elif all_simple:
        paths = simple_paths(graph, a, b, max_hops, directed=directed, limit=limit + 1)
    else:
        paths = shortest_paths(graph, a, b, max_hops=max_hops, directed=directed, limit=limit + 1)
    more = len(paths) > limit
    paths = paths[:limit]
    if fmt == "json":
        click.echo(paths_json(paths))
        return
    name_a, name_b = display_name(graph, a), display_name(graph, b)
    if not paths:
        within = f" within {max_hops} hops" if max_hops else ""
        ties = f"{stance} ties only, " if stance else ""
        echo(f"No path between {name_a} and {name_b}{within} ({ties}{filters.describe()}).")
        return
    lengths = sorted({len(found) for found in paths})
    hops = f"{lengths[0]}" if len(lengths) == 1 else f"{lengths[0]} to {lengths[-1]}"
    what = "shortest simple" if k else "simple" if all_simple else "shortest"
    echo(f"{len(paths)}{'+' if more else ''} {what} path{'s' if len(paths) > 1 else ''} of {hops} "
         f"hop{'s' if lengths[-1] > 1 else ''} between {name_a} and {name_b}{':' if not stance else f' ({stance} ties only):'}")
    for number, found in enumerate(paths, start=1):
        echo(f"\nPath {number}" + (f" ({len(found)} hop{'s' if len(found) > 1 else ''})" if len(lengths) > 1 else ""))
        for line in path_lines(graph, found):
            echo(line)
    if more:
        echo(f"\nMore {what} paths exist; --limit shows more.")


COMMANDS: list[click.Command] = [centrality, communities, path]
