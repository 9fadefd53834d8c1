// node --test tests/unit_js: the diner's first round trips. boot.js names every module of the
// first view at once (modulepreload), so the browser never discovers an import level per round
// trip; these tests read the real import graph and fail when a module is added and not listed
// (a round trip more on a phone), or listed and no longer imported (bytes for nothing).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { APP_MODULES, FIRST_ROW, PAGE_MODULES } from "../../static-site/js/diner/boot.js";

const SITE = resolve(dirname(fileURLToPath(import.meta.url)), "../../static-site");
const DINER = join(SITE, "js/diner");
const STATIC_IMPORT = /^\s*(?:import|export)\s+(?:[^;"']*?\sfrom\s+)?["']([^"']+)["']/gm;

/** Every module `file` loads before it runs (static imports and re-exports), itself included. */
function staticGraph(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const [, specifier] of readFileSync(file, "utf8").matchAll(STATIC_IMPORT)) {
    staticGraph(resolve(dirname(file), specifier), seen);
  }
  return seen;
}

const site = (file) => "/" + relative(SITE, file).split("\\").join("/");
const fromDiner = (specifier) => resolve(DINER, specifier);
const minus = (a, ...others) => new Set([...a].filter((x) => !others.some((other) => other.has(x))));
const sorted = (files) => [...files].map(site).sort();

const boot = staticGraph(join(DINER, "boot.js"));
const app = new Set(APP_MODULES.map(fromDiner));

