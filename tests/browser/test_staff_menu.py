"""Menu management in real Chromium: the one-tap 86 that reaches every diner at once, what
a single-branch manager may do, and the owner's edits of the chain's catalogue."""
from __future__ import annotations

import uuid

from playwright.sync_api import Page, expect

from tests.browser.staff_pages import (  # noqa: F401 - listen is a fixture
    MANAGER,
    MIRAFLORES,
    OWNER,
    Floor,
    add_category,
    delete_item_and_category,
    listen,
    sign_in,
    snap,
)

ITEM = "picarones"  # 86'd and brought back at Miraflores only (the diner pages' tests use downtown)


def item_row(page: Page, item_id: str):
    return page.locator(f".menu-item[data-item='{item_id}']")


def public_item(http, slug: str, item_id: str) -> dict:
    menu = http.get(f"/branches/{slug}/menu").body
    return next(i for c in menu["categories"] for i in c["items"] if i["id"] == item_id)


def test_86_greys_an_item_out_for_every_diner_at_once_and_brings_it_back(tablet: Page, http, listen, screenshot_dir):
    # Given a diner seated at Miraflores T2 with the page's live connection open
    floor = Floor(http)
    diner = floor.seat("T2", name="Inés", slug="miraflores")
    phone = listen(diner["token"])
    sign_in(tablet, OWNER, path=f"/staff/menu?branch={MIRAFLORES}")
    row = item_row(tablet, ITEM)
    toggle = row.get_by_test_id("toggle-86")
    expect(toggle).to_have_attribute("aria-pressed", "false")

    try:
        # When the owner taps 86 on Picarones
        toggle.click()

        # Then the row greys out, the public menu has it unavailable, and the diner's phone hears it
        expect(row).to_have_class("menu-item menu-item--off")
        expect(row.get_by_test_id("toggle-86")).to_have_attribute("aria-pressed", "true")
        assert public_item(http, "miraflores", ITEM)["available"] is False
        heard = phone.next_of("menu.item.updated", id=ITEM)["data"]
        assert (heard["available"], heard["branchId"]) == (False, MIRAFLORES)
        assert public_item(http, "downtown-lima", ITEM)["available"] is True  # other branches keep it
        snap(tablet, screenshot_dir, "staff-menu-86")
    finally:
        # When it is tapped again it is back on every phone
        row.get_by_test_id("toggle-86").click()
        expect(row.get_by_test_id("toggle-86")).to_have_attribute("aria-pressed", "false")
    assert public_item(http, "miraflores", ITEM)["available"] is True
    assert phone.next_of("menu.item.updated", id=ITEM)["data"]["available"] is True


def test_a_single_branch_manager_sets_availability_and_prices_but_not_the_shared_catalogue(tablet: Page, screenshot_dir):
    sign_in(tablet, MANAGER, path="/staff/menu")

    expect(tablet.locator(".menu-page__note")).to_contain_text("the owner edits them")
    expect(item_row(tablet, "lomo-saltado").get_by_test_id("toggle-86")).to_be_visible()
    expect(item_row(tablet, "lomo-saltado").get_by_label("Price of Lomo Saltado at this branch")).to_have_value("48.00")
    expect(item_row(tablet, "tacu-tacu")).to_have_class("menu-item menu-item--off")  # the demo's 86'd dish downtown
    expect(tablet.get_by_role("button", name="Add item")).to_have_count(0)
    expect(tablet.get_by_role("button", name="Edit")).to_have_count(0)
    snap(tablet, screenshot_dir, "staff-menu-manager", full_page=False)


