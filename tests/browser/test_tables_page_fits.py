"""Issue 16, defects 5 and 7, in real Chromium on a 1280x800 tablet: the Tables page of a
40-table branch fits the screen, its side panel keeps the bill in view, an urgent table looks
urgent (and says so once), a table staff seated shows no "Guests: 0", toasts cover no control,
the dish dropdown shows whole prices, and Spanish pages say "Mesa 36" everywhere.

Geometry is asserted where the defect is geometry: bounding boxes inside the viewport (and inside
every scrolling box around them), no overlap. Only downtown-lima tables T35..T37 are used here;
each test frees them before and after (the stack is shared by every browser test)."""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.staff_pages import DOWNTOWN, Floor, live, sign_in, snap

MINE = ("T35", "T36", "T37")
# the demo menu's dishes (other tests may add dishes of their own for a while)
DEMO_DISHES = [item["key"] for category in json.loads(
    (Path(__file__).resolve().parents[2] / "demo" / "chain.json").read_text(encoding="utf-8"))["categories"]
    for item in category["items"]]
TABLET_HEIGHT = 800

# The part of an element that shows: its box clipped by the viewport and by every ancestor that
# clips (overflow other than visible), so what a scrolling panel hides does not count as shown.
SHOWN_BOX = """element => {
  let box = element.getBoundingClientRect();
  let rect = {left: box.left, top: box.top, right: box.right, bottom: box.bottom};
  const clip = (r) => { rect = {left: Math.max(rect.left, r.left), top: Math.max(rect.top, r.top),
    right: Math.min(rect.right, r.right), bottom: Math.min(rect.bottom, r.bottom)}; };
  for (let node = element.parentElement; node; node = node.parentElement) {
    const style = getComputedStyle(node);
    if (style.overflowX !== "visible" || style.overflowY !== "visible") clip(node.getBoundingClientRect());
  }
  clip({left: 0, top: 0, right: innerWidth, bottom: innerHeight});
  return {box: {left: box.left, top: box.top, right: box.right, bottom: box.bottom}, shown: rect};
}"""


@pytest.fixture
def floor(http) -> Iterator[Floor]:
    found = Floor(http)
    for code in MINE:
        found.clear(code)
    yield found
    for code in MINE:
        found.clear(code)


def tile(page: Page, code: str):
    return page.locator(f".table-tile[data-table='{code}']")


def fully_shown(locator) -> bool:
    """Every pixel of the element is on screen, inside whatever scrolls around it."""
    seen = locator.evaluate(SHOWN_BOX)
    box, shown = seen["box"], seen["shown"]
    return all(abs(box[side] - shown[side]) < 0.5 for side in ("left", "top", "right", "bottom"))


def staff_seat(floor: Floor, code: str) -> dict:
    """A waiter seats guests without a phone (POST .../tables/{code}/sessions, as the page does)."""
    reply = floor.http.call("POST", f"/staff/branches/{DOWNTOWN}/tables/{code}/sessions", token=floor.token(),
                            headers={"Idempotency-Key": f"fit-{code}-{id(floor)}"})
    assert reply.status == 201, reply.body
    return reply.body


def to_spanish(page: Page) -> None:
    page.locator(".staff-header__language").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")


@pytest.mark.parametrize("language", ["en", "es"])
def test_forty_tables_fit_a_tablet_with_the_seated_ones_in_view(tablet: Page, floor: Floor, language: str,
                                                                 screenshot_dir):
    # Given diners at T35 and T36 (the grid's last row) and a table staff seated at T37
    floor.seat("T35", name="Ana")
    floor.seat("T36", name="Luis")
    staff_seat(floor, "T37")

    # When the manager opens the Tables page on a 1280x800 tablet, with T36 chosen
    sign_in(tablet, path="/staff/tables?table=T36")
    live(tablet)
    if language == "es":
        to_spanish(tablet)
    tiles = tablet.locator(".table-tile")
    expect(tiles).to_have_count(40)
    expect(tablet.locator(".table-detail .bill")).to_be_visible()

    # Then every tile, the seated ones above all, is whole on the screen without scrolling
    for code in MINE:
        expect(tile(tablet, code)).to_have_attribute("data-state", "active")
        assert fully_shown(tile(tablet, code)), f"{code} is not wholly in view"
    boxes = [tiles.nth(index).bounding_box() for index in range(40)]
    assert all(box["y"] + box["height"] <= TABLET_HEIGHT and box["x"] + box["width"] <= 1280 for box in boxes)
    assert tablet.evaluate("() => document.documentElement.scrollHeight <= innerHeight"), "the page itself scrolls"
    # And no tile lies under the side panel
    panel = tablet.locator(".table-detail").bounding_box()
    assert all(box["x"] + box["width"] <= panel["x"] for box in boxes)
    snap(tablet, screenshot_dir, "staff-tables-fit" if language == "en" else "staff-tables-fit-es")


