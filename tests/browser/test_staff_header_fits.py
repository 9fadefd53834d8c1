"""The staff header shows every page an account may open, in sight, at a kitchen tablet's and an
upright tablet's size, in both languages: an owner has eight (POS, Tables, Menu, QR codes, Staff,
Branches, Reports, Kitchen). When they do not fit beside the branch and the tools they take a row
of their own, never a hidden horizontal scroll (at 768 px the links were not shown at all); the
person's name opens "My password" and "Sign out"."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.staff_pages import OWNER, live, sign_in

SIZES = [(1280, 800), (1101, 800), (1024, 768), (768, 1024)]


def links_in_sight(page: Page) -> list[str]:
    return page.evaluate("""() => {
      const header = document.querySelector('.staff-header').getBoundingClientRect();
      return [...document.querySelectorAll('.staff-header__link')].filter((link) => {
        const box = link.getBoundingClientRect();
        const nav = link.closest('.staff-header__nav').getBoundingClientRect();
        return box.width > 0 && box.left >= nav.left - 1 && box.right <= nav.right + 1
          && box.right <= window.innerWidth && box.bottom <= header.bottom;
      }).map((link) => link.dataset.page);
    }""")


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_page_of_an_owner_is_in_sight_at_tablet_sizes(tablet: Page, language: str):
    sign_in(tablet, OWNER)
    live(tablet)
    if language == "es":
        tablet.locator(".staff-header__language").click()
        expect(tablet.locator(".staff-header__link[data-page='pos']")).to_have_text(re.compile(r"^Caja"))  # + its badge
    for width, height in SIZES:
        tablet.set_viewport_size({"width": width, "height": height})
        expect(tablet.locator(".staff-header__link")).to_have_count(8)
        tablet.wait_for_function("() => document.querySelector('.staff-header').offsetHeight > 0")
        assert links_in_sight(tablet) == ["pos", "tables", "menu", "qr", "admin", "branches", "reports", "kitchen"], \
            f"{width}x{height} {language}"
        header_height = tablet.evaluate("() => document.querySelector('.staff-header').offsetHeight")
        published = tablet.evaluate("() => getComputedStyle(document.documentElement).getPropertyValue('--header-height')")
        assert published.strip() == f"{header_height}px", "the pages that fit the screen subtract the header's real height"


def test_the_name_opens_my_password_and_sign_out(tablet: Page):
    sign_in(tablet, OWNER)
    live(tablet)
    account = tablet.locator(".staff-header__account-button")
    expect(account).to_contain_text("Olivia")
    password = tablet.locator(".staff-header").get_by_role("button", name="My password")
    expect(password).to_be_hidden()
    account.click()
    expect(password).to_be_visible()
    tablet.keyboard.press("Escape")
    expect(password).to_be_hidden()
    account.click()
    tablet.get_by_role("button", name="Sign out").click()
    expect(tablet.locator("#login")).to_be_visible()
