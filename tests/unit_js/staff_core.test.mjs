// node --test tests/unit_js: the staff pages' and kitchen display's pure core, no browser.
import { test } from "node:test";
import assert from "node:assert/strict";

import {
  applyMessage, arrivals, feedOf, floorFromSnapshot, joinsAt, mergeSnapshot, openOrdersOf, tableState,
} from "../../static-site/js/staff/floor.js";
import { hasLinesToCook, isOnBoard, nextLineStatus, progressOf, ticketsOf } from "../../static-site/js/kitchen/tickets.js";
import { parsePrice, parseTags, priceInput } from "../../static-site/js/staff/menu-forms.js";
import { isExpired, readClaims } from "../../static-site/js/staff/auth-store.js";
import { holds, mayOpen, menuRights } from "../../static-site/js/staff/rights.js";
import { minutesSince, urgency } from "../../static-site/js/staff/elapsed.js";

const session = (id, status, tableCode, extra = {}) => ({
  id, status, tableCode, startedAt: "2026-11-29T20:00:00Z", participants: [{ name: "Ana" }], ...extra,
});
const line = (id, status, extra = {}) => ({ id, name: `Dish ${id}`, quantity: 1, notes: "", status, ...extra });
const order = (id, status, tableCode, sessionId, items, extra = {}) => ({
  id, status, tableCode, sessionId, items, notes: "", createdAt: "2026-11-29T20:05:00Z", version: 1, ...extra,
});
const table = (code, extra = {}) => ({ code, label: `Table ${code.slice(1)}`, session: null, pendingSession: null, requests: [], ...extra });

function floorWith(tables, orders = []) {
  return floorFromSnapshot({ tables }, { orders });
}

// -- the floor --------------------------------------------------------------------------------
test("a table's state: pending before anything, then free, seated, or bill requested", () => {
  const seated = session("s1", "active", "T1");
  assert.equal(tableState(table("T1")), "free");
  assert.equal(tableState(table("T1", { pendingSession: session("s2", "pending", "T1"), session: seated })), "pending");
  assert.equal(tableState(table("T1", { session: seated })), "active");
  const bill = { id: "r1", kind: "bill", status: "open", sessionId: "s1", tableCode: "T1", createdAt: "2026-11-29T20:10:00Z" };
  assert.equal(tableState(table("T1", { session: seated, requests: [bill] })), "bill_requested");
});

test("a registration pushed to the floor becomes a table to approve on the feed, and approval takes it off", () => {
  let floor = floorWith([table("T1"), table("T2")]);
  const before = feedOf(floor);
  floor = applyMessage(floor, { type: "session.updated", data: session("s1", "pending", "T2", { version: 1 }) });
  const feed = feedOf(floor);
  assert.deepEqual(feed.map((item) => [item.kind, item.tableLabel]), [["session", "Table 2"]]);
  assert.deepEqual(arrivals(before, feed).map((item) => item.key), ["session:s1"]);

  floor = applyMessage(floor, { type: "session.updated", data: session("s1", "active", "T2", { version: 2 }) });
  assert.equal(feedOf(floor).length, 0);
  assert.equal(tableState(floor.tables[1]), "active");
});

test("a repeated or late push never moves the floor backwards", () => {
  let floor = floorWith([table("T1")]);
  floor = applyMessage(floor, { type: "session.updated", data: session("s1", "active", "T1", { version: 2 }) });
  floor = applyMessage(floor, { type: "session.updated", data: session("s1", "pending", "T1", { version: 1 }) });
  assert.equal(tableState(floor.tables[0]), "active");

  floor = applyMessage(floor, { type: "order.updated", data: order("o1", "served", "T1", "s1", [line("l1", "served")], { version: 4 }) });
  floor = applyMessage(floor, { type: "order.updated", data: order("o1", "ready", "T1", "s1", [line("l1", "ready")], { version: 3 }) });
  assert.deepEqual(floor.orders, [], "a served order does not come back");
});

test("a snapshot read while pushes arrive keeps what the pushes already said", () => {
  let floor = floorWith([table("T1")]);
  floor = applyMessage(floor, { type: "order.updated", data: order("o1", "served", "T1", "s1", [line("l1", "served")], { version: 5 }) });
  const stale = floorWith([table("T1")], [order("o1", "ready", "T1", "s1", [line("l1", "ready")], { version: 4 })]);
  assert.deepEqual(mergeSnapshot(floor, stale).orders, []);
});

