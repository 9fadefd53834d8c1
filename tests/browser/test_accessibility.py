"""axe-core on every staff page (issue 16, finding 8), in English and Spanish, in the states a
shift goes through: the sign-in, the POS with orders, a call and the void dialog open, the Tables
page with a table selected, its close dialog and the history, the KDS with tickets and its 86 list
open, the menu with a form and the hours dialog open, and the QR page. A serious or critical
violation fails with its rule, elements and axe's summary (tests/browser/axe.py).
Tables: miraflores T8 (the owner's POS and Tables page) and downtown T28 (the kitchen's), this file's own."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.axe import assert_no_serious_violations, axe_violations, describe
from tests.browser.conftest import KITCHEN_SCREEN, TABLET
from tests.browser.staff_pages import KITCHEN, MIRAFLORES, OWNER, Floor, card, live

TABLE = "T8"  # miraflores
LANGUAGES = {"en": "en-US", "es": "es-PE"}
WORDS = {
    "en": {"sign_in": "Sign in", "email": "Email", "password": "Password", "close": "Close session",
           "history": "History", "list86": "86 list", "add_item": "Add item", "hours": "Hours"},
    "es": {"sign_in": "Ingresar", "email": "Correo", "password": "Contraseña", "close": "Cerrar sesión",
           "history": "Historial", "list86": "Lista 86", "add_item": "Agregar plato", "hours": "Horario"},
}


@pytest.fixture(params=sorted(LANGUAGES))
def language(request) -> str:
    return request.param


@pytest.fixture
def screen(browser, stack, language):
    """A tablet (1280x800) whose browser speaks the language under test."""
    contexts = []

    def open_screen(viewport=TABLET) -> Page:
        context = browser.new_context(viewport=viewport, base_url=stack.site_url, locale=LANGUAGES[language])
        context.set_default_timeout(8000)
        contexts.append(context)
        return context.new_page()

    yield open_screen
    for context in contexts:
        context.close()


def test_the_sign_in_pages(screen, language):
    page = screen()
    for path in ("/staff/", "/kitchen/"):
        page.goto(path)
        expect(page.locator("#login")).to_be_visible()
        expect(page.locator("html")).to_have_attribute("lang", language)
        assert_no_serious_violations(page, f"{path} sign-in ({language})")
        # The sign-in is the page's main landmark (it sat outside <main>, issue 16's finding 8)
        expect(page.get_by_role("main").locator("form")).to_be_visible()
        landmarks = [v for v in axe_violations(page) if v["id"] in ("landmark-one-main", "region")]
        assert not landmarks, describe(landmarks)
        page.locator("form").get_by_role("button").click()  # empty: the form says what is missing
        expect(page.locator(".login-form__notice")).to_be_visible()
        assert_no_serious_violations(page, f"{path} sign-in refused ({language})")


def test_the_pos_with_orders_a_call_and_the_void_dialog(screen, language, http):
    floor = Floor(http)
    diner = floor.seat(TABLE, name="Rosa", slug="miraflores")
    floor.order(diner, [("anticuchos", 1, "sin ají"), ("chicha-morada", 2, "")])
    http.post("/session/waiter-calls", token=diner["token"])
    page = screen()
    sign_in_as(page, language, OWNER, path=f"/staff/?branch={MIRAFLORES}")
    live(page)
    expect(card(page, "order", TABLE)).to_have_count(1)
    expect(card(page, "waiter", TABLE)).to_have_count(1)
    assert_no_serious_violations(page, f"POS with an order and a call ({language})")
    card(page, "order", TABLE).locator(".feed-card__void").click()
    expect(page.get_by_role("dialog")).to_be_visible()
    assert_no_serious_violations(page, f"POS, the void dialog open ({language})")


def test_the_tables_page_a_table_selected_its_close_dialog_and_the_history(screen, language, http):
    floor = Floor(http)
    diner = floor.seat(TABLE, name="Rosa", slug="miraflores")
    floor.order(diner, [("anticuchos", 1, "")])
    page = screen()
    sign_in_as(page, language, OWNER, path=f"/staff/tables?branch={MIRAFLORES}&table={TABLE}")
    live(page)
    expect(page.locator(".bill")).to_be_visible()
    assert_no_serious_violations(page, f"Tables, {TABLE} selected with its bill ({language})")
    page.locator(".table-detail__actions .button", has_text=WORDS[language]["close"]).click()
    expect(page.locator("dialog.close-dialog")).to_be_visible()
    assert_no_serious_violations(page, f"Tables, the close dialog open ({language})")
    page.keyboard.press("Escape")
    floor.clear(TABLE, slug="miraflores")  # closed without a payment: the history says so
    page.locator(".tables-page__view", has_text=WORDS[language]["history"]).click()
    expect(page.locator(".tables-page__history")).to_be_visible()
    assert_no_serious_violations(page, f"Tables, the history ({language})")
    page.locator(".history-list__row").first.click()
    expect(page.locator(".table-detail .bill")).to_be_visible()
    assert_no_serious_violations(page, f"Tables, a past session ({language})")


def test_the_kitchen_display_with_tickets_and_its_86_list(screen, language, http):
    floor = Floor(http)
    diner = floor.seat("T28", name="Julio")
    floor.order(diner, [("lomo-saltado", 2, "término medio"), ("chicha-morada", 1, "")])
    page = screen(KITCHEN_SCREEN)
    sign_in_as(page, language, KITCHEN, path="/kitchen/")
    live(page)
    expect(page.locator(".ticket").first).to_be_visible()
    assert_no_serious_violations(page, f"KDS with tickets ({language})")
    page.locator(".kitchen-bar__86").click()
    expect(page.locator("dialog.availability-panel")).to_be_visible()
    assert_no_serious_violations(page, f"KDS, the 86 list open ({language})")
    floor.clear("T28")


def test_the_menu_page_with_a_form_and_the_hours_dialog_open(screen, language):
    page = screen()
    sign_in_as(page, language, OWNER, path=f"/staff/menu?branch={MIRAFLORES}")
    expect(page.locator(".menu-item").first).to_be_visible()
    assert_no_serious_violations(page, f"Menu ({language})")
    page.locator(".menu-page__tools .button:not(.button--secondary)").click()  # add an item
    dialog = page.locator("dialog.menu-dialog")
    expect(dialog).to_be_visible()
    assert_no_serious_violations(page, f"Menu, the item form open ({language})")
    dialog.locator(".button--secondary").first.click()
    expect(dialog).to_be_hidden()
    page.locator(".menu-category__head .button", has_text=WORDS[language]["hours"]).first.click()
    expect(dialog).to_be_visible()
    assert_no_serious_violations(page, f"Menu, the hours dialog open ({language})")


def test_the_qr_page(screen, language):
    page = screen()
    sign_in_as(page, language, path="/staff/qr")
    expect(page.locator("#page-qr")).to_be_visible()
    expect(page.locator("#page-qr img, #page-qr svg").first).to_be_visible()
    assert_no_serious_violations(page, f"QR codes ({language})")


def sign_in_as(page: Page, language: str, email: str = "manager@downtown.demo.comanda", path: str = "/staff/") -> None:
    page.goto(path)
    page.locator("#login-email").fill(email)
    page.locator("#login-password").fill("demo1234")
    page.locator(".login-form__submit").click()
    expect(page.locator("#login")).to_be_hidden()
    expect(page.locator("html")).to_have_attribute("lang", language)
