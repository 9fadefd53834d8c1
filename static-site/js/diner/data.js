// @ts-check
/**
 * The data behind the pages: the table's storage, the REST reads (taking the answers boot.js
 * asked for early), the session's snapshot, the menu (windows and pauses applied) and the profile.
 */
import { ApiError } from "../lib/api.js";
import { currentLanguage, hasLanguage, preferredLanguage, setLanguage, t } from "../lib/i18n.js";
import { dropGone, repriceCart, reviveCart } from "./cart.js";
import { mergeSnapshot } from "./orders.js";
import { tableStorage } from "./storage.js";
import { takeEarly } from "./boot.js";
import { nextFlip, timed } from "./timing.js";
import { app, idleForm } from "./state.js";
import { DINER_CODES } from "./view.js";
import { api, toaster, update } from "./shell.js";
import { afterSessionChange, followJoinRequest, signOut, stopJoin } from "./session.js";
import { startLive, stopLive } from "./live.js";

/**
 * @typedef {import("./router.js").Route} Route
 * @typedef {import("./router.js").PageName} PageName
 * @typedef {import("./cart.js").Cart} Cart
 * @typedef {import("./state.js").Place} Place
 * @typedef {import("./state.js").Menu} Menu
 * @typedef {import("./state.js").JoinAsk} JoinAsk
 */

/** Switches to another table's storage (or none); what belonged to the other table goes. @param {Route | null} route */
export function useTable(route) {
  const key = route ? `${route.slug}/${route.code}` : "";
  const { state } = app;
  if (key === app.tableKey) return;
  app.tableKey = key;
  stopLive();
  stopJoin();
  app.storage = route ? tableStorage(route) : null;
  Object.assign(state, { place: null, entry: null, session: null, profile: null, me: null, notice: null, join: null, joinAsks: [] });
  rememberDevice();
  state.cart = reviveCart(app.storage?.savedCart());
  state.entryForm = idleForm();
}

/** @param {PageName} name */
export async function loadFor(name) {
  const { state, storage } = app;
  if (!storage?.token()) {
    const pending = storage?.pendingJoin();
    if (pending && state.join?.id !== pending.id) state.join = { id: pending.id, status: "waiting" };
    if (pending) followJoinRequest(pending);
    if (!state.entry) await loadEntry();
    return;
  }
  const needsMenu = name === "menu" || name === "item" || name === "cart";
  await Promise.all([state.session ? null : loadSession(), needsMenu && !state.menu ? loadMenu() : null]);
  if (needsMenu) await menuInLanguage();  // the branch, known now, wants another language than guessed
  if (needsMenu) menuAtRevision().then(update, () => {});  // drawn from an older copy: the current one
  if (state.session && state.session.status !== "completed") startLive();
  if (name === "waiting" && !state.menu) loadMenu().catch(() => {});
  if (name === "profile" || (needsMenu && !state.profile)) loadProfile();
}

/**
 * A GET, answered by the request boot.js sent while this code downloaded when there is one.
 * @param {string} path @param {{cache?: RequestCache, revalidate?: boolean}} [extra]
 */
function read(path, extra, asked = path) {
  const early = takeEarly(path, app.storage?.token() ?? null);
  if (!early) return api.get(asked, extra);
  return early.catch((error) => {
    if (error instanceof ApiError && error.status === 401) signOut("notice.expired");
    throw error;
  });
}

export async function loadEntry() {
  const { slug, code } = app.state.route;
  const entry = await read(`/branches/${encodeURIComponent(slug)}/tables/${encodeURIComponent(code)}`);
  app.state.entry = entry;
  usePlace({ branch: entry.branch, table: entry.table });
}

async function loadSession() {
  applySnapshot(await read("/session", { revalidate: true }));
}

/** @param {Place} place */
function usePlace(place) {
  const { state } = app;
  const known = state.place?.branch.id;
  state.place = { branch: place.branch, table: place.table };
  if (known === place.branch.id) return;
  app.wantedLanguage = preferredLanguage(place.branch.languages?.length ? place.branch.languages : ["es", "en"], DINER_CODES);
  if (hasLanguage(app.wantedLanguage)) setLanguage(app.wantedLanguage); // else show() loads its texts before drawing
}

/** @param {any} fresh  GET /api/session */
function applySnapshot(fresh) {
  const { state } = app;
  const before = state.session?.status;
  state.session = mergeSnapshot(state.session, fresh);
  usePlace({ branch: fresh.branch, table: fresh.table });
  if (typeof fresh.menuRevision === "string") app.menuRevision = fresh.menuRevision;
  // the diner's profile rides on the session (the menu's allergens: no GET /me of its own); once
  // known, the profile page's own read and PATCH /me keep it, so an older copy never wins
  if (!state.profile && fresh.me && typeof fresh.me === "object") state.profile = fresh.me;
  const customerId = tokenSubject();
  const me = state.session.participants.find((p) => p.customerId === customerId);
  state.me = me ? { customerId, name: me.name } : null;
  const busy = new Set(state.joinAsks.filter((ask) => ask.busy).map((ask) => ask.id));
  state.joinAsks = (Array.isArray(fresh.joinRequests) ? fresh.joinRequests : [])
    .filter((/** @type {JoinAsk} */ ask) => !app.decidedJoins.has(ask.id))
    .map((/** @type {JoinAsk} */ ask) => ({ id: ask.id, name: ask.name, createdAt: ask.createdAt, busy: busy.has(ask.id) }));
  return before;
}

