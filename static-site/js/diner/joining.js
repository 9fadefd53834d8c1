// @ts-check
/**
 * A phone that asked to join a table in use follows its request until the table answers:
 * live over the socket with the request token (`join.updated` on the request's own channel),
 * and by asking the API again, every few seconds while the socket is not open (and now and
 * then while it is, in case a push was lost). Every answer is read with the request token, the
 * only thing it opens: `GET /api/join-requests/{id}`, which carries the diner token once allowed.
 * session.js loads this module only for such a phone.
 */
import { ApiError, createApi } from "../lib/api.js";
import { t } from "../lib/i18n.js";
import { connectLive } from "../lib/socket.js";
import { pathFor } from "./router.js";

/** How often the request is read again: while the socket is down, and while it is up. */
export const POLL_MS = { closed: 4000, open: 20000 };

/**
 * @typedef {{id: string, status: "waiting" | "allowed" | "declined" | "expired", name?: string, expiresAt?: string,
 *   token?: string, session?: {id: string, status: string}, customer?: {id: string, name: string}, deviceKey?: string}} JoinAnswer
 */

/**
 * @param {{pending: import("./storage.js").PendingJoin, onAnswer: (answer: JoinAnswer) => void}} options
 * @returns {{check: () => void, close: () => void}}
 */
export function followJoin({ pending, onAnswer }) {
  const api = createApi({ getToken: () => pending.requestToken });
  let stopped = false;
  let checking = false;
  let again = false; // news came while a read was on its way: read once more after it
  let socketOpen = false;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let expiryTimer;
  let expiresAt = "";

  /** The server stores an expiry when the request is next read: it is read again just after its time. @param {string | undefined} at */
  function readAt(at) {
    if (!at || at === expiresAt) return;
    expiresAt = at;
    clearTimeout(expiryTimer);
    const wait = Date.parse(at) - Date.now() + 1500;
    if (Number.isFinite(wait)) expiryTimer = setTimeout(check, Math.min(Math.max(wait, 0), 2 ** 31 - 1));
  }

  function schedule() {
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(check, socketOpen ? POLL_MS.open : POLL_MS.closed);
  }

  async function check() {
    if (stopped) return;
    if (checking) {
      again = true;
      return;
    }
    checking = true;
    try {
      const answer = /** @type {JoinAnswer} */ (await api.get(`/join-requests/${encodeURIComponent(pending.id)}`, { cache: "no-store" }));
      if (!stopped) {
        readAt(answer.expiresAt);
        onAnswer(answer);
      }
    } catch (error) {
      // the request token ran out (or the request is gone): nobody can let this phone in any more
      if (!stopped && error instanceof ApiError && (error.status === 401 || error.status === 404)) onAnswer({ id: pending.id, status: "expired" });
    } finally {
      checking = false;
      if (again) {
        again = false;
        check();
      } else schedule();
    }
  }

  const socket = connectLive({
    getToken: () => (stopped ? null : pending.requestToken),
    onMessage: ({ type, data }) => {
      if (type === "join.updated" && (!data?.id || data.id === pending.id)) check();
    },
    onOpen: check, // whatever was answered while the socket was down
    onStatus: (status) => {
      socketOpen = status === "open";
    },
  });
  check();

  return {
    check,
    close() {
      stopped = true;
      clearTimeout(timer);
      clearTimeout(expiryTimer);
      socket.close();
    },
  };
}

/**
 * @typedef {object} JoinApp  what session.js shares with this module
 * @property {import("./state.js").DinerState} state
 * @property {() => ReturnType<typeof import("./storage.js").tableStorage> | null} storage
 * @property {{navigate: (path: string, options?: {replace?: boolean}) => void}} router
 * @property {{show: (text: string, options?: {next?: boolean}) => void}} toaster
 * @property {() => void} update
 * @property {() => void} rememberDevice
 */

/**
 * The tab's one follower: allowed -> the diner token and the device key are kept and the tab goes
 * on (the menu, or the approval wait of a pending session); declined or expired -> the waiting page
 * says so and the request is forgotten (a reload shows the entry again).
 * @param {JoinApp} app
 */
export function createJoining({ state, storage, router, toaster, update, rememberDevice }) {
  /** @type {{check: () => void, close: () => void} | null} */
  let following = null;

  function stop() {
    following?.close();
    following = null;
  }

  /** @param {JoinAnswer} answer */
  function onAnswer(answer) {
    const store = storage();
    if (!store || !state.join || answer.id !== state.join.id) return;
    if (answer.status === "allowed" && answer.token && answer.session) {
      stop();
      store.setPendingJoin(null);
      store.setToken(answer.token);
      if (answer.deviceKey) store.setDeviceKey(answer.deviceKey, answer.customer?.name);
      rememberDevice();
      Object.assign(state, { join: null, session: null, entry: null, notice: null, profile: null });
      if (answer.session.status === "active") toaster.show(t("join.allowed"), { next: true });
      router.navigate(pathFor(state.route, answer.session.status === "active" ? "menu" : "waiting"), { replace: true });
      return;
    }
    if (answer.status === "declined" || answer.status === "expired") {
      stop();
      store.setPendingJoin(null);
    }
    state.join = { id: answer.id, status: answer.status, name: answer.name ?? state.join.name, expiresAt: answer.expiresAt ?? state.join.expiresAt };
    update();
  }

  return {
    /** @param {import("./storage.js").PendingJoin} pending */
    follow(pending) {
      if (following) return;
      following = followJoin({ pending, onAnswer });
    },
    stop,
  };
}
