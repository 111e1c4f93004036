"""Commands about the routes between actors and the signs of their ties: `brokers` and `balance`;
and how a path reads as text (`path_lines`, which `path` prints too)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from graphkit.cli.options import Filters, GraphSource, filter_options, source_options
from graphkit.cli.output import counted, echo, json_text, render_rows
from graphkit.errors import ActorNotFound

if TYPE_CHECKING:
    import networkx as nx

STANCE = click.option(
    "--stance", type=click.Choice(["positive", "negative", "nonnegative"]),
    help="Follow only ties whose type has this stance in the vocabulary: positive (cooperative: SUPPORTS, "
         "FUNDS, ALLIED_WITH), negative (hostile: OPPOSES, ATTACKED, ...), nonnegative (every type but hostile "
         "ones). 'A OPPOSES B ATTACKED C' is then no positive route.")


def resolve_pair(graph: "nx.MultiDiGraph", filters: Filters, actor_a: str, actor_b: str) -> tuple[str, str]:
    """The ids of two actors named by id, name or alias; a filter that hid one says so."""
    from graphkit.graph import resolve_actor

    try:
        a, b = resolve_actor(graph, actor_a), resolve_actor(graph, actor_b)
    except ActorNotFound as error:
        if not filters.given:
            raise
        raise ActorNotFound(str(error), hint=f"searched among the actors kept ({filters.describe()}); "
                                             "loosen the filters (or --keep-isolated) to search them all") from None
    if a == b:
        raise click.UsageError(f"{actor_a!r} and {actor_b!r} are the same actor ({a})")
    return a, b


def path_lines(graph: "nx.MultiDiGraph", found: list) -> list[str]:
    """A path as text: its first actor, then for each hop every relationship (type and direction,
    dates as the texts give them, status, role, amount, share, place) with each citation (stance,
    the quote or the record, the source's title and link), then the next actor."""
    from graphkit.analysis import when_text
    from graphkit.analysis.evidence import citation_text
    from graphkit.graph import display_name

    lines = [f"  {display_name(graph, found[0].source)} ({_ids(graph, found[0].source)})"]
    for hop in found:
        for relationship in hop.relationships:
            may = ", may have held then" if relationship.get("holds") == "may" else ""
            among = f" [{relationship.get('dataset')}]" if graph.graph.get("keys") == "dataset:id" else ""
            lines.append(f"    {_arrow(relationship, hop.source)} {when_text(relationship)}, "
                         f"{relationship.get('status') or 'reported'}{may}{among}{_details(relationship)}")
            for citation in relationship["citations"]:
                title = citation.get("title") or citation.get("source")
                link = citation.get("source_url")
                where = f"{title}, {link}" if link and link != citation.get("url") else title
                lines.append(f"        {citation.get('stance') or 'asserts'}: {citation_text(citation)} ({where})")
        lines.append(f"  {display_name(graph, hop.target)} ({_ids(graph, hop.target)})")
    return lines


def _details(relationship: dict[str, Any]) -> str:
    """A relationship's role, amount, share and place, as its fields give them, and where its
    dates come from when the record itself gives none (`date_note`).

    >>> _details({"role": "chair", "amount": 2500000.0, "currency": "MYR", "share": 51.0})
    '; role: chair; amount: 2,500,000 MYR; share: 51%'
    >>> _details({"date_note": "dates of legislative period term/13"})
    '; dates: dates of legislative period term/13'
    >>> _details({})
    ''
    """
    parts = []
    if relationship.get("role"):
        parts.append(f"role: {relationship['role']}")
    if relationship.get("amount") is not None:
        amount = relationship["amount"]
        text = f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,}"
        parts.append(f"amount: {text}" + (f" {relationship['currency']}" if relationship.get("currency") else ""))
    if relationship.get("share") is not None:
        parts.append(f"share: {relationship['share']:g}%")
    if relationship.get("place"):
        parts.append(f"place: {relationship['place']}")
    if relationship.get("date_note"):
        parts.append(f"dates: {relationship['date_note']}")
    return "".join(f"; {part}" for part in parts)


