// node --test tests/unit_js: the kitchen display's recall and undo as the page reads them (issue 16).
import { test } from "node:test";
import assert from "node:assert/strict";

import { useDictionary } from "../../static-site/js/lib/i18n.js";
import { staffDictionary } from "../../static-site/js/i18n/staff.js";
import { rememberServed, stillRecallable, undoableLines } from "../../static-site/js/kitchen/tickets.js";
import { tableName } from "../../static-site/js/lib/table-name.js";

const NOW = Date.parse("2026-12-01T21:00:00Z");
const line = (id, undoUntil = null) => ({ id, name: `Dish ${id}`, quantity: 1, notes: "", status: "preparing", undoUntil });
const order = (id, status, recallUntil = null) => ({
  id, status, tableCode: "T40", sessionId: "s", items: [line("a")], notes: "", createdAt: "2026-12-01T20:40:00Z", recallUntil,
});

test("a line offers Undo while the server's undoUntil has not passed", () => {
  const o = { ...order("o1", "preparing"), items: [line("a", "2026-12-01T21:04:00Z"), line("b", "2026-12-01T20:59:59Z"), line("c")] };
  assert.deepEqual(undoableLines(o, NOW), ["a"]);
});

test("a served order joins the recently served list, newest first, and leaves it when open again or too old", () => {
  let recent = rememberServed([], order("o1", "served", "2026-12-01T21:20:00Z"), NOW);
  recent = rememberServed(recent, order("o2", "served", "2026-12-01T21:25:00Z"), NOW);
  assert.deepEqual(recent.map((o) => o.id), ["o2", "o1"]);
  recent = rememberServed(recent, order("o1", "ready"), NOW); // recalled: back on the board
  assert.deepEqual(recent.map((o) => o.id), ["o2"]);
  assert.deepEqual(stillRecallable(recent, Date.parse("2026-12-01T21:25:01Z")), []);
  assert.equal(rememberServed([], order("o3", "cancelled"), NOW).length, 0);
});

test("the list keeps at most six", () => {
  let recent = [];
  for (let i = 0; i < 8; i += 1) recent = rememberServed(recent, order(`o${i}`, "served", "2026-12-01T21:30:00Z"), NOW);
  assert.deepEqual(recent.map((o) => o.id), ["o7", "o6", "o5", "o4", "o3", "o2"]);
});

test("a ticket names a numbered table as the floor does, in the page's language", () => {
  useDictionary(staffDictionary);
  assert.equal(tableName("T40"), "Table 40");
  assert.equal(tableName("Terraza"), "Terraza");
});
