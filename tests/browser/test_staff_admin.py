"""The back office's staff accounts page (issue 18) in Chromium at tablet size: a manager invites
a waiter, who chooses a password from the emailed link and signs in; the manager deactivates
them with a confirmation and the waiter's open POS goes to the sign-in page; a manager is offered
only waiter and kitchen, and a waiter sees no Staff page at all (the server's permissions)."""
from __future__ import annotations

import re
import uuid

from playwright.sync_api import expect

from tests.browser.axe import assert_no_serious_violations
from tests.browser.staff_pages import MANAGER, live, sign_in, snap
from tests.browser.test_staff_revocation import PASSWORD, emailed_link


def test_a_manager_invites_a_waiter_who_sets_a_password_and_is_later_deactivated(tablet, second_phone, browser, stack,
                                                                                  screenshot_dir):
    email = f"sol-{uuid.uuid4().hex[:8]}@example.com"
    sign_in(tablet, MANAGER, "/staff/admin/staff")
    expect(tablet.get_by_role("heading", name="Staff accounts")).to_be_visible()
    expect(tablet.get_by_role("link", name="Staff")).to_have_attribute("aria-current", "page")

    tablet.get_by_role("button", name="Invite someone").click()
    dialog = tablet.get_by_role("dialog")
    expect(dialog.get_by_label("Role").locator("option")).to_have_text(["Kitchen", "Waiter"])  # never owner or manager
    dialog.get_by_label("Name").fill("Sol")
    dialog.get_by_label("Email").fill(email)
    dialog.get_by_role("button", name="Send the invitation").click()
    expect(tablet.locator(".toaster")).to_contain_text(f"Invitation sent to {email}")
    row = tablet.locator(f"tr[data-email='{email}']")
    expect(row).to_contain_text("Invited")
    expect(row).to_contain_text("Waiter")
    snap(tablet, screenshot_dir, "staff-admin-accounts")
    assert_no_serious_violations(tablet, "the staff accounts page")

    # The waiter opens the link on their own device, chooses a password, and signs in
    context = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=stack.site_url, locale="en-US")
    context.set_default_timeout(8000)
    waiter = context.new_page()
    try:
        waiter.goto(f"/staff/welcome#{emailed_link(email)}")
        expect(waiter.get_by_role("heading", name="Choose your password")).to_be_visible()
        expect(waiter.get_by_text("Hi Sol")).to_be_visible()
        assert_no_serious_violations(waiter, "the welcome page")
        waiter.get_by_label("New password").fill("password123")
        waiter.get_by_label("The same password again").fill("password123")
        waiter.get_by_role("button", name="Save my password").click()
        expect(waiter.get_by_role("alert")).to_contain_text("too easy to guess")
        waiter.get_by_label("New password").fill(PASSWORD)
        waiter.get_by_label("The same password again").fill(PASSWORD)
        waiter.get_by_role("button", name="Save my password").click()
        expect(waiter.locator("#login")).to_be_visible()
        expect(waiter.get_by_label("Email")).to_have_value(email)
        waiter.get_by_label("Password").fill(PASSWORD)
        waiter.get_by_role("button", name="Sign in").click()
        expect(waiter.locator("#login")).to_be_hidden()
        live(waiter)
        expect(waiter.get_by_role("link", name="Staff")).to_have_count(0)  # not for a waiter
        waiter.goto("/staff/admin/staff")
        expect(waiter.get_by_role("alert")).to_contain_text("cannot open this page")

        # The manager deactivates them, after confirming; the waiter's screen signs out
        tablet.reload()
        row = tablet.locator(f"tr[data-email='{email}']")
        expect(row).to_contain_text("Active")
        row.get_by_role("button", name="Deactivate").click()
        dialog = tablet.get_by_role("dialog")
        expect(dialog).to_contain_text("Deactivate Sol?")
        assert_no_serious_violations(tablet, "the deactivation's confirmation")
        dialog.get_by_role("button", name="Cancel").click()
        expect(row).to_contain_text("Active")
        row.get_by_role("button", name="Deactivate").click()
        tablet.get_by_role("dialog").get_by_role("button", name="Deactivate now").click()
        expect(row).to_contain_text("Deactivated")
        expect(waiter.locator("#login")).to_be_visible(timeout=5000)
        expect(waiter.locator(".login-form__notice")).to_contain_text("access was changed or ended")
        # the link was used: it does not work again
        waiter.goto(f"/staff/welcome#{emailed_link(email)}")
        expect(waiter.get_by_role("alert")).to_contain_text("does not work any more")
    finally:
        context.close()


def test_the_staff_page_is_in_spanish_for_a_spanish_tablet(browser, stack):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=stack.site_url, locale="es-PE")
    context.set_default_timeout(8000)
    page = context.new_page()
    try:
        page.goto("/staff/admin/staff")
        page.locator("#login-email").fill(MANAGER)
        page.locator("#login-password").fill("demo1234")
        page.locator("#login button[type=submit]").click()
        expect(page.get_by_role("heading", name="Cuentas del personal")).to_be_visible()
        expect(page.get_by_role("button", name="Invitar a alguien")).to_be_visible()
        expect(page.locator("tr[data-email='ana@downtown.demo.comanda']")).to_contain_text(re.compile("Mesero|Mesera"))
    finally:
        context.close()
