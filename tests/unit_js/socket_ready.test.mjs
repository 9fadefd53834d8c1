// node --test tests/unit_js: a page re-reads its state once its socket is confirmed ready, not
// at "open" (issue 14). API Gateway answers 410 to pushes while a connection's $connect has not
// returned; the socket pings as soon as it opens, and the pong (posted through the same API as
// every push) proves pushes reach it: a re-read from then on covers what was refused before.
import { test, mock } from "node:test";
import assert from "node:assert/strict";
import { FakeSocket } from "./fake_socket.mjs";


globalThis.WebSocket = /** @type {any} */ (FakeSocket);
globalThis.window = /** @type {any} */ ({ addEventListener() {} });
globalThis.location = /** @type {any} */ ({ protocol: "http:", host: "comanda.test" });

const { connectLive, READY_TIMEOUT_MS } = await import("../../static-site/js/lib/socket.js");

function kitchenScreen() {
  FakeSocket.made = [];
  const events = [];
  const live = connectLive({
    getToken: () => "t0ken",
    onMessage: (message) => events.push(message.type),
    onOpen: () => events.push("re-read"),
  });
  return { live, events, socket: FakeSocket.made[0] };
}

test("the page re-reads only after the first pong, which the socket asks for as soon as it opens", () => {
  const { live, events, socket } = kitchenScreen();
  try {
    socket.opened();
    assert.deepEqual(socket.sent, ['{"action":"ping"}']);
    assert.deepEqual(events, [], "no re-read at open: the server may still be refusing pushes");
    socket.receive({ type: "pong" });
    assert.deepEqual(events, ["re-read"]);
    socket.receive({ type: "order.created", data: { id: "o1" } });
    socket.receive({ type: "pong" });
    assert.deepEqual(events, ["re-read", "order.created"], "later pongs re-read nothing and reach no page");
  } finally {
    live.close();
  }
});

test("without a pong the page re-reads anyway after a while", () => {
  mock.timers.enable({ apis: ["setTimeout", "setInterval"] });
  const { live, events, socket } = kitchenScreen();
  try {
    socket.opened();
    mock.timers.tick(READY_TIMEOUT_MS - 1);
    assert.deepEqual(events, []);
    mock.timers.tick(1);
    assert.deepEqual(events, ["re-read"]);
    socket.receive({ type: "pong" });
    assert.deepEqual(events, ["re-read"]);
  } finally {
    live.close();
    mock.timers.reset();
  }
});

test("every reconnect waits for its own pong before re-reading", () => {
  mock.timers.enable({ apis: ["setTimeout", "setInterval"] });
  const { live, events, socket } = kitchenScreen();
  try {
    socket.opened();
    socket.receive({ type: "pong" });
    live.reconnect();
    mock.timers.tick(20000);  // the backoff
    const again = FakeSocket.made[1];
    assert.ok(again, "reconnected");
    again.opened();
    assert.deepEqual(events, ["re-read"]);
    again.receive({ type: "pong" });
    assert.deepEqual(events, ["re-read", "re-read"]);
  } finally {
    live.close();
    mock.timers.reset();
  }
});

test("a dropped socket says so at once, though its closing handshake never ends over a dead network", () => {
  mock.timers.enable({ apis: ["setTimeout", "setInterval"] });
  FakeSocket.made = [];
  const statuses = [];
  const live = connectLive({ getToken: () => "t0ken", onMessage: () => {}, onStatus: (s) => statuses.push(s) });
  const first = FakeSocket.made[0];
  try {
    first.opened();
    first.close = () => {};  // offline: the close frame never comes back, "close" never fires
    live.reconnect();
    assert.deepEqual(statuses, ["connecting", "open", "closed"], "closed at once, not when the handshake ends");
    mock.timers.tick(20000);  // the backoff
    const again = FakeSocket.made[1];
    assert.ok(again, "a new socket is tried");
    first.emit("open", {});  // the old socket's late events change nothing
    first.emit("close", {});
    assert.deepEqual(statuses, ["connecting", "open", "closed", "connecting"]);
    again.opened();
    assert.equal(statuses.at(-1), "open");
  } finally {
    live.close();
    mock.timers.reset();
  }
});
