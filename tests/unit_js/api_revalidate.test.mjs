// node --test tests/unit_js: lib/api.js's `revalidate` (issue #17, the menu page's weight): a GET whose
// answer is no-store but carries an ETag is asked again with If-None-Match, and a 304 (no body) gives
// back the answer kept in memory. The network is a stand-in: a function answering real Responses.
import { test } from "node:test";
import assert from "node:assert/strict";

import { createApi } from "../../static-site/js/lib/api.js";

/** A fetch that records what was asked and answers from `answers` in turn. */
function network(...answers) {
  const asked = [];
  globalThis.fetch = async (url, init) => {
    asked.push({ url, headers: { ...init.headers } });
    const [status, body, etag] = answers.shift();
    const headers = { "Content-Type": "application/json", "Cache-Control": "no-store", ...(etag ? { ETag: etag } : {}) };
    return new Response(status === 304 ? null : JSON.stringify(body), { status, headers });
  };
  return asked;
}

test("an unchanged answer comes back from memory on a 304, asked with the last ETag", async () => {
  const asked = network([200, { id: "s1", orders: [] }, '"v1"'], [304, null, '"v1"']);
  const api = createApi({ getToken: () => "token-a" });

  const first = await api.get("/session", { revalidate: true });
  const again = await api.get("/session", { revalidate: true });

  assert.equal(asked[0].headers["If-None-Match"], undefined);
  assert.equal(asked[1].headers["If-None-Match"], '"v1"');
  assert.deepEqual(again, { id: "s1", orders: [] });
  assert.notEqual(again, first, "a fresh object: the page may have changed the first");
});

test("a changed answer replaces the kept one and its ETag", async () => {
  const asked = network([200, { n: 1 }, '"v1"'], [200, { n: 2 }, '"v2"'], [304, null, '"v2"']);
  const api = createApi({ getToken: () => "token-b" });

  await api.get("/session", { revalidate: true });
  assert.deepEqual(await api.get("/session", { revalidate: true }), { n: 2 });
  assert.deepEqual(await api.get("/session", { revalidate: true }), { n: 2 });
  assert.equal(asked[2].headers["If-None-Match"], '"v2"');
});

test("another token never sends the first one's ETag; a plain GET sends none", async () => {
  const asked = network([200, { who: "c" }, '"c1"'], [200, { who: "d" }, '"d1"'], [200, { who: "c" }, '"c1"']);
  let token = "token-c";
  const api = createApi({ getToken: () => token });

  await api.get("/session", { revalidate: true });
  token = "token-d";
  assert.deepEqual(await api.get("/session", { revalidate: true }), { who: "d" });
  token = "token-c";
  await api.get("/session");

  assert.equal(asked[1].headers["If-None-Match"], undefined);
  assert.equal(asked[2].headers["If-None-Match"], undefined);
});

test("the early request boot.js sent is kept for the next read of another client of the page", async () => {
  const asked = network([304, null, '"e1"']);
  const early = new Response(JSON.stringify({ id: "s9" }), { status: 200, headers: { ETag: '"e1"' } });

  await createApi({ getToken: () => "token-e" }).get("/session", { sent: Promise.resolve(early), revalidate: true });
  const later = await createApi({ getToken: () => "token-e" }).get("/session", { revalidate: true });

  assert.equal(asked[0].headers["If-None-Match"], '"e1"');
  assert.deepEqual(later, { id: "s9" });
});

test("a 304 without a kept answer is an error, not an empty success", async () => {
  network([304, null, '"x"']);
  const api = createApi({ getToken: () => "token-f" });

  await assert.rejects(api.get("/session"), (error) => error.status === 304);
});
