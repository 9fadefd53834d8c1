// node --test tests/unit_js: a socket closed because its sign-in opened more screens does not
// reconnect by itself (two tabs would close each other for ever), and the staff pages keep
// this device's sign-in credential per account to send it back on the next sign-in.
import { test } from "node:test";
import assert from "node:assert/strict";

import { afterClose, displacedBy, TOO_MANY_CONNECTIONS } from "../../static-site/js/lib/socket.js";

const closedMessage = { type: "connection.closed", data: { code: TOO_MANY_CONNECTIONS, limit: 5, message: "…" }, at: "x" };

test("the server's TOO_MANY_CONNECTIONS message displaces the socket; other messages do not", () => {
  assert.equal(displacedBy(closedMessage), true);
  assert.equal(displacedBy({ type: "connection.closed", data: { code: "SOMETHING_ELSE" } }), false);
  assert.equal(displacedBy({ type: "order.created", data: { code: TOO_MANY_CONNECTIONS } }), false);
  assert.equal(displacedBy(null), false);
  assert.equal(displacedBy({ type: "connection.closed" }), false);
});

test("a displaced socket stays closed and says so, whatever its attempts", () => {
  for (const attempt of [0, 1, 5]) {
    assert.deepEqual(afterClose({ stopped: false, displaced: true, attempt }), { status: "displaced", retryInMs: null });
  }
});

test("a dropped socket retries with a growing, capped delay", () => {
  const delays = [0, 1, 2, 3, 10].map((attempt) => afterClose({ stopped: false, displaced: false, attempt }, 0.5).retryInMs);
  assert.deepEqual(delays, [500, 1000, 2000, 4000, 10000]);
  assert.equal(afterClose({ stopped: false, displaced: false, attempt: 0 }).status, "closed");
});

test("a socket the page closed does not retry", () => {
  assert.deepEqual(afterClose({ stopped: true, displaced: false, attempt: 0 }), { status: "closed", retryInMs: null });
});

function withStorage(run) {
  const store = new Map();
  globalThis.localStorage = {
    getItem: (key) => (store.has(key) ? store.get(key) : null),
    setItem: (key, value) => store.set(key, String(value)),
    removeItem: (key) => store.delete(key),
  };
  try {
    return run(store);
  } finally {
    delete globalThis.localStorage;
  }
}

test("the device credential is kept per account, outlives signing out, and keeps the last five", async () => {
  const { deviceCredential, forgetSignIn, keepDeviceCredential } = await import("../../static-site/js/staff/auth-store.js");
  withStorage(() => {
    assert.equal(deviceCredential("ana@demo.pe"), undefined);
    keepDeviceCredential(" Ana@Demo.pe ", "cred-ana");
    keepDeviceCredential("luis@demo.pe", "cred-luis");
    forgetSignIn();
    assert.equal(deviceCredential("ana@demo.pe"), "cred-ana");
    assert.equal(deviceCredential("luis@demo.pe"), "cred-luis");
    keepDeviceCredential("ana@demo.pe", "cred-ana-2");
    assert.equal(deviceCredential("ana@demo.pe"), "cred-ana-2");
    for (const n of [1, 2, 3, 4, 5]) keepDeviceCredential(`cook${n}@demo.pe`, `cred-${n}`);
    assert.equal(deviceCredential("ana@demo.pe"), undefined);
    assert.equal(deviceCredential("cook5@demo.pe"), "cred-5");
  });
});

test("a missing or broken stored list, or an answer without a credential, changes nothing", async () => {
  const { deviceCredential, keepDeviceCredential } = await import("../../static-site/js/staff/auth-store.js");
  withStorage((store) => {
    store.set("comanda.staff.devices", "{not json");
    assert.equal(deviceCredential("ana@demo.pe"), undefined);
    keepDeviceCredential("ana@demo.pe", undefined);
    keepDeviceCredential("ana@demo.pe", "");
    assert.equal(store.get("comanda.staff.devices"), "{not json");
  });
});

test("a sign-in is kept with its permissions; one kept without them (before they existed) is signed out", async () => {
  const { keepSignIn, storedSignIn } = await import("../../static-site/js/staff/auth-store.js");
  const encode = (claims) => `h.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.s`;
  const token = encode({ typ: "staff", role: "manager", branches: ["b"], exp: 4000000000, sub: "st" });
  const staff = { id: "st", name: "Ana", role: "manager", branches: ["b"] };
  globalThis.atob ??= (text) => Buffer.from(text, "base64").toString("binary");
  withStorage((store) => {
    assert.equal(keepSignIn(token, staff, undefined), null, "an answer without permissions is not kept");
    assert.equal(store.size, 0);
    const kept = keepSignIn(token, staff, ["view_floor", "edit_menu"]);
    assert.deepEqual(kept?.permissions, ["view_floor", "edit_menu"]);
    assert.deepEqual(storedSignIn().signIn?.permissions, ["view_floor", "edit_menu"]);

    store.delete("comanda.staff.permissions"); // what the pages of before kept: a token and the member
    assert.deepEqual(storedSignIn(), { signIn: null, expired: true });
    assert.equal(store.get("comanda.staff.token"), undefined, "forgotten, not guessed from the role");

    store.set("comanda.staff.token", token);
    store.set("comanda.staff.permissions", '{"role": "owner"}');
    assert.equal(storedSignIn().signIn, null);
  });
});
