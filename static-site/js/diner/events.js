// @ts-check
/**
 * The pages' actions (verb-named DOM events, sent up): the cart's changes are handled here with
 * the pure rules of cart.js; what goes to the server is actions.js, loaded with the first touch.
 */
import { t, setLanguage } from "../lib/i18n.js";
import { addToCart, changeQuantity, needsChoices, removeLine, setOrderNotes } from "./cart.js";
import { parseRoute, pathFor } from "./router.js";
import { app, idleForm, idleProfileForm } from "./state.js";
import { speak, view } from "./view.js";
import { api, toaster, update } from "./shell.js";
import { loadEntry, loadMenu, menuInLanguage, refreshSession, rememberDevice, saveCart } from "./data.js";
import { forgetJoinAsk, stopJoin } from "./session.js";
import { startLive, stopLive } from "./live.js";
import { router, show } from "./pages.js";

/**
 * What the diner sends (an order, their sign-in, their profile, a call for staff) is actions.js,
 * whose code comes with the diner's first touch or key (before the tap that needs it lands),
 * not with the first view. Actions run in the order they were asked for.
 */
export function loadActions() {
  const actions = app.actions ??= import("./actions.js").then((m) => m.createActions({
    state: app.state, api, router, toaster, update, saveCart, refreshSession, loadMenu, loadEntry, idleForm, idleProfileForm,
    forgetJoinAsk, rememberDevice,
    storage: () => app.storage, menuItems: () => app.menuItems, money: (minor) => view().money(minor),
  }));
  actions.catch(() => {
    app.actions = null; // offline: the next tap tries again
    toaster.show(t("error.network"), { tone: "error" });
  });
  return actions;
}
/** @param {(actions: Awaited<ReturnType<typeof loadActions>>) => unknown} run */
function act(run) {
  loadActions().then(run, () => {});
}

/**
 * @param {string} name
 * @param {(detail: any, event: Event) => void} handler
 */
function on(name, handler) {
  document.addEventListener(name, (event) => handler(/** @type {CustomEvent} */ (event).detail ?? {}, event));
}

on("addToCart", ({ itemId, quantity, notes, options, fromProduct }) => {
  const item = app.menuItems.get(itemId);
  if (!item || !item.available) return;
  if (!options && needsChoices(item)) {
    router.navigate(pathFor(app.state.route, "item", item.id));
    return;
  }
  saveCart(addToCart(app.state.cart, item, quantity, notes, options ?? []));
  app.state.cartError = null;
  toaster.show(t("menu.added", { name: item.name }), { next: Boolean(fromProduct) });
  update();
  if (fromProduct) {
    if (history.state?.from === "menu") history.back();
    else router.navigate(pathFor(app.state.route, "menu"), { replace: true });
  }
});

on("changeQuantity", ({ key, delta }) => {
  saveCart(changeQuantity(app.state.cart, key, delta));
  update();
});

on("removeLine", ({ key }) => {
  saveCart(removeLine(app.state.cart, key));
  app.state.cartError = null;
  update();
});

on("setOrderNotes", ({ notes }) => saveCart(setOrderNotes(app.state.cart, notes)));

on("toggleHideAvoided", ({ hide }) => {
  app.state.hideAvoided = Boolean(hide);
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
  app.storage?.setPendingJoin(null);
  Object.assign(app.state, { join: null, entry: null });
  app.state.entryForm = idleForm();
  router.navigate(pathFor(app.state.route, "entry"), { replace: true });
});
on("startPhoneCode", ({ phone }) => act((actions) => actions.startPhoneCode(phone)));

on("startOver", () => {
  if (!app.storage) return;
  app.storage.forget();
  stopLive();
  Object.assign(app.state, { session: null, entry: null, me: null });
  router.navigate(pathFor(app.state.route, "entry"), { replace: true });
});

on("switchLanguage", ({ language }) => {
  speak(language).then(async () => {
    setLanguage(language, true);
    await menuInLanguage().catch(() => {});  // dish names, descriptions and options in it too
    show(app.state.route, "language");
  }, () => toaster.show(t("error.network"), { tone: "error" }));
});

on("reconnectLive", () => {
  if (app.live) app.live.reconnect();
  else if (app.state.session && app.state.session.status !== "completed") startLive();
});
// A diner waiting for approval is never stuck behind a socket that cannot connect.
setInterval(() => {
  if (app.state.route.page === "waiting" && app.state.live !== "open" && app.state.session?.status === "pending") refreshSession();
}, 15000);
on("retryLoad", () => show(parseRoute(location.pathname), "initial"));
// Tests and a curious developer can drop the socket as a network failure would.
window.addEventListener("diner:dropLive", () => app.live?.reconnect());
