"""All-day counts over HTTP (issue 16): GET /staff/branches/{id}/all-day-counts, on the caller's
branches only. The counting itself is proven on the domain: tests/unit/test_all_day_counts.py."""
from __future__ import annotations

COUNTS = "/staff/branches/br_downtown-lima/all-day-counts"


def test_the_kitchen_reads_what_is_still_to_cook_per_dish(api):
    first, second = api.seated_diner(code="T38"), api.seated_diner(code="T39", name="Luis")
    for diner, items in ((first, [("lomo-saltado", 2), ("anticuchos", 1)]), (second, [("lomo-saltado", 3)])):
        reply = api.post("/session/orders", {"items": [{"menuItemId": i, "quantity": q} for i, q in items]},
                         token=diner["token"])
        assert reply.status == 201, reply.body
    kitchen = api.login("kitchen@downtown.demo.comanda")

    reply = api.get(COUNTS, token=kitchen)

    assert reply.status == 200, reply.body
    assert reply.body["counts"] == [{"menuItemId": "lomo-saltado", "name": "Lomo Saltado", "quantity": 5},
                                    {"menuItemId": "anticuchos", "name": "Anticuchos", "quantity": 1}]


def test_another_branch_s_counts_are_not_found_and_a_token_is_needed(api):
    outsider = api.login("waiter@miraflores.demo.comanda")
    assert api.get(COUNTS, token=outsider).status == 404
    assert api.get(COUNTS).status == 401
