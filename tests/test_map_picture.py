"""`graphkit map --png/--svg`: pictures of the map drawn by a real headless Chromium."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from conftest import SEED, cli, one_line_error
from graphkit import dataset_to_graph, filter_graph, read_dataset
from graphkit.vocabulary import vocabulary

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def pictures(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pictures")
    result = cli("map", str(SEED), "--png", str(folder / "seed.png"), "--svg", str(folder / "seed.svg"))
    assert result.returncode == 0, result.stderr
    return folder


def test_the_png_shows_the_map_in_its_colours(pictures):
    from PIL import Image

    image = Image.open(pictures / "seed.png").convert("RGB")
    assert image.width >= 1600 and image.height >= 1000
    colours = {colour for _, colour in image.getcolors(maxcolors=1 << 20)}
    for kind in ("Person", "Government", "NGO", "Group"):
        hex_ = vocabulary().actor_kinds[kind].color
        assert tuple(int(hex_[i:i + 2], 16) for i in (1, 3, 5)) in colours, kind


def test_the_svg_draws_every_actor_of_the_map_with_its_name(pictures):
    graph = filter_graph(dataset_to_graph(read_dataset(SEED)))  # what `graphkit map` maps by default
    root = ET.parse(pictures / "seed.svg").getroot()
    shapes = [element for element in root if element.tag in (f"{SVG}circle", f"{SVG}rect", f"{SVG}polygon")]
    labels = sorted(element.text for element in root.iter(f"{SVG}text") if element.get("class") == "label")
    assert len(shapes) - 1 == graph.number_of_nodes()  # and the white background
    assert labels == sorted(str(data["name"]) for _, data in graph.nodes(data=True))
    assert len(root.findall(f"{SVG}line")) == graph.number_of_edges()
    assert root.find(f"{SVG}title").text


def _em(letter: str) -> float:
    """About how wide a letter of a sans-serif font is, in ems (Arial-like metrics, by kind of letter)."""
    for letters, width in (("ijl", 0.22), ("ftr", 0.3), (" .,:;'!|", 0.28), ("()-", 0.33), ("mw", 0.8), ("MW", 0.87)):
        if letter in letters:
            return width
    return 0.53 if letter.islower() else 0.68 if letter.isupper() else 0.56


def _label_boxes(root) -> list[tuple[str, float, float, float, float]]:
    """Each label's box, estimated from its font size and its letters, centred on its place as the
    SVG draws it."""
    boxes = []
    for text in root.iter(f"{SVG}text"):
        if text.get("class") == "label":
            size, x, y = float(text.get("font-size")), float(text.get("x")), float(text.get("y"))
            half_width, half_height = sum(_em(letter) for letter in text.text) * size / 2, size / 2
            boxes.append((text.text, x - half_width, y - half_height, x + half_width, y + half_height))
    return boxes


def test_the_svg_draws_labels_where_and_as_large_as_the_page_does(pictures):
    root = ET.parse(pictures / "seed.svg").getroot()
    boxes = _label_boxes(root)
    assert len(boxes) > 3
    # the page sizes labels by the actors' rank (14 to 20 px at its zoom): they are not all one size
    assert len({round(float(t.get("font-size")), 1) for t in root.iter(f"{SVG}text") if t.get("class") == "label"}) > 1
    for i, (name_a, *a) in enumerate(boxes):
        for name_b, *b in boxes[i + 1:]:
            overlap = min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])
            assert not overlap, (name_a, name_b)


def test_the_svg_is_cut_to_the_drawing_under_its_title_and_what_made_it(pictures):
    root = ET.parse(pictures / "seed.svg").getroot()
    x0, y0, width, height = (float(n) for n in root.get("viewBox").split())
    texts = {t.get("class"): t for t in root.iter(f"{SVG}text")}
    assert texts["map-title"].text == root.find(f"{SVG}title").text == read_dataset(SEED).title
    made = " · ".join(t.text for t in root.iter(f"{SVG}text") if t.get("class") == "made-with")
    assert made.startswith("This map: dataset malaysia-palestine")
    header_bottom = max(float(t.get("y")) for t in root.iter(f"{SVG}text") if t.get("class") in ("map-title", "made-with"))
    # the header is at the top, above every actor and label
    shapes = [e for e in root if e.tag in (f"{SVG}circle", f"{SVG}rect", f"{SVG}polygon")][1:]
    tops = [float(e.get("cy", e.get("y", 0))) - float(e.get("r", 0)) for e in shapes if e.tag != f"{SVG}polygon"]
    assert header_bottom < min(tops + [box[2] for box in _label_boxes(root)])
    # the drawing fills the picture's width: its shapes and labels span most of it, on both sides
    xs = [float(e.get("cx", e.get("x", 0))) for e in shapes if e.tag != f"{SVG}polygon"]
    xs += [box[1] for box in _label_boxes(root)] + [box[3] for box in _label_boxes(root)]
    assert min(xs) - x0 < 0.1 * width and x0 + width - max(xs) < 0.1 * width


def test_no_browser_is_one_line_and_writes_nothing(tmp_path):
    out = tmp_path / "map.png"
    line = one_line_error(cli("map", str(SEED), "--png", str(out), env={"GRAPHKIT_CHROMIUM": str(tmp_path / "none")}))
    assert "GRAPHKIT_CHROMIUM" in line and "no such browser" in line
    assert not out.exists()


def test_a_picture_is_named_for_its_kind(tmp_path):
    line = one_line_error(cli("map", str(SEED), "--png", str(tmp_path / "map.jpg")))
    assert "map.png" in line
