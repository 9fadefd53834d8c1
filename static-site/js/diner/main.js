// @ts-check
/**
 * The diner app's one controller: it alone owns the API client, the live socket, the
 * per-table storage and the state; pages get the state (data down) and send verb-named
 * DOM events back (actions up), which are handled here with the pure rules of cart.js
 * and orders.js.
 */
import { ApiError, createApi } from "../lib/api.js";
import { addLanguage, currentLanguage, hasLanguage, preferredLanguage, setLanguage, t } from "../lib/i18n.js";
import { formatMoney } from "../lib/money.js";
import {
  addToCart, allergenWarnings, changeQuantity, emptyCart, needsChoices, removeLine, repriceCart, reviveCart, setOrderNotes,
  unavailableLines,
} from "./cart.js";
import { applyLineUpdate, applySessionUpdate, lineNews, mergeSnapshot, openRequests, redirectFor, upsertOrder, upsertRequest } from "./orders.js";
import { parseRoute, pathFor, startRouter } from "./router.js";
import { carryTable, tableStorage } from "./storage.js";
import { mountAppHeader } from "./components/app-header.js";
import { mountCartBar } from "./components/cart-bar.js";
import { photosIn } from "./dom.js";
import { DINER_LANGUAGES, forgetEarly, loadDinerTexts, pageStyles, preloadPage, takeEarly } from "./boot.js";
import { nextFlip, timed, waitLeft, whenLocal } from "./timing.js";

/**
 * @typedef {import("./router.js").Route} Route
 * @typedef {import("./router.js").PageName} PageName
 * @typedef {import("./cart.js").Cart} Cart
 * @typedef {import("./orders.js").SessionView} SessionView
 * @typedef {{id: string, name: string, description: string, price: number, imageUrl: string | null,
 *   thumbUrl: string | null, available: boolean, tags: string[], allergens: string[],
 *   optionGroups?: import("./cart.js").OptionGroup[], ageRestricted?: boolean,
 *   staffAvailable?: boolean, served?: string, servedFrom?: string | null, servedUntil?: string | null,
 *   pausedUntil?: string | null, timing?: import("./timing.js").Timing}} MenuItem
 * @typedef {{currency: string, categories: {id: string, name: string, items: MenuItem[]}[]}} Menu
 * @typedef {{branch: {id: string, slug: string, name: string, currency: string, languages: string[], timezone?: string},
 *   table: {code: string, label: string}}} Place
 * @typedef {Place & {activeSession: {status: string, startedAt: string} | null}} TableEntry  the public answer: names nobody
 * @typedef {{id: string, status: "waiting" | "allowed" | "declined" | "expired", name?: string, expiresAt?: string}} JoinView
 * @typedef {{id: string, name: string, createdAt?: string, busy?: boolean}} JoinAsk  someone asking to join this phone's table
 * @typedef {{sending: boolean, errors: Record<string, string>, message: string | null}} FormState
 *
 * @typedef {object} DinerState
 * @property {Route} route
 * @property {Place | null} place        the branch and table, from the entry or the session
 * @property {TableEntry | null} entry   the table's public page (no token yet)
 * @property {SessionView | null} session
 * @property {Menu | null} menu
 * @property {any} profile               GET /api/me
 * @property {{customerId: string, name: string} | null} me
 * @property {Cart} cart
 * @property {"off" | "connecting" | "open" | "closed" | "displaced"} live
 * @property {boolean} placing
 * @property {string | null} cartError
 * @property {{waiter: boolean, bill: boolean}} requesting
 * @property {FormState} entryForm
 * @property {{saving: boolean, errors: Record<string, string>, message: string | null, joinError?: string | null}} profileForm
 * @property {string | null} notice     a dictionary key shown on the entry page
 * @property {boolean} hideAvoided       the menu hides dishes with the diner's avoided allergens
 * @property {JoinView | null} join      this tab's request to join the table (no token until allowed)
 * @property {JoinAsk[]} joinAsks        the waiting requests to join this phone's table
 * @property {boolean} hasDeviceKey      the phone was already at this table (it can rejoin without asking)
 * @property {string} deviceName         the name it had there
 *
 * @typedef {object} View  what every page and component gets
 * @property {DinerState} state
 * @property {(minor: number) => string} money
 * @property {(iso: string) => string} time
 * @property {(item: MenuItem) => string} whyNot   why a dish cannot be ordered now ("Available from 07:00")
 * @property {(estimate: any) => string} waitText  "15–25 min" left of an order's estimate, or ""
 * @property {(page: PageName, itemId?: string) => string} path
 * @property {(id: string) => MenuItem | null} itemById
 * @property {() => Set<string>} blockedLines
 * @property {() => string[]} avoidAllergens   from the diner's profile
 * @property {() => {key: string, name: string, allergens: string[]}[]} allergenWarnings  cart lines with avoided allergens
 * @property {() => {code: string, name: string, switchLabel: string} | null} otherLanguage
 */

