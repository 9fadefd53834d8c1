// node --test tests/unit_js: issue #17 defects 7 and 8, the rules behind the pages (no browser).
import { test } from "node:test";
import assert from "node:assert/strict";

import { redirectFor } from "../../static-site/js/diner/orders.js";
import { liveWords, waitShown } from "../../static-site/js/diner/pages/status-page.js";

const estimate = { minMinutes: 10, maxMinutes: 20, readyFrom: "2026-12-02T13:10:00.000Z", readyTo: "2026-12-02T13:20:00.000Z" };
/** @param {string} status @param {string[]} lines */
const order = (status, lines, withEstimate = true) => ({
  id: "o", status, estimate: withEstimate ? estimate : null, items: lines.map((s, i) => ({ id: `l${i}`, status: s })),
});

test("the wait shows while a dish is still to come, as the rest's once some are ready, and never for an order all ready", () => {
  assert.deepEqual(waitShown(order("accepted", ["pending", "pending"])), { show: true, rest: false });
  assert.deepEqual(waitShown(order("preparing", ["ready", "pending"])), { show: true, rest: true });
  assert.deepEqual(waitShown(order("preparing", ["served", "preparing"])), { show: true, rest: true });
  assert.equal(waitShown(order("preparing", ["ready", "cancelled"])).show, false);
  assert.equal(waitShown(order("ready", ["ready", "ready"])).show, false);
  assert.equal(waitShown(order("served", ["served"])).show, false);
  assert.equal(waitShown(order("pending", ["pending"], false)).show, false);
});

test("a table waiting for the staff may browse the menu, a dish and its cart, not the orders", () => {
  for (const page of ["waiting", "profile", "menu", "item", "cart"]) assert.equal(redirectFor(page, { hasToken: true, status: "pending" }), null);
  for (const page of ["status", "entry"]) assert.equal(redirectFor(page, { hasToken: true, status: "pending" }), "waiting");
  assert.equal(redirectFor("menu", { hasToken: true, status: "completed", endReason: "rejected" }), "waiting");
});

test("a status page just loaded is connecting; only one that has been live, or failed, is reconnecting", () => {
  assert.equal(liveWords("off", false), "status.connecting");
  assert.equal(liveWords("connecting", false), "status.connecting");
  assert.equal(liveWords("open", false), "status.live");
  assert.equal(liveWords("connecting", true), "status.offline");
  assert.equal(liveWords("closed", false), "status.offline");
  assert.equal(liveWords("displaced", false), "status.offline");
});
