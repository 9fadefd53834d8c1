"""Modifiers and allergens in real Chromium against the local stack: a steak chosen on the
product page (radios, checkboxes up to a maximum, Add saying Doneness is missing when tapped, the
price following the choices) reaches the cart, the order and the kitchen ticket with its
options, and a pisco sour with an ID check; allergens set on the profile mark and hide dishes
on the menu, and the cart warns before ordering one.

Only downtown-lima tables T21..T24 are used here; each test clears its table afterwards."""
from __future__ import annotations

import re
import uuid

from playwright.sync_api import Page, expect

from tests.browser.staff_pages import KITCHEN, MIRAFLORES, OWNER, add_category, delete_item_and_category, live, sign_in
from tests.browser.test_diner_pages import no_script_errors, snap, staff, table  # noqa: F401 - shared fixtures

expect.set_options(timeout=8000)


def add_button(page: Page):
    return page.locator(".product__add")


def test_a_steak_with_doneness_and_extras_goes_from_the_product_page_to_the_kitchen_ticket(
        phone: Page, kitchen_screen: Page, table, http, screenshot_dir):
    t21 = table("T21")
    t21.seat(phone, name="Rosa")
    sign_in(kitchen_screen, KITCHEN, path="/kitchen/")
    live(kitchen_screen)
    phone.goto(t21.url("menu"))

    # The steak needs a choice: its + opens the product page instead of adding it
    steak_card = phone.locator(".menu-card", has_text="Lomo a la Parrilla")
    steak_card.get_by_role("button", name="Choose options for Lomo a la Parrilla").click()
    expect(phone).to_have_url(re.compile(r"/T21/menu/lomo-a-la-parrilla$"))

    # Doneness: radios, required; Extras: checkboxes, optional, up to 3
    doneness = phone.get_by_role("group", name=re.compile("^Doneness"))
    extras = phone.get_by_role("group", name=re.compile("^Extras"))
    expect(doneness).to_contain_text("Required")
    expect(doneness).to_contain_text("Choose 1")
    expect(doneness.get_by_role("radio")).to_have_count(4)
    expect(extras).to_contain_text("Optional")
    expect(extras).to_contain_text("Choose up to 3")
    expect(extras.get_by_role("checkbox")).to_have_count(5)

    # Nothing is said before the diner tries; a tap on Add says why it cannot, until Doneness is chosen
    expect(phone.locator(".product__choice-message")).to_be_hidden()
    expect(add_button(phone)).to_have_text(re.compile(r"S/\s62\.00"))
    add_button(phone).click()
    expect(phone.locator(".product__choice-message")).to_have_text("Choose Doneness to add this dish.")
    expect(doneness).to_be_focused()
    expect(phone).to_have_url(re.compile(r"/T21/menu/lomo-a-la-parrilla$"))
    snap(phone, screenshot_dir, "product-options-required")
    doneness.get_by_role("radio", name="Medium", exact=True).check()
    expect(add_button(phone)).to_be_enabled()
    expect(phone.locator(".product__choice-message")).to_be_hidden()

    # The price follows the extras; a fourth extra cannot be ticked
    extras.get_by_role("checkbox", name=re.compile("^Fried egg")).check()
    extras.get_by_role("checkbox", name=re.compile("^Avocado")).check()
    expect(add_button(phone)).to_have_text(re.compile(r"S/\s69\.50"))  # 62 + 3 + 4.50
    extras.get_by_role("checkbox", name=re.compile("^Extra chimichurri")).check()
    expect(extras.get_by_role("checkbox", name=re.compile("^Grilled provolone"))).to_be_disabled()
    extras.get_by_role("checkbox", name=re.compile("^Extra chimichurri")).uncheck()
    expect(extras.get_by_role("checkbox", name=re.compile("^Grilled provolone"))).to_be_enabled()
    # Switching the language keeps the choices (radio and checkboxes) and the price
    phone.get_by_role("button", name="Cambiar a español").click()
    # (once the Spanish texts have come: the options by their ids, their names are Spanish now)
    expect(phone.get_by_role("checkbox", name=re.compile("^Huevo frito"))).to_have_attribute("value", "fried-egg")
    expect(phone.locator("input[value='medium']")).to_be_checked()
    expect(phone.locator("input[value='avocado']")).to_be_checked()
    expect(phone.locator("input[value='fried-egg']")).to_be_checked()
    expect(add_button(phone)).to_be_enabled()
    expect(add_button(phone)).to_have_text(re.compile(r"69[.,]50"))
    phone.get_by_role("button", name="Switch to English").click()
    expect(add_button(phone)).to_have_text(re.compile(r"S/\s69\.50"))
    phone.get_by_role("button", name="One more").click()
    expect(add_button(phone)).to_have_text(re.compile(r"S/\s139\.00"))
    snap(phone, screenshot_dir, "product-options-chosen")
    add_button(phone).click()
    expect(phone).to_have_url(re.compile(r"/T21/menu$"))

    # The same steak, rare and plain, is a line of its own; a pisco sour is flagged 18+
    phone.goto(t21.url("menu/lomo-a-la-parrilla"))
    phone.get_by_role("group", name=re.compile("^Doneness")).get_by_role("radio", name="Rare", exact=True).check()
    add_button(phone).click()
    pisco = phone.locator(".menu-card", has_text="Pisco Sour")
    expect(pisco.locator(".menu-card__adult")).to_have_text("18+")
    pisco.get_by_role("button", name="Add Pisco Sour to cart").click()
    phone.locator(".cart-bar").click()
    lines = phone.locator(".cart-line")
    expect(lines).to_have_count(3)
    expect(lines.nth(0).locator(".cart-line__options")).to_have_text("Medium, Fried egg, Avocado")
    expect(lines.nth(0)).to_contain_text(re.compile(r"S/\s69\.50 each"))
    expect(lines.nth(1).locator(".cart-line__options")).to_have_text("Rare")
    expect(phone.locator(".cart__subtotal-value")).to_have_text(re.compile(r"S/\s229\.00"))  # 2 x 69.50 + 62 + 28
    snap(phone, screenshot_dir, "cart-options")
    phone.get_by_role("button", name="Place order").click()
    expect(phone).to_have_url(re.compile(r"/T21/status$"))
    expect(phone.locator(".order-line__options").first).to_have_text("Medium, Fried egg, Avocado")

    # The server priced it, and the kitchen ticket shows the choices and the ID check
    [order] = http.get("/session/orders", token=t21.token_in(phone)).body["orders"]
    assert [(i["name"], i["quantity"], i["unitPrice"]) for i in order["items"]] == [
        ("Lomo a la Parrilla", 2, 6950), ("Lomo a la Parrilla", 1, 6200), ("Pisco Sour", 1, 2800)]
    ticket = kitchen_screen.locator(f".ticket[data-order='{order['id']}']")
    first, second, third = (ticket.locator(f"[data-line='{line['id']}']") for line in order["items"])
    expect(first.get_by_test_id("line-options")).to_have_text(re.compile(r"Doneness: Medium\s*Extras: Fried egg\s*Extras: Avocado"))
    expect(second.get_by_test_id("line-options")).to_have_text("Doneness: Rare")
    expect(third.get_by_test_id("id-check")).to_have_text("ID check 18+")
    expect(first.get_by_test_id("id-check")).to_have_count(0)
    ticket.scroll_into_view_if_needed()
    snap(kitchen_screen, screenshot_dir, "kitchen-ticket-options")


