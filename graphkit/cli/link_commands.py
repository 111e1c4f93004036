"""`graphkit link`: the same actor across datasets: candidate pairs, a curator's judgements, and
the SAME_AS links written to Neo4j."""

from __future__ import annotations

from pathlib import Path

import click

from graphkit.cli.connection import connection_options

_DECISIONS = ("same", "different", "unsure")


def _default_curator() -> str | None:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return None


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path), metavar="[DATASET]...")
@click.option("--judgements", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="The judgements file [default: links.yaml in the folder that holds the datasets].")
@click.option("--min-score", type=click.FloatRange(0, 100), default=None,
              help="Propose name matches scoring at least this (0-100) [default: 85].")
@click.option("--keep-titles", is_flag=True,
              help="Compare names with their titles (Dato' Seri, Dr, Tan Sri ...) instead of without them.")
@click.option("--limit", type=click.IntRange(min=0), default=50, show_default=True,
              help="Show at most this many candidates (0: all).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--judge", "interactive", is_flag=True,
              help="Walk the candidates in the terminal and record a judgement for each.")
@click.option("--same", nargs=2, metavar="A B", default=None,
              help="Record that actors A and B (DATASET:ACTOR-ID) are one.")
@click.option("--different", nargs=2, metavar="A B", default=None,
              help="Record that A and B are two actors (never merged, never proposed again).")
@click.option("--unsure", nargs=2, metavar="A B", default=None,
              help="Record that nobody can tell yet (not proposed again until decided).")
@click.option("--by", metavar="NAME", default=_default_curator,
              help="Who makes the judgement [default: your user name].")
@click.option("--note", metavar="TEXT", help="Why (kept with the judgement).")
@click.option("--write", "write", is_flag=True,
              help="Write the same judgements and same_as entries to Neo4j as SAME_AS relationships "
                   "(run after `graphkit load`); replaces those between the datasets, so it is idempotent.")
@connection_options
def link(paths: tuple[Path, ...], judgements: Path | None, min_score: float | None, keep_titles: bool, limit: int,
         fmt: str, interactive: bool, same, different, unsure, by: str | None, note: str | None, write: bool,
         connection) -> None:
    """Find the same actor across datasets, and record a curator's judgements.

    Lists candidate pairs of actors of different datasets (default: every dataset under seed/):
    those sharing an identifier (e.g. wikidata) first, then names and aliases that match once
    casefolded, transliterated and stripped of titles (scored 0-100 by rapidfuzz), compared
    only within one actor kind and one country. Pairs judged already are not proposed again.

    Judgements are data: a list in links.yaml beside the dataset folders (left, right,
    judgement: same | different | unsure, by, date, note), checked by `graphkit validate`.
    Reading commands given --merge then treat actors judged the same as one node. In Neo4j,
    --write records them as SAME_AS links (`graphkit load` of the folders writes them too).
    docs/linking.md walks through an example.

    \b
    Examples:
      graphkit link build/joined
      graphkit link build/joined --judge
      graphkit link build/joined --same malaysia-offices:anwar-ibrahim malaysia-palestine:anwar-ibrahim
      graphkit link build/joined --write
      graphkit path "Deputy Prime Minister" "Fadi al-Batsh" build/joined --merge
    """
    from graphkit.cli.output import echo

    decisions = [(name, pair) for name, pair in zip(_DECISIONS, (same, different, unsure)) if pair]
    if len(decisions) + bool(interactive) + bool(write) > 1:
        raise click.UsageError("give one of --same, --different, --unsure, --judge and --write")
    if decisions:
        from graphkit.linking import judge

        (decision, (left, right)), = decisions
        path, recorded, earlier = judge(paths, judgements, left, right, decision, by=by, note=note)
        if earlier is not None:
            echo(f"{path}:{earlier.line}: this replaces the earlier judgement: {earlier.left} {earlier.judgement} "
                 f"{earlier.right} (by {earlier.by or 'unknown'}, {earlier.date or 'no date'})", err=True)
        echo(f"{path}: {recorded.left} {recorded.judgement} {recorded.right} (by {recorded.by or 'unknown'}, "
             f"{recorded.date})")
        return
    if write:
        from graphkit.linking import same_as_rows
        from graphkit.store import Store

        names, rows = same_as_rows(paths, judgements)
        with Store(connection) as store:
            written = store.write_same_as(rows, names)
        missing = len(rows) - written
        echo(f"{written} SAME_AS link{'' if written == 1 else 's'} written between {', '.join(names)}"
             + (f"; {missing} not written: their actors are not loaded (graphkit load)" if missing else ""))
        return
    from graphkit.linking import link_candidates

    options = {"min_score": min_score} if min_score is not None else {}
    path, found = link_candidates(paths, judgements, honorifics=keep_titles, **options)
    if interactive:
        _walk(found, paths, judgements, by, note)
        return
    shown = found[:limit] if limit else found
    if fmt == "json":
        from graphkit.cli.output import json_text

        click.echo(json_text([{"left": c.left, "right": c.right, "score": c.score, "why": c.why,
                               "left_name": c.left_name, "right_name": c.right_name, "kind": c.kind}
                              for c in shown]))
        return
    if not found:
        echo(f"No candidate pairs left to judge ({path}).")
        return
    from graphkit.cli.output import render_table

    echo(render_table(["score", "left", "right", "kind", "why"],
                      [(f"{c.score:.0f}", f"{c.left} ({c.left_name})", f"{c.right} ({c.right_name})", c.kind, c.why)
                       for c in shown]))
    more = f", {len(found) - len(shown)} more not shown (--limit 0 shows all)" if len(shown) < len(found) else ""
    echo(f"{len(found)} candidate pair{'' if len(found) == 1 else 's'}{more}; record a decision with "
         f"--same/--different/--unsure A B or walk them with --judge (into {path}).")


def _walk(found, paths, judgements, by, note) -> None:
    """Ask about each candidate in turn; each answer is written at once, so stopping loses nothing."""
    from graphkit.cli.output import echo
    from graphkit.linking import judge

    keys = {"s": "same", "d": "different", "u": "unsure"}
    recorded = 0
    for number, candidate in enumerate(found, start=1):
        echo(f"\n[{number}/{len(found)}] {candidate.kind}, score {candidate.score:.0f} ({candidate.why})")
        echo(f"  {candidate.left}: {candidate.left_name}")
        echo(f"  {candidate.right}: {candidate.right_name}")
        answer = click.prompt("  same, different, unsure, skip or quit?", type=click.Choice(["s", "d", "u", "k", "q"]),
                              default="k", show_choices=True)
        if answer == "q":
            break
        if answer in keys:
            judge(paths, judgements, candidate.left, candidate.right, keys[answer], by=by, note=note)
            recorded += 1
    echo(f"{recorded} judgement{'' if recorded == 1 else 's'} recorded.")


COMMANDS: list[click.Command] = [link]