def test_the_side_panel_keeps_the_bill_in_view_with_the_forms_folded(tablet: Page, floor: Floor, screenshot_dir):
    # Given Luis at T36 with two dishes ordered
    luis = floor.seat("T36", name="Luis")
    floor.order(luis, [("lomo-saltado", 2, ""), ("chicha-morada", 1, "")])

    # When the manager opens T36
    sign_in(tablet, path="/staff/tables?table=T36")
    live(tablet)
    panel = tablet.locator(".table-detail")
    total = panel.get_by_test_id("bill-total")
    expect(total).to_have_text("S/ 105.00")  # 2 x 48.00 + 9.00

    # Then the bill, down to its total, shows at once: the order and move forms are folded in a bar
    assert fully_shown(panel.locator(".bill__title")), "the bill's title is off-screen"
    assert fully_shown(total), "the bill's total is off-screen"
    order_toggle = panel.get_by_role("button", name="Order for the table")
    expect(order_toggle).to_have_attribute("aria-expanded", "false")
    expect(panel.get_by_label("Dish")).to_be_hidden()
    expect(panel.get_by_role("button", name="Close session")).to_be_visible()
    snap(tablet, screenshot_dir, "staff-tables-panel")

    # When the waiter unfolds "Order for the table", the form shows; folding it again brings back the bill
    order_toggle.click()
    expect(order_toggle).to_have_attribute("aria-expanded", "true")
    expect(panel.get_by_label("Dish")).to_be_visible()
    order_toggle.click()
    expect(panel.get_by_label("Dish")).to_be_hidden()
    assert fully_shown(total)


@pytest.mark.parametrize("language", ["en", "es"])
def test_an_urgent_table_is_red_with_a_sign_and_says_urgent_once(tablet: Page, floor: Floor, http, language: str,
                                                                  screenshot_dir):
    # Given Luis at T36 calls the waiter, and Ana sits at T35 with nothing waiting
    luis = floor.seat("T36", name="Luis")
    floor.seat("T35", name="Ana")
    assert http.post("/session/waiter-calls", token=luis["token"]).status in (200, 201)
    tablet.clock.install()
    sign_in(tablet, path="/staff/tables")
    live(tablet)
    if language == "es":
        to_spanish(tablet)
    calling, quiet = tile(tablet, "T36"), tile(tablet, "T35")
    expect(calling.locator(".nudge--waiter")).to_have_count(1)

    # When the call has waited past the branch's three minutes
    tablet.clock.fast_forward("03:05")

    # Then the tile is urgent: red, not the seated green
    urgent_word = "Urgent" if language == "en" else "Urgente"
    expect(calling).to_contain_text(urgent_word)
    background = calling.evaluate("e => getComputedStyle(e).backgroundColor")
    assert background != quiet.evaluate("e => getComputedStyle(e).backgroundColor"), "urgent looks like seated"
    red, green, blue = (int(part) for part in re.findall(r"\d+", background)[:3])
    assert red > 140 and green < 80 and blue < 80, f"not red: {background}"
    # And its state line carries a warning sign and the word
    expect(calling).to_have_attribute("data-urgent", "")
    expect(calling.locator(".table-tile__state")).to_have_text(re.compile(f"^\u26a0\\s*{urgent_word}$"))
    # And says each thing once: "urgent" once, the call once (no "Waiter called" beside "Waiter call")
    text = calling.inner_text()
    assert len(re.findall(urgent_word, text, re.I)) == 1, text
    call_word = "Call" if language == "en" else "Llamada"
    assert len(re.findall(r"waiter|call|mesero|llamad", text, re.I)) == 1 and call_word in text, text
    # And the quiet table stays as it was
    expect(quiet).not_to_have_attribute("data-urgent", "")
    snap(tablet, screenshot_dir, f"staff-tables-urgent-{language}")


