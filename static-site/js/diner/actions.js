// @ts-check
/**
 * What the diner sends: an order (once, with an Idempotency-Key kept across retries and reloads),
 * their sign-in at the table, their profile, a call for the waiter or the bill. main.js loads this
 * module with the diner's first touch or key and hands it its state and helpers; the results go
 * into the state, and the page follows with update().
 */
import { ApiError, newIdempotencyKey } from "../lib/api.js";
import { t } from "../lib/i18n.js";
import { emptyCart, orderBody, unavailableLines } from "./cart.js";
import { openRequests, upsertOrder, upsertRequest } from "./orders.js";
import { pathFor } from "./router.js";

/**
 * @typedef {object} App  what main.js shares with the actions
 * @property {import("./main.js").DinerState} state
 * @property {ReturnType<typeof import("../lib/api.js").createApi>} api
 * @property {{navigate: (path: string, options?: {replace?: boolean}) => void}} router
 * @property {{show: (text: string, options?: {tone?: "ok" | "error"}) => void}} toaster
 * @property {() => void} update
 * @property {(cart: import("./cart.js").Cart) => void} saveCart
 * @property {() => Promise<void>} refreshSession
 * @property {() => Promise<void>} loadMenu
 * @property {() => Promise<void>} loadEntry
 * @property {() => import("./main.js").FormState} idleForm
 * @property {() => {saving: boolean, errors: Record<string, string>, message: string | null}} idleProfileForm
 * @property {() => ReturnType<typeof import("./storage.js").tableStorage> | null} storage
 * @property {() => Map<string, import("./main.js").MenuItem>} menuItems
 * @property {(minor: number) => string} money
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
    if (state.placing || !storage || state.cart.lines.length === 0) return;
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
      toaster.show(t("cart.placed"));
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
    if (error.code === "SPENDING_CAP_EXCEEDED" && typeof error.details?.spendingCap === "number") {
      return t("error.spendingCap", { cap: money(error.details.spendingCap), remaining: money(error.details.remaining ?? 0) });
    }
    if (error.status === 429) return t("error.tooMany");
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

  /** @param {{mode: string, name: string, phone: string, email: string, birthDate: string, join?: string}} detail */
  async function register(detail) {
    const storage = app.storage();
    if (state.entryForm.sending || !storage) return;
    /** @type {Record<string, string>} */
    const body = { mode: detail.mode, name: detail.name.trim() };
    const phone = normalisePhone(detail.phone ?? "");
    if (phone) body.phone = phone;
    if (detail.email?.trim()) body.email = detail.email.trim();
    if (detail.birthDate) body.birthDate = detail.birthDate;
    if (detail.join) body.join = detail.join;
    const bodyText = JSON.stringify(body);
    if (!registration || registration.body !== bodyText) registration = { body: bodyText, key: newIdempotencyKey() };
    state.entryForm = { sending: true, errors: state.entryForm.errors, message: null };
    update();
    const { slug, code } = state.route;
    try {
      const result = await api.post(`/branches/${encodeURIComponent(slug)}/tables/${encodeURIComponent(code)}/sessions`, body,
        { idempotencyKey: registration.key });
      registration = null;
      storage.setToken(result.token);
      // a loyalty sign-up is a guest until the code texted to the phone is entered (components/phone-code.js)
      storage.setPhoneCode(result.phoneVerification ? (await import("./components/phone-code.js")).pendingFrom(result.phoneVerification) : null);
      if (!detail.join) saveCart(emptyCart());
      Object.assign(state, { session: null, entry: null, notice: null, profile: null });
      state.entryForm = idleForm();
      router.navigate(pathFor(state.route, result.session.status === "active" ? "menu" : "waiting"));
    } catch (error) {
      state.entryForm = { sending: false, ...fieldErrors(error, body) };
      if (error instanceof ApiError && error.field === "join") {
        state.entry = null;
        await loadEntry().catch(() => {});
      }
      update();
    }
  }

  const FIELD_MESSAGES = /** @type {Record<string, string>} */ ({ name: "error.name", email: "error.email", birthDate: "error.birthDate" });

  /**
   * An API error as messages under the inputs it names (API.md's `field`), or one for the form.
   * @param {unknown} error @param {Record<string, unknown>} values  what was sent
   * @returns {{errors: Record<string, string>, message: string | null}}
   */
  function fieldErrors(error, values) {
    if (!(error instanceof ApiError)) return { errors: {}, message: t("error.generic") };
    if (error.status === 0) return { errors: {}, message: t("error.network") };
    if (error.status === 429) return { errors: {}, message: t("error.tooMany") };
    const field = (error.field ?? "").split(/[.[]/)[0];
    if (field === "phone") return { errors: { phone: t(values.phone ? "error.phone" : "error.phoneRequired") }, message: null };
    if (field in FIELD_MESSAGES) return { errors: { [field]: t(FIELD_MESSAGES[field]) }, message: null };
    if (field === "join") return { errors: {}, message: t("error.join") };
    return { errors: {}, message: error.status >= 500 ? t("error.generic") : error.message };
  }

  /** @param {{name: string, email: string, birthDate: string}} detail */
  async function saveProfile({ name, email, birthDate, avoidAllergens: avoid }) {
    if (state.profileForm.saving) return;
    const body = { name: name.trim(), email: email.trim() || null, birthDate: birthDate || null, avoidAllergens: avoid ?? [] };
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

  return { placeOrder, openServiceRequest, register, saveProfile, startPhoneCode };
}