const DINER_CODES = Object.keys(DINER_LANGUAGES);
/** Shows the pages in a language once its texts are in (downloaded the first time). @param {string} code */
async function speak(code) {
  if (!hasLanguage(code)) addLanguage(code, await loadDinerTexts(code));
  wantedLanguage = code;
  setLanguage(code);
}
/** The language the branch and the diner want (usePlace), spoken before the next page is drawn. */
let wantedLanguage = preferredLanguage(DINER_CODES, DINER_CODES); // boot.js fetched its texts already
await speak(wantedLanguage);

const idleForm = () => ({ sending: false, errors: {}, message: null });
const idleProfileForm = () => ({ saving: false, errors: {}, message: null });

/** @type {DinerState} */
const state = {
  route: parseRoute(location.pathname),
  place: null,
  entry: null,
  session: null,
  menu: null,
  profile: null,
  me: null,
  cart: emptyCart(),
  live: "off",
  placing: false,
  cartError: null,
  requesting: { waiter: false, bill: false },
  entryForm: idleForm(),
  profileForm: idleProfileForm(),
  notice: null,
  hideAvoided: false,
  join: null,
  joinAsks: [],
  hasDeviceKey: false,
  deviceName: "",
};

/** @type {ReturnType<typeof tableStorage> | null} */
let storage = null;
let tableKey = "";
/** @type {{close: () => void, reconnect: () => void} | null} */
let live = null;
/** @type {{update: (view: View) => void, unmount?: () => void} | null} */
let page = null;
/** @type {Map<string, MenuItem>} */
let menuItems = new Map();
let showCount = 0;

const main = /** @type {HTMLElement} */ (document.getElementById("main"));
const header = mountAppHeader(/** @type {HTMLElement} */ (document.getElementById("app-header")));
const toaster = lazyToaster(/** @type {HTMLElement} */ (document.getElementById("toaster")));
const banner = lazyLiveBanner(/** @type {HTMLElement} */ (document.getElementById("live-banner")));
const cartBarSlot = /** @type {HTMLElement} */ (document.getElementById("cart-bar"));
const cartBar = mountCartBar(cartBarSlot);
const joinPrompt = lazyJoinPrompt(main);
/** How long a request to join waits for an answer (API: 10 minutes). */
const JOIN_WAITS_MS = 10 * 60 * 1000;
/** Requests to join already decided (a late snapshot or push must not bring their card back). */
const decidedJoins = new Set();

const api = createApi({
  getToken: () => storage?.token() ?? null,
  onUnauthorized: () => signOut("notice.expired"),
});
const router = startRouter((route, how) => show(route, how));

/**
 * The toaster's code comes right after the first page is drawn (no first view shows a toast,
 * but it must be there to say "No connection" when the network goes). Calls keep their order.
 * @param {HTMLElement} root
 */
function lazyToaster(root) {
  /** @type {Promise<ReturnType<typeof import("../lib/toaster.js").mountToaster>> | null} */
  let mounted = null;
  const load = () => (mounted ??= import("../lib/toaster.js").then((m) => m.mountToaster(root)));
  return {
    load,
    /** @param {string} text @param {{tone?: "ok" | "error"}} [options] */
    show: (text, options) => void load().then((toasts) => toasts.show(text, options), () => {}),
    clear: () => void mounted?.then((toasts) => toasts.clear(), () => {}),
  };
}

/**
 * The "Ana wants to join your table" cards: their code comes when the first request does.
 * @param {HTMLElement} before
 */
function lazyJoinPrompt(before) {
  /** @type {Promise<ReturnType<typeof import("./components/join-prompt.js").mountJoinPrompt>> | null} */
  let mounted = null;
  return {
    /** @param {JoinAsk[]} asks */
    update(asks) {
      if (!mounted && !asks.length) return;
      mounted ??= import("./components/join-prompt.js").then((m) => m.mountJoinPrompt(before));
      mounted.then((prompt) => prompt.update(seated() ? state.joinAsks : []), () => {
        mounted = null;
      });
    },
  };
}

/** The phone sits at the table: its session waits for approval or is open. */
function seated() {
  const status = state.session?.status;
  return Boolean(storage?.token()) && (status === "pending" || status === "active");
}

/** A live connection that is not open after this long is said so (a blink is not worth a word). */
const LIVE_GRACE_MS = 1500;

/**
 * The live banner: its code comes with the socket's, after the first page is drawn (it must be
 * there before the network goes); it shows once the connection has been down for LIVE_GRACE_MS.
 * @param {HTMLElement} root
 */
