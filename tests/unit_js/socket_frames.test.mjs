// node --test tests/unit_js: one WebSocket frame may carry several messages (issue #17: API
// Gateway bills per frame, so the server packs a batch's messages for one screen into one
// JSON array). The page hears each, in order, exactly as if they had come one by one.
import { test } from "node:test";
import assert from "node:assert/strict";
import { FakeSocket } from "./fake_socket.mjs";


globalThis.WebSocket = /** @type {any} */ (FakeSocket);
globalThis.window = /** @type {any} */ ({ addEventListener() {} });
globalThis.location = /** @type {any} */ ({ protocol: "http:", host: "comanda.test" });

const { connectLive } = await import("../../static-site/js/lib/socket.js");

test("a frame of several messages reaches the page as each message, in order", () => {
  FakeSocket.made = [];
  const heard = [];
  const live = connectLive({ getToken: () => "t0ken", onMessage: (message) => heard.push(message) });
  const socket = FakeSocket.made[0];
  try {
    socket.readyState = FakeSocket.OPEN;
    socket.emit("open", {});
    socket.emit("message", { data: JSON.stringify({ type: "order.created", data: { id: "o1" } }) });
    socket.emit("message", { data: JSON.stringify([
      { type: "order.updated", data: { id: "o1", version: 2 } },
      { type: "order.item.updated", data: { orderId: "o1", lineId: "l1", status: "preparing", version: 2 } },
      { type: "pong" },
    ]) });
    assert.deepEqual(heard.map((m) => m.type), ["order.created", "order.updated", "order.item.updated"]);
    assert.equal(heard[2].data.lineId, "l1");
  } finally {
    live.close();
  }
});
