"""Menus at the service level: who edits the chain's catalogue, a branch's own prices and
availability (the 86), service windows and the kitchen's pauses."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest

from chalicelib.auth import StaffPrincipal
from chalicelib.domain import clock
from chalicelib.domain.clock import utcnow
from chalicelib.domain.errors import (
    AlreadyExists,
    Conflict,
    Forbidden,
    InvalidInput,
    ItemNotServedNow,
    ItemUnavailable,
    KitchenPaused,
    NotFound,
    RoleNotAllowed,
)
from chalicelib.domain.schedules import ServiceWindow
from chalicelib.domain.staff import Role
from chalicelib.services import menus
from tests.services.world import DOWNTOWN, KITCHEN, MANAGER, MIRAFLORES, OWNER, WAITER, order, seated

CHAIN = "ch_comanda-demo"
MANAGER_OF_ALL = StaffPrincipal("st_m2", Role.MANAGER, (DOWNTOWN, MIRAFLORES))


def _offered(menu, item_id):
    return next(i for i in menu.items if i.id == item_id)


def test_the_owner_or_a_manager_of_every_branch_edits_the_catalogue(repos):
    category = menus.create_category(repos, OWNER, DOWNTOWN, "Sopas", position=9)
    item = menus.create_item(repos, MANAGER_OF_ALL, DOWNTOWN,
                             menus.ItemFields(category_id=category.id, name="Chupe", price=3200))
    assert repos.menu.get_item(CHAIN, item.id).price == 3200
    with pytest.raises(Forbidden):  # a manager of one branch: the catalogue is every branch's
        menus.create_category(repos, MANAGER, DOWNTOWN, "Mine")
    with pytest.raises(Forbidden):
        menus.update_item(repos, MANAGER, DOWNTOWN, item.id, menus.ItemFields(price=1))
    with pytest.raises(RoleNotAllowed):
        menus.create_category(repos, KITCHEN, DOWNTOWN, "Kitchen's")
    with pytest.raises(NotFound):
        menus.create_category(repos, WAITER, DOWNTOWN, "Not my branch")
    assert repos.menu.get_item(CHAIN, item.id).price == 3200


def test_items_need_an_existing_category_and_categories_with_items_stay(repos):
    with pytest.raises(InvalidInput) as no_category:
        menus.create_item(repos, OWNER, DOWNTOWN, menus.ItemFields(category_id="cat_nope", name="X", price=1))
    assert no_category.value.field == "categoryId"
    with pytest.raises(Conflict):
        menus.delete_category(repos, OWNER, DOWNTOWN, "cat_drinks")
    with pytest.raises(NotFound):
        menus.delete_category(repos, OWNER, DOWNTOWN, "cat_nope")
    with pytest.raises(NotFound):
        menus.update_item(repos, OWNER, DOWNTOWN, "nope", menus.ItemFields(price=1))


def test_an_update_changes_only_the_fields_given_and_a_deleted_item_leaves_every_branch(repos):
    updated = menus.update_item(repos, OWNER, DOWNTOWN, "chicha-morada", menus.ItemFields(price=1000))
    assert updated.price == 1000
    assert repos.menu.get_item(CHAIN, "chicha-morada").category_id == "cat_drinks"
    menus.update_item(repos, OWNER, DOWNTOWN, "chicha-morada", menus.ItemFields(category_id="cat_desserts"))
    _, downtown = menus.public_menu(repos, "downtown-lima")
    assert _offered(downtown, "chicha-morada").category_id == "cat_desserts"  # moved, price kept
    assert _offered(downtown, "chicha-morada").price == 1000
    menus.delete_item(repos, OWNER, DOWNTOWN, "pisco-sour")
    assert repos.menu.get_item(CHAIN, "pisco-sour") is None
    _, mira = menus.public_menu(repos, "miraflores")
    assert all(i.id != "pisco-sour" for i in mira.items)
    assert not [s for s in repos.menu.whole_menu(CHAIN).settings if s.item_id == "pisco-sour"]


def test_the_kitchen_86s_an_item_at_its_branch_only_and_managers_set_the_branch_price(repos, tokens):
    menu = menus.set_availability(repos, KITCHEN, DOWNTOWN, "lomo-saltado", False)
    assert _offered(menu, "lomo-saltado").available is False
    _, mira = menus.public_menu(repos, "miraflores")
    assert _offered(mira, "lomo-saltado").available is True
    diner = seated(repos, tokens)
    with pytest.raises(ItemUnavailable):
        order(repos, diner, ("lomo-saltado", 1))
    with pytest.raises(RoleNotAllowed):  # the kitchen may 86, not price
        menus.set_availability(repos, KITCHEN, DOWNTOWN, "lomo-saltado", True, price=100)
    priced = menus.set_availability(repos, MANAGER, DOWNTOWN, "lomo-saltado", True, price=5000)
    assert (_offered(priced, "lomo-saltado").price, _offered(priced, "lomo-saltado").available) == (5000, True)
    out = menus.set_availability(repos, KITCHEN, DOWNTOWN, "lomo-saltado", False)
    assert (_offered(out, "lomo-saltado").price, _offered(out, "lomo-saltado").available) == (5000, False)
    back = menus.set_availability(repos, KITCHEN, DOWNTOWN, "lomo-saltado", True)
    assert _offered(back, "lomo-saltado").available is True  # put back on the menu
    assert _offered(back, "lomo-saltado").price == 5000  # the 86 keeps the branch's price
    assert order(repos, diner, ("lomo-saltado", 1)).lines[0].unit_price == 5000
    with pytest.raises(RoleNotAllowed):
        menus.set_availability(repos, StaffPrincipal("st_w", Role.WAITER, (DOWNTOWN,)), DOWNTOWN, "lomo-saltado", False)
    with pytest.raises(RoleNotAllowed):  # the real Miraflores waiter at their own branch
        menus.set_availability(repos, WAITER, MIRAFLORES, "pisco-sour", False)
    _, mira = menus.public_menu(repos, "miraflores")
    assert _offered(mira, "pisco-sour").available is True
    with pytest.raises(NotFound):
        menus.set_availability(repos, MANAGER, DOWNTOWN, "caviar", False)


def test_a_paused_category_cannot_be_ordered_until_the_pause_ends(repos, tokens):
    pause = menus.pause_category(repos, KITCHEN, DOWNTOWN, "cat_main-course", 15)
    assert pause.until > (utcnow() + timedelta(minutes=14)).isoformat()[:16]
    _, menu = menus.public_menu(repos, "downtown-lima")
    assert _offered(menu, "lomo-saltado").paused_until == pause.until
    diner = seated(repos, tokens)
    with pytest.raises(KitchenPaused):
        order(repos, diner, ("lomo-saltado", 1))
    order(repos, diner, ("chicha-morada", 1))  # other categories are served
    menus.pause_category(repos, KITCHEN, DOWNTOWN, "cat_main-course", 0)
    order(repos, diner, ("lomo-saltado", 1))
    menus.pause_category(repos, KITCHEN, DOWNTOWN, "cat_main-course", 15)
    menus.pause_category(repos, MANAGER, DOWNTOWN, "cat_main-course", 0)  # a manager resumes it early
    order(repos, diner, ("lomo-saltado", 1))
    with pytest.raises(NotFound):
        menus.pause_category(repos, KITCHEN, DOWNTOWN, "cat_nope", 5)
    with pytest.raises(RoleNotAllowed):
        menus.pause_category(repos, StaffPrincipal("st_w", Role.WAITER, (DOWNTOWN,)), DOWNTOWN, "cat_drinks", 5)


def test_service_windows_are_the_branch_s_own_and_checked(repos):
    windows = [ServiceWindow.parse("12:00", "15:00", None, "windows")]
    menu = menus.set_schedule(repos, MANAGER, DOWNTOWN, "category", "cat_desserts", windows)
    assert menu.category_windows.get("cat_desserts") == windows
    _, mira = menus.public_menu(repos, "miraflores")
    assert not mira.category_windows.get("cat_desserts")
    with pytest.raises(RoleNotAllowed):
        menus.set_schedule(repos, KITCHEN, DOWNTOWN, "category", "cat_desserts", windows)
    with pytest.raises(NotFound):
        menus.set_schedule(repos, MANAGER, DOWNTOWN, "item", "caviar", windows)
    cleared = menus.set_schedule(repos, MANAGER, DOWNTOWN, "category", "cat_desserts", [])
    assert not cleared.category_windows.get("cat_desserts")


def test_a_new_category_id_is_never_reused_and_a_gone_one_cannot_be_updated(repos):
    category = menus.create_category(repos, OWNER, DOWNTOWN, "Sopas")
    with pytest.raises(AlreadyExists):
        repos.menu.save_category(category, "now", new=True)
    repos.menu.delete_category(CHAIN, category.id)
    with pytest.raises(NotFound):
        menus.update_category(repos, OWNER, DOWNTOWN, category.id, menus.CategoryChange(name="x"))


LUNCHTIME = datetime(2026, 11, 30, 17, 0, tzinfo=UTC)  # Monday 12:00 in Lima
BREAKFAST_TIME = datetime(2026, 12, 1, 13, 0, tzinfo=UTC)  # Tuesday 08:00 in Lima


@pytest.fixture
def at() -> Iterator[Callable[[datetime], None]]:
    """Sets the domain clock: at(moment) freezes it there; the real clock comes back after the test."""
    def set_to(moment: datetime) -> None:
        clock.set_source(lambda: moment)

    yield set_to
    clock.reset()


def test_an_item_is_ordered_inside_its_window_and_a_window_may_cross_midnight(repos, tokens, at):
    at(BREAKFAST_TIME)
    diner = seated(repos, tokens)
    order(repos, diner, ("pan-con-chicharron", 1))  # the demo's breakfast, 07:00-11:30 in Lima
    at(LUNCHTIME)
    with pytest.raises(ItemNotServedNow):
        order(repos, diner, ("pan-con-chicharron", 1))

    late = [ServiceWindow.parse("22:00", "02:00", None, "windows")]
    menus.set_schedule(repos, MANAGER, DOWNTOWN, "category", "cat_desserts", late)
    at(datetime(2026, 12, 1, 6, 30, tzinfo=UTC))  # 01:30 in Lima: still inside
    order(repos, diner, ("picarones", 1))
    at(datetime(2026, 12, 1, 7, 30, tzinfo=UTC))  # 02:30: closed until 22:00
    with pytest.raises(ItemNotServedNow) as closed:
        order(repos, diner, ("picarones", 1))
    assert str(closed.value) == "Picarones is served from 22:00."
