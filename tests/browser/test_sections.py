"""Sections of the floor in real Chromium (issue 16): the manager puts T5 in Luis's section from its
panel; Luis's Tables page and POS show it among his tables, first, live, without a reload; a call at
T5 chimes on Luis's screen and not on Ana's (whose section it left), a manager's screen hears it too.
The chime is observed through the page's own counter (`data-chimes` on <html>, chime.js)."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.axe import assert_no_serious_violations
from tests.browser.conftest import TABLET, _context
from tests.browser.staff_pages import DOWNTOWN, MANAGER, Floor, card, live, sign_in, snap

ANA, LUIS = "ana@downtown.demo.comanda", "luis@downtown.demo.comanda"


@pytest.fixture
def screens(browser, stack):
    """Tablets of their own (each its own sign-in): the manager's, Luis's, Ana's."""
    contexts = [_context(browser, stack, TABLET) for _ in range(3)]
    yield [context.new_page() for context in contexts]
    for context in contexts:
        context.close()


@pytest.fixture
def floor(http) -> Floor:
    return Floor(http)


def chimes(page: Page) -> int:
    return int(page.evaluate("Number(document.documentElement.dataset.chimes || '0')"))


def tile(page: Page, code: str):
    return page.locator(f".table-tile[data-table='{code}']")


def test_a_table_the_manager_gives_luis_comes_first_on_his_screens_and_sounds_for_him_alone(
        screens, floor: Floor, http, screenshot_dir):
    manager, luis, ana = screens
    manager_token = floor.token(MANAGER)
    restore = {"sectionId": "sec_salon"}
    try:
        # Given a party at T5 (Ana's Salón) and one at T15 (Ana's too)
        t5, t15 = floor.seat("T5", name="Rosa"), floor.seat("T15", name="Pablo")
        # Luis on the Tables page, Ana on the POS, the manager on T5's panel
        sign_in(luis, LUIS, "/staff/tables")
        live(luis)
        sign_in(ana, ANA, "/staff/")
        live(ana)
        sign_in(manager, MANAGER, "/staff/tables?table=T5")
        live(manager)
        expect(luis.locator(".tables-page__group[data-group='mine']")).to_have_text("My section: Terraza")
        expect(luis.locator(".tables-page__grid .table-tile").first).to_have_attribute("data-table", "T21")
        expect(tile(luis, "T5").get_by_test_id("tile-waiter")).to_have_attribute("title", "Ana Salas")

        # When the manager puts T5 in the Terraza
        manager.get_by_label("Section", exact=True).select_option(label="Terraza · Luis Torres")
        expect(manager.locator("#toaster")).to_contain_text("Table 5: section saved.")

        # Then Luis's Tables page shows T5 first among his tables, with his initials, without a reload
        expect(luis.locator(".tables-page__grid .table-tile").first).to_have_attribute("data-table", "T5")
        expect(tile(luis, "T5").get_by_test_id("tile-waiter")).to_have_text("LTserved by Luis Torres")
        expect(tile(luis, "T5").locator("xpath=..")).to_have_attribute("data-mine", "true")
        snap(luis, screenshot_dir, "staff-tables-sections-waiter")
        # A waiter reads a table's section but has nothing to change it with
        tile(luis, "T5").click()
        expect(luis.get_by_test_id("table-section")).to_have_text("Section: Terraza · Luis Torres")
        expect(luis.locator(".table-detail__section-select")).to_have_count(0)
        expect(luis.locator(".sections-panel")).to_have_count(0)

        # When Pablo at T15 calls first: Ana hears it, Luis sees it silently
        ana_before, luis_before, manager_before = chimes(ana), chimes(luis), chimes(manager)
        assert http.post("/session/waiter-calls", token=t15["token"]).status == 201
        expect(card(ana, "waiter", "T15")).to_be_visible()
        expect(ana.locator("html")).to_have_attribute("data-chimes", str(ana_before + 1))
        expect(tile(luis, "T15")).to_have_attribute("data-state", "active")
        expect(tile(luis, "T15").locator(".nudge--waiter")).to_be_visible()
        assert chimes(luis) == luis_before

        # When Rosa at T5 calls the waiter: Luis's screen chimes, Ana's shows the call without a sound
        assert http.post("/session/waiter-calls", token=t5["token"]).status == 201
        expect(luis.locator("html")).to_have_attribute("data-chimes", str(luis_before + 1))
        expect(card(ana, "waiter", "T5")).to_be_visible()
        assert chimes(ana) == ana_before + 1
        # and the manager hears every table
        expect(manager.locator("html")).to_have_attribute("data-chimes", str(manager_before + 2))

        # Luis's POS: his T5 comes before Ana's T15, though T15 waited longer
        luis.get_by_role("link", name="POS").click()
        feed = luis.locator(".pos-page__feed .feed-card")
        expect(card(luis, "waiter", "T5")).to_be_visible()
        tables = [feed.nth(i).get_attribute("data-table") for i in range(feed.count())]
        assert tables.index("T5") < tables.index("T15"), tables
        expect(luis.locator(".pos-page__summary")).to_contain_text("your section first")
        snap(luis, screenshot_dir, "staff-pos-sections-waiter")
        snap(manager, screenshot_dir, "staff-tables-sections-manager")
    finally:
        http.call("PUT", f"/staff/branches/{DOWNTOWN}/tables/T5/section", restore, token=manager_token)
        floor.clear("T5")
        floor.clear("T15")