def test_a_manager_of_every_branch_gets_the_shared_catalogue_as_the_server_allows_it(tablet: Page, stack):
    """The pages show what the sign-in's `permissions` say: the catalogue is not the owner's alone
    (services/menus.py lets a manager of every branch of the chain edit it)."""
    from chalicelib.auth import hash_password
    from chalicelib.bootstrap import repositories
    from chalicelib.domain.staff import Role, StaffMember

    email = f"both-{uuid.uuid4().hex[:8]}@demo.comanda"
    repositories().staff.add(StaffMember(
        id=f"st_{uuid.uuid4().hex[:12]}", chain_id="ch_comanda-demo", email=email, name="Both Branches",
        role=Role.MANAGER, branch_ids=["br_downtown-lima", MIRAFLORES], password_hash=hash_password("demo1234")))

    sign_in(tablet, email, path="/staff/menu")

    expect(tablet.get_by_role("button", name="Add category")).to_be_visible()
    expect(item_row(tablet, "lomo-saltado").get_by_role("button", name="Edit")).to_be_visible()
    expect(item_row(tablet, "lomo-saltado").get_by_test_id("toggle-86")).to_be_visible()


def test_the_owner_adds_a_category_and_an_item_with_tags_and_allergens_then_removes_them(
        tablet: Page, http, screenshot_dir):
    name = f"Specials {uuid.uuid4().hex[:4]}"
    sign_in(tablet, OWNER, path=f"/staff/menu?branch={MIRAFLORES}")

    # The owner adds a category
    section = add_category(tablet, name)
    dialog = tablet.locator("dialog.menu-dialog")

    # and an item in it; a bad price is refused before anything is sent
    tablet.get_by_role("button", name="Add item").click()
    dialog.get_by_label("Name").fill("Tiradito <i>Nikkei</i>")
    dialog.get_by_label("Description").fill("Thin slices of fish in a passion-fruit tiger's milk.")
    dialog.get_by_label("Price (PEN)").fill("thirty")
    dialog.get_by_label("Category").select_option(label=name)
    dialog.get_by_label("Tags").fill("new, spicy")
    dialog.get_by_label("Fish").check()
    dialog.get_by_role("button", name="Save").click()
    expect(dialog.locator(".menu-dialog__error")).to_have_text("Enter a price such as 38.50.")
    snap(tablet, screenshot_dir, "staff-menu-item-dialog")
    dialog.get_by_label("Price (PEN)").fill("36.50")
    dialog.get_by_role("button", name="Save").click()
    expect(dialog).to_be_hidden()

    added = section.locator(".menu-item")
    expect(added).to_contain_text("Tiradito <i>Nikkei</i>")
    expect(added).to_contain_text("S/ 36.50")
    expect(added.locator(".chip")).to_have_text(["new", "spicy", "Fish"])
    public = http.get("/branches/miraflores/menu").body
    created = next(c for c in public["categories"] if c["name"] == name)["items"][0]
    assert (created["name"], created["price"], created["allergens"]) == ("Tiradito <i>Nikkei</i>", 3650, ["fish"])

    # and removes both
    delete_item_and_category(tablet, section, name)
    snap(tablet, screenshot_dir, "staff-menu-owner")


def test_the_owner_uploads_a_photo_and_its_thumbnail_is_drawn_and_stored(tablet: Page, http, stack):
    import time
    import urllib.request
    from pathlib import Path

    photo = Path(__file__).resolve().parents[2] / "demo" / "photos" / "seco-de-res.jpg"

    def cafe() -> dict:
        menu = http.get("/branches/miraflores/menu").body
        return next(i for c in menu["categories"] for i in c["items"] if i["id"] == "cafe-pasado")

    before = cafe()["imageUrl"]
    sign_in(tablet, OWNER, path=f"/staff/menu?branch={MIRAFLORES}")
    # When the owner picks a new photo for the café pasado
    tablet.locator("#photo-cafe-pasado").set_input_files(str(photo))
    deadline = time.monotonic() + 8
    while cafe()["imageUrl"] == before and time.monotonic() < deadline:
        time.sleep(0.1)
    # Then the menu shows the uploaded photo, and a thumbnail 480 px wide was stored beside it
    item = cafe()
    with urllib.request.urlopen(stack.site_url.rstrip("/") + item["imageUrl"], timeout=30) as served:
        assert served.read() == photo.read_bytes()
    with urllib.request.urlopen(stack.site_url.rstrip("/") + item["thumbUrl"], timeout=30) as served:
        thumbnail = served.read()
    import io

    from PIL import Image

    assert Image.open(io.BytesIO(thumbnail)).size == (480, 360)


