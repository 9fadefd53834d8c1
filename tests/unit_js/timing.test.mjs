// node --test tests/unit_js: dishes' hours and pauses on the diner's phone, waiting times on the floor.
import { test } from "node:test";
import assert from "node:assert/strict";

import { clockTime, nextFlip, timed, waitLeft, waitWording, whenLocal } from "../../static-site/js/diner/timing.js";
import { formatWaited, urgentAfter } from "../../static-site/js/staff/elapsed.js";
import { feedOf, floorFromSnapshot } from "../../static-site/js/staff/floor.js";

const NOW = Date.parse("2026-11-30T17:00:00Z"); // 12:00 in Lima
const breakfast = { available: true, served: "windows", servedFrom: "2026-12-01T12:00:00.000Z", servedUntil: "2026-12-01T16:30:00.000Z" };

test("a dish before its window opens cannot be ordered and says when it opens", () => {
  const item = timed(breakfast, NOW);
  assert.equal(item.available, false);
  assert.deepEqual(item.timing, { reason: "later", at: "2026-12-01T12:00:00.000Z" });
  assert.equal(item.staffAvailable, true);
});

test("inside its window the same dish can be ordered; staff's 86 still wins", () => {
  assert.equal(timed(breakfast, Date.parse("2026-12-01T13:00:00Z")).available, true);
  assert.equal(timed({ ...breakfast, available: false }, Date.parse("2026-12-01T13:00:00Z")).timing.reason, "unavailable");
});

test("a paused category's dish is back by itself when the pause ends", () => {
  const paused = { available: true, served: "always", pausedUntil: "2026-11-30T17:10:00.000Z" };
  assert.deepEqual(timed(paused, NOW).timing, { reason: "paused", at: "2026-11-30T17:10:00.000Z" });
  assert.equal(timed(paused, Date.parse("2026-11-30T17:10:00Z")).available, true);
});

test("retiming keeps staff's own flag, not the derived one", () => {
  const once = timed(breakfast, NOW);
  assert.equal(timed(once, Date.parse("2026-12-01T13:00:00Z")).available, true);
});

test("the next flip is the soonest pause end, window opening or closing", () => {
  const items = [breakfast, { available: true, pausedUntil: "2026-11-30T17:10:00.000Z" }, { available: true, served: "always" }];
  assert.equal(nextFlip(items, NOW), Date.parse("2026-11-30T17:10:00.000Z"));
  assert.equal(nextFlip(items, Date.parse("2026-12-01T13:00:00Z")), Date.parse("2026-12-01T16:30:00.000Z"));
  assert.equal(nextFlip([{ available: true, served: "always" }], NOW), null);
});

test("opening times read in the branch's clock: today, tomorrow, or a weekday", () => {
  assert.deepEqual(whenLocal("2026-12-01T12:00:00.000Z", NOW, "en", "America/Lima"), { day: "tomorrow", time: "07:00", weekday: "Tuesday" });
  assert.equal(whenLocal("2026-11-30T23:00:00.000Z", NOW, "en", "America/Lima").day, "today");
  assert.equal(whenLocal("2026-12-03T12:00:00.000Z", NOW, "en", "America/Lima").day, "later");
});

test("the formatters kept between calls keep each language and zone apart", () => {
  const at = "2026-12-01T12:00:00.000Z";
  assert.equal(whenLocal(at, NOW, "en", "America/Lima").weekday, "Tuesday");
  assert.deepEqual(whenLocal(at, NOW, "es", "America/Lima"), { day: "tomorrow", time: "07:00", weekday: "martes" });
  assert.equal(whenLocal(at, NOW, "en", "Asia/Tokyo").time, "21:00");  // the same language, another zone
  assert.equal(whenLocal(at, NOW, "en", "Not/AZone").time, whenLocal(at, NOW, "en", undefined).time);  // unknown: the phone's own
  assert.deepEqual(whenLocal(at, NOW, "en", "America/Lima"), { day: "tomorrow", time: "07:00", weekday: "Tuesday" });  // asked again
});

test("a clock time reads in the branch's zone, or the phone's when the zone is unknown", () => {
  assert.equal(clockTime("2026-11-30T17:05:00.000Z", "es", "America/Lima"), "12:05");
  assert.equal(clockTime("2026-11-30T17:05:00.000Z", "en", "Asia/Tokyo"), "02:05 AM");
  assert.equal(clockTime("2026-11-30T17:05:00.000Z", "es", "Not/AZone"), clockTime("2026-11-30T17:05:00.000Z", "es", undefined));
});

test("the wait left counts down from the estimate and never goes below zero", () => {
  const estimate = { minMinutes: 15, maxMinutes: 25, readyFrom: "2026-11-30T17:15:00.000Z", readyTo: "2026-11-30T17:25:00.000Z" };
  assert.deepEqual(waitLeft(estimate, NOW), { low: 15, high: 25 });
  assert.deepEqual(waitLeft(estimate, Date.parse("2026-11-30T17:20:00Z")), { low: 0, high: 5 });
  assert.equal(waitLeft(null, NOW), null);
});

test("a wait whose start has passed says its end ('within 5 min'), never '0–5 min'", () => {
  assert.equal(waitWording({ low: 15, high: 25 }), "range");
  assert.equal(waitWording({ low: 0, high: 5 }), "within");
  assert.equal(waitWording({ low: 0, high: 0 }), "anyMinute");
});

test("calls, bills and ready dishes turn urgent after the branch's thresholds, or the defaults", () => {
  assert.equal(urgentAfter("waiter", null), 3);
  assert.equal(urgentAfter("bill", { billRequestUrgentMinutes: 8 }), 8);
  assert.equal(urgentAfter("ready", undefined), 4);
  assert.equal(urgentAfter("order", null), null);
  assert.equal(formatWaited("2026-11-30T16:56:55Z", NOW), "3:05");
  assert.equal(formatWaited("2026-11-30T15:58:00Z", NOW), "1:02:00");
});

test("a dish ready before the rest of its order waits on the POS since its readyAt", () => {
  const floor = floorFromSnapshot({ tables: [{ code: "T1", label: "Table 1", session: null, pendingSession: null, requests: [] }] }, {
    orders: [{ id: "o1", status: "preparing", tableCode: "T1", sessionId: "s1", notes: "", createdAt: "2026-11-30T16:40:00Z",
      updatedAt: "2026-11-30T16:58:00Z", version: 3, items: [
        { id: "l1", name: "Ceviche", quantity: 1, notes: "", status: "ready", readyAt: "2026-11-30T16:50:00Z" },
        { id: "l2", name: "Lomo", quantity: 1, notes: "", status: "preparing" }] }],
  });
  const ready = feedOf(floor).find((item) => item.kind === "ready");
  assert.equal(ready?.since, "2026-11-30T16:50:00Z");
});
