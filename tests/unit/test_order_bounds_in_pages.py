"""The pages repeat the server's order bounds (no build step to share them): they must agree."""
from __future__ import annotations

import re
from pathlib import Path

from chalicelib.domain.orders import MAX_ORDER_PORTIONS, MAX_QUANTITY

SITE = Path(__file__).resolve().parents[2] / "static-site" / "js"


def _constant(path: str, name: str) -> int:
    found = re.search(rf"export const {name} = (\d+);", (SITE / path).read_text())
    assert found, f"{name} not in {path}"
    return int(found.group(1))


def test_the_diner_cart_and_the_order_safety_form_use_the_server_s_bounds():
    assert _constant("diner/cart.js", "MAX_QUANTITY") == MAX_QUANTITY
    assert _constant("diner/cart.js", "MAX_ORDER_PORTIONS") == MAX_ORDER_PORTIONS
    assert _constant("staff/order-safety.js", "MAX_ORDER_PORTIONS") == MAX_ORDER_PORTIONS
