// node --test tests/unit_js: the diner's pure core (cart, order state, routes), no browser.
import { test } from "node:test";
import assert from "node:assert/strict";

import {
  addToCart, cartCount, cartSubtotal, changeQuantity, emptyCart, orderBody, removeLine, repriceCart,
  reviveCart, setOrderNotes, unavailableLines, MAX_QUANTITY,
} from "../../static-site/js/diner/cart.js";
import {
  applyLineUpdate, applySessionUpdate, describeOrder, numberedOrders, openRequests, redirectFor, upsertOrder, upsertRequest,
} from "../../static-site/js/diner/orders.js";
import { parseRoute, pathFor } from "../../static-site/js/diner/router.js";

const ceviche = { id: "ceviche", name: "Ceviche", price: 3800, available: true };
const lomo = { id: "lomo", name: "Lomo", price: 4800, available: true };
const tacu = { id: "tacu", name: "Tacu Tacu", price: 3600, available: false };

test("adding the same dish with the same notes adds to its line; other notes make another line", () => {
  let cart = addToCart(emptyCart(), ceviche, 1, "No onions");
  cart = addToCart(cart, ceviche, 2, " No onions ");
  cart = addToCart(cart, ceviche, 1);
  assert.equal(cart.lines.length, 2);
  assert.equal(cart.lines[0].quantity, 3);
  assert.equal(cartCount(cart), 4);
  assert.equal(cartSubtotal(cart), 4 * 3800);
});

test("an unavailable dish is never added", () => {
  assert.deepEqual(addToCart(emptyCart(), tacu), emptyCart());
});

test("quantities stay between 1 and the maximum; remove is its own action", () => {
  let cart = addToCart(emptyCart(), lomo);
  const key = cart.lines[0].key;
  cart = changeQuantity(cart, key, -1);
  assert.equal(cart.lines[0].quantity, 1);
  cart = changeQuantity(cart, key, 500);
  assert.equal(cart.lines[0].quantity, MAX_QUANTITY);
  assert.equal(removeLine(cart, key).lines.length, 0);
});

test("the order body carries ids, quantities and notes only (prices come from the server)", () => {
  let cart = addToCart(addToCart(emptyCart(), ceviche, 2, "No onions"), lomo);
  cart = setOrderNotes(cart, "  Birthday  ");
  assert.deepEqual(orderBody(cart), {
    items: [{ menuItemId: "ceviche", quantity: 2, notes: "No onions" }, { menuItemId: "lomo", quantity: 1 }],
    notes: "Birthday",
  });
});

test("prices follow the menu and unavailable lines are flagged", () => {
  const cart = addToCart(addToCart(emptyCart(), ceviche), lomo);
  const menu = new Map([["ceviche", { ...ceviche, price: 4000 }], ["lomo", { ...lomo, available: false }]]);
  assert.equal(repriceCart(cart, menu).lines[0].unitPrice, 4000);
  assert.deepEqual([...unavailableLines(cart, menu)], [cart.lines[1].key]);
  assert.equal(repriceCart(cart, new Map([["ceviche", ceviche], ["lomo", lomo]])), cart);
});

test("a stored cart is revived defensively", () => {
  assert.deepEqual(reviveCart("nonsense"), emptyCart());
  const revived = reviveCart({ lines: [{ itemId: "x", name: "X", unitPrice: 100, quantity: "3" }, { itemId: 5 }], notes: 7 });
  assert.equal(revived.lines.length, 1);
  assert.equal(revived.lines[0].quantity, 3);
  assert.equal(revived.notes, "");
});

const order = (version, statuses, createdAt = "2026-01-01T10:00:00Z", id = "o1") => ({
  id, status: "pending", version, createdAt, notes: "", subtotal: 100, total: 100,
  items: statuses.map((status, i) => ({ id: `l${i}`, menuItemId: "m", name: ["Ceviche", "Lomo"][i], quantity: 1, unitPrice: 50, total: 50, notes: "", status })),
});
const session = () => ({ id: "s1", status: "active", participants: [], orders: [], requests: [], subtotal: 0, currency: "PEN" });

test("a line update applies, an older one is ignored, one version may move several lines", () => {
  let s = upsertOrder(session(), order(1, ["pending", "pending"]));
  s = applyLineUpdate(s, { orderId: "o1", lineId: "l0", status: "preparing", orderStatus: "preparing", version: 2 });
  s = applyLineUpdate(s, { orderId: "o1", lineId: "l1", status: "preparing", orderStatus: "preparing", version: 2 });
  assert.deepEqual(s.orders[0].items.map((l) => l.status), ["preparing", "preparing"]);
  s = applyLineUpdate(s, { orderId: "o1", lineId: "l0", status: "pending", orderStatus: "pending", version: 1 });
  assert.equal(s.orders[0].items[0].status, "preparing");
  assert.equal(s.orders[0].status, "preparing");
  assert.equal(upsertOrder(s, order(1, ["pending", "pending"])), s);
});