test("the feed lists new orders to accept, ready orders to serve and requests, longest wait first", () => {
  const seated = session("s1", "active", "T1");
  const call = { id: "r1", kind: "waiter", status: "open", sessionId: "s1", tableCode: "T1", createdAt: "2026-11-29T20:01:00Z" };
  let floor = floorWith([table("T1", { session: seated, requests: [call] })], [
    order("o1", "pending", "T1", "s1", [line("l1", "pending")], { createdAt: "2026-11-29T20:03:00Z" }),
    order("o2", "ready", "T1", "s1", [line("l2", "ready")], { createdAt: "2026-11-29T19:50:00Z", updatedAt: "2026-11-29T20:02:00Z" }),
    order("o3", "preparing", "T1", "s1", [line("l3", "preparing")]),
  ]);
  assert.deepEqual(feedOf(floor).map((item) => item.key), ["request:r1", "ready:o2", "order:o1"]);
  assert.equal(openOrdersOf(floor, floor.tables[0]).length, 3);

  floor = applyMessage(floor, { type: "request.updated", data: { ...call, status: "acknowledged", version: 2 } });
  assert.deepEqual(feedOf(floor).map((item) => item.key), ["ready:o2", "order:o1"]);
});

test("a phone asking to join is on the feed and its table until it is answered, and an answer is never undone", () => {
  const join = { id: "j1", name: "Luis", tableCode: "T1", sessionId: "s1", createdAt: "2026-11-29T20:01:00Z" };
  let floor = floorWith([table("T1", { session: session("s1", "active", "T1") })]);
  floor = applyMessage(floor, { type: "join.requested", data: join });
  floor = applyMessage(floor, { type: "join.requested", data: join }); // a repeated push
  assert.deepEqual(feedOf(floor).map((item) => [item.key, item.kind, item.tableLabel]), [["join:j1", "join", "Table 1"]]);
  assert.deepEqual(joinsAt(floor, "T1").map((j) => j.name), ["Luis"]);
  floor = applyMessage(floor, { type: "join.updated", data: { id: "j1", status: "allowed", tableCode: "T1", decidedBy: "diner" } });
  assert.deepEqual(feedOf(floor), []);
  // a late push, and a snapshot read before the answer, do not bring it back
  floor = applyMessage(floor, { type: "join.requested", data: join });
  floor = mergeSnapshot(floor, floorFromSnapshot({ tables: [table("T1")] }, { orders: [] }, { joinRequests: [join] }));
  assert.deepEqual(joinsAt(floor, "T1"), []);
  // a snapshot lists the waiting ones of other tables
  floor = mergeSnapshot(floor, floorFromSnapshot({ tables: [table("T1"), table("T2")] }, { orders: [] },
    { joinRequests: [{ ...join, id: "j2", tableCode: "T2" }] }));
  assert.deepEqual(feedOf(floor).map((item) => item.key), ["join:j2"]);
});

test("closing a session frees its table and drops its requests", () => {
  const seated = session("s1", "active", "T1");
  const bill = { id: "r1", kind: "bill", status: "open", sessionId: "s1", tableCode: "T1", createdAt: "2026-11-29T20:01:00Z" };
  let floor = floorWith([table("T1", { session: seated, requests: [bill] })]);
  floor = applyMessage(floor, { type: "session.updated", data: { ...seated, status: "completed", version: 3 } });
  assert.equal(tableState(floor.tables[0]), "free");
  assert.deepEqual(floor.tables[0].requests, []);
});

test("a new pending session at a seated table says so on the feed", () => {
  const floor = floorWith([table("T1", { session: session("s1", "active", "T1"), pendingSession: session("s2", "pending", "T1") })]);
  assert.equal(feedOf(floor)[0].tableHasActiveSession, true);
});

// -- the kitchen display ----------------------------------------------------------------------
test("a cook's tap moves a line pending -> preparing -> ready, and no further", () => {
  assert.equal(nextLineStatus(line("a", "pending")), "preparing");
  assert.equal(nextLineStatus(line("a", "preparing")), "ready");
  assert.equal(nextLineStatus(line("a", "ready")), null);
  assert.equal(nextLineStatus(line("a", "cancelled")), null);
});

test("tickets are the open orders, oldest first; one leaves when all its lines are served or cancelled", () => {
  const older = order("o1", "preparing", "T1", "s1", [line("a", "preparing")], { createdAt: "2026-11-29T20:00:00Z" });
  const newer = order("o2", "pending", "T2", "s2", [line("b", "pending")], { createdAt: "2026-11-29T20:09:00Z" });
  const done = order("o3", "ready", "T3", "s3", [line("c", "served"), line("d", "cancelled")]);
  assert.deepEqual(ticketsOf([newer, done, older]).map((o) => o.id), ["o1", "o2"]);
  assert.equal(isOnBoard(order("o4", "served", "T1", "s1", [line("e", "served")])), false);
});

test("a ticket's progress counts ready and served lines of those not cancelled", () => {
  const ticket = order("o1", "preparing", "T1", "s1", [line("a", "ready"), line("b", "served"), line("c", "preparing"), line("d", "cancelled")]);
  assert.deepEqual(progressOf(ticket), { ready: 2, total: 3 });
  assert.equal(hasLinesToCook(ticket), true);
});

