// @ts-check
/**
 * What the diner sends: an order (once, with an Idempotency-Key kept across retries and reloads),
 * their sign-in at the table, their profile, a call for the waiter or the bill. events.js loads this
 * module with the diner's first touch or key and hands it its state and helpers; the results go
 * into the state, and the page follows with update().
 */
import { ApiError, newIdempotencyKey } from "../lib/api.js";
import { t } from "../lib/i18n.js";
import { emptyCart, MAX_ORDER_PORTIONS, orderBody, unavailableLines } from "./cart.js";
import { openRequests, upsertOrder, upsertRequest } from "./orders.js";
import { pathFor } from "./router.js";

/**
 * @typedef {object} App  what events.js shares with the actions
 * @property {import("./state.js").DinerState} state
 * @property {ReturnType<typeof import("../lib/api.js").createApi>} api
 * @property {{navigate: (path: string, options?: {replace?: boolean}) => void}} router
 * @property {{show: (text: string, options?: {tone?: "ok" | "error", next?: boolean}) => void}} toaster
 * @property {() => void} update
 * @property {(cart: import("./cart.js").Cart) => void} saveCart
 * @property {() => Promise<void>} refreshSession
 * @property {() => Promise<void>} loadMenu
 * @property {() => Promise<void>} loadEntry
 * @property {() => import("./state.js").FormState} idleForm
 * @property {() => {saving: boolean, errors: Record<string, string>, message: string | null}} idleProfileForm
 * @property {() => ReturnType<typeof import("./storage.js").tableStorage> | null} storage
 * @property {() => Map<string, import("./state.js").MenuItem>} menuItems
 * @property {(minor: number) => string} money
 * @property {(id: string) => void} forgetJoinAsk   a request to join this table was answered
 * @property {() => void} rememberDevice            the phone's device key for the table changed
 */

