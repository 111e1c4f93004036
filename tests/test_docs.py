"""The docs say what happens: the examples they give name files that exist and commands that run."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

from conftest import REPO


def readme_commands() -> list[list[str]]:
    """The `graphkit ...` commands of the README's shell blocks, as argument lists."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.S):
        for line in block.replace("\\\n", " ").splitlines():
            line = line.split("  #")[0].strip()
            if line.startswith("graphkit "):
                commands.append(shlex.split(line))
    return commands


def test_every_file_a_readme_import_names_exists():
    imports = [command for command in readme_commands() if command[1] == "import"]
    assert imports, "the README shows no import"
    for command in imports:
        assert (REPO / command[3]).is_file(), f"the README imports {command[3]}, which does not exist"


def test_the_readme_says_where_neo4j_admin_comes_from():
    """graphkit does not ship neo4j-admin: right before the command, the README says which server
    has it (the docker-compose image, the version the tests run) and that tools/neo4j-local runs it."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    image = re.search(r"image: (neo4j:\S+)", (REPO / "docker-compose.yml").read_text()).group(1)
    before = text[:text.index("neo4j-admin database import full neo4j")][-700:]
    assert f"`{image}` image" in before and "not with graphkit" in before
    assert "`tools/neo4j-local/neo4j-local admin`" in before


def test_neo4j_local_has_a_readme_naming_each_of_its_commands():
    script = (REPO / "tools" / "neo4j-local" / "neo4j-local").read_text()
    commands = re.findall(r"^\s+(\w+)\) \w+ ;;$", script, re.M)
    assert set(commands) >= {"start", "stop", "status", "build"}
    readme = (REPO / "tools" / "neo4j-local" / "README.md").read_text()
    for command in commands:
        assert f"neo4j-local {command}" in readme
    for variable in re.findall(r"\b(NEO4J_LOCAL_\w+)", script):
        assert variable in readme


def test_make_demo_ends_by_saying_which_file_to_open(tmp_path):
    """`make demo` (the README's first command) ends by naming the map it wrote."""
    make = subprocess.run(["make", "-s", "demo", f"PYTHON={sys.executable}"], cwd=REPO, capture_output=True,
                          text=True, timeout=600)
    assert make.returncode == 0, make.stderr
    last = make.stdout.strip().splitlines()[-1]
    named = re.search(r"Open (\S+) in a web browser", last)
    assert named, last
    assert (REPO / named.group(1)).is_file()
    assert f"--out {named.group(1)}" in (REPO / "Makefile").read_text()


def test_stats_lists_what_the_validate_note_says_it_lists():
    """validate's note on single-source relationships sends the curator to `graphkit stats`,
    which lists every one of them by id."""
    from conftest import SEED, cli
    from graphkit import read_dataset

    result = cli("validate", str(SEED))
    note = next(line for line in (result.stdout + result.stderr).splitlines() if "single source" in line)
    assert "graphkit stats lists them" in note
    listed = cli("stats", str(SEED)).stdout.split("\nSingle-source relationships")[1].split("\n\n")[0]
    single = sorted(rel.id for rel in read_dataset(SEED).relationships.values() if len(rel.source_ids) == 1)
    assert [line.strip() for line in listed.splitlines()[1:]] == single


def test_the_readme_picture_is_the_demo_map():
    """docs/map.png is drawn (`make picture`) from the very map `make demo` writes."""
    from PIL import Image

    from graphkit.map.picture import SIZE
    from graphkit.vocabulary import vocabulary

    makefile = (REPO / "Makefile").read_text()
    demo = re.search(r"^\t\$\(BIN\)/graphkit map (.*)$", makefile.split("\ndemo:")[1].split("\n\n")[0], re.M).group(1)
    picture = re.search(r"^\t\$\(BIN\)/graphkit map (.*)$", makefile.split("\npicture:")[1].split("\n\n")[0], re.M).group(1)
    assert picture == f"{demo} --png docs/map.png"
    assert "(docs/map.png)" in (REPO / "README.md").read_text()
    image = Image.open(REPO / "docs" / "map.png").convert("RGB")
    assert image.width >= SIZE[0] and image.height >= SIZE[1]  # drawn at twice the pixels, for print
    colours = {colour for _, colour in image.getcolors(maxcolors=1 << 22)}
    for kind in ("Person", "Government", "NGO", "Group"):
        hex_ = vocabulary().actor_kinds[kind].color
        assert tuple(int(hex_[i:i + 2], 16) for i in (1, 3, 5)) in colours, kind
