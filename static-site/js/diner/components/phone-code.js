// @ts-check
/**
 * .phone-code: a loyalty sign-up is a guest until the six-digit code texted to the phone is
 * entered. This panel sits above the page (waiting, menu, profile...) while a code is pending:
 * the code's input, Confirm, and Resend (disabled with a countdown while the server throttles
 * it). The server decides everything (tries left, expiry, throttles); the panel says what it
 * answered. Actions go up: `onVerified` gets POST /me/phone-verification/confirm's answer.
 */
import { ApiError } from "../../lib/api.js";
import { t } from "../../lib/i18n.js";
import { h } from "../dom.js";
import { formatPhone } from "../../lib/phone.js";

/**
 * @typedef {{status: "sent" | "throttled", phone: string, expiresAt: string | null, resendAt: number}} PendingCode
 *   resendAt: when Resend may be pressed (ms since the epoch, this device's clock)
 */

/** The server's phoneVerification as this device keeps it. @param {any} answer @returns {PendingCode} */
export function pendingFrom(answer) {
  return { status: answer.status, phone: answer.phone, expiresAt: answer.expiresAt ?? null,
    resendAt: Date.now() + 1000 * Math.max(0, Number(answer.resendAfter) || 0) };
}

/** "0:27" @param {number} seconds */
function clock(seconds) {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

/**
 * @param {HTMLElement} root
 * @param {{api: ReturnType<typeof import("../../lib/api.js").createApi>,
 *          onVerified: (answer: {token: string, customer: any, linked: boolean}) => void,
 *          onPending: (pending: PendingCode) => void}} options
 */
export function mountPhoneCode(root, { api, onVerified, onPending }) {
  const title = h("h2", { class: "phone-code__title", id: "phone-code-title" });
  const sent = h("p", { class: "phone-code__sent" });
  const hint = h("p", { class: "field__hint" });
  const label = h("label", { for: "phone-code-input" });
  const input = h("input", { id: "phone-code-input", name: "code", autocomplete: "one-time-code", inputmode: "numeric",
    pattern: "[0-9]{6}", maxlength: "6", "aria-describedby": "phone-code-error", class: "phone-code__input" });
  const error = h("p", { class: "field__error", id: "phone-code-error", role: "alert" });
  const confirm = h("button", { class: "button phone-code__confirm", type: "submit" });
  const resend = h("button", { class: "button button--secondary phone-code__resend", type: "button" });
  const form = h("form", { class: "phone-code__form", novalidate: true },
    [h("div", { class: "field" }, [label, input, error]), h("div", { class: "phone-code__actions" }, [confirm, resend])]);
  const section = h("section", { class: "phone-code", "aria-labelledby": "phone-code-title", hidden: true }, [title, sent, hint, form]);
  root.append(section);

  /** @type {PendingCode | null} */
  let pending = null;
  let busy = false;
  /** @type {{key: string, values?: Record<string, string | number>} | null} */
  let problem = null;
  /** @type {ReturnType<typeof setInterval> | undefined} */
  let ticker;

  function secondsLeft() {
    return pending ? Math.max(0, Math.ceil((pending.resendAt - Date.now()) / 1000)) : 0;
  }

  function paint() {
    section.hidden = !pending;
    if (!pending) return;
    title.textContent = t("phone.title");
    sent.textContent = pending.status === "sent" ? t("phone.sent", { phone: formatPhone(pending.phone) })
      : t("phone.notSent", { phone: formatPhone(pending.phone) });
    hint.textContent = t("phone.hint");
    label.textContent = t("phone.label");
    confirm.textContent = busy ? t("phone.confirming") : t("phone.confirm");
    confirm.disabled = busy;
    const wait = secondsLeft();
    resend.disabled = busy || wait > 0;
    resend.textContent = wait > 0 ? t("phone.resendIn", { time: clock(wait) }) : t("phone.resend");
    error.textContent = problem ? t(problem.key, problem.values) : "";
    input.setAttribute("aria-invalid", problem ? "true" : "false");
    if (wait > 0 && ticker === undefined) {
      ticker = setInterval(() => {
        paint();
        if (secondsLeft() === 0) {
          clearInterval(ticker);
          ticker = undefined;
        }
      }, 1000);
    }
  }

  /** @param {unknown} failure */
  function explain(failure) {
    if (!(failure instanceof ApiError)) return { key: "error.generic" };
    if (failure.status === 0) return { key: "error.network" };
    const left = Number(failure.details?.triesLeft ?? 0);
    switch (failure.code) {
      case "CODE_INVALID": return { key: left === 1 ? "phone.invalidOne" : "phone.invalid", values: { left } };
      case "CODE_EXPIRED": return { key: "phone.expired" };
      case "TOO_MANY_TRIES": return { key: "phone.tooManyTries" };
      case "NO_CODE_SENT": return { key: "phone.noCode" };
      case "RESEND_THROTTLED": return { key: "phone.resendThrottled" };
      default:
        if (failure.field === "code") return { key: "phone.sixDigits" };
        if (failure.status === 429) return { key: "error.tooMany" };
        return { key: "error.generic" };
    }
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const code = input.value.replace(/\D/g, "");
    if (busy) return;
    if (code.length !== 6) {
      problem = { key: "phone.sixDigits" };
      paint();
      input.focus();
      return;
    }
    busy = true;
    problem = null;
    paint();
    try {
      const answer = await api.post("/me/phone-verification/confirm", { code });
      busy = false;
      pending = null;
      input.value = "";
      paint();
      onVerified(answer);
    } catch (failure) {
      busy = false;
      problem = explain(failure);
      if (failure instanceof ApiError && failure.code === "ALREADY_VERIFIED") pending = null;
      paint();
      input.select();
    }
  });

  resend.addEventListener("click", async () => {
    if (busy || secondsLeft() > 0) return;
    busy = true;
    problem = null;
    paint();
    try {
      const answer = await api.post("/me/phone-verification", {});
      pending = pendingFrom(answer.phoneVerification);
      onPending(pending);
    } catch (failure) {
      problem = explain(failure);
      const wait = failure instanceof ApiError ? Number(failure.details?.retryAfter ?? 0) : 0;
      if (pending && wait > 0) {
        pending = { ...pending, resendAt: Date.now() + wait * 1000 };
        onPending(pending);
      }
    }
    busy = false;
    paint();
  });

  return {
    /** @param {PendingCode | null} next */
    show(next) {
      if (next !== pending) {
        const fresh = !pending && next;
        pending = next;
        if (fresh) problem = null;
      }
      paint();
    },
    update: paint,
  };
}
