"""Kitchen stations (issue 16): where each dish is routed, kept on the line when ordered, and what a
station's screen counts and finishes."""
from __future__ import annotations

import pytest

from chalicelib.domain.errors import IllegalTransition, InvalidInput, OrderAwaitingApproval
from chalicelib.domain.menu import BranchMenu, Category, MenuItem
from chalicelib.domain.orders import AllDayCount, LineRequest, LineStatus, Order, OrderLine, OrderStatus, count_to_cook
from chalicelib.domain.stations import (
    DEFAULT_STATION,
    Station,
    check_station,
    check_station_list,
    route_to_station,
)

KITCHEN, BAR, COLD = Station("kitchen", "Kitchen"), Station("bar", "Bar"), Station("cold", "Cold side")
AT = "2026-12-01T21:00:00.000Z"
L, O = LineStatus, OrderStatus


def a_menu(stations: list[Station], categories: list[Category], items: list[MenuItem]) -> BranchMenu:
    return BranchMenu.compose("br", "PEN", categories, items, [], stations=stations)


def category(category_id: str, station: str | None = None) -> Category:
    return Category(id=category_id, chain_id="ch", name=category_id.title(), station_id=station)


def item(item_id: str, category_id: str, station: str | None = None) -> MenuItem:
    return MenuItem(id=item_id, chain_id="ch", category_id=category_id, name=item_id.replace("-", " ").title(),
                    description="", price=1000, station_id=station)


# -- routing ---------------------------------------------------------------------------------
def test_a_chain_with_no_stations_routes_everything_to_one_kitchen():
    menu = a_menu([], [category("drinks")], [item("pisco-sour", "drinks")])
    assert menu.stations == [DEFAULT_STATION]
    assert menu.item("pisco-sour").station_id == "kitchen"


def test_a_category_routes_its_items_and_an_item_may_override_it():
    menu = a_menu([KITCHEN, BAR, COLD], [category("drinks", "bar"), category("mains")],
                  [item("pisco-sour", "drinks"), item("lomo-saltado", "mains"), item("ceviche", "mains", station="cold")])
    assert {i.id: i.station_id for i in menu.items} == {"pisco-sour": "bar", "lomo-saltado": "kitchen", "ceviche": "cold"}
    assert menu.category_stations == {"drinks": "bar", "mains": "kitchen"}
    assert menu.item("ceviche").station_override == "cold" and menu.item("pisco-sour").station_override is None


def test_a_station_removed_since_falls_through_to_the_category_then_the_first_station():
    assert route_to_station([KITCHEN, BAR], "cold", "bar") == "bar"
    assert route_to_station([KITCHEN, BAR], "cold", "grill") == "kitchen"
    assert route_to_station([BAR, KITCHEN], None, None) == "bar"


def test_order_lines_keep_the_station_they_were_routed_to_when_ordered():
    categories = [category("drinks", "bar"), category("mains")]
    items = [item("pisco-sour", "drinks"), item("lomo-saltado", "mains")]
    ids = iter(["l1", "l2", "l3"])
    lines = a_menu([KITCHEN, BAR], categories, items).price_lines(
        [LineRequest("pisco-sour", 2), LineRequest("lomo-saltado", 1)], lambda: next(ids))
    assert [(line.menu_item_id, line.station_id) for line in lines] == [("pisco-sour", "bar"), ("lomo-saltado", "kitchen")]
    # a later menu edit (drinks to the kitchen) routes new lines there, not the ones already ordered
    categories[0].station_id = "kitchen"
    again = a_menu([KITCHEN, BAR], categories, items).price_lines([LineRequest("pisco-sour", 1)], lambda: next(ids))
    assert again[0].station_id == "kitchen" and lines[0].station_id == "bar"


def test_the_menu_version_changes_when_a_category_moves_station():
    before = a_menu([KITCHEN, BAR], [category("drinks")], [item("pisco-sour", "drinks")]).version_tag()
    after = a_menu([KITCHEN, BAR], [category("drinks", "bar")], [item("pisco-sour", "drinks")]).version_tag()
    assert before != after


