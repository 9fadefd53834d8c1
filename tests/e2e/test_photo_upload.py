"""A menu photo goes from the browser straight to storage through a pre-signed URL on the
one origin, and diners' menus show it."""
from __future__ import annotations

import urllib.request
from pathlib import Path

PHOTO = Path(__file__).resolve().parents[2] / "demo" / "photos" / "picarones.jpg"


def test_an_uploaded_photo_is_stored_and_shown_on_the_menu(stack, http):
    # Given the owner asks for an upload URL for the lomo saltado's photo
    owner = http.login("owner@demo.comanda")
    upload = http.post("/staff/branches/br_downtown-lima/menu/items/lomo-saltado/image-upload",
                       {"contentType": "image/jpeg"}, token=owner).body
    assert upload["uploadUrl"].startswith(stack.site_url)  # same origin: the page's CSP allows it
    # When the browser PUTs the file there and the item names it
    put = urllib.request.Request(upload["uploadUrl"], data=PHOTO.read_bytes(), method="PUT",
                                 headers={"Content-Type": "image/jpeg"})
    with urllib.request.urlopen(put, timeout=30) as answer:
        assert answer.status == 200
    thumb = urllib.request.Request(upload["thumbUploadUrl"], data=PHOTO.with_name("picarones.thumb.jpg").read_bytes(),
                                   method="PUT", headers={"Content-Type": "image/jpeg"})
    with urllib.request.urlopen(thumb, timeout=30) as answer:
        assert answer.status == 200
    assert http.call("PATCH", "/staff/branches/br_downtown-lima/menu/items/lomo-saltado",
                     {"imageKey": upload["imageKey"]}, token=owner).status == 200
    # Then the public menu points at it and the site serves it
    menu = http.get("/branches/downtown-lima/menu").body
    image_url = next(i for c in menu["categories"] for i in c["items"] if i["id"] == "lomo-saltado")["imageUrl"]
    with urllib.request.urlopen(stack.site_url.rstrip("/") + image_url, timeout=30) as served:
        assert served.read() == PHOTO.read_bytes()
    thumb_url = next(i for c in menu["categories"] for i in c["items"] if i["id"] == "lomo-saltado")["thumbUrl"]
    with urllib.request.urlopen(stack.site_url.rstrip("/") + thumb_url, timeout=30) as served:
        assert served.read() == PHOTO.with_name("picarones.thumb.jpg").read_bytes()