function lazyLiveBanner(root) {
  /** @type {Promise<ReturnType<typeof import("./components/live-banner.js").mountLiveBanner>> | null} */
  let mounted = null;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  /** @param {DinerState["live"]} status */
  const fine = (status) => status === "open" || status === "off";
  const load = () => (mounted ??= import("./components/live-banner.js").then((m) => m.mountLiveBanner(root)));
  const show = () => load().then((live) => live.update(state.live), () => {});
  return {
    load,
    /** @param {DinerState["live"]} status */
    update(status) {
      if (fine(status) || !root.hidden) {
        clearTimeout(timer);
        timer = undefined;
        if (mounted) show();
      } else if (timer === undefined) {
        timer = setTimeout(() => {
          timer = undefined;
          if (!fine(state.live)) show();
        }, LIVE_GRACE_MS);
      }
    },
  };
}

// -- the view every page gets -----------------------------------------------------------
/** @returns {View} */
function view() {
  return {
    state,
    money: (minor) => formatMoney(minor, state.menu?.currency || state.place?.branch.currency || "PEN"),
    time: formatTime,
    whyNot,
    waitText,
    path: (name, itemId) => pathFor(state.route, name, itemId),
    itemById: (id) => menuItems.get(id) ?? null,
    blockedLines: () => (state.menu ? unavailableLines(state.cart, menuItems) : new Set()),
    avoidAllergens,
    allergenWarnings: () => allergenWarnings(state.cart, menuItems, avoidAllergens()),
    otherLanguage,
  };
}

/** @returns {string[]} */
function avoidAllergens() {
  return Array.isArray(state.profile?.avoidAllergens) ? state.profile.avoidAllergens : [];
}

/** @param {string} iso */
function formatTime(iso) {
  if (!iso) return "";
  const options = /** @type {Intl.DateTimeFormatOptions} */ ({ hour: "2-digit", minute: "2-digit" });
  try {
    return new Intl.DateTimeFormat(currentLanguage(), { ...options, timeZone: state.place?.branch.timezone }).format(new Date(iso));
  } catch {
    return new Intl.DateTimeFormat(currentLanguage(), options).format(new Date(iso));
  }
}

/** @param {MenuItem} item */
function whyNot(item) {
  const timing = item.timing;
  if (!timing?.reason || timing.reason === "unavailable") return t("menu.unavailable");
  if (timing.reason === "notThisWeek" || !timing.at) return t("menu.notNow");
  const zone = state.place?.branch.timezone ?? state.menu?.branch?.timezone;
  const when = whenLocal(timing.at, Date.now(), currentLanguage(), zone);
  if (timing.reason === "paused") return t("menu.backAt", { time: when.time });
  if (when.day === "today") return t("menu.availableFrom", { time: when.time });
  if (when.day === "tomorrow") return t("menu.availableTomorrow", { time: when.time });
  return t("menu.availableOn", { day: when.weekday, time: when.time });
}

/** @param {any} estimate */
function waitText(estimate) {
  const left = waitLeft(estimate, Date.now());
  if (!left) return "";
  if (left.high === 0) return t("status.anyMinute");
  return t("status.wait", { low: left.low, high: left.high });
}

function otherLanguage() {
  const offered = (state.place?.branch.languages ?? ["es", "en"]).filter((code) => code in DINER_LANGUAGES);
  const next = offered[(offered.indexOf(currentLanguage()) + 1) % offered.length];
  if (!next || next === currentLanguage() || offered.length < 2) return null;
  return { code: next, name: DINER_LANGUAGES[next], switchLabel: t("app.switchTo") };
}

/**
 * Resolves once the first page is drawn and its lead photo (the LCP) is in, or after 3 s: what
 * comes after the first view (the socket's code, the live banner's, the toaster's) does not
 * share the bandwidth with it.
 * @type {(value?: unknown) => void}
 */
let firstViewShown = () => {};
const firstView = new Promise((resolve) => {
  firstViewShown = resolve;
  setTimeout(resolve, 3000);
});

function update() {
  const current = view();
  syncPhoneCode();
  header.update(current);
  cartBarSlot.hidden = !(state.route.page === "menu" || state.route.page === "item");
  cartBar.update(current);
  banner.update(state.live);
  joinPrompt.update(seated() ? state.joinAsks : []);
  page?.update(current);
}

// -- pages ------------------------------------------------------------------------------
/**
 * @typedef {(root: HTMLElement, view: View) => {update: (view: View) => void, unmount?: () => void}} MountPage
 * Each page is its own module, loaded when first shown: a phone downloads only what it uses.
 * @type {Record<string, () => Promise<MountPage>>}
 */
const PAGES = {
  landing: () => import("./pages/landing-page.js").then((m) => m.mountLandingPage),
  notFound: () => import("./pages/landing-page.js").then((m) => m.mountNotFoundPage),
  loadError: () => import("./pages/landing-page.js").then((m) => m.mountLoadErrorPage),
  entry: () => import("./pages/entry-page.js").then((m) => m.mountEntryPage),
  waiting: () => import("./pages/waiting-page.js").then((m) => m.mountWaitingPage),
  menu: () => import("./pages/menu-page.js").then((m) => m.mountMenuPage),
  item: () => import("./pages/product-page.js").then((m) => m.mountProductPage),
  cart: () => import("./pages/cart-page.js").then((m) => m.mountCartPage),
  status: () => import("./pages/status-page.js").then((m) => m.mountStatusPage),
  profile: () => import("./pages/profile-page.js").then((m) => m.mountProfilePage),
};
/**
 * The pages a diner is likely to open next. Their code is fetched once the diner starts using
 * the page shown (a touch, a key, a scroll of the page), not while its first view loads: a diner
 * who only looks pays nothing for pages they never open, and one who taps a dish has it coming
 * since their first touch. The waiting page, where nobody touches anything, fetches the menu's
 * code at once (approval always leads there).
 */
