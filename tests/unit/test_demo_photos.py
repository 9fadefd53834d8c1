"""The demo menu's photos are committed files (demo/README.md): every item of the demo chain has
its photo and thumbnail, JPEGs of the sizes and weights the pages are budgeted for, and no
photo is left that no item names. (These checks were the end of the generator that drew them,
demo/make_photos.py, removed from the repository: issue #15.)"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

DEMO = Path(__file__).resolve().parents[2] / "demo"
PHOTO, THUMB = ((800, 600), 60_000), ((320, 240), 15_000)  # (size, most bytes)


def items() -> list[dict]:
    chain = json.loads((DEMO / "chain.json").read_text(encoding="utf-8"))
    return [item for category in chain["categories"] for item in category["items"]]


@pytest.mark.parametrize("item", items(), ids=lambda item: item["key"])
def test_each_item_has_its_photo_and_thumbnail(item):
    photo = DEMO / "photos" / item["photo"]
    thumb = photo.with_name(photo.stem + ".thumb" + photo.suffix)
    for path, (size, most) in ((photo, PHOTO), (thumb, THUMB)):
        assert path.is_file(), path
        with Image.open(path) as image:
            assert (image.format, image.size) == ("JPEG", size), path
        assert path.stat().st_size <= most, (path, path.stat().st_size)


def test_no_photo_without_an_item():
    named = {item["photo"] for item in items()}
    named |= {Path(n).stem + ".thumb" + Path(n).suffix for n in named}
    assert sorted(p.name for p in (DEMO / "photos").iterdir()) == sorted(named)


def test_nothing_in_the_repository_draws_them():
    assert not (DEMO / "make_photos.py").exists()