def test_a_table_seated_by_staff_shows_no_guest_count(tablet: Page, floor: Floor):
    # Given T37 seated by a waiter for guests without a phone (no diner has signed in there)
    staff_seat(floor, "T37")
    floor.seat("T36", name="Luis")

    # When the manager opens the Tables page
    sign_in(tablet, path="/staff/tables?table=T37")
    live(tablet)

    # Then T37's tile says nothing about guests (it has no number to say), only how long it is seated
    expect(tile(tablet, "T37")).to_have_attribute("data-state", "active")
    expect(tile(tablet, "T37")).not_to_contain_text("Guests")
    expect(tile(tablet, "T37").get_by_test_id("tile-meta")).to_have_text(re.compile(r"^(just now|\d+ min)$"))
    # And a table with a diner shows its one guest
    expect(tile(tablet, "T36").get_by_test_id("tile-meta")).to_contain_text("Guests: 1")
    # And the side panel lists no empty names line
    expect(tablet.locator(".table-detail__block").first.locator("p").first).not_to_have_text("")


def test_a_toast_covers_no_control(tablet: Page, floor: Floor, screenshot_dir):
    # Given Luis at T36 (the grid's bottom row) and a free T37
    floor.seat("T36", name="Luis")
    sign_in(tablet, path="/staff/tables?table=T37")
    live(tablet)

    # When the waiter seats T37 from its panel, a toast says so
    tablet.get_by_role("button", name="Seat this table").click()
    toast = tablet.locator(".toaster__toast")
    expect(toast).to_contain_text("seated")
    expect(tile(tablet, "T37")).to_have_attribute("data-state", "active")

    # Then no control that shows on the screen lies under the toast
    covered = tablet.evaluate("""([shownBox]) => {
      const shown = eval(shownBox);
      const toast = document.querySelector(".toaster__toast").getBoundingClientRect();
      const hits = [];
      for (const element of document.querySelectorAll("button, a[href], select, input, textarea, summary, [tabindex]:not([tabindex='-1'])")) {
        if (element.closest(".toaster") || !element.getClientRects().length) continue;
        const r = shown(element).shown;
        if (r.right <= r.left || r.bottom <= r.top) continue;  // scrolled out of its panel, or off-screen
        if (r.left < toast.right && r.right > toast.left && r.top < toast.bottom && r.bottom > toast.top) {
          hits.push(element.dataset.table || element.textContent.trim().slice(0, 30) || element.tagName);
        }
      }
      return hits;
    }""", [SHOWN_BOX])
    snap(tablet, screenshot_dir, "staff-tables-toast")
    assert covered == [], f"the toast covers {covered}"


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_dish_dropdown_shows_each_dish_with_its_whole_price(tablet: Page, floor: Floor, language: str):
    # Given a waiter who seats T37 from the Tables page: its order form comes open
    sign_in(tablet, path="/staff/tables?table=T37")
    live(tablet)
    if language == "es":
        to_spanish(tablet)
    panel = tablet.locator(".table-detail")
    panel.locator("[data-action='open-table']").click()
    expect(tile(tablet, "T37")).to_have_attribute("data-state", "active")
    dish = panel.locator(".table-service__item select")
    expect(dish).to_be_visible()

    # Then each dish reads with its price in full, as the branch's locale (es-PE) writes its currency, in either language
    options = dish.evaluate("s => [...s.options].map((o) => o.text)")
    ceviche = next(text for text in options if text.startswith("Ceviche Cl"))
    expected = tablet.evaluate("() => new Intl.NumberFormat('es-PE', {style: 'currency', currency: 'PEN'}).format(38)")
    assert expected.replace("\xa0", " ") == "S/ 38.00"
    assert ceviche.endswith(expected), (ceviche, expected)
    # And the closed dropdown is wide enough for the longest of the menu's (nothing cut, e.g. "S/ 38.0")
    room = dish.evaluate("""(s, dishes) => {
      const style = getComputedStyle(s);
      const context = document.createElement("canvas").getContext("2d");
      context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const widest = Math.max(...[...s.options].filter((o) => dishes.includes(o.value)).map((o) => context.measureText(o.text).width));
      const inner = s.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20;  // 20: the arrow
      return {widest, inner};
    }""", DEMO_DISHES)
    assert room["widest"] <= room["inner"], room