const NEXT_PAGES = /** @type {Record<string, string[]>} */ ({ menu: ["item", "cart"], cart: ["status"] });
const NEXT_AT_ONCE = /** @type {Record<string, string[]>} */ ({ waiting: ["menu"] });
/** @type {string[]} */
let nextPages = [];
function preloadNextPages() {
  nextPages.forEach(preloadPage);
  nextPages = [];
  if (!actions) loadActions().catch(() => {});
}
for (const type of ["pointerdown", "keydown", "touchstart"]) addEventListener(type, preloadNextPages, { capture: true, passive: true });
addEventListener("scroll", preloadNextPages, { passive: true }); // the page's own scroll, not a tab strip's

/**
 * Shows a route: loads what it needs, sends the diner where their session allows, mounts the page.
 * @param {Route} route @param {"initial" | "push" | "pop" | "language"} how
 */
async function show(route, how) {
  const count = ++showCount;
  state.route = route;
  if (route.page === "landing" || route.page === "notFound") {
    useTable(null);
    await mountPage(route.page, how, count);
    return;
  }
  useTable(route);
  PAGES[route.page]().catch(() => {}); // the page's code downloads while its data loads
  try {
    await loadFor(route.page);
  } catch (error) {
    forgetEarly();
    if (count !== showCount) return;
    if (error instanceof ApiError && error.status === 404) await mountPage("notFound", how, count);
    else if (!(error instanceof ApiError && error.status === 401)) await mountPage("loadError", how, count);
    return;
  }
  forgetEarly();
  if (count !== showCount) return;
  const session = state.session;
  if (session && session.status !== "completed" && state.place && state.place.table.code !== route.code) {
    followMove(state.place.table.code); // the session moved while this phone was away
    return;
  }
  const target = redirectFor(route.page, { hasToken: Boolean(storage?.token()), joining: Boolean(state.join), status: session?.status,
    endReason: session?.endReason });
  if (session?.status === "completed" && session.endReason !== "rejected") {
    endSession(session);
    return;
  }
  if (target) {
    router.navigate(pathFor(route, /** @type {PageName} */ (target)), { replace: true });
    return;
  }
  if (route.page === "entry") state.notice = storage?.takeNotice() ?? state.notice;
  else state.notice = null;
  await mountPage(route.page, how, count);
}

/**
 * @param {string} name @param {"initial" | "push" | "pop" | "language"} how
 * @param {number} count  the show() this belongs to: a newer one wins
 */
async function mountPage(name, how, count) {
  let mount;
  try {
    // the page's code and styles, and the texts of the branch's language when the first guess was not it
    [mount] = await Promise.all([PAGES[name](), pageStyles(name), name === "loadError" ? null : speak(wantedLanguage)]);
  } catch {
    if (count === showCount && name !== "loadError") await mountPage("loadError", how, count);
    return;
  }
  if (count !== showCount) return;
  const draft = how === "language" ? collectDraft() : null;
  page?.unmount?.();
  main.replaceChildren();
  page = mount(main, view());
  update();
  if (draft) restoreDraft(draft);
  if (how === "pop") window.scrollTo(0, history.state?.scrollY ?? 0);
  else if (how === "push") window.scrollTo(0, 0);
  if (how === "push" || how === "pop") /** @type {HTMLElement | null} */ (main.querySelector("h1"))?.focus({ preventScroll: true });
  nextPages = NEXT_PAGES[name] ?? [];
  (NEXT_AT_ONCE[name] ?? []).forEach(preloadPage);
  photosIn(main.querySelectorAll('img[fetchpriority="high"][src]')).then(firstViewShown);
  firstView.then(() => toaster.load()).catch(() => {});
}

/** Typed values survive a language switch (the page is built again in the new language). */
function collectDraft() {
  return [...main.querySelectorAll("input[name], textarea[name]")].map((element) => {
    const input = /** @type {HTMLInputElement} */ (element);
    return { name: input.name, value: input.value, type: input.type, checked: input.checked };
  });
}

