// @ts-check
/**
 * The diner's live connection: its code (lib/socket.js) fetched once a session needs it, after
 * the first view; every (re)connect re-reads the session (and the menu), and each push is
 * applied to the state with the pure rules of orders.js.
 */
import { currentLanguage, t } from "../lib/i18n.js";
import { itemIn } from "../lib/menu-text.js";
import { applyLineUpdate, applySessionUpdate, lineNews, openRequests, upsertOrder, upsertRequest } from "./orders.js";
import { app } from "./state.js";
import { banner, firstView, toaster, update } from "./shell.js";
import { loadMenu, refreshSession, useMenu } from "./data.js";
import { afterSessionChange, followMove, forgetJoinAsk } from "./session.js";

/** How long a request to join waits for an answer (API: 10 minutes). */
const JOIN_WAITS_MS = 10 * 60 * 1000;

/** The socket's code is fetched when a session first needs it, after the first page is drawn. */
export function startLive() {
  if (app.live) return;
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
  app.live = handle;
  // the banner's code before the socket's connection: a phone that goes offline once live must be
  // able to say so (a module still in flight when the network goes never arrives)
  firstView.then(idle).then(() => Promise.all([import("../lib/socket.js"), banner.load()])).then(([{ connectLive }]) => {
    if (closed) return;
    socket = connectLive({
      getToken: () => app.storage?.token() ?? null,
      onMessage: onLiveMessage,
      onOpen: () => {
        // the session names the menu's revision: the menu is then asked at its cacheable URL
        refreshSession().then(() => (app.state.menu ? loadMenu().then(update) : null)).catch(() => {});
      },
      onStatus: (status) => {
        if (app.live !== handle) return;
        app.state.live = status;
        update();
      },
    });
  }, () => {
    if (app.live !== handle) return;
    app.live = null; // the banner's reconnect button, or the next page, tries again
    app.state.live = "closed";
    update();
  });
}

/**
 * Once the main thread is idle after the first view (the menu's cards are drawn in slices), or at
 * the latest after IDLE_WAIT_MS: the socket's code and its first catch-up reads then run in a task
 * of their own instead of lengthening the first render's (80-150 ms on a slow phone).
 * @returns {Promise<void>}
 */
function idle() {
  const ask = /** @type {any} */ (globalThis).requestIdleCallback;
  return new Promise((resolve) => (typeof ask === "function" ? ask(() => resolve(), { timeout: IDLE_WAIT_MS }) : setTimeout(resolve, 0)));
}
const IDLE_WAIT_MS = 1000;

export function stopLive() {
  app.live?.close();
  app.live = null;
  app.state.live = "off";
}

const lineAnnouncements = lineNews();

/** @param {import("../lib/socket.js").LiveMessage} message */
function onLiveMessage({ type, data }) {
  const { state } = app;
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
      if (!app.decidedJoins.has(data.id) && !state.joinAsks.some((ask) => ask.id === data.id)) {
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
  const { state, menuItems } = app;
  if (!state.menu || (data.branchId && data.branchId !== state.place?.branch.id)) return;
  const known = menuItems.get(data.id);
  if (!known) return;
  const language = state.menu.language || currentLanguage();
  const next = data.removed ? { ...known, staffAvailable: false }
    : { ...known, ...pick(itemIn(data, language, state.place?.branch.languages?.[0])) };
  const categories = state.menu.categories.map((category) => ({
    ...category, items: category.items.map((item) => (item.id === data.id ? next : item)),
  }));
  useMenu({ ...state.menu, categories });  // says so if a dish in the cart is gone
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