def test_the_owner_gives_a_category_two_service_windows_then_removes_one(tablet: Page, http, screenshot_dir):
    name = f"Nikkei bar {uuid.uuid4().hex[:4]}"
    sign_in(tablet, OWNER, path=f"/staff/menu?branch={MIRAFLORES}")
    section = add_category(tablet, name)
    dialog = tablet.locator("dialog.menu-dialog")
    try:
        # The owner opens the category's hours: one window to start from
        section.get_by_role("button", name=f"Hours of {name}").click()
        windows = dialog.locator(".menu-dialog__window")
        expect(windows).to_have_count(1)
        expect(dialog.get_by_role("button", name="Remove window 1")).to_be_hidden()  # the last window is not removable
        # sets lunch, adds a dinner window on Friday and Saturday, and saves both
        windows.nth(0).get_by_label("From").fill("12:00")
        windows.nth(0).get_by_label("Until").fill("15:30")
        dialog.get_by_role("button", name="Add a window").click()
        expect(windows).to_have_count(2)
        expect(windows.nth(1).get_by_label("From")).to_be_focused()
        windows.nth(1).get_by_label("From").fill("19:00")
        windows.nth(1).get_by_label("Until").fill("23:00")
        windows.nth(1).get_by_label("Fri").check()
        windows.nth(1).get_by_label("Sat").check()
        snap(tablet, screenshot_dir, "staff-menu-hours-two-windows")
        dialog.get_by_role("button", name="Save").click()
        expect(dialog).to_be_hidden()
        expect(section.get_by_test_id("category-hours")).to_have_text("12:00–15:30 · 19:00–23:00 (Fri, Sat)")

        # Reopened, the dialog shows both; removing lunch keeps dinner, with its days
        section.get_by_role("button", name=f"Hours of {name}").click()
        expect(windows).to_have_count(2)
        dialog.get_by_role("button", name="Remove window 1").click()
        expect(windows).to_have_count(1)
        expect(windows.nth(0).get_by_label("From")).to_have_value("19:00")
        dialog.get_by_role("button", name="Save").click()
        expect(section.get_by_test_id("category-hours")).to_have_text("19:00–23:00 (Fri, Sat)")
        category = next(c for c in http.get("/branches/miraflores/menu").body["categories"] if c["name"] == name)
        assert category["windows"] == [{"start": "19:00", "end": "23:00", "days": [5, 6]}]

        # "All day" clears every window
        section.get_by_role("button", name=f"Hours of {name}").click()
        dialog.get_by_role("button", name="All day").click()
        expect(dialog).to_be_hidden()
        expect(section.get_by_test_id("category-hours")).to_have_text("All day")
    finally:
        if dialog.is_visible():
            dialog.get_by_role("button", name="Cancel").click()
        tablet.once("dialog", lambda confirm: confirm.accept())
        section.get_by_role("button", name="Delete").click()
        expect(tablet.locator(".menu-category", has_text=name)).to_have_count(0)


def test_a_manager_sets_the_kitchen_pace_in_branch_settings(tablet: Page, http):
    sign_in(tablet, OWNER, path=f"/staff/menu?branch={MIRAFLORES}")
    token = http.login(OWNER)
    before = http.get(f"/staff/branches/{MIRAFLORES}/settings", token=token).body
    dialog = tablet.locator("dialog.menu-dialog")
    try:
        tablet.get_by_role("button", name="Branch settings").click()
        expect(dialog.get_by_label("Dishes the kitchen cooks at once")).to_have_value(str(before["kitchenParallelism"]))
        dialog.get_by_label("Dishes the kitchen cooks at once").fill("5")
        dialog.get_by_label("Prep minutes of a dish without its own").fill("15")
        dialog.get_by_role("button", name="Save").click()
        expect(dialog).to_be_hidden()
        after = http.get(f"/staff/branches/{MIRAFLORES}/settings", token=token).body
        assert (after["kitchenParallelism"], after["defaultPrepMinutes"]) == (5, 15)
    finally:
        reply = http.call("PATCH", f"/staff/branches/{MIRAFLORES}/settings", before, token=token)
        assert reply.status == 200, reply.body
