"""The merged network on the map, in a real headless Chromium: the actor judged the same in two
datasets is one node, and both datasets' relationships are drawn from it."""

from __future__ import annotations

import shutil

from conftest import REPO, cli
from test_map_browser import VISIBLE_EDGES, VISIBLE_NODES, MapPage, browser  # noqa: F401 (a fixture)


def test_the_map_draws_the_merged_actor_once(browser, tmp_path):  # noqa: F811
    root = tmp_path / "datasets"
    shutil.copytree(REPO / "tests" / "fixtures" / "link", root)
    assert cli("link", str(root), "--same", "curated:aminah-rahman", "register:person-101").returncode == 0
    out = tmp_path / "merged.html"
    result = cli("map", str(root), "--merge", "--out", str(out))
    assert result.returncode == 0, result.stderr
    page = MapPage(browser, out)
    try:
        nodes = set(page.evaluate(VISIBLE_NODES))
        assert "curated:aminah-rahman" in nodes and "register:person-101" not in nodes
        assert len(nodes) == 8  # 4 + 5 actors, two of them one
        assert page.evaluate("graphkit.nodes.get('curated:aminah-rahman').label") == "Aminah Rahman"
        edges = page.evaluate(VISIBLE_EDGES)
        assert sorted(edges) == [
            "curated:farid-osman--member_of--harmony-front--2024-03",
            "curated:justice-alliance--supports--aminah-rahman--2024-03",
            "register:person-101--member_of--assembly--2024-05-01",
            "register:person-102--member_of--party-7--2022-01-10",
        ]
        ends = page.evaluate("graphkit.edges.get('register:person-101--member_of--assembly--2024-05-01')")
        assert (ends["from"], ends["to"]) == ("curated:aminah-rahman", "register:assembly")
        page.assert_clean()
    finally:
        page.page.close()