def test_allergens_set_on_the_profile_mark_and_hide_dishes_and_the_cart_warns_before_ordering(
        phone: Page, table, http, screenshot_dir):
    t22 = table("T22")
    t22.seat(phone, name="Luz")

    # Given the diner avoids fish and eggs (set on the profile)
    phone.goto(t22.url("profile"))
    avoid = phone.get_by_role("group", name="Allergens to avoid")
    expect(avoid).to_contain_text("Kept for this visit.")
    avoid.get_by_role("checkbox", name="fish").check()
    avoid.get_by_role("checkbox", name="eggs").check()
    snap(phone, screenshot_dir, "profile-allergens")
    phone.get_by_role("button", name="Save changes").click()
    expect(phone.get_by_text("Your profile is saved.")).to_be_visible()
    assert http.get("/me", token=t22.token_in(phone)).body["avoidAllergens"] == ["eggs", "fish"]

    # The menu marks the dishes that contain them, and can hide them
    phone.goto(t22.url("menu"))
    ceviche = phone.locator(".menu-card", has_text="Ceviche Clásico")
    expect(ceviche.locator(".menu-card__avoid")).to_have_text("Contains fish")
    expect(phone.locator(".menu-card", has_text="Causa Limeña").locator(".menu-card__avoid")).to_have_text("Contains eggs")
    expect(phone.locator(".menu-card", has_text="Anticuchos").locator(".menu-card__avoid")).to_be_hidden()
    snap(phone, screenshot_dir, "menu-allergens")
    hide = phone.get_by_label("Hide dishes with my allergens")
    hide.check()
    expect(ceviche).to_be_hidden()
    expect(phone.locator(".menu-card", has_text="Anticuchos")).to_be_visible()
    hide.uncheck()
    expect(ceviche).to_be_visible()

    # The cart warns before ordering one; the diner can still confirm
    ceviche.get_by_role("button", name="Add Ceviche Clásico to cart").click()
    phone.locator(".menu-card", has_text="Anticuchos").get_by_role("button", name="Add Anticuchos to cart").click()
    phone.locator(".cart-bar").click()
    warning = phone.locator(".cart__avoid")
    expect(warning).to_be_hidden()
    phone.get_by_role("button", name="Place order").click()
    expect(warning).to_be_visible()
    expect(warning.locator("li")).to_have_text(["Ceviche Clásico: fish"])
    expect(phone.get_by_role("button", name="Order anyway")).to_be_focused()
    snap(phone, screenshot_dir, "cart-allergen-warning")
    assert http.get("/session/orders", token=t22.token_in(phone)).body["orders"] == []
    phone.get_by_role("button", name="Order anyway").click()
    expect(phone).to_have_url(re.compile(r"/T22/status$"))
    [order] = http.get("/session/orders", token=t22.token_in(phone)).body["orders"]
    assert [i["name"] for i in order["items"]] == ["Ceviche Clásico", "Anticuchos"]


