// node --test tests/unit_js: a kitchen display showing one station, or all of them (expo) (issue 16).
import { test } from "node:test";
import assert from "node:assert/strict";

import { atStation, chooseStation, hasLinesToCook, isOnBoard, progressOf, ticketsOf } from "../../static-site/js/kitchen/tickets.js";

const line = (id, station, status = "pending", quantity = 1) => ({ id, name: id, quantity, notes: "", status, station });
const order = (id, items, createdAt = "2026-12-01T20:40:00Z") => ({
  id, status: "accepted", tableCode: "T12", sessionId: "s", items, notes: "", createdAt,
});

test("the bar's screen shows only tickets with bar lines, and only those lines, with a note of the rest", () => {
  const both = order("o1", [line("pisco-sour", "bar"), line("lomo-saltado", "kitchen", "pending", 2), line("anticuchos", "kitchen", "served"),
    line("causa", "kitchen", "ready")]);
  const grill = order("o2", [line("tacu-tacu", "kitchen")]);
  const bar = ticketsOf([both, grill], "bar");
  assert.deepEqual(bar.map((o) => o.id), ["o1"]);
  assert.deepEqual(bar[0].items.map((l) => l.id), ["pisco-sour"]);
  assert.deepEqual(bar[0].elsewhere, [{ station: "kitchen", count: 2 }]); // what the kitchen still makes, not what it made
  const kitchen = ticketsOf([both, grill], "kitchen");
  assert.deepEqual(kitchen.map((o) => o.id), ["o1", "o2"]);
  assert.deepEqual(kitchen[0].items.map((l) => l.id), ["lomo-saltado", "anticuchos", "causa"]);
});

test("expo shows every ticket whole", () => {
  const both = order("o1", [line("pisco-sour", "bar"), line("lomo-saltado", "kitchen")]);
  const [ticket] = ticketsOf([both], "");
  assert.equal(ticket.items.length, 2);
  assert.deepEqual(ticket.elsewhere, []);
});

test("a station whose lines are all ready has nothing to cook, and its progress is its own", () => {
  const both = order("o1", [line("pisco-sour", "bar", "ready"), line("lomo-saltado", "kitchen")]);
  const [bar] = ticketsOf([both], "bar");
  assert.equal(hasLinesToCook(bar), false);
  assert.deepEqual(progressOf(bar), { ready: 1, total: 1 });
  assert.equal(isOnBoard(order("o2", [line("pisco-sour", "bar", "served"), line("lomo", "kitchen")]), "bar"), false);
});

test("lines stored before stations are the kitchen's", () => {
  assert.equal(atStation({ id: "a", name: "a", quantity: 1, notes: "", status: "pending" }, "kitchen"), true);
  assert.equal(atStation({ id: "a", name: "a", quantity: 1, notes: "", status: "pending" }, "bar"), false);
});

test("the screen's station: the URL's, else the one it remembers, else expo; one the chain lacks is expo", () => {
  const known = ["kitchen", "bar"];
  assert.equal(chooseStation("bar", "kitchen", known), "bar");
  assert.equal(chooseStation(null, "kitchen", known), "kitchen");
  assert.equal(chooseStation(null, null, known), "");
  assert.equal(chooseStation("grill", null, known), "");
  assert.equal(chooseStation("grill", "bar", known), "bar");
  assert.equal(chooseStation("all", "bar", known), "");
  assert.equal(chooseStation("bar", null, null), "bar"); // stations not loaded yet: the wish is kept
});
