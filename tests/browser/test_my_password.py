"""'My password' (issue 18): any staff member changes their own password from the staff header,
with the current one; each refusal (too short, a common password,
the wrong current one) is said in the page's language next to its field; after the change this
screen stays signed in with a fresh token, the old password stops working and the new one signs in.

The people are new accounts of this test (invited over the API, password set from the emailed
link read from the stack's SES), so the demo's accounts keep the passwords other tests expect."""
from __future__ import annotations

import uuid

from playwright.sync_api import expect

from tests.browser.axe import assert_no_serious_violations
from tests.browser.staff_pages import DOWNTOWN, MANAGER, OWNER, live
from tests.browser.test_staff_revocation import PASSWORD, emailed_link, sign_in_as

NEW_PASSWORD = "ají de gallina 1984"


def new_account(http, name: str, role: str) -> str:
    email = f"{name.lower()}-{uuid.uuid4().hex[:8]}@example.com"
    invited = http.post("/staff/accounts", {"email": email, "name": name, "role": role, "branchIds": [DOWNTOWN]},
                        token=http.login(OWNER if role == "manager" else MANAGER))  # only an owner makes managers
    assert invited.status == 201, invited.body
    assert http.post("/staff/links/password", {"token": emailed_link(email), "password": PASSWORD}).status == 200
    return email


def change_to_the_new_password(dialog) -> None:
    """Fills the dialog with the right current password and NEW_PASSWORD twice; sees it done; closes it."""
    dialog.get_by_label("Current password").fill(PASSWORD)
    dialog.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    dialog.get_by_label("Repeat the new password").fill(NEW_PASSWORD)
    dialog.get_by_role("button", name="Change password").click()
    expect(dialog.get_by_role("status")).to_contain_text("Password changed")
    dialog.get_by_role("button", name="Close").click()


def test_a_waiter_changes_their_password_from_the_header_and_stays_signed_in(tablet, http):
    email = new_account(http, "Rosa", "waiter")
    sign_in_as(tablet, email)
    live(tablet)
    old_token = tablet.evaluate("() => localStorage.getItem('comanda.staff.token')")

    tablet.locator(".staff-header__account-button").click()  # the waiter's name opens their account's actions
    tablet.locator(".staff-header").get_by_role("button", name="My password").click()
    dialog = tablet.get_by_role("dialog", name="Change my password")
    expect(dialog).to_be_visible()
    assert_no_serious_violations(tablet, "the My password dialog")
    current, new, again = dialog.get_by_label("Current password"), dialog.get_by_label("New password", exact=True), \
        dialog.get_by_label("Repeat the new password")
    save, error = dialog.get_by_role("button", name="Change password"), dialog.get_by_role("alert")

    current.fill(PASSWORD)
    new.fill("short one")
    again.fill("short one")
    save.click()
    expect(error).to_have_text("The new password needs at least 10 characters.")
    expect(new).to_have_attribute("aria-invalid", "true")

    new.fill("password1234")  # on the server's list of common ones
    again.fill("password1234")
    save.click()
    expect(error).to_contain_text("too easy to guess")
    expect(new).to_have_attribute("aria-invalid", "true")

    current.fill("not my password at all")
    new.fill(NEW_PASSWORD)
    again.fill(NEW_PASSWORD)
    save.click()
    expect(error).to_have_text("That is not your current password.")
    expect(current).to_have_attribute("aria-invalid", "true")
    expect(current).to_be_focused()

    current.fill(PASSWORD)
    save.click()
    expect(dialog.get_by_role("status")).to_contain_text("Password changed")
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_be_hidden()

    new_token = tablet.evaluate("() => localStorage.getItem('comanda.staff.token')")
    assert new_token and new_token != old_token
    assert http.get("/staff/branches", token=old_token).status == 401  # other screens sign in again
    tablet.reload()
    live(tablet)  # this screen kept its sign-in, on the fresh token
    expect(tablet.locator("#login")).to_be_hidden()
    assert http.post("/staff/login", {"email": email, "password": PASSWORD}).status == 401
    assert http.post("/staff/login", {"email": email, "password": NEW_PASSWORD}).status == 200


