// @ts-check
/**
 * The diner app's first module, small on purpose (index.html runs it and preloads its three
 * imports and APP_MODULES, which every diner page runs). Before the rest of the app has run it
 *   1. takes the API answers index.html's inline script asked for as the document arrived (what
 *      the URL already names: the table's entry with no token yet, or the session and, for the
 *      menu pages, the branch's menu and the diner's profile), as the API client's answers;
 *   2. (index.html's script also fetches the menu page's first photo as soon as the menu
 *      answers: the largest thing the diner sees first, before any of the page's code);
 *   3. names the rest of the first view's modules (its language's texts, its page's code) in
 *      one go (modulepreload), so the browser fetches them side by side instead of discovering
 *      one import level per round trip;
 *   4. starts the app (main.js), which takes these answers (takeEarly) instead of asking again.
 */
import { createApi } from "../lib/api.js";
import { parseRoute } from "./router.js";
import { tableStorage } from "./storage.js";

/** Every module main.js imports, directly or not (a unit test keeps this list whole, and
 * index.html's modulepreloads equal to it). The live socket's code (lib/socket.js) is not among
 * them: main.js fetches it after the first page. */
export const APP_MODULES = [
  "./main.js", "./state.js", "./view.js", "./shell.js", "./pages.js", "./data.js", "./session.js", "./live.js",
  "./events.js", "./cart.js", "../lib/i18n.js", "../lib/dom.js", "./dom.js", "../lib/money.js",
  "./orders.js", "./timing.js", "./components/app-header.js", "./components/cart-bar.js",
  "../lib/table-name.js", "../lib/menu-text.js",
];
/** The modules of each page beyond APP_MODULES (a unit test checks them against the imports). */
export const PAGE_MODULES = /** @type {Record<string, string[]>} */ ({
  landing: ["./pages/landing-page.js"],
  notFound: ["./pages/landing-page.js"],
  entry: ["./pages/entry-page.js", "./components/field-errors.js"],
  waiting: ["./pages/waiting-page.js"],
  menu: ["./pages/menu-page.js", "./components/service-buttons.js"],
  item: ["./pages/product-page.js", "./components/quantity-stepper.js"],
  cart: ["./pages/cart-page.js", "./components/quantity-stepper.js"],
  status: ["./pages/status-page.js", "./components/service-buttons.js"],
  profile: ["./pages/profile-page.js", "./components/field-errors.js", "../lib/allergens.js", "../lib/phone.js"],
});
/** The pages styled by css/diner-pages.css (diner.css styles the first views and what all share). */
export const LATER_STYLED = ["item", "cart", "status", "profile"];
const LATER_STYLES = "/css/diner-pages.css";
/** @type {Promise<void> | null} */
let laterStyles = null;

/**
 * Links the stylesheet a page needs beyond diner.css, once; resolves when it applies (or failed:
 * the page is shown all the same). @param {string} page
 * @returns {Promise<void>}
 */
export function pageStyles(page) {
  if (!LATER_STYLED.includes(page)) return Promise.resolve();
  laterStyles ??= new Promise((resolve) => {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = LATER_STYLES;
    link.addEventListener("load", () => resolve());
    link.addEventListener("error", () => resolve());
    document.head.append(link);
  });
  return laterStyles;
}

/**
 * The diner's languages, by code, with their names in themselves (the switch offers the other),
 * in the order main.js offers them before the branch is known. Their texts are one module per
 * language (i18n/diner-en.js, diner-es.js, the same keys): a phone downloads the language it
 * shows, and another one only when the diner switches to it.
 */
export const DINER_LANGUAGES = /** @type {Record<string, string>} */ ({ es: "Español", en: "English" });
/** @type {Record<string, () => Promise<{texts: Record<string, string>}>>} */
const TEXTS = { en: () => import("../i18n/diner-en.js"), es: () => import("../i18n/diner-es.js") };

/** @param {string} code  one of DINER_LANGUAGES @returns {Promise<Record<string, string>>} */
export async function loadDinerTexts(code) {
  return (await TEXTS[code]()).texts;
}

/**
 * The language main.js starts in (lib/i18n.js's preferredLanguage over DINER_LANGUAGES: the
 * diner's choice, else the phone's, else the first; a unit test keeps the two in agreement),
 * worked out here so that its texts download with the app's code.
 * @param {string | null} stored  localStorage's "comanda.language" @param {readonly string[]} phone  navigator.languages
 */
