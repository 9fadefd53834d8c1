// node --test tests/unit_js: what a screen does with a retried stream batch. When one record of
// a batch fails, Lambda delivers it again together with every record after it, so screens get
// some messages twice, and a late repeat can arrive after a newer version. Each screen's core
// must show every order once, at its newest version. (The e2e test
// tests/e2e/test_faults.py shows the server side: repeats carry the same version.)
import { test } from "node:test";
import assert from "node:assert/strict";

import { applyLineUpdate, describeOrder, lineNews, upsertOrder } from "../../static-site/js/diner/orders.js";
import { applyMessage, floorFromSnapshot } from "../../static-site/js/staff/floor.js";
import { ticketsOf } from "../../static-site/js/kitchen/tickets.js";

const line = (id, status) => ({ id, menuItemId: id, name: `Dish ${id}`, quantity: 1, unitPrice: 100, total: 100, notes: "", status });
const order = (id, version, status, lines) => ({
  id, sessionId: "s1", tableCode: "T1", status, version, items: lines, notes: "", subtotal: 200, total: 200,
  createdAt: `2026-11-29T20:0${id.slice(-1)}:00Z`,
});
const itemUpdate = (orderId, lineId, status, orderStatus, version) => ({
  type: "order.item.updated", data: { orderId, sessionId: "s1", lineId, status, orderStatus, version },
});

// Order A: created (v1), then the cook starts line a1 (v2: order.updated + order.item.updated).
// Order B: created (v1). The batch [A v1, A v2, B v1] fails at A v2 and is delivered again from
// there; a copy of A's creation is also late.
const A1 = { type: "order.created", data: order("oA", 1, "pending", [line("a1", "pending"), line("a2", "pending")]) };
const A2 = { type: "order.updated", data: order("oA", 2, "preparing", [line("a1", "preparing"), line("a2", "pending")]) };
const A2line = itemUpdate("oA", "a1", "preparing", "preparing", 2);
const B1 = { type: "order.created", data: order("oB", 1, "pending", [line("b1", "pending"), line("b2", "pending")]) };
const delivered = [A1, A2, A2line, B1, /* retried from A v2: */ A2, A2line, B1, /* late: */ A1];

test("the diner's status page keeps one copy of each order, at its newest version", () => {
  let session = { id: "s1", status: "active", orders: [], requests: [], subtotal: 0 };
  for (const { type, data } of delivered) {
    session = type === "order.item.updated" ? applyLineUpdate(session, data) : upsertOrder(session, data);
  }
  assert.deepEqual(session.orders.map((o) => [o.id, o.version]).sort(), [["oA", 2], ["oB", 1]]);
  const a = session.orders.find((o) => o.id === "oA");
  assert.deepEqual(a.items.map((l) => l.status), ["preparing", "pending"]);
  assert.equal(session.subtotal, 400);
  assert.equal(describeOrder(a, (status) => status), "Dish a1 preparing, Dish a2 pending");
});

test("the floor and the kitchen board show each ticket once, at its newest version", () => {
  let floor = floorFromSnapshot({ tables: [{ code: "T1", label: "Table 1", session: null, pendingSession: null, requests: [] }] },
    { orders: [] });
  for (const message of delivered) floor = applyMessage(floor, message);
  const tickets = ticketsOf(floor.orders);
  assert.deepEqual(tickets.map((o) => [o.id, o.version]), [["oA", 2], ["oB", 1]]);
  assert.equal(tickets[0].items[0].status, "preparing");
});

test("a line's state is announced once however often its push is repeated", () => {
  const news = lineNews();
  const announced = delivered.filter((m) => m.type === "order.item.updated").filter(({ data }) => news(data));
  assert.equal(announced.length, 1);
  // a later change of the same line is news again; an older one is not
  assert.equal(news({ orderId: "oA", lineId: "a1", version: 3 }), true);
  assert.equal(news({ orderId: "oA", lineId: "a1", version: 2 }), false);
  // lines moved together by one version are each news
  assert.equal(news({ orderId: "oA", lineId: "a2", version: 3 }), true);
});