def test_spanish_staff_pages_name_tables_mesa(tablet: Page, floor: Floor, http, screenshot_dir):
    # Given Luis at T36 with an order waiting on the POS
    luis = floor.seat("T36", name="Luis")
    floor.order(luis, [("chicha-morada", 1, "")])

    # When the manager reads the Tables page in Spanish, T36 chosen
    sign_in(tablet, path="/staff/tables?table=T36")
    live(tablet)
    to_spanish(tablet)

    # Then the tiles, the panel, the move list and the close dialog say "Mesa", never "Table"
    expect(tile(tablet, "T36").locator(".table-tile__label")).to_have_text("Mesa 36")
    expect(tablet.locator(".table-tile__label", has_text="Table")).to_have_count(0)
    panel = tablet.locator(".table-detail")
    expect(panel.locator(".table-detail__title")).to_have_text("Mesa 36")
    panel.locator(".table-service__toggle[data-form='move']").click()
    moves = panel.get_by_label("Cambiar a la mesa").evaluate("s => [...s.options].map((o) => o.text)")
    assert moves and all(re.fullmatch(r"Mesa \d+", text) for text in moves), moves
    panel.get_by_role("button", name="Cerrar sesión de mesa").click()
    dialog = tablet.get_by_role("dialog")
    expect(dialog.get_by_role("heading")).to_have_text("Cerrar Mesa 36")
    dialog.get_by_role("button", name="Mantener la mesa abierta").click()

    # And so do the POS's cards and the QR codes page
    tablet.locator(".staff-header__nav a").first.click()
    expect(tablet.locator(".feed-card[data-table='T36'] .feed-card__table").first).to_have_text("Mesa 36")
    expect(tablet.locator(".feed-card__table", has_text="Table")).to_have_count(0)
    tablet.goto("/staff/qr")
    expect(tablet.locator(".qr-card__label").first).to_have_text("Mesa 1")
    expect(tablet.locator(".qr-card__label", has_text="Table")).to_have_count(0)


def test_the_menu_editor_writes_option_rules_in_spanish(tablet: Page):
    # Given the owner edits the steak, whose options are required and optional groups, in Spanish
    sign_in(tablet, "owner@demo.comanda", path="/staff/menu")
    to_spanish(tablet)
    item = tablet.locator(".menu-item", has_text="Lomo a la Parrilla")
    item.get_by_role("button", name=re.compile("^Editar")).first.click()
    options = tablet.locator("dialog.menu-dialog #menu-options")

    # Then the rules read as the Spanish hint says they are written, not in English
    expect(options).to_have_value(re.compile(r"\(obligatorio, elige 1\)"))
    expect(options).to_have_value(re.compile(r"\(opcional, hasta 3\)"))
    assert not re.search(r"required|optional|choose|up to", options.input_value())
    tablet.keyboard.press("Escape")


def test_a_toast_on_a_busy_pos_covers_no_card(tablet: Page, floor: Floor, http, screenshot_dir):
    # Given a busy POS: T35 and T36 each call the waiter, order twice and ask for the bill; T37 waits for approval
    for code, name in (("T35", "Ana"), ("T36", "Luis")):
        diner = floor.seat(code, name=name)
        assert http.post("/session/waiter-calls", token=diner["token"]).status in (200, 201)
        floor.order(diner, [("lomo-saltado", 1, ""), ("chicha-morada", 2, "")])
        floor.order(diner, [("causa-limena", 1, "")])
        assert http.post("/session/bill-requests", token=diner["token"]).status in (200, 201)
    floor.register("T37", name="Marta")
    sign_in(tablet, path="/staff/")
    live(tablet)
    expect(tablet.locator(".feed-card")).to_have_count(9)

    # When the waiter approves T37 (its card scrolled into view first), a toast says so
    tablet.locator(".feed-card[data-kind='session'][data-table='T37']").get_by_role("button", name="Approve").click()
    expect(tablet.locator(".toaster__toast")).to_contain_text("approved")

    # Then no card's control that shows lies under the toast
    covered = tablet.evaluate("""([shownBox]) => {
      const shown = eval(shownBox);
      const toast = document.querySelector(".toaster__toast").getBoundingClientRect();
      return [...document.querySelectorAll(".feed-card button")].filter((button) => {
        const r = shown(button).shown;
        return r.right > r.left && r.bottom > r.top
          && r.left < toast.right && r.right > toast.left && r.top < toast.bottom && r.bottom > toast.top;
      }).map((button) => `${button.closest(".feed-card").dataset.table}: ${button.textContent.trim()}`);
    }""", [SHOWN_BOX])
    snap(tablet, screenshot_dir, "staff-pos-toast")
    assert covered == [], f"the toast covers {covered}"