export function firstLanguage(stored, phone) {
  const codes = Object.keys(DINER_LANGUAGES);
  return [stored, ...phone.map((l) => l.slice(0, 2))].find((l) => l && codes.includes(l)) ?? codes[0];
}
/** How many photos of the menu's first row are fetched before the page is drawn. */
export const FIRST_ROW = 2;

/** @type {Map<string, Promise<any>>} */
const early = new Map();

/**
 * The answer to a GET that boot already sent with this token, once; null when there is none.
 * @param {string} path @param {string | null} token
 * @returns {Promise<any> | null}
 */
export function takeEarly(path, token) {
  const key = `${token ?? ""} ${path}`;
  const answer = early.get(key) ?? null;
  early.delete(key);
  return answer;
}

/** The answers are for the first page shown: later reads ask the API afresh. */
export function forgetEarly() {
  early.clear();
}

/** The hints the document has ("rel href"): index.html's, then each one added here. @type {Set<string> | null} */
let hinted = null;

/** @param {string} href @param {Record<string, string>} attributes */
function hint(href, attributes) {
  hinted ??= new Set([...document.head.querySelectorAll("link[rel][href]")].map((link) => `${link.getAttribute("rel")} ${link.getAttribute("href")}`));
  const key = `${attributes.rel} ${href}`;
  if (hinted.has(key)) return;
  hinted.add(key);
  const link = document.createElement("link");
  link.href = href;
  for (const [name, value] of Object.entries(attributes)) link.setAttribute(name, value);
  document.head.append(link);
}

/**
 * @typedef {{token: string | null, answers: Record<string, Promise<Response>>}} EarlyRequests
 * index.html's early requests (window.comandaEarly), if its script ran
 */

function start() {
  const route = parseRoute(location.pathname);
  const sent = /** @type {EarlyRequests | undefined} */ (/** @type {any} */ (globalThis).comandaEarly);
  if (route.slug && sent) {
    const token = tableStorage(route).token();
    const api = createApi({ getToken: () => token });
    for (const [path, response] of Object.entries(token === sent.token ? sent.answers : {})) {
      // the session's answer kept (with its ETag) for the socket's catch-up read: a 304 if unchanged
      const answer = api.get(path, { sent: response, revalidate: path === "/session" });
      answer.catch(() => {}); // main.js reports failures when it takes the answer
      early.set(`${token ?? ""} ${path}`, answer);
    }
  }
  const language = firstLanguage(localStorage.getItem("comanda.language"), navigator.languages);
  preloadModules([...APP_MODULES, `../i18n/diner-${language}.js`, ...(PAGE_MODULES[route.page] ?? [])]);
  pageStyles(route.page);
  import("./main.js");
  warmIntl(language);
}

/**
 * The page's first Intl formatter loads the browser's locale data (~45 ms on a desktop, four
 * times that on a slow phone) and its first time zone the zone data, whatever the locale: done
 * here, in two tasks of their own right after this one, while the first view's code and answers
 * download, rather than inside the first render (prices, "available from 18:00"); later
 * formatters cost ~0.3 ms. Not at idle time: with a fast network the app's code and answers are
 * in before the phone is ever idle, and the first render paid for it again.
 * @param {string} language
 */
function warmIntl(language) {
  setTimeout(() => {
    new Intl.NumberFormat(language, { style: "currency", currency: "USD" }).format(0);
    setTimeout(() => new Intl.DateTimeFormat(language, { hour: "2-digit", minute: "2-digit", timeZone: "UTC" }).format(0), 0);
  }, 0);
}

/** @param {string[]} modules  relative to this folder: fetched side by side, not run yet */
function preloadModules(modules) {
  const here = new URL(".", import.meta.url);
  for (const module of new Set(modules)) hint(new URL(module, here).pathname, { rel: "modulepreload" });
}

/** A page's code (and styles), all of it in one round trip, before the diner opens it. @param {string} page */
export function preloadPage(page) {
  preloadModules(PAGE_MODULES[page] ?? []);
  pageStyles(page);
}

if (globalThis.document) start(); // node's unit tests import this module for its lists