/** @param {{name: string, value: string, type: string, checked: boolean}[]} draft */
function restoreDraft(draft) {
  for (const saved of draft) {
    const checkable = saved.type === "radio" || saved.type === "checkbox";
    const selector = checkable ? `[name="${saved.name}"][value="${CSS.escape(saved.value)}"]` : `[name="${saved.name}"]`;
    const input = /** @type {HTMLInputElement | null} */ (main.querySelector(selector));
    if (!input) continue;
    if (checkable) {
      if (input.checked === saved.checked) continue;
      input.checked = saved.checked;
    } else input.value = saved.value;
    input.dispatchEvent(new Event(checkable ? "change" : "input", { bubbles: true }));
  }
}

// -- data -------------------------------------------------------------------------------
/** Switches to another table's storage (or none); what belonged to the other table goes. @param {Route | null} route */
function useTable(route) {
  const key = route ? `${route.slug}/${route.code}` : "";
  if (key === tableKey) return;
  tableKey = key;
  stopLive();
  stopJoin();
  storage = route ? tableStorage(route) : null;
  Object.assign(state, { place: null, entry: null, session: null, profile: null, me: null, notice: null, join: null, joinAsks: [] });
  rememberDevice();
  state.cart = reviveCart(storage?.savedCart());
  state.entryForm = idleForm();
}

/** @param {PageName} name */
async function loadFor(name) {
  if (!storage?.token()) {
    const pending = storage?.pendingJoin();
    if (pending && state.join?.id !== pending.id) state.join = { id: pending.id, status: "waiting" };
    if (pending) followJoinRequest(pending);
    if (!state.entry) await loadEntry();
    return;
  }
  const needsMenu = name === "menu" || name === "item" || name === "cart";
  await Promise.all([state.session ? null : loadSession(), needsMenu && !state.menu ? loadMenu() : null]);
  if (state.session && state.session.status !== "completed") startLive();
  if (name === "waiting" && !state.menu) loadMenu().catch(() => {});
  if (name === "profile" || (needsMenu && !state.profile)) loadProfile();
}

/**
 * A GET, answered by the request boot.js sent while this code downloaded when there is one.
 * @param {string} path @param {{cache?: RequestCache}} [extra]
 */
function read(path, extra) {
  const early = takeEarly(path, storage?.token() ?? null);
  if (!early) return api.get(path, extra);
  return early.catch((error) => {
    if (error instanceof ApiError && error.status === 401) signOut("notice.expired");
    throw error;
  });
}

async function loadEntry() {
  const { slug, code } = state.route;
  const entry = await read(`/branches/${encodeURIComponent(slug)}/tables/${encodeURIComponent(code)}`);
  state.entry = entry;
  usePlace({ branch: entry.branch, table: entry.table });
}

async function loadSession() {
  applySnapshot(await read("/session"));
}

/** @param {Place} place */
function usePlace(place) {
  const known = state.place?.branch.id;
  state.place = { branch: place.branch, table: place.table };
  if (known === place.branch.id) return;
  wantedLanguage = preferredLanguage(place.branch.languages?.length ? place.branch.languages : ["es", "en"], DINER_CODES);
  if (hasLanguage(wantedLanguage)) setLanguage(wantedLanguage); // else show() loads its texts before drawing
}

/** @param {any} fresh  GET /api/session */
function applySnapshot(fresh) {
  const before = state.session?.status;
  state.session = mergeSnapshot(state.session, fresh);
  usePlace({ branch: fresh.branch, table: fresh.table });
  const customerId = tokenSubject();
  const me = state.session.participants.find((p) => p.customerId === customerId);
  state.me = me ? { customerId, name: me.name } : null;
  const busy = new Set(state.joinAsks.filter((ask) => ask.busy).map((ask) => ask.id));
  state.joinAsks = (Array.isArray(fresh.joinRequests) ? fresh.joinRequests : [])
    .filter((/** @type {JoinAsk} */ ask) => !decidedJoins.has(ask.id))
    .map((/** @type {JoinAsk} */ ask) => ({ id: ask.id, name: ask.name, createdAt: ask.createdAt, busy: busy.has(ask.id) }));
  return before;
}

/** The customer id inside the diner's token (to greet them by name). */
function tokenSubject() {
  try {
    const payload = (storage?.token() ?? "").split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    return String(JSON.parse(atob(payload)).sub ?? "");
  } catch {
    return "";
  }
}

async function refreshSession() {
  try {
    const before = applySnapshot(await api.get("/session"));
    afterSessionChange(before);
    update();
  } catch {
    /* a 401 signs out by itself; a network error waits for the next (re)connect */
  }
}

async function loadMenu() {
  const menu = await read(`/branches/${encodeURIComponent(state.route.slug)}/menu`, { cache: "no-cache" });
  useMenu(menu);
}

/** @type {ReturnType<typeof setTimeout> | undefined} */
let flipTimer;

