"""A branch's menu: the chain's catalogue with the branch's own availability and prices."""
from __future__ import annotations

import itertools

import pytest

from chalicelib.domain.errors import ItemUnavailable, UnknownMenuItem
from chalicelib.domain.menu import BranchItemSetting, BranchMenu, Category, MenuItem
from chalicelib.domain.orders import LineRequest, LineStatus

CHAIN = "ch_demo"
DOWNTOWN = "br_downtown-lima"
MIRAFLORES = "br_miraflores"


def a_category(category_id: str, name: str, position: int) -> Category:
    return Category(id=category_id, chain_id=CHAIN, name=name, position=position)


def an_item(item_id: str, price: int = 1000, *, category: str = "cat_mains", position: int = 0,
            available: bool = True, name: str | None = None) -> MenuItem:
    return MenuItem(id=item_id, chain_id=CHAIN, category_id=category, name=name or item_id.title(),
                    description=f"About {item_id}", price=price, position=position, available=available,
                    tags=["spicy"], allergens=["fish"])


def a_menu(items: list[MenuItem], settings: list[BranchItemSetting] = (), categories: list[Category] = (),
           branch: str = DOWNTOWN) -> BranchMenu:
    return BranchMenu.compose(branch, "PEN", list(categories), items, list(settings))


def a_line_id_maker():
    counter = itertools.count(1)
    return lambda: f"ln_{next(counter)}"


# -- composing a branch's menu -------------------------------------------------------------
def test_a_branch_without_settings_offers_the_chain_menu_as_is():
    menu = a_menu([an_item("ceviche", 3200)])

    offered = menu.item("ceviche")
    assert (offered.price, offered.available, offered.tags, offered.allergens) == (3200, True, ["spicy"], ["fish"])
    assert (menu.branch_id, menu.currency) == (DOWNTOWN, "PEN")


def test_a_branch_sets_its_own_price():
    menu = a_menu([an_item("ceviche", 3200)], [BranchItemSetting(DOWNTOWN, "ceviche", price=3500)])

    assert menu.item("ceviche").price == 3500


def test_a_branch_marks_an_item_unavailable():
    menu = a_menu([an_item("ceviche")], [BranchItemSetting(DOWNTOWN, "ceviche", available=False)])

    assert menu.item("ceviche").available is False


def test_a_setting_of_price_only_keeps_the_chain_availability():
    menu = a_menu([an_item("ceviche", 3200)], [BranchItemSetting(DOWNTOWN, "ceviche", price=2900)])

    assert menu.item("ceviche").available is True


def test_a_setting_of_availability_only_keeps_the_chain_price():
    menu = a_menu([an_item("ceviche", 3200)], [BranchItemSetting(DOWNTOWN, "ceviche", available=False)])

    assert menu.item("ceviche").price == 3200


def test_another_branch_settings_do_not_touch_this_branch():
    # Given Miraflores has 86'd the ceviche and raised its price
    settings = [BranchItemSetting(MIRAFLORES, "ceviche", available=False, price=9999)]

    # When Downtown's menu is composed
    menu = a_menu([an_item("ceviche", 3200)], settings, branch=DOWNTOWN)

    # Then Downtown still offers it at the chain's price
    assert (menu.item("ceviche").available, menu.item("ceviche").price) == (True, 3200)


def test_an_item_the_chain_withdrew_stays_unavailable_even_if_the_branch_says_available():
    menu = a_menu([an_item("ceviche", available=False)], [BranchItemSetting(DOWNTOWN, "ceviche", available=True)])

    assert menu.item("ceviche").available is False


def test_categories_come_in_their_position_order():
    categories = [a_category("cat_drinks", "Drinks", 3), a_category("cat_apps", "Appetizers", 0),
                  a_category("cat_desserts", "Desserts", 2), a_category("cat_mains", "Main Course", 1)]

    menu = a_menu([], categories=categories)

    assert [c.name for c in menu.categories] == ["Appetizers", "Main Course", "Desserts", "Drinks"]


def test_items_come_in_their_position_order_then_by_name():
    items = [an_item("lomo", position=2), an_item("causa", position=1, name="Causa"),
             an_item("ají", position=1, name="Ají de gallina"), an_item("arroz", position=0)]

    menu = a_menu(items)

    assert [i.id for i in menu.items] == ["arroz", "ají", "causa", "lomo"]


# -- pricing what the diner asked for --------------------------------------------------------
def test_lines_are_priced_from_the_menu_not_the_client():
    menu = a_menu([an_item("ceviche", 3200), an_item("chicha", 800, category="cat_drinks")],
                  [BranchItemSetting(DOWNTOWN, "chicha", price=700)])

    lines = menu.price_lines(
        [LineRequest("ceviche", 2, "no onions"), LineRequest("chicha", 3)], a_line_id_maker()
    )

    assert [(l.id, l.menu_item_id, l.name, l.quantity, l.unit_price, l.notes, l.category_id, l.status)
            for l in lines] == [
        ("ln_1", "ceviche", "Ceviche", 2, 3200, "no onions", "cat_mains", LineStatus.PENDING),
        ("ln_2", "chicha", "Chicha", 3, 700, "", "cat_drinks", LineStatus.PENDING),
    ]
    assert sum(l.total for l in lines) == 2 * 3200 + 3 * 700


def test_ordering_an_unavailable_item_names_the_line():
    menu = a_menu([an_item("ceviche"), an_item("lomo")], [BranchItemSetting(DOWNTOWN, "lomo", available=False)])

    with pytest.raises(ItemUnavailable) as raised:
        menu.price_lines([LineRequest("ceviche", 1), LineRequest("lomo", 1)], a_line_id_maker())
    assert raised.value.field == "items[1].menuItemId"
    assert "Lomo" in raised.value.message


def test_ordering_an_unknown_item_names_the_line():
    menu = a_menu([an_item("ceviche")])

    with pytest.raises(UnknownMenuItem) as raised:
        menu.price_lines([LineRequest("ceviche", 1), LineRequest("ceviche", 1), LineRequest("pizza", 1)],
                         a_line_id_maker())
    assert raised.value.field == "items[2].menuItemId"


def test_looking_up_an_unknown_item_is_unknown_menu_item():
    with pytest.raises(UnknownMenuItem):
        a_menu([an_item("ceviche")]).item("pizza")


# -- the menu's version (ETag) ----------------------------------------------------------------
def test_the_version_is_stable_for_the_same_menu():
    assert a_menu([an_item("ceviche")]).version_tag() == a_menu([an_item("ceviche")]).version_tag()


def test_the_version_changes_when_an_item_is_86d():
    before = a_menu([an_item("ceviche")])
    after = a_menu([an_item("ceviche")], [BranchItemSetting(DOWNTOWN, "ceviche", available=False)])

    assert before.version_tag() != after.version_tag()


def test_the_version_changes_when_the_branch_price_changes():
    before = a_menu([an_item("ceviche", 3200)])
    after = a_menu([an_item("ceviche", 3200)], [BranchItemSetting(DOWNTOWN, "ceviche", price=3300)])

    assert before.version_tag() != after.version_tag()


def test_the_version_changes_when_the_currency_changes():
    items = [an_item("ceviche", 3200)]

    in_soles = BranchMenu.compose(DOWNTOWN, "PEN", [], items, [])
    in_dollars = BranchMenu.compose(DOWNTOWN, "USD", [], items, [])

    assert in_soles.version_tag() != in_dollars.version_tag()
