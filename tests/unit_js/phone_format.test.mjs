import assert from "node:assert/strict";
import { test } from "node:test";

import { formatPhone } from "../../static-site/js/lib/phone.js";

test("a Peruvian mobile reads in threes after its country code", () => {
  assert.equal(formatPhone("+51987654321"), "+51 987 654 321");
});

test("other countries: one-, two- and three-digit codes; a last digit alone joins its group", () => {
  assert.equal(formatPhone("+14155550123"), "+1 415 555 0123");
  assert.equal(formatPhone("+34612345678"), "+34 612 345 678");
  assert.equal(formatPhone("+593991234567"), "+593 991 234 567");
});

test("what is not E.164 is shown as it came", () => {
  assert.equal(formatPhone("987654321"), "987654321");
  assert.equal(formatPhone(""), "");
});
