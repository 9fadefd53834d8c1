// node --test tests/unit_js: the menu's hours are typed in 24-hour time (issue 16, defect 6).
import { test } from "node:test";
import assert from "node:assert/strict";

import { parseClock } from "../../static-site/js/staff/clock-field.js";

test("a 24-hour time is read in the ways a manager types it", () => {
  for (const [typed, read] of [["18:30", "18:30"], ["7:05", "07:05"], ["0705", "07:05"], ["1930", "19:30"],
    ["19.30", "19:30"], ["19h30", "19:30"], [" 00:00 ", "00:00"], ["23:59", "23:59"], ["730", "07:30"]]) {
    assert.equal(parseClock(typed), read, typed);
  }
});

test("anything that is not a time of day is refused, AM/PM included", () => {
  for (const typed of ["", "24:00", "25:00", "12:60", "6:30 PM", "6pm", "18", "18:3", "abc", "18:30:00", "-1:00"]) {
    assert.equal(parseClock(typed), null, typed);
  }
});