def test_a_waiter_changes_their_password_in_spanish(browser, stack, http):
    email = new_account(http, "Teo", "waiter")
    context = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=stack.site_url, locale="es-PE")
    context.set_default_timeout(8000)
    page = context.new_page()
    try:
        page.goto("/staff/")
        page.locator("#login-email").fill(email)
        page.locator("#login-password").fill(PASSWORD)
        page.locator("#login button[type=submit]").click()
        expect(page.locator("#login")).to_be_hidden()

        page.locator(".staff-header__account-button").click()
        page.locator(".staff-header").get_by_role("button", name="Mi contraseña").click()
        dialog = page.get_by_role("dialog", name="Cambiar mi contraseña")
        dialog.get_by_label("Contraseña actual").fill("no es la mía 123")
        dialog.get_by_label("Nueva contraseña", exact=True).fill(NEW_PASSWORD)
        dialog.get_by_label("Repite la nueva contraseña").fill(NEW_PASSWORD)
        dialog.get_by_role("button", name="Cambiar contraseña").click()
        expect(dialog.get_by_role("alert")).to_have_text("Esa no es tu contraseña actual.")

        dialog.get_by_label("Contraseña actual").fill(PASSWORD)
        dialog.get_by_label("Nueva contraseña", exact=True).fill("contraseña123")
        dialog.get_by_label("Repite la nueva contraseña").fill("contraseña123")
        dialog.get_by_role("button", name="Cambiar contraseña").click()
        expect(dialog.get_by_role("alert")).to_contain_text("muy fácil de adivinar")

        dialog.get_by_label("Nueva contraseña", exact=True).fill(NEW_PASSWORD)
        dialog.get_by_label("Repite la nueva contraseña").fill(NEW_PASSWORD)
        dialog.get_by_role("button", name="Cambiar contraseña").click()
        expect(dialog.get_by_role("status")).to_contain_text("Contraseña cambiada")
        assert http.post("/staff/login", {"email": email, "password": NEW_PASSWORD}).status == 200
    finally:
        context.close()


def test_a_cook_changes_their_password_from_the_kitchen_display(kitchen_screen, http):
    # A cook signs in where cooks work: the kitchen display, which they never leave
    email = new_account(http, "Teodoro", "kitchen")
    kitchen_screen.goto("/kitchen/")
    kitchen_screen.get_by_label("Email").fill(email)
    kitchen_screen.get_by_label("Password").fill(PASSWORD)
    kitchen_screen.get_by_role("button", name="Sign in").click()
    bar = kitchen_screen.locator(".kitchen-bar")
    expect(bar).to_be_visible()

    # Their name in the bar opens their own account's actions, one row of bar either way
    bar.get_by_text("Teodoro").click()
    bar.get_by_role("button", name="My password").click()
    dialog = kitchen_screen.get_by_role("dialog", name="Change my password")
    expect(dialog).to_be_visible()
    assert_no_serious_violations(kitchen_screen, "the kitchen's My password dialog")
    change_to_the_new_password(dialog)

    # The screen stays on the board; the old password no longer signs in, the new one does
    expect(kitchen_screen.locator("#login")).to_be_hidden()
    expect(bar).to_be_visible()
    assert http.post("/staff/login", {"email": email, "password": PASSWORD}).status == 401
    assert http.post("/staff/login", {"email": email, "password": NEW_PASSWORD}).status == 200


def test_a_manager_changes_their_password_from_the_branches_page(tablet, http):
    email = new_account(http, "Milagros", "manager")
    sign_in_as(tablet, email)
    tablet.goto("/staff/admin/branches.html")
    header = tablet.locator(".admin-header")
    header.get_by_role("button", name="My password").click()
    dialog = tablet.get_by_role("dialog", name="Change my password")
    change_to_the_new_password(dialog)

    # This page keeps working on the fresh token
    tablet.reload()
    expect(tablet.locator("#admin-main")).not_to_have_attribute("aria-busy", "true")
    expect(tablet.get_by_role("heading", name="Tables", exact=True)).to_be_visible()
    assert http.post("/staff/login", {"email": email, "password": NEW_PASSWORD}).status == 200
