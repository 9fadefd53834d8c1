"""All-day counts (issue 16): what is still to cook across the open tickets, per dish."""
from __future__ import annotations

from chalicelib.domain.orders import AllDayCount, LineStatus, Order, OrderLine, OrderStatus, count_to_cook

L, O = LineStatus, OrderStatus
AT = "2026-12-01T21:00:00.000Z"


def line(item: str, quantity: int, status: LineStatus = L.PENDING, category: str = "cat_main-course") -> OrderLine:
    name = item.replace("-", " ").title()
    return OrderLine(id=f"ln_{item}_{status}", menu_item_id=item, name=name, quantity=quantity, unit_price=1000,
                     status=status, category_id=category)


def an_order(order_id: str, *lines: OrderLine, status: OrderStatus = O.ACCEPTED, held: bool = False) -> Order:
    return Order(id=order_id, session_id="ses", branch_id="br_downtown-lima", table_code="T1", customer_id="c",
                 customer_name="Ana", currency="PEN", lines=list(lines), created_at=AT, updated_at=AT,
                 status=status, awaiting_approval=held)


def test_dishes_to_do_or_preparing_are_summed_across_tickets_most_first():
    orders = [
        an_order("o1", line("lomo-saltado", 2), line("anticuchos", 1, L.PREPARING)),
        an_order("o2", line("lomo-saltado", 3, L.PREPARING), line("anticuchos", 2)),
        an_order("o3", line("ceviche-clasico", 1)),
    ]
    assert count_to_cook(orders) == [AllDayCount("lomo-saltado", "Lomo Saltado", 5),
                                      AllDayCount("anticuchos", "Anticuchos", 3),
                                      AllDayCount("ceviche-clasico", "Ceviche Clasico", 1)]


def test_ready_served_and_cancelled_lines_are_not_to_cook():
    orders = [an_order("o1", line("lomo-saltado", 2, L.READY), line("anticuchos", 1, L.SERVED),
                       line("picarones", 4, L.CANCELLED), line("tacu-tacu", 1))]
    assert count_to_cook(orders) == [AllDayCount("tacu-tacu", "Tacu Tacu", 1)]


def test_orders_held_for_approval_or_closed_are_left_out():
    orders = [an_order("o1", line("lomo-saltado", 9), held=True, status=O.PENDING),
              an_order("o2", line("lomo-saltado", 9, L.CANCELLED), status=O.CANCELLED),
              an_order("o3", line("lomo-saltado", 1))]
    assert count_to_cook(orders) == [AllDayCount("lomo-saltado", "Lomo Saltado", 1)]


def test_equal_counts_read_by_name_and_nothing_open_is_an_empty_list():
    orders = [an_order("o1", line("tacu-tacu", 2), line("aji-de-gallina", 2))]
    assert [c.menu_item_id for c in count_to_cook(orders)] == ["aji-de-gallina", "tacu-tacu"]
    assert count_to_cook([]) == []


def test_a_station_sees_only_its_categories():
    orders = [an_order("o1", line("lomo-saltado", 2), line("pisco-sour", 3, category="cat_drinks"))]
    assert count_to_cook(orders, frozenset({"cat_drinks"})) == [AllDayCount("pisco-sour", "Pisco Sour", 3)]