/** The menu as it stands now (windows and pauses applied), and a repaint when that changes. @param {Menu} menu */
function useMenu(menu) {
  const now = Date.now();
  state.menu = { ...menu, categories: menu.categories.map((category) => ({ ...category, items: category.items.map((item) => timed(item, now)) })) };
  menuItems = new Map(state.menu.categories.flatMap((category) => category.items.map((item) => [item.id, item])));
  saveCart(repriceCart(state.cart, menuItems));
  clearTimeout(flipTimer);
  const flip = nextFlip([...menuItems.values()], now);
  if (flip !== null) {
    flipTimer = setTimeout(() => {
      if (!state.menu) return;
      useMenu(state.menu);
      update();
      loadMenu().then(update, () => {});  // the next window after this one, if one just closed
    }, Math.min(flip - now + 250, 2 ** 31 - 1));
  }
}

async function loadProfile() {
  try {
    state.profile = await read("/me");
    update();
  } catch {
    /* shown as still loading; a 401 signs out */
  }
}

/** What this phone remembers of the table beyond the tab: it can rejoin without asking. */
function rememberDevice() {
  const name = storage?.deviceName() ?? "";
  state.hasDeviceKey = Boolean(storage?.deviceKey() && name);
  state.deviceName = name;
}

// -- asking to join a table in use -----------------------------------------------------------
/**
 * A tab that asked to join follows its request with joining.js (its code, with the socket's,
 * comes only for such a tab); what the table answers goes into the state from there.
 * @type {Promise<ReturnType<typeof import("./joining.js").createJoining>> | null}
 */
let joining = null;
/** @param {import("./storage.js").PendingJoin} pending */
function followJoinRequest(pending) {
  joining ??= import("./joining.js").then((m) => m.createJoining({ state, storage: () => storage, router, toaster, update, rememberDevice }));
  joining.then((follower) => follower.follow(pending), () => {
    joining = null; // offline: the next page shown tries again
    toaster.show(t("error.network"), { tone: "error" });
  });
}

function stopJoin() {
  joining?.then((follower) => follower.stop(), () => {});
}

// -- the session's life -------------------------------------------------------------------
/** After the session changed (push or re-read): approval opens the menu, the end sends the diner away. @param {string | undefined} before */
function afterSessionChange(before) {
  const session = state.session;
  if (!session || state.route.page === "landing" || state.route.page === "notFound") return;
  if (session.status === "completed") {
    if (session.endReason !== "rejected") return endSession(session);
    stopLive();
  }
  const target = redirectFor(state.route.page, { hasToken: true, status: session.status, endReason: session.endReason });
  if (before === "pending" && session.status === "active") toaster.show(t("waiting.approved"));
  if (target) router.navigate(pathFor(state.route, /** @type {PageName} */ (target)), { replace: true });
}

/**
 * Staff moved the table's session (guests changed seats): this page follows to the new
 * table's URL, the same page, keeping the token, cart and live connection.
 * @param {string} code
 */
function followMove(code) {
  if (!storage || !code || code === state.route.code) return;
  const to = { slug: state.route.slug, code };
  carryTable(state.route, to);
  tableKey = `${to.slug}/${to.code}`; // the same visit: useTable() keeps the state and the socket
  storage = tableStorage(to);
  if (state.place) state.place = { ...state.place, table: { ...state.place.table, code, label: code } };
  router.navigate(pathFor({ ...state.route, code }, state.route.page, state.route.itemId), { replace: true });
  refreshSession().then(() => toaster.show(t("status.moved", { table: state.place?.table.label ?? code })));
}

/** @param {SessionView} session */
function endSession(session) {
  signOut(session.endReason === "replaced" ? "notice.replaced" : "notice.closed");
}

/** Back to the table's entry with a kind word: the token, cart and session are forgotten. @param {string} noticeKey */
function signOut(noticeKey) {
  if (!storage) return;
  storage.forget();
  storage.setNotice(noticeKey);
  stopLive();
  toaster.clear();
  Object.assign(state, { session: null, entry: null, profile: null, me: null, placing: false, cartError: null });
  state.cart = emptyCart();
  router.navigate(pathFor(state.route, "entry"), { replace: true });
}

/** The socket's code is fetched when a session first needs it, after the first page is drawn. */
function startLive() {
  if (live) return;
  /** @type {ReturnType<typeof import("../lib/socket.js").connectLive> | null} */
  let socket = null;
  let closed = false;
  const handle = {
    close: () => {
      closed = true;
      socket?.close();
    },
    reconnect: () => socket?.reconnect(),
  };
  live = handle;
  firstView.then(() => {
    banner.load().catch(() => {});
    return import("../lib/socket.js");
  }).then(({ connectLive }) => {
    if (closed) return;
    socket = connectLive({
      getToken: () => storage?.token() ?? null,
      onMessage: onLiveMessage,
      onOpen: () => {
        refreshSession();
        if (state.menu) loadMenu().then(update, () => {});
      },
      onStatus: (status) => {
        if (live !== handle) return;
        state.live = status;
        update();
      },
    });
  }, () => {
    if (live !== handle) return;
    live = null; // the banner's reconnect button, or the next page, tries again
    state.live = "closed";
    update();
  });
}

function stopLive() {
  live?.close();
  live = null;
  state.live = "off";
}

