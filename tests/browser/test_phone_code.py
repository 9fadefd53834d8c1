"""A loyalty sign-up in Chromium (issue 13, finding 2): the diner is a guest until the code
texted to the phone is entered. The code is read where a newcomer reads it on the local
stack, its outbox page; a wrong code is explained, the right one brings the account's points.

Uses downtown-lima T7 and T8 (of the diner pages' T1..T10), cleared before and after."""
from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.test_diner_pages import (  # noqa: F401 - fixtures
    code_from_outbox_page,
    name_field,
    no_script_errors,
    snap,
    staff,
    table,
)

CONFIRM = "/me/phone-verification/confirm"


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def member_with_points(http, t8, phone: str) -> dict:
    """Lucía's loyalty account (her code entered), a visit at T8 closed with two ceviches."""
    import json
    import urllib.request

    guest = http.post(f"/branches/downtown-lima/tables/{t8.code}/sessions",
                      {"mode": "loyalty", "name": "Lucía", "phone": phone}).body
    with urllib.request.urlopen(http.api_url.removesuffix("/api") + "/_local/outbox.json", timeout=30) as answer:
        code = next(m["code"] for m in json.loads(answer.read())["messages"] if m["phone"] == phone)
    member = http.post(CONFIRM, {"code": code}, token=guest["token"]).body
    t8.approve(guest["session"]["id"])
    t8.order(member["token"], [{"menuItemId": "ceviche-clasico", "quantity": 2}])
    closed = http.post(f"/staff/sessions/{guest['session']['id']}/close", token=t8.staff["manager"])
    assert closed.status == 200, closed.body
    return http.get("/me", token=member["token"]).body


def test_a_loyalty_sign_up_enters_the_texted_code_and_finds_the_accounts_points(
        phone: Page, table, http, screenshot_dir):
    t7, t8 = table("T7"), table("T8")
    number = "+51900000711"
    lucia = member_with_points(http, t8, number)
    assert lucia["points"] > 0

    # Given Lucía signs up in loyalty mode at T7 with her phone
    phone.goto(t7.url())
    phone.get_by_label("Loyalty").check()
    name_field(phone).fill("Lu")
    phone.get_by_label("Phone", exact=True).fill("+51 900 000 711")
    phone.get_by_role("button", name="Start ordering").click()
    expect(phone).to_have_url(re.compile(r"/T7/waiting$"))

    # Then she goes on as a guest, asked for the code sent to her (masked) number
    panel = phone.get_by_role("region", name="Confirm your phone")
    expect(panel).to_contain_text("We sent a code to +51 ••• ••• 711.")
    expect(panel.get_by_role("button", name=re.compile(r"^Send a new code in 0:\d\d$"))).to_be_disabled()
    code_input = panel.get_by_label("Six-digit code")
    expect(code_input).to_have_attribute("autocomplete", "one-time-code")
    expect(code_input).to_have_attribute("inputmode", "numeric")
    assert http.get("/me", token=t7.token_in(phone)).body["points"] == 0

    # When she types a wrong code, she is told, with the tries left
    code = code_from_outbox_page(phone, number)
    code_input.fill(wrong(code))
    panel.get_by_role("button", name="Confirm").click()
    expect(panel.get_by_role("alert")).to_have_text("That code isn't right. 4 tries left.")
    snap(phone, screenshot_dir, "phone-code-wrong")

    # And with the right one her account is hers: its points on the profile
    code_input.fill(code)
    panel.get_by_role("button", name="Confirm").click()
    expect(phone.get_by_role("status").filter(has_text="Phone confirmed.")).to_be_visible()
    expect(panel).to_be_hidden()
    t7.approve(t7.session_id_in(phone))
    expect(phone).to_have_url(re.compile(r"/T7/menu$"))
    phone.get_by_role("link", name="Profile").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Your profile")
    expect(phone.locator(".profile__stat").filter(has_text="Points").locator("dd")).to_have_text(str(lucia["points"]))
    expect(phone.locator(".profile__phone")).to_have_text("+51 900 000 711")  # shown grouped (issue 17)
    snap(phone, screenshot_dir, "phone-code-profile")


def test_in_spanish_a_new_phone_becomes_a_loyalty_account_after_its_code(phone: Page, table, http, screenshot_dir):
    t7 = table("T7")
    number = "+51900000722"
    phone.goto(t7.url())
    phone.get_by_role("button", name="Cambiar a español").click()
    phone.get_by_label("Cliente frecuente").check()
    phone.get_by_role("textbox", name="Tu nombre").fill("Rosa")
    phone.get_by_label("Teléfono", exact=True).fill("+51 900 000 722")
    phone.get_by_role("button", name="Empezar a pedir").click()
    expect(phone).to_have_url(re.compile(r"/T7/waiting$"))

    panel = phone.get_by_role("region", name="Confirma tu teléfono")
    expect(panel).to_contain_text("Enviamos un código al +51 ••• ••• 722.")
    expect(panel.get_by_role("button", name=re.compile(r"^Enviar un código nuevo en 0:\d\d$"))).to_be_disabled()
    code = code_from_outbox_page(phone, number)

    panel.get_by_label("Código de seis dígitos").fill("12")
    panel.get_by_role("button", name="Confirmar").click()
    expect(panel.get_by_role("alert")).to_have_text("El código tiene seis dígitos.")
    panel.get_by_label("Código de seis dígitos").fill(wrong(code))
    panel.get_by_role("button", name="Confirmar").click()
    expect(panel.get_by_role("alert")).to_have_text("Ese código no es correcto. Te quedan 4 intentos.")
    snap(phone, screenshot_dir, "phone-code-es")

    panel.get_by_label("Código de seis dígitos").fill(code)
    panel.get_by_role("button", name="Confirmar").click()
    expect(phone.get_by_role("status").filter(has_text="Teléfono confirmado.")).to_be_visible()
    profile = http.get("/me", token=t7.token_in(phone)).body
    assert (profile["loyalty"], profile["phone"], profile["name"]) == (True, number, "Rosa")


def test_a_quick_diner_joins_loyalty_from_the_profile_with_a_texted_code(phone: Page, table, http):
    t8 = table("T8")
    t8.seat(phone, name="Ana")
    phone.goto(t8.url("profile"))
    expect(phone.get_by_role("heading", level=1)).to_have_text("Your profile")

    phone.get_by_label("Your phone, to join loyalty").fill("+51 900 000 733")
    phone.get_by_role("button", name="Text me a code").click()
    panel = phone.get_by_role("region", name="Confirm your phone")
    expect(panel).to_contain_text("We sent a code to +51 ••• ••• 733.")
    panel.get_by_label("Six-digit code").fill(code_from_outbox_page(phone, "+51900000733"))
    panel.get_by_role("button", name="Confirm").click()

    expect(phone.get_by_role("status").filter(has_text="Phone confirmed.")).to_be_visible()
    expect(phone.locator(".profile__phone")).to_have_text("+51 900 000 733")
    expect(phone.get_by_label("Your phone, to join loyalty")).to_be_hidden()