# -- checks ----------------------------------------------------------------------------------
def test_an_unknown_station_is_refused_naming_the_field():
    assert check_station([KITCHEN, BAR], "bar", "station") == "bar"
    assert check_station([], "kitchen", "station") == "kitchen"  # the default one
    with pytest.raises(InvalidInput) as refused:
        check_station([KITCHEN, BAR], "grill", "station")
    assert refused.value.field == "station" and "grill" in refused.value.message


@pytest.mark.parametrize(("stations", "field"), [
    ([], "stations"),
    ([Station(f"s{n}", "S") for n in range(13)], "stations"),
    ([Station("Bar", "Bar")], "stations[0].id"),
    ([KITCHEN, Station("kitchen", "Again")], "stations[1].id"),
    ([KITCHEN, Station("bar", "   ")], "stations[1].name"),
    ([Station("bar", "B" * 41)], "stations[0].name"),
])
def test_a_bad_list_of_stations_is_refused_naming_the_field(stations, field):
    with pytest.raises(InvalidInput) as refused:
        check_station_list(stations)
    assert refused.value.field == field


def test_station_names_are_tidied():
    assert check_station_list([Station("bar", "  Bar   de  pisco ")]) == [Station("bar", "Bar de pisco")]


# -- a station's screen ----------------------------------------------------------------------
def line(line_id: str, station: str, status: LineStatus = L.PENDING, quantity: int = 1) -> OrderLine:
    return OrderLine(id=line_id, menu_item_id=line_id, name=line_id.replace("-", " ").title(), quantity=quantity,
                     unit_price=1000, status=status, station_id=station)


def an_order(*lines: OrderLine, status: OrderStatus = O.ACCEPTED, held: bool = False) -> Order:
    return Order(id="o1", session_id="ses", branch_id="br", table_code="T1", customer_id="c", customer_name="Ana",
                 currency="PEN", lines=list(lines), created_at=AT, updated_at=AT, status=status, awaiting_approval=held)


def test_a_bar_line_is_not_counted_on_the_kitchen_all_day():
    orders = [an_order(line("pisco-sour", "bar", quantity=2), line("lomo-saltado", "kitchen"))]
    assert count_to_cook(orders, station="kitchen") == [AllDayCount("lomo-saltado", "Lomo Saltado", 1)]
    assert count_to_cook(orders, station="bar") == [AllDayCount("pisco-sour", "Pisco Sour", 2)]
    assert len(count_to_cook(orders)) == 2  # expo counts everything


def test_a_station_all_ready_readies_only_its_own_lines():
    order = an_order(line("pisco-sour", "bar"), line("chilcano", "bar", L.PREPARING), line("lomo-saltado", "kitchen"))
    order.finish_station("bar", AT)
    assert [(ln.id, ln.status) for ln in order.lines] == [
        ("pisco-sour", L.READY), ("chilcano", L.READY), ("lomo-saltado", L.PENDING)]
    assert order.status is O.PREPARING
    assert order.lines[0].ready_at == AT and order.lines[2].ready_at is None
    order.finish_station("kitchen", AT)
    assert order.status is O.READY


def test_a_station_with_nothing_left_to_cook_on_the_order_cannot_finish_it():
    with pytest.raises(IllegalTransition):
        an_order(line("pisco-sour", "bar", L.READY), line("lomo-saltado", "kitchen")).finish_station("bar", AT)
    with pytest.raises(IllegalTransition):
        an_order(line("lomo-saltado", "kitchen")).finish_station("grill", AT)
    with pytest.raises(OrderAwaitingApproval):
        an_order(line("pisco-sour", "bar"), status=O.PENDING, held=True).finish_station("bar", AT)


def test_a_station_finishes_an_order_the_floor_has_not_accepted_yet():
    order = an_order(line("pisco-sour", "bar"), status=O.PENDING)
    order.finish_station("bar", AT)
    assert order.status is O.READY


def test_lines_stored_before_stations_are_the_kitchens():
    assert OrderLine(id="l", menu_item_id="m", name="M", quantity=1, unit_price=1).station_id == DEFAULT_STATION.id