test("kitchen times turn amber at 10 minutes and red at 20; the floor's at 5 and 10", () => {
  const start = "2026-11-29T20:00:00Z";
  assert.equal(minutesSince(start, Date.parse("2026-11-29T20:12:30Z")), 12);
  assert.equal(urgency(12, { waiting: 10, late: 20 }), "waiting");
  assert.equal(urgency(12), "late");
  assert.equal(minutesSince(start, Date.parse("2026-11-29T19:00:00Z")), 0);
});

// -- menu forms and sign-in ---------------------------------------------------------------------
test("prices are typed in the currency's units and sent in minor units", () => {
  assert.equal(parsePrice("38.5", "PEN"), 3850);
  assert.equal(parsePrice("38,50", "PEN"), 3850);
  assert.equal(parsePrice("12", "PEN"), 1200);
  assert.equal(parsePrice("1500", "JPY"), 1500);
  for (const bad of ["", "abc", "-3", "3.999", "1e3"]) assert.equal(parsePrice(bad, "PEN"), null, bad);
  assert.equal(priceInput(3850, "PEN"), "38.50");
});

test("tags are a trimmed list without repeats", () => {
  assert.deepEqual(parseTags(" spicy, Vegan,,spicy , gluten-free "), ["spicy", "Vegan", "gluten-free"]);
});

test("a staff token's claims are read for the expiry and the role; a diner token is not a staff sign-in", () => {
  const encode = (claims) => `h.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.s`;
  const claims = readClaims(encode({ typ: "staff", role: "kitchen", branches: ["b"], exp: 2000000000, sub: "x" }));
  assert.equal(claims.role, "kitchen");
  assert.equal(isExpired(claims, Date.parse("2026-11-29T20:00:00Z")), false);
  assert.equal(isExpired({ ...claims, exp: 1 }), true);
  assert.equal(readClaims(encode({ typ: "diner", exp: 2000000000 })), null);
  assert.equal(readClaims("garbage"), null);
});

// The permissions each demo account's sign-in answers (tests/integration/test_staff_permissions.py).
const FLOOR = ["view_floor", "manage_sessions", "view_orders", "update_orders", "bump_lines", "ack_requests"];
const MANAGING = ["set_availability", "edit_menu", "pause_kitchen", "set_schedules", "edit_branch_settings",
  "take_orders", "approve_held_orders", "edit_order_safety"];
const SIGNED_IN = {
  kitchen: { permissions: ["view_orders", "update_orders", "bump_lines", "set_availability", "pause_kitchen"] },
  waiter: { permissions: [...FLOOR, "take_orders", "approve_held_orders"] },
  manager: { permissions: [...FLOOR, ...MANAGING] },
  managerOfEveryBranch: { permissions: [...FLOOR, ...MANAGING, "edit_catalogue"] },
};
const PAGES = ["pos", "tables", "menu", "qr", "kitchen"];

test("a kitchen account opens only the kitchen display; waiters get no menu management", () => {
  assert.deepEqual(PAGES.filter((page) => mayOpen(SIGNED_IN.kitchen, page)), ["kitchen"]);
  assert.deepEqual(PAGES.filter((page) => mayOpen(SIGNED_IN.waiter, page)), ["pos", "tables", "qr", "kitchen"]);
  assert.deepEqual(PAGES.filter((page) => mayOpen(SIGNED_IN.manager, page)), PAGES);
  assert.equal(mayOpen(null, "pos"), false);
  assert.equal(mayOpen(SIGNED_IN.manager, "elsewhere"), false);
});

test("the catalogue is offered to whoever the server says may edit it, a manager of every branch too", () => {
  // staff/main.js used to offer it to owners only, while services/menus.py lets such a manager edit it
  assert.deepEqual(menuRights(SIGNED_IN.managerOfEveryBranch), { catalogue: true, price: true, availability: true });
  assert.deepEqual(menuRights(SIGNED_IN.manager), { catalogue: false, price: true, availability: true });
  assert.deepEqual(menuRights(SIGNED_IN.waiter), { catalogue: false, price: false, availability: false });
  assert.deepEqual(menuRights(SIGNED_IN.kitchen), { catalogue: false, price: false, availability: true });
});

test("order-taking and order safety follow their permissions, not a role", () => {
  assert.equal(holds(SIGNED_IN.waiter, "take_orders"), true);
  assert.equal(holds(SIGNED_IN.waiter, "edit_order_safety"), false);
  assert.equal(holds(SIGNED_IN.manager, "edit_order_safety"), true);
  assert.equal(holds(SIGNED_IN.kitchen, "take_orders"), false);
  assert.equal(holds({ role: "owner", permissions: [] }, "take_orders"), false);
});