def _ids(graph: "nx.MultiDiGraph", node: str) -> str:
    """An actor's id, or for one merged across datasets every id it stands for."""
    return " = ".join(graph.nodes[node].get("merged_from") or [node])


def _arrow(relationship: dict, u: str) -> str:
    if relationship.get("directed") is False:
        return f"-- {relationship.get('type')} --"
    return f"-- {relationship.get('type')} ->" if relationship["source"] == u else f"<- {relationship.get('type')} --"


def paths_json(paths: list) -> str:
    """Paths as JSON: each a list of hops, each hop's relationships in full with `when`."""
    from graphkit.analysis import when_text

    return json_text([[{"from": hop.source, "to": hop.target,
                        "relationships": [dict(r, when=when_text(r)) for r in hop.relationships]}
                       for hop in found] for found in paths])


# --- brokers ------------------------------------------------------------------------------------

@click.command()
@click.argument("actor_a", metavar="A")
@click.argument("actor_b", metavar="B")
@source_options
@filter_options
@click.option("--max-hops", type=click.IntRange(min=2, max=6), default=2, show_default=True,
              help="Count the simple paths of at most this many ties (2: actors tied to both).")
@click.option("--k", "k", type=click.IntRange(min=1), metavar="N",
              help="Count only the N shortest simple paths (within --max-hops) instead of all of them.")
@click.option("--directed", is_flag=True, help="Follow ties only in their direction (symmetric ties go both ways).")
@STANCE
@click.option("--top", type=click.IntRange(min=0), default=10, show_default=True, help="How many brokers to list (0: all).")
@click.option("--paths", "shown", type=click.IntRange(min=0), default=3, show_default=True,
              help="Text: how many of each broker's paths to show hop by hop, with their evidence.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def brokers(actor_a: str, actor_b: str, source: GraphSource, filters: Filters, max_hops: int, k: int | None,
            directed: bool, stance: str | None, top: int, shown: int, fmt: str) -> None:
    """List the brokers between two actors: the actors their connecting paths pass through.

    Brokers are ranked by how many of the simple paths of at most --max-hops ties between A and
    B pass through them (or of the --k shortest), then by their shortest such path. Each path is
    shown hop by hop with every relationship's type, dates, status and evidence. With the default
    --max-hops 2 the brokers are the actors tied to both, as the Neo4j query `brokers` finds them.

    \b
    Examples:
      graphkit brokers malaysia hamas
      graphkit brokers "Anwar Ibrahim" Israel --max-hops 3 --stance positive
      graphkit brokers malaysia hamas --k 20 --max-hops 4 --format json
    """
    from graphkit.analysis.brokers import brokers as find_brokers
    from graphkit.analysis.signed import by_stance
    from graphkit.graph import display_name

    graph = source.load(filters)
    a, b = resolve_pair(graph, filters, actor_a, actor_b)
    if stance:
        graph = by_stance(graph, stance)
    found = find_brokers(graph, a, b, max_hops=max_hops, k=k, directed=directed)
    ranked = found["brokers"][: top or None]
    if fmt == "json":
        click.echo(json_text({"a": a, "b": b, "max_hops": max_hops, "k": k, "stance": stance,
                              "brokers": ranked, "paths": [[{"from": hop.source, "to": hop.target,
                                                             "relationships": hop.relationships}
                                                            for hop in path] for path in found["paths"]]}))
        return
    counted = f"the {k} shortest" if k else "every"
    echo(f"{len(found['brokers'])} broker{'' if len(found['brokers']) == 1 else 's'} between "
         f"{display_name(graph, a)} and {display_name(graph, b)}, on {len(found['paths'])} path"
         f"{'' if len(found['paths']) == 1 else 's'} ({counted} simple path of at most {max_hops} ties"
         f"{', ' + stance + ' ties only' if stance else ''}):")
    if not ranked:
        if found["paths"]:  # with no broker, every path found is a direct tie: show it
            direct = len(found["paths"])
            echo("No actor lies between them: " + ("the path found is their direct tie."
                 if direct == 1 else f"the {direct} paths found are direct ties."))
            for number, path in enumerate(found["paths"][:shown], start=1):
                echo(f"  Path {number}")
                for line in path_lines(graph, path):
                    echo("  " + line)
        return
    echo(render_rows(ranked, ["rank", "id", "name", "kind", "paths", "shortest"]))
    for broker in ranked if shown else ():
        echo(f"\n{broker['name']} ({broker['id']}): {broker['paths']} path{'' if broker['paths'] == 1 else 's'}")
        for number in broker["path_numbers"][:shown]:
            echo(f"  Path {number}")
            for line in path_lines(graph, found["paths"][number - 1]):
                echo("  " + line)