def test_a_manager_gives_a_section_another_waiter_for_the_shift_and_the_waiter_s_page_follows(
        screens, floor: Floor, http, screenshot_dir):
    manager, luis, _ = screens
    try:
        sign_in(luis, LUIS, "/staff/tables")
        live(luis)
        sign_in(manager, MANAGER, "/staff/tables")
        live(manager)
        expect(luis.locator(".tables-page__grid .table-tile").first).to_have_attribute("data-table", "T21")

        # When the manager opens Sections and gives the Salón to Luis
        manager.get_by_role("button", name="Sections").click()
        manager.get_by_label("Salón", exact=True).select_option(label="Luis Torres")

        # Then Luis's page, live: the Salón's T1 is his now and comes first; his filter offers both
        expect(luis.locator(".tables-page__group[data-group='mine']")).to_have_text("My section: Salón, Terraza")
        expect(luis.locator(".tables-page__grid .table-tile").first).to_have_attribute("data-table", "T1")
        luis.get_by_label("Show").select_option(label="Tables in no section")
        expect(luis.locator(".tables-page__grid .table-tile")).to_have_count(0)
        luis.get_by_label("Show").select_option(label="My section (Salón, Terraza)")
        expect(luis.locator(".tables-page__grid .table-tile")).to_have_count(40)
        luis.get_by_label("Show").select_option(label="All tables")
        expect(manager.locator("dialog.sections-panel")).to_have_attribute("open", "")  # the dialog stayed open
        snap(manager, screenshot_dir, "staff-tables-sections-panel")
        assert_no_serious_violations(manager, "the sections dialog")
        assert_no_serious_violations(luis, "a waiter's Tables page grouped by section")
        manager.get_by_role("button", name="Done").click()

        # In Spanish: the same page in the floor's words
        luis.locator(".staff-header__language").click()
        expect(luis.locator(".tables-page__group[data-group='mine']")).to_have_text("Mi sección: Salón, Terraza")
        expect(luis.get_by_label("Mostrar")).to_be_visible()
        expect(tile(luis, "T1").get_by_test_id("tile-waiter")).to_contain_text("atiende Luis Torres")
        manager.locator(".staff-header__language").click()
        manager.get_by_role("button", name="Secciones").click()
        expect(manager.locator("#sections-panel-title")).to_have_text("Secciones")
        expect(manager.get_by_label("Nueva sección")).to_be_visible()
        snap(manager, screenshot_dir, "staff-tables-sections-panel-es")
    finally:
        http.call("PATCH", f"/staff/branches/{DOWNTOWN}/sections/sec_salon",
                  {"staffId": "st_ana_at_downtown_demo_comanda"}, token=floor.token(MANAGER))


def test_a_manager_adds_a_section_puts_a_table_in_it_and_removes_it_after_confirming(
        screens, floor: Floor, http):
    manager, ana, _ = screens
    try:
        sign_in(ana, ANA, "/staff/tables")
        live(ana)
        sign_in(manager, MANAGER, "/staff/tables?table=T40")
        live(manager)

        # When the manager names a section "Barra" for Ana and puts T40 in it
        manager.get_by_role("button", name="Sections").click()
        manager.get_by_label("New section").fill("Barra")
        manager.get_by_label("Waiter", exact=True).select_option(label="Ana Salas")
        manager.get_by_role("button", name="Add section").click()
        expect(manager.locator(".sections-panel__summary")).to_contain_text("Barra · Ana Salas")
        manager.get_by_role("button", name="Done").click()
        manager.get_by_label("Section", exact=True).select_option(label="Barra · Ana Salas")

        # Then Ana's page has T40 among hers, live
        expect(ana.locator(".tables-page__group[data-group='mine']")).to_have_text("My section: Barra, Salón")
        expect(tile(ana, "T40").locator("xpath=..")).to_have_attribute("data-mine", "true")

        # When the manager removes it (a second tap confirms), T40 is everyone's again on Ana's page
        manager.get_by_role("button", name="Sections").click()
        row = manager.locator(".sections-panel__row", has_text="Barra")
        row.get_by_role("button", name="Remove the section Barra").click()
        row.get_by_role("button", name="Keep it").click()
        expect(manager.locator(".sections-panel__row", has_text="Barra")).to_have_count(1)
        row.get_by_role("button", name="Remove the section Barra").click()
        row.get_by_role("button", name="Remove Barra: its tables become everyone's").click()
        expect(manager.locator(".sections-panel__row", has_text="Barra")).to_have_count(0)
        expect(tile(ana, "T40").locator("xpath=..")).to_have_attribute("data-mine", "false")
        expect(tile(ana, "T40").get_by_test_id("tile-waiter")).to_have_count(0)
    finally:
        token = floor.token(MANAGER)
        for section in http.get(f"/staff/branches/{DOWNTOWN}/sections", token=token).body["sections"]:
            if section["name"] == "Barra":
                http.call("DELETE", f"/staff/branches/{DOWNTOWN}/sections/{section['id']}", token=token)
        http.call("PUT", f"/staff/branches/{DOWNTOWN}/tables/T40/section", {"sectionId": "sec_terrace"}, token=token)