// -- option groups as staff type them --------------------------------------------------------
import { optionGroupsText, parseOptionGroups, slugOf } from "../../static-site/js/staff/menu-forms.js";

test("option group lines read into the API's groups, with ids from the names", () => {
  const parsed = parseOptionGroups("Doneness (required, choose 1): Rare, Medium rare, Well done\n\nExtras (up to 3): Fried egg +3.00, Avocado +4.50, Chimichurri", "PEN");
  assert.deepEqual(parsed, { groups: [
    { id: "doneness", name: "Doneness", minChoices: 1, maxChoices: 1, options: [
      { id: "rare", name: "Rare", priceDelta: 0 }, { id: "medium-rare", name: "Medium rare", priceDelta: 0 },
      { id: "well-done", name: "Well done", priceDelta: 0 }] },
    { id: "extras", name: "Extras", minChoices: 0, maxChoices: 3, options: [
      { id: "fried-egg", name: "Fried egg", priceDelta: 300 }, { id: "avocado", name: "Avocado", priceDelta: 450 },
      { id: "chimichurri", name: "Chimichurri", priceDelta: 0 }] },
  ] });
  assert.deepEqual(parseOptionGroups("", "PEN"), { groups: [] });
});

test("rules: required alone is one at least, N to M, Spanish words, and a line's problem is named", () => {
  const sides = parseOptionGroups("Guarniciones (obligatorio, hasta 2): Arroz, Papas, Yuca", "PEN");
  assert.deepEqual(["minChoices", "maxChoices"].map((k) => sides.groups[0][k]), [1, 2]);
  const range = parseOptionGroups("Sauces (2 to 3): A, B, C", "PEN");
  assert.deepEqual(["minChoices", "maxChoices"].map((k) => range.groups[0][k]), [2, 3]);
  assert.deepEqual(parseOptionGroups("Size: Small\nno colon here", "PEN"), { error: { line: 2, problem: "syntax" } });
  assert.deepEqual(parseOptionGroups("Size (sometimes): Small", "PEN"), { error: { line: 1, problem: "rule" } });
  assert.deepEqual(parseOptionGroups("Size (up to 3): Small, Large", "PEN"), { error: { line: 1, problem: "rule" } });
  assert.deepEqual(parseOptionGroups("Size: Large +abc", "PEN"), { error: { line: 1, problem: "price" } });
  assert.deepEqual(parseOptionGroups("Size: , ,", "PEN"), { error: { line: 1, problem: "empty" } });
});

test("the text of stored groups reads back to the same groups, and known names keep their ids", () => {
  const groups = [
    { id: "doneness", name: "Doneness", minChoices: 1, maxChoices: 1, options: [{ id: "r", name: "Rare", priceDelta: 0 }] },
    { id: "x", name: "Extras", minChoices: 0, maxChoices: 2, options: [{ id: "e1", name: "Egg", priceDelta: 300 }, { id: "a1", name: "Avocado", priceDelta: 450 }] },
    { id: "s", name: "Sauces", minChoices: 2, maxChoices: 3, options: [{ id: "a", name: "A", priceDelta: 0 }, { id: "b", name: "B", priceDelta: 0 }, { id: "c", name: "C", priceDelta: 0 }] },
  ];
  const text = optionGroupsText(groups, "PEN");
  assert.equal(text.split("\n")[1], "Extras (optional, up to 2): Egg +3.00, Avocado +4.50");
  assert.deepEqual(parseOptionGroups(text, "PEN", groups), { groups });
  assert.equal(slugOf("Ají Amarillo!"), "aji-amarillo");
});

test("on the Spanish page the stored groups' rules read in Spanish, and read back (issue 16, defect 7)", () => {
  const groups = [
    { id: "doneness", name: "Término", minChoices: 1, maxChoices: 1, options: [{ id: "r", name: "Jugoso", priceDelta: 0 }] },
    { id: "x", name: "Extras", minChoices: 0, maxChoices: 2, options: [{ id: "e1", name: "Huevo", priceDelta: 300 }, { id: "a1", name: "Palta", priceDelta: 450 }] },
    { id: "s", name: "Salsas", minChoices: 2, maxChoices: 3, options: [{ id: "a", name: "A", priceDelta: 0 }, { id: "b", name: "B", priceDelta: 0 }, { id: "c", name: "C", priceDelta: 0 }] },
  ];
  const text = optionGroupsText(groups, "PEN", "es");
  assert.deepEqual(text.split("\n"), [
    "Término (obligatorio, elige 1): Jugoso",
    "Extras (opcional, hasta 2): Huevo +3.00, Palta +4.50",
    "Salsas (obligatorio, 2 a 3): A, B, C",
  ]);
  assert.doesNotMatch(text, /required|optional|choose|up to/);
  assert.deepEqual(parseOptionGroups(text, "PEN", groups), { groups });
});
