// @ts-check
/**
 * "My password": any signed-in staff member changes their own password, from the staff header
 * or the kitchen display's bar. The current password, then the new one twice; the server
 * (POST /staff/me/password) checks the current one and the rules (length, not a common one, not
 * the email) and answers a fresh token for this screen: the person's other screens are asked to
 * sign in again at their next request. Each refusal is said in the page's language, next to the
 * field it is about.
 */
import { h, replace } from "./dom.js";
import { t } from "../lib/i18n.js";

export const MIN_PASSWORD = 10;  // chalicelib/services/staff_accounts.py's MIN_PASSWORD_LENGTH

/** @typedef {(currentPassword: string, newPassword: string) => Promise<void>} ChangePassword */

/**
 * The sentence for a refusal, and the field it is about.
 * @param {any} error  an ApiError ({status, code, field, message}) or anything thrown
 * @returns {{text: string, field: "current" | "new" | ""}}
 */
export function passwordErrorText(error) {
  const message = String(error?.message || error || "");
  if (error?.code === "WRONG_PASSWORD" || error?.field === "currentPassword") return { text: t("password.wrongCurrent"), field: "current" };
  if (error?.status === 429) return { text: t("password.tooMany"), field: "" };
  if (error?.field === "newPassword") {
    if (/at least/.test(message)) return { text: t("password.tooShort", { n: MIN_PASSWORD }), field: "new" };
    if (/at most/.test(message)) return { text: t("password.tooLong"), field: "new" };
    if (/the same/.test(message)) return { text: t("password.same"), field: "new" };
    if (/too easy|common/.test(message)) return { text: t("password.common"), field: "new" };
  }
  return { text: message || t("password.failed"), field: "" };
}

let dialog = /** @type {HTMLDialogElement | null} */ (null);

/** Opens the dialog (one per page, made on first use). @param {ChangePassword} change */
export function openPasswordDialog(change) {
  if (!dialog) {
    dialog = /** @type {HTMLDialogElement} */ (h("dialog", { class: "menu-dialog password-dialog", id: "password-dialog",
      "aria-labelledby": "password-dialog-title" }));
    document.body.append(dialog);
  }
  const modal = dialog;
  /** @param {string} id @param {string} autocomplete @param {string} [describedBy] */
  const input = (id, autocomplete, describedBy) => /** @type {HTMLInputElement} */ (h("input", {
    id, type: "password", autocomplete, required: true, maxlength: "128", "aria-describedby": describedBy || null }));
  const current = input("password-current", "current-password");
  const fresh = input("password-new", "new-password", "password-rules");
  const again = input("password-again", "new-password");
  const error = h("p", { class: "notice notice--error", role: "alert", id: "password-error", hidden: true });
  const save = /** @type {HTMLButtonElement} */ (h("button", { type: "submit", class: "button", text: t("password.save") }));
  const close = () => modal.close();
  const form = h("form", { class: "menu-dialog__form", method: "dialog", novalidate: true }, [
    h("h2", { id: "password-dialog-title", class: "menu-dialog__title", text: t("password.title") }),
    // the browser's password manager files the new password under this account
    h("input", { type: "text", autocomplete: "username", hidden: true, "aria-hidden": "true", tabindex: "-1" }),
    h("div", { class: "field" }, [h("label", { for: "password-current", text: t("password.current") }), current]),
    h("div", { class: "field" }, [h("label", { for: "password-new", text: t("password.new") }), fresh,
      h("p", { class: "field__hint", id: "password-rules", text: t("password.rules", { n: MIN_PASSWORD }) })]),
    h("div", { class: "field" }, [h("label", { for: "password-again", text: t("password.again") }), again]),
    error,
    h("div", { class: "menu-dialog__actions" }, [
      h("button", { type: "button", class: "button button--secondary", text: t("password.cancel"), onclick: close }), save]),
  ]);

  /** @param {string} text @param {HTMLInputElement | null} field */
  function say(text, field) {
    for (const each of [current, fresh, again]) each.removeAttribute("aria-invalid");
    error.hidden = false;
    error.textContent = text;
    if (field) {
      field.setAttribute("aria-invalid", "true");
      field.setAttribute("aria-describedby", field === fresh ? "password-error password-rules" : "password-error");
      field.focus();
    }
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!current.value) return say(t("password.needCurrent"), current);
    if (fresh.value.length < MIN_PASSWORD) return say(t("password.tooShort", { n: MIN_PASSWORD }), fresh);
    if (fresh.value !== again.value) return say(t("password.mismatch"), again);
    save.disabled = true;
    try {
      await change(current.value, fresh.value);
    } catch (failure) {
      save.disabled = false;
      const { text, field } = passwordErrorText(failure);
      return say(text, field === "current" ? current : field === "new" ? fresh : null);
    }
    const done = /** @type {HTMLButtonElement} */ (h("button", { type: "button", class: "button", text: t("password.close"), onclick: close }));
    replace(modal, h("div", { class: "menu-dialog__form" }, [
      h("h2", { id: "password-dialog-title", class: "menu-dialog__title", text: t("password.title") }),
      h("p", { class: "notice", role: "status", text: t("password.changed") }),
      h("div", { class: "menu-dialog__actions" }, [done])]));
    done.focus();
  });
  replace(modal, form);
  if (!modal.open) modal.showModal();
  current.focus();
}