# --- balance ------------------------------------------------------------------------------------

@click.command()
@source_options
@filter_options
@click.option("--exact-limit", type=click.IntRange(min=1, max=22), default=18, show_default=True,
              help="Split a group of at most this many actors exactly (every split tried); larger ones by a heuristic.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def balance(source: GraphSource, filters: Filters, exact_limit: int, fmt: str) -> None:
    """Read the network as signed ties (friend +1, foe -1): structural balance and coalitions.

    Each relationship type's stance in the vocabulary signs it (SUPPORTS, FUNDS, ALLIED_WITH +1;
    OPPOSES, PRESSURED, SANCTIONED, ATTACKED -1); types without one are left out and counted.
    A pair of actors gets one tie, the sign of the sum of its relationships' stances (as many
    + as - : ambivalent, left out). Prints the share of balanced triangles ("the enemy of my enemy
    is my friend"), the split into two coalitions that leaves the fewest ties frustrated (exact
    for each group of at most --exact-limit actors, else a spectral heuristic improved greedily,
    which may miss the best: each group says which), and every frustrated tie with its evidence.

    \b
    Examples:
      graphkit balance seed/malaysia-palestine
      graphkit balance --as-of 2023-10 --format json
    """
    from graphkit.analysis.signed import balance as signed_balance
    from graphkit.graph import display_name

    graph = source.load(filters)
    found = signed_balance(graph, exact_limit=exact_limit)
    if fmt == "json":
        click.echo(json_text(found))
        return
    unsigned = sum(found["unsigned"].values())
    echo(f"{counted(found['ties'], 'signed tie')} between pairs of actors ({found['positive']} positive, {found['negative']} "
         f"negative); left out: {unsigned} relationship{'' if unsigned == 1 else 's'} of types without a stance"
         + (f" ({', '.join(found['unsigned'])})" if found["unsigned"] else "")
         + (f", {len(found['ambivalent'])} ambivalent pair{'' if len(found['ambivalent']) == 1 else 's'} "
            "(as many positive as negative ties)"
            if found["ambivalent"] else ""))
    if found["balance"] is None:
        echo("Balance: no triangle of signed ties.")
    else:
        echo(f"Balance: {found['balanced']} of {found['triangles']} triangles balanced ({found['balance']:.1%}).")
    echo(f"Coalitions: {found['frustration']} frustrated tie{'' if found['frustration'] == 1 else 's'} in all.")
    for number, group in enumerate(found["groups"], start=1):
        how = ("exact: every split tried" if group["method"] == "exact" else
               "heuristic, and the best: no tie frustrated" if group["optimal"] else
               "heuristic: may not be the best split")
        echo(f"\nGroup {number}: {counted(group['actors'], 'actor')}, {group['frustrated']} frustrated ({how})")
        for letter, side in zip("AB", group["sides"]):
            echo(f"  {letter}: " + ", ".join(display_name(graph, node) for node in side))
    if found["frustrated"]:
        echo("\nFrustrated ties:")
    for tie in found["frustrated"]:
        why = "positive across the coalitions" if tie["why"] == "across" else "negative within a coalition"
        echo(f"  {display_name(graph, tie['from'])} ({tie['from']}) - {display_name(graph, tie['to'])} "
             f"({tie['to']}): {why}")
        for relationship in tie["relationships"]:
            echo(f"    {relationship['from']} {relationship['type']} ({relationship['stance']:+d}) "
                 f"{relationship['to']}: {relationship['when']}, {relationship['status']}")
            for row in relationship["evidence"]:
                echo(f"        {row['stance']}: {row['text']} ({row['title'] or row['source']})")


COMMANDS: list[click.Command] = [brokers, balance]