/** @param {App} app */
export function createActions(app) {
  const { state, api, router, toaster, update, saveCart, refreshSession, loadMenu, loadEntry, idleForm, idleProfileForm, money } = app;
  /** @type {{body: string, key: string} | null} */
  let registration = null;

  const RETRYABLE = new Set(["REQUEST_IN_PROGRESS"]);

  /** Sends the cart once: the same Idempotency-Key is kept for the same cart across retries and reloads. */
  async function placeOrder() {
    const storage = app.storage();
    if (state.placing || !storage || state.cart.lines.length === 0 || state.session?.status === "pending") return;
    if (state.menu && unavailableLines(state.cart, app.menuItems()).size) return;
    const body = orderBody(state.cart);
    const bodyText = JSON.stringify(body);
    let pending = storage.pendingOrder();
    if (!pending || pending.body !== bodyText) {
      pending = { key: newIdempotencyKey(), body: bodyText };
      storage.setPendingOrder(pending);
    }
    state.placing = true;
    state.cartError = null;
    update();
    try {
      let order;
      for (let attempt = 0; ; attempt += 1) {
        try {
          order = await api.post("/session/orders", body, { idempotencyKey: pending.key });
          break;
        } catch (error) {
          if (!(error instanceof ApiError && RETRYABLE.has(error.code) && attempt < 4)) throw error;
          await new Promise((resolve) => setTimeout(resolve, 600 * (attempt + 1)));
        }
      }
      storage.setPendingOrder(null);
      if (state.session) state.session = upsertOrder(state.session, order);
      saveCart(emptyCart());
      state.placing = false;
      toaster.show(t("cart.placed"), { next: true });
      router.navigate(pathFor(state.route, "status"));
    } catch (error) {
      state.placing = false;
      if (!(error instanceof ApiError)) throw error;
      if (error.status === 401) return;
      const retryable = error.status === 0 || error.status >= 500;
      if (!retryable) storage.setPendingOrder(null);
      state.cartError = orderErrorMessage(error);
      if (error.status === 409 || error.status === 422) {
        refreshSession();
        loadMenu().then(update, () => {});
      }
    }
    update();
  }

  /** @param {ApiError} error */
  function orderErrorMessage(error) {
    if (error.status === 0) return t("error.network");
    if (error.code === "ITEM_UNAVAILABLE" || error.code === "UNKNOWN_MENU_ITEM" || error.code === "UNKNOWN_OPTION"
      || error.code === "OPTION_CHOICE_INVALID") {
      const index = Number(/items\[(\d+)\]/.exec(error.field ?? "")?.[1]);
      const line = state.cart.lines[index];
      return t("error.itemUnavailable", { name: line?.name ?? "" });
    }
    if (error.code === "SESSION_NOT_ACTIVE" || error.code === "SESSION_ENDED") return t("error.notActive");
    if (error.code === "INVALID_INPUT" && error.field === "items") return t("error.tooManyPortions", { max: MAX_ORDER_PORTIONS });
    if (error.code === "SPENDING_CAP_EXCEEDED" && typeof error.details?.spendingCap === "number") {
      return t("error.spendingCap", { cap: money(error.details.spendingCap), remaining: money(error.details.remaining ?? 0) });
    }
    if (error.status === 429) return waitMessage(error);
    return error.status >= 500 ? t("error.generic") : error.message;
  }

  /** @param {"waiter" | "bill"} kind */
  async function openServiceRequest(kind) {
    if (!state.session || state.requesting[kind] || openRequests(state.session)[kind]) return;
    state.requesting[kind] = true;
    update();
    try {
      const request = await api.post(kind === "waiter" ? "/session/waiter-calls" : "/session/bill-requests");
      if (state.session) state.session = upsertRequest(state.session, request);
      toaster.show(t(kind === "waiter" ? "service.waiterCalled" : "service.billRequested"));
    } catch (error) {
      if (error instanceof ApiError && error.status !== 401) {
        toaster.show(error.status === 0 ? t("error.network") : error.status === 409 ? t("error.notActive") : t("error.generic"), { tone: "error" });
      }
    } finally {
      state.requesting[kind] = false;
      update();
    }
  }

  /** @param {string} phone  "+51 987-654 321" -> "+51987654321"; a leading 00 is the + */
  function normalisePhone(phone) {
    const compact = phone.replace(/[\s().\-/]/g, "");
    return compact.startsWith("00") ? `+${compact.slice(2)}` : compact;
  }

  /**
   * Signs in at the table. The phone's device key for it goes along: the same phone coming back
   * gets straight in (201). At a table in use without one, the answer is a request to join (202):
   * the tab keeps it and waits for a yes on the waiting page. `rejoin`: the entry's one-tap
   * "Rejoin" (the remembered name, the cart kept); `startNew`: a new session, for the staff to approve.
   * @param {{mode: string, name: string, phone: string, email: string, birthDate: string, rejoin?: boolean, startNew?: boolean, marketingConsent?: boolean}} detail
   */
  async function register(detail) {
    const storage = app.storage();
    if (state.entryForm.sending || !storage) return;
    /** @type {Record<string, string>} */
    const body = { mode: detail.mode, name: detail.name.trim() };
    const phone = normalisePhone(detail.phone ?? "");
    if (phone) body.phone = phone;
    if (detail.email?.trim()) body.email = detail.email.trim();
    if (detail.birthDate) body.birthDate = detail.birthDate;
    const deviceKey = storage.deviceKey();
    if (deviceKey) body.deviceKey = deviceKey;
    if (detail.startNew) body.startNew = /** @type {any} */ (true);
    if (detail.mode === "loyalty" && detail.marketingConsent) body.marketingConsent = /** @type {any} */ (true);
    const bodyText = JSON.stringify(body);
    if (!registration || registration.body !== bodyText) registration = { body: bodyText, key: newIdempotencyKey() };
    state.entryForm = { sending: true, errors: state.entryForm.errors, message: null };
    update();
    const { slug, code } = state.route;
    try {
      const result = await api.post(`/branches/${encodeURIComponent(slug)}/tables/${encodeURIComponent(code)}/sessions`, body,
        { idempotencyKey: registration.key });
      registration = null;
      if (result.joinRequest && result.requestToken) {
        storage.setPendingJoin({ id: result.joinRequest.id, requestToken: result.requestToken });
        state.join = result.joinRequest;
        state.entryForm = idleForm();
        router.navigate(pathFor(state.route, "waiting"));
        return;
      }
      storage.setToken(result.token);
      if (result.deviceKey) storage.setDeviceKey(result.deviceKey, result.customer?.name ?? body.name);
      app.rememberDevice();
      // a loyalty sign-up is a guest until the code texted to the phone is entered (components/phone-code.js)
      storage.setPhoneCode(result.phoneVerification ? (await import("./components/phone-code.js")).pendingFrom(result.phoneVerification) : null);
      // the cart stays: it is this phone's at this table (storage.js), also across a closed session
      Object.assign(state, { session: null, entry: null, notice: null, profile: null });
      state.entryForm = idleForm();
      router.navigate(pathFor(state.route, result.session.status === "active" ? "menu" : "waiting"));
    } catch (error) {
      state.entryForm = { sending: false, ...fieldErrors(error, body) };
      if (detail.rejoin && !state.entryForm.message) state.entryForm.message = t("error.generic");
      if (error instanceof ApiError && (error.field === "join" || error.code === "PENDING_SESSION_EXISTS")) {
        state.entry = null;
        await loadEntry().catch(() => {});
      }
      update();
    }
  }

  const FIELD_MESSAGES = /** @type {Record<string, string>} */ ({ name: "error.name", email: "error.email", birthDate: "error.birthDate" });

  /**
   * A throttle's answer in words: how long to wait, from its `retryAfter` seconds ("try again in
   * 4 minutes"), or "a moment" from an API that does not say.
   * @param {ApiError} error
   */
  function waitMessage(error) {
    const seconds = Number(error.details?.retryAfter);
    if (!Number.isFinite(seconds) || seconds <= 0) return t("error.tooMany");
    if (seconds < 60) return t("error.tooManySeconds", { seconds: Math.ceil(seconds) });
    const minutes = Math.ceil(seconds / 60);
    return minutes === 1 ? t("error.tooManyMinute") : t("error.tooManyMinutes", { minutes });
  }

  /** @param {string} field  "phone", "items[0].notes" @param {Record<string, unknown>} values */
  function fieldMessage(field, values) {
    const name = field.split(/[.[]/)[0];
    if (name === "phone") return t(values.phone ? "error.phone" : "error.phoneRequired");
    return name in FIELD_MESSAGES ? t(FIELD_MESSAGES[name]) : null;
  }

  /**
   * An API error as messages under the inputs it names, all at once (`fields`, or API.md's one
   * `field` from an older API), or one for the form.
   * @param {unknown} error @param {Record<string, unknown>} values  what was sent
   * @returns {{errors: Record<string, string>, message: string | null}}
   */
  function fieldErrors(error, values) {
    if (!(error instanceof ApiError)) return { errors: {}, message: t("error.generic") };
    if (error.status === 0) return { errors: {}, message: t("error.network") };
    if (error.status === 429) return { errors: {}, message: waitMessage(error) };
    const field = (error.field ?? "").split(/[.[]/)[0];
    const named = error.details?.fields && typeof error.details.fields === "object" ? Object.keys(error.details.fields) : [];
    /** @type {Record<string, string>} */
    const errors = {};
    for (const name of [field, ...named]) {
      const message = fieldMessage(name, values);
      if (message) errors[name.split(/[.[]/)[0]] ??= message;
    }
    // the API checks "a loyalty account needs a phone" once the fields themselves are fine: said with them
    if (Object.keys(errors).length && values.mode === "loyalty" && !values.phone) errors.phone ??= t("error.phoneRequired");
    if (Object.keys(errors).length) return { errors, message: null };
    if (field === "join") return { errors: {}, message: t("error.join") };
    if (error instanceof ApiError && error.code === "PENDING_SESSION_EXISTS") return { errors: {}, message: t("error.pendingExists") };
    return { errors: {}, message: error.status >= 500 ? t("error.generic") : error.message };
  }

  /** @param {{name: string, email: string, birthDate: string, avoidAllergens?: string[], marketingConsent?: boolean}} detail */
  async function saveProfile({ name, email, birthDate, avoidAllergens: avoid, marketingConsent }) {
    if (state.profileForm.saving) return;
    /** @type {Record<string, any>} */
    const body = { name: name.trim(), email: email.trim() || null, birthDate: birthDate || null, avoidAllergens: avoid ?? [] };
    if (typeof marketingConsent === "boolean") body.marketingConsent = marketingConsent;
    state.profileForm = { saving: true, errors: state.profileForm.errors, message: null };
    update();
    try {
      state.profile = await api.patch("/me", body);
      state.profileForm = idleProfileForm();
      toaster.show(t("profile.saved"));
    } catch (error) {
      const { errors, message } = fieldErrors(error, body);
      state.profileForm = { saving: false, errors, message };
    }
    update();
  }

  /**
   * Someone at the table allows or declines a request to join it. Already answered (on another
   * phone, or by the staff: 409), or gone (404): the card goes all the same, with a word.
   * @param {string} id @param {"allow" | "decline"} decision
   */
  async function decideJoin(id, decision) {
    const ask = state.joinAsks.find((candidate) => candidate.id === id);
    if (!ask || ask.busy) return;
    const mark = (/** @type {boolean} */ busy) => {
      state.joinAsks = state.joinAsks.map((candidate) => (candidate.id === id ? { ...candidate, busy } : candidate));
    };
    mark(true);
    update();
    try {
      await api.post(`/session/join-requests/${encodeURIComponent(id)}/${decision}`);
      toaster.show(t(decision === "allow" ? "join.allowedToast" : "join.declinedToast", { name: ask.name }));
      app.forgetJoinAsk(id);
      if (decision === "allow") refreshSession();
    } catch (error) {
      if (!(error instanceof ApiError) || error.status === 401) return;
      if (error.status === 404 || error.status === 409) {
        toaster.show(t("join.gone"));
        app.forgetJoinAsk(id);
      } else {
        mark(false);
        toaster.show(error.status === 0 ? t("error.network") : t("error.generic"), { tone: "error" });
      }
    }
    update();
  }

  /** A guest asks for a code to join loyalty from the profile page. @param {string} phone */
  async function startPhoneCode(phone) {
    const storage = app.storage();
    if (!storage || state.profileForm.saving) return;
    const number = normalisePhone(phone ?? "");
    try {
      const answer = await api.post("/me/phone-verification", number ? { phone: number } : {});
      storage.setPhoneCode((await import("./components/phone-code.js")).pendingFrom(answer.phoneVerification));
      state.profileForm = { ...state.profileForm, joinError: null };
      window.scrollTo(0, 0);
    } catch (error) {
      const { errors, message } = fieldErrors(error, { phone: number });
      const phoneCode = error instanceof ApiError && error.code === "RESEND_THROTTLED" ? t("phone.resendThrottled") : null;
      state.profileForm = { ...state.profileForm, joinError: phoneCode ?? errors.phone ?? message };
    }
    update();
  }

  return { placeOrder, openServiceRequest, register, saveProfile, decideJoin, startPhoneCode };
}
