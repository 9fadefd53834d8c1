// @ts-check
/**
 * The diner's session over its life: asking to join a table in use, approval and the end (back
 * to the entry with a kind word), following the table when staff move it, and the phone's code
 * of a loyalty sign-up.
 */
import { t } from "../lib/i18n.js";
import { tableName } from "../lib/table-name.js";
import { redirectFor } from "./orders.js";
import { pathFor } from "./router.js";
import { carryTable, tableStorage } from "./storage.js";
import { app } from "./state.js";
import { api, main, toaster, update } from "./shell.js";
import { refreshSession, rememberDevice } from "./data.js";
import { startLive, stopLive } from "./live.js";
import { router } from "./pages.js";

/**
 * @typedef {import("./router.js").PageName} PageName
 * @typedef {import("./orders.js").SessionView} SessionView
 */

/**
 * A tab that asked to join follows its request with joining.js (its code, with the socket's,
 * comes only for such a tab); what the table answers goes into the state from there.
 * @param {import("./storage.js").PendingJoin} pending
 */
export function followJoinRequest(pending) {
  const joining = app.joining ??= import("./joining.js").then((m) => m.createJoining({
    state: app.state, storage: () => app.storage, router, toaster, update, rememberDevice,
  }));
  joining.then((follower) => follower.follow(pending), () => {
    app.joining = null; // offline: the next page shown tries again
    toaster.show(t("error.network"), { tone: "error" });
  });
}

export function stopJoin() {
  app.joining?.then((follower) => follower.stop(), () => {});
}

/** After the session changed (push or re-read): approval opens the menu, the end sends the diner away. @param {string | undefined} before */
export function afterSessionChange(before) {
  const { state } = app;
  const session = state.session;
  if (!session || state.route.page === "landing" || state.route.page === "notFound") return;
  if (session.status === "completed") {
    if (session.endReason !== "rejected") return endSession(session);
    stopLive();
  }
  const target = redirectFor(state.route.page, { hasToken: true, status: session.status, endReason: session.endReason });
  if (before === "pending" && session.status === "active") toaster.show(t("waiting.approved"), { next: Boolean(target) });
  if (target) router.navigate(pathFor(state.route, /** @type {PageName} */ (target)), { replace: true });
}

/**
 * Staff moved the table's session (guests changed seats): this page follows to the new
 * table's URL, the same page, keeping the token, cart and live connection.
 * @param {string} code
 */
export function followMove(code) {
  const { state } = app;
  if (!app.storage || !code || code === state.route.code) return;
  const to = { slug: state.route.slug, code };
  carryTable(state.route, to);
  app.tableKey = `${to.slug}/${to.code}`; // the same visit: useTable() keeps the state and the socket
  app.storage = tableStorage(to);
  if (state.place) state.place = { ...state.place, table: { ...state.place.table, code, label: code } };
  router.navigate(pathFor({ ...state.route, code }, state.route.page, state.route.itemId), { replace: true });
  refreshSession().then(() => toaster.show(t("status.moved", { table: app.state.place ? tableName(app.state.place.table.code, app.state.place.table.label) : code })));
}

/** @param {SessionView} session */
export function endSession(session) {
  signOut(session.endReason === "replaced" ? "notice.replaced" : "notice.closed");
}

/** Back to the table's entry with a kind word: the token, cart and session are forgotten. @param {string} noticeKey */
export function signOut(noticeKey) {
  const { state, storage } = app;
  if (!storage) return;
  storage.forget();
  storage.setNotice(noticeKey);
  stopLive();
  toaster.clear();
  Object.assign(state, { session: null, entry: null, profile: null, me: null, placing: false, cartError: null });
  // the cart stays (storage.js keeps it on the phone per table): it is there again after signing in
  router.navigate(pathFor(state.route, "entry"), { replace: true });
}

/**
 * A loyalty sign-up is a guest until the code texted to the phone is entered: while one is
 * pending (kept in the tab's storage), components/phone-code.js sits above the page.
 */
export function syncPhoneCode() {
  const storage = app.storage;
  const pending = storage?.token() ? storage.phoneCode() : null;
  if (!pending && !app.phoneCode) return;
  const phoneCode = app.phoneCode ??= import("./components/phone-code.js").then((m) => {
    const slot = document.createElement("div");
    main.before(slot);
    return m.mountPhoneCode(slot, { api, onVerified: phoneVerified, onPending: (next) => app.storage?.setPhoneCode(next) });
  });
  phoneCode.then((panel) => panel.show(app.storage?.token() ? app.storage.phoneCode() : null), () => { app.phoneCode = null; });
}

/** The code was right: a token naming the loyalty account, whose points and visits are the diner's now. @param {{token: string, customer: any}} answer */
function phoneVerified({ token, customer }) {
  const { state, storage } = app;
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

/** A request to join this table was answered (here, on another phone, or by the staff). @param {string} id */
export function forgetJoinAsk(id) {
  app.decidedJoins.add(id);
  app.state.joinAsks = app.state.joinAsks.filter((ask) => ask.id !== id);
}