test("index.html runs boot.js and preloads exactly boot's imports and the app's modules (APP_MODULES), no page's", () => {
  const html = readFileSync(join(SITE, "index.html"), "utf8");
  const scripts = [...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]);
  const preloads = [...html.matchAll(/<link rel="modulepreload" href="([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(scripts, ["/js/diner/boot.js"]);
  assert.deepEqual(preloads.sort(), sorted(new Set([...minus(boot, new Set([join(DINER, "boot.js")])), ...app])));
  assert.doesNotMatch(html, /<style|style=/, "no inline style: the CSP allows none");
  assert.equal([...html.matchAll(/<script>/g)].length, 1, "one inline script (the early requests), allowed by its hash");
  assert.ok(html.indexOf("<script>") < html.indexOf('<link rel="stylesheet"'),
    "the early requests come before the stylesheets (a classic script waits for the ones above it)");
});

test("APP_MODULES is main.js's whole static graph beyond boot's, and the socket stays out of it", () => {
  const main = staticGraph(join(DINER, "main.js"));
  assert.deepEqual(sorted(app), sorted(minus(main, boot)));
  assert.ok(!main.has(join(SITE, "js/lib/socket.js")), "main.js imports the socket's code when a session needs it");
});

test("every page of pages.js has its modules listed, and only those", () => {
  const main = readFileSync(join(DINER, "pages.js"), "utf8");
  const pages = [...main.matchAll(/^\s*(\w+): \(\) => import\("(\.\/pages\/[\w-]+\.js)"\)/gm)];
  assert.ok(pages.length >= 9, "pages.js's PAGES table was found");
  const routed = pages.filter(([, name]) => name !== "loadError"); // shown after a failure, never by URL
  assert.deepEqual(Object.keys(PAGE_MODULES).sort(), routed.map(([, name]) => name).sort());
  for (const [, name, specifier] of routed) {
    const needed = minus(staticGraph(fromDiner(specifier)), boot, app);
    assert.deepEqual([...new Set(PAGE_MODULES[name])].map(fromDiner).map(site).sort(), sorted(needed), `page ${name}`);
  }
});

test("the first row of photos is a row of the phone's two-column grid", () => {
  const css = readFileSync(join(SITE, "css/diner.css"), "utf8");
  assert.match(css, /\.menu-grid \{[^}]*grid-template-columns: repeat\(2,/);
  assert.equal(FIRST_ROW, 2);
});

test("the diner's texts: one module per language, the same keys in each, the names the switch offers", async () => {
  const { DINER_LANGUAGES, loadDinerTexts } = await import("../../static-site/js/diner/boot.js");
  const texts = Object.fromEntries(await Promise.all(Object.keys(DINER_LANGUAGES).map(async (code) => [code, await loadDinerTexts(code)])));
  assert.deepEqual(Object.keys(DINER_LANGUAGES).sort(), ["en", "es"]);
  assert.deepEqual(Object.keys(texts.es).sort(), Object.keys(texts.en).sort());
  for (const [code, name] of Object.entries(DINER_LANGUAGES)) assert.equal(texts[code]["app.languageName"], name);
});

test("boot preloads the texts of the language main.js starts in (lib/i18n.js's choice), not the other's", async () => {
  const { DINER_LANGUAGES, firstLanguage } = await import("../../static-site/js/diner/boot.js");
  const { preferredLanguage } = await import("../../static-site/js/lib/i18n.js");
  const codes = Object.keys(DINER_LANGUAGES);
  const saved = Object.getOwnPropertyDescriptors(globalThis);
  try {
    for (const stored of [null, "es", "en", "fr"]) {
      for (const phone of [[], ["en-US", "en"], ["es-PE"], ["fr-FR", "es"], ["de", "fr"], ["pt-BR", "en-GB", "es"]]) {
        Object.defineProperty(globalThis, "localStorage", { value: { getItem: () => stored }, configurable: true });
        Object.defineProperty(globalThis, "navigator", { value: { languages: phone }, configurable: true });
        assert.equal(firstLanguage(stored, phone), preferredLanguage(codes, codes), `${stored} ${phone}`);
      }
    }
  } finally {
    for (const name of ["localStorage", "navigator"]) {
      if (saved[name]) Object.defineProperty(globalThis, name, saved[name]);
      else delete globalThis[name];
    }
  }
});

test("the pages opened from the menu have their own stylesheet; the first views' classes are all in diner.css", async () => {
  const { LATER_STYLED } = await import("../../static-site/js/diner/boot.js");
  assert.deepEqual([...LATER_STYLED].sort(), ["cart", "item", "profile", "status"]);
  const later = readFileSync(join(SITE, "css/diner-pages.css"), "utf8");
  // the class each rule of diner-pages.css starts from (".cart__filled > .notice" is the cart's)
  const selectors = later.replace(/\/\*[\s\S]*?\*\//g, "").split("}").flatMap((rule) => rule.split("{")[0].split(","));
  const laterClasses = new Set(selectors.map((selector) => /^\s*\.([a-z][\w-]*)/.exec(selector)?.[1]).filter(Boolean));
  const firstViews = ["pages/entry-page.js", "pages/waiting-page.js", "pages/menu-page.js", "pages/landing-page.js",
    ...APP_MODULES.map((m) => m.replace(/^\.\//, "")), "components/live-banner.js", "components/service-buttons.js",
    "components/field-errors.js", "../lib/toaster.js"].filter((file) => file.endsWith(".js"));
  for (const file of firstViews) {
    const source = readFileSync(resolve(DINER, file), "utf8");
    const used = [...source.matchAll(/class(?:Name)?: ["'`]([^"'`]+)["'`]|classList\.(?:add|toggle|remove)\(["']([^"']+)["']/g)]
      .flatMap((m) => (m[1] ?? m[2]).split(/\s+/)).map((c) => c.replace(/\$\{[^}]*\}/g, ""));
    for (const name of used) assert.ok(!laterClasses.has(name), `${file} uses .${name}, styled only in diner-pages.css`);
  }
});

test("index.html's early requests accept exactly the slugs and table codes router.js does", () => {
  const html = readFileSync(join(SITE, "index.html"), "utf8");
  const router = readFileSync(join(DINER, "router.js"), "utf8");
  const inline = [...html.matchAll(/\/(\^\[[^/]+\$)\/i?\.test/g)].map((m) => m[1]);
  const routed = [...router.matchAll(/const (?:SLUG|CODE) = \/(\^[^/]+\$)\//g)].map((m) => m[1]);
  assert.equal(routed.length, 2);
  assert.deepEqual(inline, routed, "the inline script repeats router.js's two patterns: keep them equal");
});
