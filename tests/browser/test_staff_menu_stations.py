"""Stations on the menu page in real Chromium (issue 16): the owner sends a new category to the Bar
and keeps one of its items at the Kitchen, in the forms' station fields; the menu (and so every
kitchen display) follows. Uses miraflores' menu page; the category is its own and removed after."""
from __future__ import annotations

import uuid

from playwright.sync_api import Page, expect

from tests.browser.staff_pages import MIRAFLORES, OWNER, delete_item_and_category, sign_in, snap


def test_the_owner_routes_a_category_to_the_bar_and_keeps_an_item_at_the_kitchen(tablet: Page, http, screenshot_dir):
    name = f"Cocktails {uuid.uuid4().hex[:4]}"
    sign_in(tablet, OWNER, path=f"/staff/menu?branch={MIRAFLORES}")
    dialog = tablet.locator("dialog.menu-dialog")
    expect(tablet.locator(".menu-category", has_text="Drinks")).to_be_visible()  # the menu (and its stations) loaded

    # A new category, made at the Bar
    tablet.get_by_role("button", name="Add category").click()
    dialog.get_by_label("Name").fill(name)
    expect(dialog.get_by_label("Station")).to_have_value("kitchen")  # the first station unless told
    dialog.get_by_label("Station").select_option(label="Bar")
    dialog.get_by_role("button", name="Save").click()
    section = tablet.locator(".menu-category", has_text=name)
    expect(section).to_be_visible()
    try:
        # An item in it follows the category unless the owner says otherwise
        tablet.get_by_role("button", name="Add item").click()
        dialog.get_by_label("Name").fill("Hot toddy")
        dialog.get_by_label("Price (PEN)").fill("24.00")
        dialog.get_by_label("Category").select_option(label=name)
        station = dialog.get_by_label("Station")
        expect(station.locator("option[value='']")).to_have_text("As its category (Bar)")
        station.select_option(label="Kitchen")  # the kettle is in the kitchen
        snap(tablet, screenshot_dir, "staff-menu-item-station")
        dialog.get_by_role("button", name="Save").click()
        expect(dialog).to_be_hidden()
        expect(section.locator(".menu-item")).to_contain_text("Hot toddy")

        menu = http.get("/branches/miraflores/menu").body
        category = next(c for c in menu["categories"] if c["name"] == name)
        assert category["station"] == "bar"
        assert (category["items"][0]["station"], category["items"][0]["stationOverride"]) == ("kitchen", "kitchen")

        # Back to its category's station: the override is cleared
        section.locator(".menu-item").get_by_role("button", name="Edit").click()
        expect(dialog.get_by_label("Station")).to_have_value("kitchen")
        dialog.get_by_label("Station").select_option("")
        dialog.get_by_role("button", name="Save").click()
        expect(dialog).to_be_hidden()
        menu = http.get("/branches/miraflores/menu").body
        item = next(c for c in menu["categories"] if c["name"] == name)["items"][0]
        assert (item["station"], item["stationOverride"]) == ("bar", None)

        # In Spanish the field says so
        tablet.evaluate("() => localStorage.setItem('comanda.language', 'es')")
        tablet.reload()
        section.get_by_role("button", name="Renombrar").click()
        expect(dialog.get_by_label("Estación")).to_have_value("bar")
        dialog.get_by_role("button", name="Cancelar").click()
    finally:
        tablet.evaluate("() => localStorage.removeItem('comanda.language')")
        tablet.reload()
        delete_item_and_category(tablet, section, name)
