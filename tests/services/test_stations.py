"""Kitchen stations at the service level (issue 16): the demo's Bar gets the drinks, staff route a
category or an item elsewhere, a line keeps its station, and each station's screen counts and
finishes only its own dishes."""
from __future__ import annotations

import pytest

from chalicelib.domain.errors import IllegalTransition, InvalidInput, RoleNotAllowed
from chalicelib.domain.orders import LineStatus, OrderStatus
from chalicelib.domain.stations import Station
from chalicelib.services import kitchen, menus
from tests.services.world import DOWNTOWN, KITCHEN, MANAGER, OWNER, order, seated

CHAIN = "ch_comanda-demo"


def _stations(repos) -> list[str]:
    return [s.id for s in menus.stations_of(repos, KITCHEN, DOWNTOWN)]


def test_the_demo_has_a_kitchen_and_a_bar_and_drinks_go_to_the_bar(repos):
    _, menu = menus.staff_menu(repos, KITCHEN, DOWNTOWN)
    assert [(s.id, s.name) for s in menu.stations] == [("kitchen", "Kitchen"), ("bar", "Bar")]
    assert menu.item("pisco-sour").station_id == "bar"
    assert menu.item("chicha-morada").station_id == "bar"
    assert menu.item("lomo-saltado").station_id == "kitchen"


def test_a_bar_line_is_not_counted_on_the_kitchens_all_day(repos, tokens):
    diner = seated(repos, tokens)
    placed = order(repos, diner, ("pisco-sour", 2), ("lomo-saltado", 1))
    assert [(line.menu_item_id, line.station_id) for line in placed.lines] == [("pisco-sour", "bar"), ("lomo-saltado", "kitchen")]
    assert [(c.menu_item_id, c.quantity) for c in kitchen.all_day_counts(repos, KITCHEN, DOWNTOWN, "kitchen")] == \
        [("lomo-saltado", 1)]
    assert [(c.menu_item_id, c.quantity) for c in kitchen.all_day_counts(repos, KITCHEN, DOWNTOWN, "bar")] == \
        [("pisco-sour", 2)]
    assert len(kitchen.all_day_counts(repos, KITCHEN, DOWNTOWN)) == 2


def test_counts_for_a_station_the_chain_does_not_have_are_refused_naming_it(repos):
    with pytest.raises(InvalidInput) as refused:
        kitchen.all_day_counts(repos, KITCHEN, DOWNTOWN, "grill")
    assert refused.value.field == "station"


def test_a_stations_all_ready_readies_its_lines_only(repos, tokens):
    diner = seated(repos, tokens)
    placed = order(repos, diner, ("pisco-sour", 1), ("lomo-saltado", 1))
    done = kitchen.set_order_status(repos, KITCHEN, placed.id, OrderStatus.READY, station="bar")
    assert [(line.menu_item_id, line.status) for line in done.lines] == \
        [("pisco-sour", LineStatus.READY), ("lomo-saltado", LineStatus.PENDING)]
    stored = repos.orders.get(placed.id)
    assert stored is not None and stored.status is OrderStatus.PREPARING
    with pytest.raises(IllegalTransition):  # nothing left for the bar on it
        kitchen.set_order_status(repos, KITCHEN, placed.id, OrderStatus.READY, station="bar")
    assert kitchen.set_order_status(repos, KITCHEN, placed.id, OrderStatus.READY, station="kitchen").status is OrderStatus.READY


def test_only_ready_is_done_per_station(repos, tokens):
    placed = order(repos, seated(repos, tokens), ("pisco-sour", 1))
    with pytest.raises(InvalidInput) as refused:
        kitchen.set_order_status(repos, MANAGER, placed.id, OrderStatus.SERVED, station="bar")
    assert refused.value.field == "station"


def test_staff_route_a_category_and_an_item_and_lines_already_ordered_stay_put(repos, tokens):
    diner = seated(repos, tokens)
    before = order(repos, diner, ("pisco-sour", 1), ("ceviche-clasico", 1))
    menus.update_category(repos, OWNER, DOWNTOWN, "cat_drinks", menus.CategoryChange(station_id="kitchen"))
    menus.update_item(repos, OWNER, DOWNTOWN, "ceviche-clasico", menus.ItemFields(station_id="bar"))
    after = order(repos, diner, ("pisco-sour", 1), ("ceviche-clasico", 1))
    assert [line.station_id for line in after.lines] == ["kitchen", "bar"]
    stored = repos.orders.get(before.id)
    assert stored is not None and [line.station_id for line in stored.lines] == ["bar", "kitchen"]
    # "" clears the item's own station: it follows its category again
    menus.update_item(repos, OWNER, DOWNTOWN, "ceviche-clasico", menus.ItemFields(station_id=""))
    _, menu = menus.staff_menu(repos, KITCHEN, DOWNTOWN)
    assert menu.item("ceviche-clasico").station_id == "kitchen" and menu.item("ceviche-clasico").station_override is None


def test_unknown_stations_on_categories_and_items_are_refused_and_nothing_changes(repos):
    with pytest.raises(InvalidInput) as refused:
        menus.update_category(repos, OWNER, DOWNTOWN, "cat_drinks", menus.CategoryChange(station_id="grill"))
    assert refused.value.field == "station"
    with pytest.raises(InvalidInput):
        menus.create_category(repos, OWNER, DOWNTOWN, "Parrilla", station_id="grill")
    with pytest.raises(InvalidInput):
        menus.update_item(repos, OWNER, DOWNTOWN, "pisco-sour", menus.ItemFields(station_id="grill", name="Renamed"))
    with pytest.raises(InvalidInput):
        menus.create_item(repos, OWNER, DOWNTOWN, menus.ItemFields(category_id="cat_drinks", name="X", price=1,
                                                                     station_id="grill"))
    assert repos.menu.get_item(CHAIN, "pisco-sour").name == "Pisco Sour"
    assert repos.menu.get_category(CHAIN, "cat_drinks").station_id == "bar"


def test_a_new_category_may_start_at_a_station(repos):
    category = menus.create_category(repos, OWNER, DOWNTOWN, "Cócteles", station_id="bar")
    assert repos.menu.get_category(CHAIN, category.id).station_id == "bar"


def test_owners_set_the_chains_stations_and_the_kitchen_may_not(repos):
    with pytest.raises(RoleNotAllowed):
        menus.set_stations(repos, KITCHEN, DOWNTOWN, [Station("kitchen", "Kitchen")])
    menus.set_stations(repos, OWNER, DOWNTOWN, [Station("kitchen", "Kitchen"), Station("bar", "Bar"),
                                                 Station("cold", "Cold side")])
    assert _stations(repos) == ["kitchen", "bar", "cold"]
    # the bar removed: the drinks fall back to the first station, and the bar is no longer a choice
    menus.set_stations(repos, OWNER, DOWNTOWN, [Station("kitchen", "Kitchen")])
    _, menu = menus.staff_menu(repos, KITCHEN, DOWNTOWN)
    assert menu.item("pisco-sour").station_id == "kitchen"
    with pytest.raises(InvalidInput):
        kitchen.all_day_counts(repos, KITCHEN, DOWNTOWN, "bar")
