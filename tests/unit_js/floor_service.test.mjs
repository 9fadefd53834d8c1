// node --test tests/unit_js: who ordered what (diner), a moved session on the floor, held orders off the kitchen board.
import { test } from "node:test";
import assert from "node:assert/strict";

import { splitByPerson } from "../../static-site/js/diner/orders.js";
import { applyMessage, applyRequest, applySession, freeTables } from "../../static-site/js/staff/floor.js";
import { isOnBoard } from "../../static-site/js/kitchen/tickets.js";
import { toMinor, toPortions } from "../../static-site/js/staff/order-safety.js";

const line = (id, total, status = "pending") => ({ id, menuItemId: id, name: id, quantity: 1, unitPrice: total, total, notes: "", status });
const order = (id, customerId, orderedBy, createdAt, items, extra = {}) =>
  ({ id, status: "pending", items, subtotal: 0, total: 0, notes: "", createdAt, customerId, orderedBy, version: 1, ...extra });

test("the split groups billable lines by person in the order they first ordered, a subtotal each", () => {
  const session = { orders: [
    order("o3", "ana", "Ana", "2024-01-01T19:30:00Z", [line("pisco", 1800)]),
    order("o2", "luis", "Luis", "2024-01-01T19:20:00Z", [line("lomo", 4800), line("chicha", 900, "cancelled")]),
    order("o1", "ana", "Ana", "2024-01-01T19:10:00Z", [line("ceviche", 3800)]),
    order("o4", "", "", "2024-01-01T19:40:00Z", [line("bread", 500)], { addedByStaff: true }),
    order("o5", "luis", "Luis", "2024-01-01T19:50:00Z", [line("x", 100, "cancelled")], { status: "cancelled" }),
  ] };
  const shares = splitByPerson(/** @type {any} */ (session));
  assert.deepEqual(shares.map((s) => [s.key, s.name, s.subtotal, s.lines.length]),
    [["ana", "Ana", 5600, 2], ["luis", "Luis", 4800, 1], ["", "", 500, 1]]);
});

const table = (code, session = null) => ({ code, label: code, seats: null, session, pendingSession: null, requests: [] });

test("a moved session leaves its old table (free again) with its requests, and sits at the new one", () => {
  const session = { id: "s1", status: "active", startedAt: "t", participants: [], tableCode: "T12", version: 2 };
  const request = { id: "r1", kind: "waiter", status: "open", sessionId: "s1", tableCode: "T12", createdAt: "t", version: 1 };
  let floor = { tables: [table("T12", session), table("T31"), table("T32")], orders: [], versions: {} };
  floor = applyRequest(floor, request);
  floor = applyMessage(floor, { type: "session.updated", data: { ...session, tableCode: "T31", version: 3 } });
  floor = applyRequest(floor, { ...request, tableCode: "T31" });
  const [t12, t31] = floor.tables;
  assert.equal(t12.session, null);
  assert.deepEqual(t12.requests, []);
  assert.equal(t31.session?.id, "s1");
  assert.deepEqual(t31.requests.map((r) => r.id), ["r1"]);
  assert.deepEqual(freeTables(floor).map((t) => t.code), ["T12", "T32"]);
  // a late copy of the old position does not move it back
  assert.equal(applySession(floor, session), floor);
});

test("an order waiting for staff approval is not on the kitchen's board until accepted", () => {
  const held = order("o1", "ana", "Ana", "t", [line("lomo", 4800)], { awaitingApproval: true });
  assert.equal(isOnBoard(held), false);
  assert.equal(isOnBoard({ ...held, awaitingApproval: false, status: "accepted" }), true);
});

test("amounts typed by managers become minor units; empty is no rule; nonsense is refused", () => {
  assert.equal(toMinor("150"), 15000);
  assert.equal(toMinor(" 150,5 "), 15050);
  assert.equal(toMinor(""), null);
  assert.ok(Number.isNaN(toMinor("-3")));
  assert.ok(Number.isNaN(toMinor("12.345")));
});

test("the portions rule reads whole portions from 1 to 50; empty switches it off", () => {
  assert.deepEqual(["20", " 8 ", "", "1", "50"].map(toPortions), [20, 8, null, 1, 50]);
  for (const bad of ["0", "51", "2.5", "many", "-3", "1e1"]) assert.ok(Number.isNaN(toPortions(bad)), bad);
});