const lineAnnouncements = lineNews();

/** @param {import("../lib/socket.js").LiveMessage} message */
function onLiveMessage({ type, data }) {
  if (!data) return;
  if (type === "menu.item.updated") {
    applyMenuItem(data);
    return update();
  }
  if (type === "menu.category.updated") {
    for (const item of data.items ?? []) applyMenuItem({ ...item, branchId: data.branchId });
    return update();
  }
  const session = state.session;
  if (!session) return;
  if (data.sessionId && data.sessionId !== session.id) return;
  switch (type) {
    case "join.requested":
      if (!decidedJoins.has(data.id) && !state.joinAsks.some((ask) => ask.id === data.id)) {
        state.joinAsks = [...state.joinAsks, { id: data.id, name: data.name ?? "", createdAt: data.createdAt }];
        setTimeout(refreshSession, JOIN_WAITS_MS + 2000); // an unanswered request expires (the re-read stores and drops it)
      }
      break;
    case "join.updated":
      if (data.status === "waiting") return;
      forgetJoinAsk(data.id);
      if (data.status === "allowed") refreshSession(); // a new name at the table
      break;
    case "session.updated": {
      state.session = applySessionUpdate(session, data);
      afterSessionChange(session.status);
      if (data.status === "active" && data.tableCode && data.tableCode !== state.route.code) followMove(data.tableCode);
      break;
    }
    case "session.moved":
      followMove(data.tableCode);
      return;
    case "order.created":
    case "order.updated":
      state.session = upsertOrder(session, data);
      break;
    case "order.item.updated": {
      state.session = applyLineUpdate(session, data);
      const line = state.session.orders.find((o) => o.id === data.orderId)?.items.find((l) => l.id === data.lineId);
      // A retried stream record repeats a line's push: announce each line version once.
      const fresh = lineAnnouncements(data);
      if (line && fresh && state.session !== session && state.route.page === "status") {
        toaster.show(t("status.lineNow", { name: line.name, status: t(`line.${line.status}`) }));
      }
      break;
    }
    case "request.created":
    case "request.updated": {
      const wasOpen = openRequests(session);
      state.session = upsertRequest(session, data);
      const kind = /** @type {"waiter" | "bill"} */ (data.kind);
      if (wasOpen[kind] && !openRequests(state.session)[kind]) toaster.show(t(kind === "bill" ? "service.billComing" : "service.waiterComing"));
      break;
    }
    default:
      return;
  }
  update();
}

/** menu.item.updated: availability or price changed for this branch. @param {any} data */
function applyMenuItem(data) {
  if (!state.menu || (data.branchId && data.branchId !== state.place?.branch.id)) return;
  const known = menuItems.get(data.id);
  if (!known) return;
  const next = data.removed ? { ...known, staffAvailable: false } : { ...known, ...pick(data) };
  const categories = state.menu.categories.map((category) => ({
    ...category, items: category.items.map((item) => (item.id === data.id ? next : item)),
  }));
  useMenu({ ...state.menu, categories });
  if (known.available && !menuItems.get(data.id)?.available && state.cart.lines.some((line) => line.itemId === data.id)) {
    toaster.show(t("menu.nowUnavailable", { name: next.name }), { tone: "error" });
  }
}

/** @param {any} data */
function pick(data) {
  /** @type {Record<string, unknown>} */
  const fields = {};
  for (const key of ["name", "description", "price", "imageUrl", "thumbUrl", "tags", "allergens", "optionGroups", "ageRestricted",
    "served", "servedFrom", "servedUntil", "pausedUntil"]) {
    if (key in data) fields[key] = data[key];
  }
  if ("available" in data) fields.staffAvailable = data.available;
  return fields;
}

// -- the phone's code ---------------------------------------------------------------------
/**
 * A loyalty sign-up is a guest until the code texted to the phone is entered: while one is
 * pending (kept in the tab's storage), components/phone-code.js sits above the page.
 * @type {Promise<ReturnType<typeof import("./components/phone-code.js").mountPhoneCode>> | null}
 */
let phoneCode = null;
function syncPhoneCode() {
  const pending = storage?.token() ? storage.phoneCode() : null;
  if (!pending && !phoneCode) return;
  phoneCode ??= import("./components/phone-code.js").then((m) => {
    const slot = document.createElement("div");
    main.before(slot);
    return m.mountPhoneCode(slot, { api, onVerified: phoneVerified, onPending: (next) => storage?.setPhoneCode(next) });
  });
  phoneCode.then((panel) => panel.show(storage?.token() ? storage.phoneCode() : null), () => { phoneCode = null; });
}

/** The code was right: a token naming the loyalty account, whose points and visits are the diner's now. @param {{token: string, customer: any}} answer */
function phoneVerified({ token, customer }) {
  if (!storage) return;
  storage.setToken(token);
  storage.setPhoneCode(null);
  state.profile = customer;
  toaster.show(t("phone.verified", { name: customer.name, points: customer.points ?? 0 }));
  stopLive();
  refreshSession().then(() => {
    if (state.session && state.session.status !== "completed") startLive();
  });
  update();
}

