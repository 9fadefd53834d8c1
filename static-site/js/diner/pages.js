// @ts-check
/**
 * Which page shows: the routes (router.js) drawn as pages, each page's code loaded when first
 * shown, the diner sent where their session allows (orders.js's redirectFor), and the code of
 * the pages likely next fetched with the diner's first touch.
 */
import { ApiError } from "../lib/api.js";
import { redirectFor } from "./orders.js";
import { pathFor, startRouter } from "./router.js";
import { photosIn } from "./dom.js";
import { forgetEarly, pageStyles, preloadPage } from "./boot.js";
import { app } from "./state.js";
import { speak, view } from "./view.js";
import { firstView, main, toaster, update } from "./shell.js";
import { loadFor, useTable } from "./data.js";
import { endSession, followMove } from "./session.js";
import { loadActions } from "./events.js";

/**
 * @typedef {import("./router.js").Route} Route
 * @typedef {import("./router.js").PageName} PageName
 * @typedef {import("./state.js").MountPage} MountPage
 */

export const router = startRouter((route, how) => show(route, how));

/**
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
function preloadNextPages() {
  app.nextPages.forEach(preloadPage);
  app.nextPages = [];
  if (!app.actions) loadActions().catch(() => {});
}
for (const type of ["pointerdown", "keydown", "touchstart"]) addEventListener(type, preloadNextPages, { capture: true, passive: true });
addEventListener("scroll", preloadNextPages, { passive: true }); // the page's own scroll, not a tab strip's

/**
 * Shows a route: loads what it needs, sends the diner where their session allows, mounts the page.
 * @param {Route} route @param {"initial" | "push" | "pop" | "language"} how
 */
export async function show(route, how) {
  const { state } = app;
  const count = ++app.showCount;
  if (how === "push" || how === "pop") toaster.leavePage();
  state.route = route;
  if (route.page === "landing" || route.page === "notFound") {
    state.closedBranch = false;
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
    if (count !== app.showCount) return;
    if (error instanceof ApiError && error.status === 404) {
      state.closedBranch = error.code === "BRANCH_ARCHIVED"; // the owner closed the branch: say so, not "no such table"
      await mountPage("notFound", how, count);
    }
    else if (!(error instanceof ApiError && error.status === 401)) await mountPage("loadError", how, count);
    return;
  }
  forgetEarly();
  if (count !== app.showCount) return;
  const session = state.session;
  if (session && session.status !== "completed" && state.place && state.place.table.code !== route.code) {
    followMove(state.place.table.code); // the session moved while this phone was away
    return;
  }
  const target = redirectFor(route.page, { hasToken: Boolean(app.storage?.token()), joining: Boolean(state.join), status: session?.status,
    endReason: session?.endReason });
  if (session?.status === "completed" && session.endReason !== "rejected") {
    endSession(session);
    return;
  }
  if (target) {
    router.navigate(pathFor(route, /** @type {PageName} */ (target)), { replace: true });
    return;
  }
  if (route.page === "entry") state.notice = app.storage?.takeNotice() ?? state.notice;
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
    [mount] = await Promise.all([PAGES[name](), pageStyles(name), name === "loadError" ? null : speak(app.wantedLanguage)]);
  } catch {
    if (count === app.showCount && name !== "loadError") await mountPage("loadError", how, count);
    return;
  }
  if (count !== app.showCount) return;
  const draft = how === "language" ? collectDraft() : null;
  app.page?.unmount?.();
  main.replaceChildren();
  app.page = mount(main, view());
  update();
  document.documentElement.removeAttribute("data-header"); // the header's place was kept until now (diner.css)
  if (draft) restoreDraft(draft);
  if (how === "pop") window.scrollTo(0, history.state?.scrollY ?? 0);
  else if (how === "push") window.scrollTo(0, 0);
  if (how === "push" || how === "pop") /** @type {HTMLElement | null} */ (main.querySelector("h1"))?.focus({ preventScroll: true });
  app.nextPages = NEXT_PAGES[name] ?? [];
  (NEXT_AT_ONCE[name] ?? []).forEach(preloadPage);
  photosIn(main.querySelectorAll('img[fetchpriority="high"][src]')).then(app.firstViewShown);
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

