"""The menu page after a save (issue 16, defect 6): a new category or item is announced and
brought into view, focused (before, nothing was said and it landed out of view at the bottom);
the hours dialog takes 24-hour times, as Peru writes them (before, Chromium drew AM/PM fields
on an en-US tablet). Miraflores' menu, the owner's: each test removes what it adds."""
from __future__ import annotations

import uuid

from playwright.sync_api import Page, expect

from tests.browser.staff_pages import MIRAFLORES, OWNER, add_category, sign_in


def test_a_new_category_and_a_new_item_are_announced_and_brought_into_view(tablet: Page):
    name = f"Postres {uuid.uuid4().hex[:4]}"
    sign_in(tablet, OWNER, path=f"/staff/menu?branch={MIRAFLORES}")
    dialog = tablet.locator("dialog.menu-dialog")
    toaster = tablet.locator("#toaster")
    expect(toaster).to_have_attribute("role", "status")
    section = tablet.locator(".menu-category", has_text=name)
    try:
        # When the owner adds a category from the top of a long menu
        tablet.get_by_role("button", name="Add category").click()
        dialog.get_by_label("Name").fill(name)
        dialog.get_by_role("button", name="Save").click()

        # Then the page says so, and the new category (last of the menu) is on screen with the focus
        expect(dialog).to_be_hidden()
        expect(toaster).to_contain_text(f"{name} added.")
        expect(section).to_be_in_viewport()
        expect(section).to_be_focused()

        # When they go back to the top and add an item to it
        tablet.evaluate("() => window.scrollTo(0, 0)")
        tablet.get_by_role("button", name="Add item").click()
        dialog.get_by_label("Name").fill("Suspiro limeño")
        dialog.get_by_label("Price (PEN)").fill("14.00")
        dialog.get_by_label("Category").select_option(label=name)
        dialog.get_by_role("button", name="Save").click()

        # Then it is announced and shown, focused, too
        expect(dialog).to_be_hidden()
        expect(toaster).to_contain_text("Suspiro limeño added.")
        row = section.locator(".menu-item", has_text="Suspiro limeño")
        expect(row).to_be_in_viewport()
        expect(row).to_be_focused()
    finally:
        if section.locator(".menu-item").count():
            tablet.once("dialog", lambda confirm: confirm.accept())
            section.locator(".menu-item").get_by_role("button", name="Edit").click()
            tablet.once("dialog", lambda confirm: confirm.accept())
            dialog.get_by_role("button", name="Delete item").click()
            expect(section.locator(".menu-item")).to_have_count(0)
        if section.count():
            tablet.once("dialog", lambda confirm: confirm.accept())
            section.get_by_role("button", name="Delete").click()
            expect(section).to_have_count(0)


def test_the_hours_dialog_takes_24_hour_times_and_says_which_one_is_wrong(tablet: Page, http):
    name = f"Cenas {uuid.uuid4().hex[:4]}"
    sign_in(tablet, OWNER, path=f"/staff/menu?branch={MIRAFLORES}")
    section = add_category(tablet, name)
    dialog = tablet.locator("dialog.menu-dialog")

    def windows() -> list:
        return next(c for c in http.get("/branches/miraflores/menu").body["categories"] if c["name"] == name).get("windows", [])

    try:
        # An en-US tablet: the fields read and take 24-hour times, not "07:00 AM"
        section.get_by_role("button", name=f"Hours of {name}").click()
        window = dialog.locator(".menu-dialog__window").first
        start, end = window.get_by_label("From"), window.get_by_label("Until")
        expect(start).to_have_value("07:00")
        assert start.evaluate("(input) => input.type") == "text"
        start.fill("1930")
        end.fill("25:00")
        dialog.get_by_role("button", name="Save").click()

        # A time that is not one is refused in the dialog, naming its window and field; nothing is sent
        expect(dialog.locator(".menu-dialog__error")).to_have_text(
            "Window 1, Until: write a 24-hour time, such as 07:00 or 18:30.")
        expect(end).to_have_attribute("aria-invalid", "true")
        expect(end).to_be_focused()
        assert windows() == []

        # Written as Peru writes it, it is saved and shown in 24-hour time
        end.fill("23.30")
        dialog.get_by_role("button", name="Save").click()
        expect(dialog).to_be_hidden()
        expect(section.get_by_test_id("category-hours")).to_have_text("19:30–23:30")
        assert windows() == [{"start": "19:30", "end": "23:30", "days": []}]
    finally:
        if dialog.is_visible():
            dialog.get_by_role("button", name="Cancel").click()
        tablet.once("dialog", lambda confirm: confirm.accept())
        section.get_by_role("button", name="Delete").click()
        expect(tablet.locator(".menu-category", has_text=name)).to_have_count(0)