/** The customer id inside the diner's token (to greet them by name). */
function tokenSubject() {
  try {
    const payload = (app.storage?.token() ?? "").split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    return String(JSON.parse(atob(payload)).sub ?? "");
  } catch {
    return "";
  }
}

export async function refreshSession() {
  try {
    // If-None-Match with the last answer's ETag: the socket's catch-up read after the first
    // view is a 304 without a body when nothing changed (lib/api.js keeps the answer)
    const before = applySnapshot(await api.get("/session", { revalidate: true }));
    afterSessionChange(before);
    update();
  } catch {
    /* a 401 signs out by itself; a network error waits for the next (re)connect */
  }
}

/** The menu again if the session names a newer revision than the one shown (a write while the
 * phone was away, or a first view drawn from an older cached copy). */
export async function menuAtRevision() {
  const menu = app.state.menu;
  if (menu && app.menuRevision && menu.revision !== app.menuRevision) await loadMenu();
}

/**
 * The language the menu's texts are asked in: the one the pages speak, if the branch offers it
 * (before the branch is known, the diner's first guess; the server refuses a language it
 * does not offer, and then the branch's default is asked for).
 */
export function menuLanguage() {
  const offered = app.state.place?.branch.languages;
  const wanted = app.wantedLanguage || currentLanguage();
  return offered?.length && !offered.includes(wanted) ? offered[0] : wanted;
}

/** @param {string} language */
function menuPath(language) {
  const path = `/branches/${encodeURIComponent(app.state.route.slug)}/menu`;
  return language ? `${path}?lang=${encodeURIComponent(language)}` : path;
}

/** The menu's URL at the revision GET /session named (CloudFront answers it until the menu's next
 * window or pause boundary; a menu write is a new revision, so a new URL). @param {string} path */
function atRevision(path) {
  const revision = app.menuRevision;
  return revision ? `${path}${path.includes("?") ? "&" : "?"}v=${encodeURIComponent(revision)}` : path;
}

export async function loadMenu() {
  const language = menuLanguage();
  let menu;
  try {
    menu = await read(menuPath(language), { cache: "no-cache" }, atRevision(menuPath(language)));
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 400)) throw error;
    menu = await api.get(atRevision(menuPath("")), { cache: "no-cache" });  // a language this branch does not offer
  }
  useMenu(menu);
}

/** The menu again when the pages now speak another language than its texts. */
export async function menuInLanguage() {
  if (app.state.menu && app.state.menu.language !== menuLanguage()) await loadMenu();
}

/** The menu as it stands now (windows and pauses applied), and a repaint when that changes. @param {Menu} menu */
export function useMenu(menu) {
  const { state } = app;
  const now = Date.now();
  const timedMenu = { ...menu, categories: menu.categories.map((category) => ({ ...category, items: category.items.map((item) => timed(item, now)) })) };
  const before = app.menuItems;
  state.menu = timedMenu;
  app.menuItems = new Map(timedMenu.categories.flatMap((category) => category.items.map((item) => [item.id, item])));
  // Whichever way the page learns it (a push, the catch-up read after a reconnect, a window
  // closing), a dish in the cart that stopped being available is said once.
  for (const itemId of new Set(state.cart.lines.map((line) => line.itemId))) {
    const was = before.get(itemId), is = app.menuItems.get(itemId);
    if (was?.available && is && !is.available) toaster.show(t("menu.nowUnavailable", { name: is.name }), { tone: "error" });
  }
  saveCart(repriceCart(dropGone(state.cart, app.menuItems), app.menuItems));
  clearTimeout(app.flipTimer);
  const flip = nextFlip([...app.menuItems.values()], now);
  if (flip !== null) {
    app.flipTimer = setTimeout(() => {
      if (!state.menu) return;
      useMenu(state.menu);
      update();
      loadMenu().then(update, () => {});  // the next window after this one, if one just closed
    }, Math.min(flip - now + 250, 2 ** 31 - 1));
  }
}

export async function loadProfile() {
  try {
    app.state.profile = await read("/me");
    update();
  } catch {
    /* shown as still loading; a 401 signs out */
  }
}

/** What this phone remembers of the table beyond the tab: it can rejoin without asking. */
export function rememberDevice() {
  const name = app.storage?.deviceName() ?? "";
  app.state.hasDeviceKey = Boolean(app.storage?.deviceKey() && name);
  app.state.deviceName = name;
}

/** @param {Cart} cart */
export function saveCart(cart) {
  if (cart === app.state.cart) return;
  app.state.cart = cart;
  app.storage?.setCart(cart);
}