def test_the_owner_gives_an_item_option_groups_and_an_18_plus_flag_on_the_staff_menu_page(
        tablet: Page, http, screenshot_dir):
    name = f"Bar {uuid.uuid4().hex[:4]}"
    sign_in(tablet, OWNER, path=f"/staff/menu?branch={MIRAFLORES}")
    section = add_category(tablet, name)
    dialog = tablet.locator("dialog.menu-dialog")

    # A malformed line is named before anything is sent
    tablet.get_by_role("button", name="Add item").click()
    dialog.get_by_label("Name").fill("Pisco tasting")
    dialog.get_by_label("Price (PEN)").fill("45.00")
    dialog.get_by_label("Category").select_option(label=name)
    dialog.get_by_label(re.compile("^Age-restricted")).check()
    options = dialog.get_by_label("Options (one group per line)")
    options.fill("Piscos (required, choose 2): Quebranta, Italia\nMixers (up to 3): Tonic +2.00")
    dialog.get_by_role("button", name="Save").click()
    expect(dialog.locator(".menu-dialog__error")).to_have_text(re.compile(r"^Options, line 2: the rules"))
    options.fill("Piscos (required, choose 2): Quebranta, Italia, Acholado +5.00\nMixers (up to 2): Tonic +2.00, Ginger ale +2.00")
    snap(tablet, screenshot_dir, "staff-menu-option-groups")
    dialog.get_by_role("button", name="Save").click()
    expect(dialog).to_be_hidden()

    # The diner menu offers the groups as typed, flagged 18+
    public = http.get("/branches/miraflores/menu").body
    created = next(c for c in public["categories"] if c["name"] == name)["items"][0]
    assert created["ageRestricted"] is True
    assert [(g["id"], g["minChoices"], g["maxChoices"], [(o["id"], o["priceDelta"]) for o in g["options"]])
            for g in created["optionGroups"]] == [
        ("piscos", 2, 2, [("quebranta", 0), ("italia", 0), ("acholado", 500)]),
        ("mixers", 0, 2, [("tonic", 200), ("ginger-ale", 200)])]

    # Editing shows them back as text; then both are removed
    section.locator(".menu-item").get_by_role("button", name="Edit").click()
    expect(options).to_have_value(
        "Piscos (required, choose 2): Quebranta, Italia, Acholado +5.00\nMixers (optional, up to 2): Tonic +2.00, Ginger ale +2.00")
    expect(dialog.get_by_label(re.compile("^Age-restricted"))).to_be_checked()
    dialog.get_by_role("button", name="Cancel").click()
    delete_item_and_category(tablet, section, name)
