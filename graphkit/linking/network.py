"""The datasets of a folder as one network, actors judged the same merged, and the check of the
judgements file that `graphkit validate` runs beside the datasets'."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from graphkit.errors import GraphkitError
from graphkit.graph.merge import split_key
from graphkit.linking.judgements import check_judgements, judgements_path, load_judgements, read_judgements, same_pairs
from graphkit.model import Problem

if TYPE_CHECKING:
    import networkx as nx

    from graphkit.model import Dataset


def merged_network(paths: Iterable[str | Path] = (), judgements: str | Path | None = None) -> "nx.MultiDiGraph":
    """Every dataset of `paths` (folders, or folders of datasets; default: those under seed/) in one
    graph keyed "dataset:id", where the actors that `same` judgements (the file `judgements`, by
    default `links.yaml` beside the datasets) and `same_as` entries make one are one node.

    Each dataset is checked first, and so are the judgements about them: an error raises.
    """
    from graphkit.dataset import dataset_paths, open_datasets
    from graphkit.graph import dataset_to_graph
    from graphkit.graph.merge import combine_graphs, merge_graph

    paths = list(paths)
    folders = dataset_paths(paths)
    datasets = sorted(open_datasets(paths, consequence="nothing was merged"), key=lambda dataset: dataset.name)
    decided = load_judgements(judgements_path(folders, judgements), datasets)
    graph = combine_graphs([dataset_to_graph(dataset) for dataset in datasets])
    return merge_graph(graph, same_pairs(datasets, decided))


def validate_judgements(folders: Iterable[str | Path],
                        given: str | Path | None = None) -> tuple[Path | None, list[Problem]]:
    """The judgements file beside `folders` (or `given`) and its problems, checked against every
    dataset in the folder that holds it; (None, []) when there is none. Datasets with errors are
    left out (their own check says why), and so are the judgements about them."""
    from graphkit.dataset import find_datasets, validate_dataset

    folders = list(folders)
    path = judgements_path(folders, given)
    if not path.is_file():
        if given is not None:
            return path, [Problem(_origin(path), None, None, "no such judgements file")]
        return None, []
    judgements, problems = read_judgements(path)
    datasets, broken = [], set()
    for folder in find_datasets([path.parent]):
        dataset, _ = validate_dataset(folder)
        if dataset is None:
            broken.add(Path(folder).resolve().name)
        else:
            datasets.append(dataset)
    about = [j for j in judgements if not {split_key(j.left)[0], split_key(j.right)[0]} & broken]
    ours = [problem for problem in check_judgements(about, datasets, path)  # same_as: reported with its dataset
            if problem.origin.file == str(path)]
    return path, sorted(problems + ours, key=lambda problem: problem.origin.line or 0)


def linked_actor_problems(dataset: "Dataset", folder: str | Path) -> list[Problem]:
    """The `same_as` entries of `dataset` (read from `folder`) that name no actor of a dataset
    beside it (in the same parent folder), for `graphkit validate` to report with the dataset.
    Only the datasets its entries name are read; one with errors is left out (its own check says why)."""
    from graphkit.dataset import find_datasets, validate_dataset
    from graphkit.linking.judgements import same_as_problems

    named = {split_key(entry)[0] for actor in dataset.actors.values() for entry in actor.same_as} - {dataset.name}
    if not named:
        return []
    here = Path(folder).resolve()
    beside = [Path(other).resolve() for other in find_datasets([here.parent]) if Path(other).resolve() != here]
    others = []
    for other in sorted(beside, key=lambda other: other.name not in named):  # a folder is named as its dataset
        if named - {read.name for read in others}:
            read, _ = validate_dataset(other)
            others += [read] if read is not None and read.name in named else []
    return same_as_problems(dataset, others)


def _origin(path: Path):
    from graphkit.model import Origin

    return Origin(str(path))


def link_candidates(paths: Iterable[str | Path] = (), judgements: str | Path | None = None, **options):
    """The judgements file of the datasets of `paths` and their candidate pairs not judged yet
    (`candidates.candidates`, with `options`)."""
    from graphkit.dataset import dataset_paths, open_datasets
    from graphkit.linking.candidates import candidates

    paths = list(paths)
    folders = dataset_paths(paths)
    path = judgements_path(folders, judgements)
    datasets = open_datasets(paths)
    if len(datasets) < 2:
        found = f"only {datasets[0].name!r} ({folders[0]})" if datasets else "none"
        raise GraphkitError(f"linking needs two or more datasets; found {found}",
                            hint="give the folder that holds the datasets to link, or two dataset folders")
    return path, candidates(datasets, load_judgements(path, datasets), **options)


def judge(paths: Iterable[str | Path], judgements: str | Path | None, left: str, right: str, judgement: str, *,
          by: str | None = None, note: str | None = None):
    """Record one judgement about two actors of the datasets of `paths` (`record_judgement`);
    returns the file, the judgement, and the earlier judgement of the pair it replaces (or None)."""
    from graphkit.dataset import dataset_paths, open_datasets
    from graphkit.linking.judgements import record_judgement

    paths = list(paths)
    path = judgements_path(dataset_paths(paths), judgements)
    datasets = open_datasets(paths)
    pair = frozenset((left, right))
    earlier = next((j for j in read_judgements(path)[0] if j.pair == pair), None)
    return path, record_judgement(path, left, right, judgement, datasets, by=by, note=note), earlier


def same_as_rows(paths: Iterable[str | Path] = (),
                 judgements: str | Path | None = None) -> tuple[list[str], list[dict]]:
    """The dataset names of `paths` and the rows `Store.write_same_as` writes: each pair that a
    `same` judgement or a `same_as` entry makes one, with who said so."""
    from graphkit.dataset import dataset_paths, open_datasets

    paths = list(paths)
    datasets = open_datasets(paths)
    decided = load_judgements(judgements_path(dataset_paths(paths), judgements), datasets)
    rows = []
    for j in decided:
        if j.judgement == "same":
            rows.append(_row(j.left, j.right, origin="judgement", by=j.by, date=j.date, note=j.note))
    names = {dataset.name for dataset in datasets}
    for dataset in datasets:
        for actor in dataset.actors.values():
            rows.extend(_row(f"{dataset.name}:{actor.id}", entry, origin="same_as") for entry in actor.same_as
                        if split_key(entry)[0] in names)
    return sorted(names), rows


def _row(left: str, right: str, **about) -> dict:
    (left_dataset, left_id), (right_dataset, right_id) = split_key(left), split_key(right)
    return {"left_dataset": left_dataset, "left_id": left_id, "right_dataset": right_dataset, "right_id": right_id,
            "by": None, "date": None, "note": None, **about}