// -- actions (DOM events from the pages) --------------------------------------------------
/**
 * What the diner sends (an order, their sign-in, their profile, a call for staff) is actions.js,
 * whose code comes with the diner's first touch or key (before the tap that needs it lands),
 * not with the first view. Actions run in the order they were asked for.
 * @type {Promise<ReturnType<typeof import("./actions.js").createActions>> | null}
 */
let actions = null;
function loadActions() {
  actions ??= import("./actions.js").then((m) => m.createActions({
    state, api, router, toaster, update, saveCart, refreshSession, loadMenu, loadEntry, idleForm, idleProfileForm, forgetJoinAsk,
    rememberDevice,
    storage: () => storage, menuItems: () => menuItems, money: (minor) => view().money(minor),
  }));
  actions.catch(() => {
    actions = null; // offline: the next tap tries again
    toaster.show(t("error.network"), { tone: "error" });
  });
  return actions;
}
/** @param {(actions: Awaited<ReturnType<typeof loadActions>>) => unknown} run */
function act(run) {
  loadActions().then(run, () => {});
}

/** A request to join this table was answered (here, on another phone, or by the staff). @param {string} id */
function forgetJoinAsk(id) {
  decidedJoins.add(id);
  state.joinAsks = state.joinAsks.filter((ask) => ask.id !== id);
}

/** @param {Cart} cart */
function saveCart(cart) {
  if (cart === state.cart) return;
  state.cart = cart;
  storage?.setCart(cart);
}

/**
 * @param {string} name
 * @param {(detail: any, event: Event) => void} handler
 */
function on(name, handler) {
  document.addEventListener(name, (event) => handler(/** @type {CustomEvent} */ (event).detail ?? {}, event));
}

on("addToCart", ({ itemId, quantity, notes, options, fromProduct }) => {
  const item = menuItems.get(itemId);
  if (!item || !item.available) return;
  if (!options && needsChoices(item)) {
    router.navigate(pathFor(state.route, "item", item.id));
    return;
  }
  saveCart(addToCart(state.cart, item, quantity, notes, options ?? []));
  state.cartError = null;
  toaster.show(t("menu.added", { name: item.name }));
  update();
  if (fromProduct) {
    if (history.state?.from === "menu") history.back();
    else router.navigate(pathFor(state.route, "menu"), { replace: true });
  }
});

on("changeQuantity", ({ key, delta }) => {
  saveCart(changeQuantity(state.cart, key, delta));
  update();
});

on("removeLine", ({ key }) => {
  saveCart(removeLine(state.cart, key));
  state.cartError = null;
  update();
});

on("setOrderNotes", ({ notes }) => saveCart(setOrderNotes(state.cart, notes)));

on("toggleHideAvoided", ({ hide }) => {
  state.hideAvoided = Boolean(hide);
  update();
});

on("placeOrder", () => act((actions) => actions.placeOrder()));

on("callWaiter", () => act((actions) => actions.openServiceRequest("waiter")));
on("requestBill", () => act((actions) => actions.openServiceRequest("bill")));

on("register", (detail) => act((actions) => actions.register(detail)));

on("saveProfile", (detail) => act((actions) => actions.saveProfile(detail)));

on("allowJoin", ({ id }) => act((actions) => actions.decideJoin(id, "allow")));
on("declineJoin", ({ id }) => act((actions) => actions.decideJoin(id, "decline")));

on("leaveJoin", () => {
  stopJoin();
  storage?.setPendingJoin(null);
  Object.assign(state, { join: null, entry: null });
  state.entryForm = idleForm();
  router.navigate(pathFor(state.route, "entry"), { replace: true });
});
on("startPhoneCode", ({ phone }) => act((actions) => actions.startPhoneCode(phone)));

on("startOver", () => {
  if (!storage) return;
  storage.forget();
  stopLive();
  Object.assign(state, { session: null, entry: null, me: null });
  router.navigate(pathFor(state.route, "entry"), { replace: true });
});

on("switchLanguage", ({ language }) => {
  speak(language).then(() => {
    setLanguage(language, true);
    show(state.route, "language");
  }, () => toaster.show(t("error.network"), { tone: "error" }));
});

on("reconnectLive", () => {
  if (live) live.reconnect();
  else if (state.session && state.session.status !== "completed") startLive();
});
// A diner waiting for approval is never stuck behind a socket that cannot connect.
setInterval(() => {
  if (state.route.page === "waiting" && state.live !== "open" && state.session?.status === "pending") refreshSession();
}, 15000);
on("retryLoad", () => show(parseRoute(location.pathname), "initial"));
// Tests and a curious developer can drop the socket as a network failure would.
window.addEventListener("diner:dropLive", () => live?.reconnect());

show(state.route, "initial");
