// node --test tests/unit_js: what a diner's phone keeps of a table. The token, the cart and a request
// to join live in the tab (sessionStorage); the device key, the credential that lets the same phone
// back in, outlives the tab (localStorage, under the key the API contract names).
import { test } from "node:test";
import assert from "node:assert/strict";

import { tableStorage } from "../../static-site/js/diner/storage.js";

function fakeStorage() {
  const items = new Map();
  return {
    items,
    getItem: (key) => (items.has(key) ? items.get(key) : null),
    setItem: (key, value) => items.set(key, String(value)),
    removeItem: (key) => items.delete(key),
  };
}

test("the device key outlives signing out of the tab; a request to join goes with it", () => {
  const session = fakeStorage();
  const local = fakeStorage();
  Object.defineProperty(globalThis, "sessionStorage", { value: session, configurable: true });
  Object.defineProperty(globalThis, "localStorage", { value: local, configurable: true });
  try {
    const t8 = tableStorage({ slug: "downtown-lima", code: "T8" });
    t8.setToken("diner-token");
    t8.setDeviceKey("k3y", "Ana");
    t8.setPendingJoin({ id: "jr_1", requestToken: "request-token" });
    assert.equal(local.getItem("comanda.device.downtown-lima.T8"), "k3y");
    assert.deepEqual(t8.pendingJoin(), { id: "jr_1", requestToken: "request-token" });
    assert.equal(tableStorage({ slug: "downtown-lima", code: "T9" }).deviceKey(), null, "one key per table");

    t8.forget(); // the table closed, or the diner started over
    assert.equal(t8.token(), null);
    assert.equal(t8.pendingJoin(), null);
    assert.equal(t8.deviceKey(), "k3y");
    assert.equal(t8.deviceName(), "Ana");

    t8.setDeviceKey(null);
    assert.equal(local.items.size, 0, "no name is kept without its key");
    session.setItem("comanda.diner.downtown-lima/T8.join", JSON.stringify({ id: 7 }));
    assert.equal(t8.pendingJoin(), null, "a malformed stored request is ignored");
  } finally {
    for (const name of ["sessionStorage", "localStorage"]) delete globalThis[name];
  }
});