test("orders are described in words and numbered oldest first", () => {
  let s = upsertOrder(session(), order(1, ["ready", "preparing"]));
  s = upsertOrder(s, order(1, ["pending"], "2026-01-01T11:00:00Z", "o2"));
  assert.equal(describeOrder(s.orders[1], (w) => w), "Ceviche ready, Lomo preparing");
  assert.deepEqual(numberedOrders(s).map(({ order: o, number }) => [o.id, number]), [["o2", 2], ["o1", 1]]);
  assert.equal(s.subtotal, 200);
});

test("requests stay open until acknowledged, and never reopen from a late push", () => {
  let s = upsertRequest(session(), { id: "r1", kind: "waiter", status: "open", createdAt: "" });
  assert.deepEqual(openRequests(s), { waiter: true, bill: false });
  s = upsertRequest(s, { id: "r1", kind: "waiter", status: "acknowledged", createdAt: "" });
  s = upsertRequest(s, { id: "r1", kind: "waiter", status: "open", createdAt: "" });
  assert.deepEqual(openRequests(s), { waiter: false, bill: false });
});

test("a session never goes back to pending after it became active", () => {
  const s = { ...session(), status: "active" };
  assert.equal(applySessionUpdate(s, { id: "s1", status: "pending" }), s);
  assert.equal(applySessionUpdate(s, { id: "s1", status: "completed", endReason: "closed" }).status, "completed");
  assert.equal(applySessionUpdate(s, { id: "other", status: "completed" }), s);
});

test("diners are sent where their session allows", () => {
  assert.equal(redirectFor("menu", { hasToken: false }), "entry");
  assert.equal(redirectFor("entry", { hasToken: false }), null);
  assert.equal(redirectFor("status", { hasToken: true, status: "pending" }), "waiting");
  for (const page of ["menu", "item", "cart"]) assert.equal(redirectFor(page, { hasToken: true, status: "pending" }), null); // browsing while staff confirm
  assert.equal(redirectFor("waiting", { hasToken: true, status: "active" }), "menu");
  assert.equal(redirectFor("status", { hasToken: true, status: "active" }), null);
  assert.equal(redirectFor("menu", { hasToken: true, status: "completed", endReason: "rejected" }), "waiting");
  assert.equal(redirectFor("menu", { hasToken: true, status: "completed", endReason: "closed" }), "entry");
});

test("a phone that asked to join waits on the waiting page until the table answers, and sees nothing else", () => {
  for (const page of ["entry", "menu", "cart", "status", "profile"]) assert.equal(redirectFor(page, { hasToken: false, joining: true }), "waiting");
  assert.equal(redirectFor("waiting", { hasToken: false, joining: true }), null);
  assert.equal(redirectFor("waiting", { hasToken: false }), "entry");
});

test("the fixed URLs parse and format both ways", () => {
  assert.deepEqual(parseRoute("/"), { page: "landing", slug: "", code: "" });
  assert.deepEqual(parseRoute("/downtown-lima/T12"), { page: "entry", slug: "downtown-lima", code: "T12" });
  assert.deepEqual(parseRoute("/downtown-lima/T12/menu/ceviche-clasico"),
    { page: "item", slug: "downtown-lima", code: "T12", itemId: "ceviche-clasico" });
  assert.equal(parseRoute("/downtown-lima/T12/status/").page, "status");
  assert.equal(parseRoute("/downtown-lima/T12/nope").page, "notFound");
  assert.equal(parseRoute("/downtown-lima").page, "notFound");
  assert.equal(parseRoute("/a/%E0%A4%A").page, "notFound");
  const table = { slug: "downtown-lima", code: "T12" };
  for (const page of ["entry", "waiting", "menu", "cart", "status", "profile"]) {
    assert.equal(parseRoute(pathFor(table, page)).page, page);
  }
  assert.equal(pathFor(table, "item", "a b"), "/downtown-lima/T12/menu/a%20b");
});

test("a slow snapshot does not undo what a push already said", async () => {
  const { mergeSnapshot } = await import("../../static-site/js/diner/orders.js");
  let held = upsertOrder(session(), order(1, ["pending"]));
  held = applyLineUpdate(held, { orderId: "o1", lineId: "l0", status: "ready", orderStatus: "ready", version: 3 });
  held = upsertRequest(held, { id: "r1", kind: "bill", status: "acknowledged", createdAt: "" });
  const stale = { ...session(), orders: [order(2, ["preparing"])], requests: [{ id: "r1", kind: "bill", status: "open", createdAt: "" }] };
  const merged = mergeSnapshot(held, stale);
  assert.equal(merged.orders[0].items[0].status, "ready");
  assert.deepEqual(openRequests(merged), { waiter: false, bill: false });
  const newer = { ...session(), orders: [order(4, ["served"])], requests: [] };
  assert.equal(mergeSnapshot(held, newer).orders[0].items[0].status, "served");
});
