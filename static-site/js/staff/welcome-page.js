// @ts-check
/**
 * /staff/welcome#<link>: the page an invitation or password-reset email opens. It greets the
 * person the link is for (POST /staff/links/check), takes a new password twice and sets it
 * (POST /staff/links/password); then the sign-in form, with the email filled in. A used,
 * forged or expired link says so and asks for a new one. No sign-in is needed (the link is
 * its own credential); the link's secret never leaves the fragment for a server log.
 */
import { h, replace } from "./dom.js";
import { t } from "../lib/i18n.js";

export const MIN_PASSWORD = 10;

export function isWelcome() {
  return location.pathname.replace(/\/+$/, "") === "/staff/welcome";
}

/**
 * @param {{post: (path: string, body: unknown) => Promise<any>}} api
 * @param {HTMLElement} loginRoot  the sign-in's <main>, hidden while this shows
 * @param {(email: string) => void} signInAs  shows the sign-in form with the email filled in
 */
export async function startWelcome(api, loginRoot, signInAs) {
  loginRoot.hidden = true;
  const token = decodeURIComponent(location.hash.slice(1));
  const notice = h("p", { class: "notice login-form__notice", role: "alert", hidden: true });
  const card = h("div", { class: "login-form__card" });
  const root = h("main", { class: "login-form welcome-page", id: "welcome", "aria-labelledby": "welcome-title" }, [card]);
  document.body.prepend(root);
  document.title = `${t("welcome.title")} · Comanda`;
  /** @param {string} text */
  const fail = (text) => replace(card, [h("p", { class: "login-form__brand", text: "Comanda" }),
    h("h1", { id: "welcome-title", text: t("welcome.title") }),
    h("p", { class: "notice notice--error", role: "alert", text })]);
  let holder;
  try {
    holder = await api.post("/staff/links/check", { token });
  } catch (error) {
    fail(t("welcome.badLink"));
    return;
  }
  const password = /** @type {HTMLInputElement} */ (h("input", { id: "welcome-password", type: "password", autocomplete: "new-password",
    required: true, minlength: String(MIN_PASSWORD), "aria-describedby": "welcome-rules" }));
  const again = /** @type {HTMLInputElement} */ (h("input", { id: "welcome-again", type: "password", autocomplete: "new-password", required: true }));
  const submit = /** @type {HTMLButtonElement} */ (h("button", { class: "button login-form__submit", type: "submit", text: t("welcome.submit") }));
  const form = h("form", { novalidate: true }, [
    h("p", { class: "login-form__brand", text: "Comanda" }),
    h("h1", { id: "welcome-title", text: t("welcome.title") }),
    h("p", { text: t("welcome.hello", { name: holder.name, email: holder.email }) }),
    notice,
    h("input", { type: "email", autocomplete: "username", value: holder.email, hidden: true, readonly: true, "aria-hidden": "true", tabindex: "-1" }),
    h("div", { class: "field" }, [h("label", { for: "welcome-password", text: t("welcome.password") }), password,
      h("p", { class: "field__hint", id: "welcome-rules", text: t("welcome.rules", { n: MIN_PASSWORD }) })]),
    h("div", { class: "field" }, [h("label", { for: "welcome-again", text: t("welcome.again") }), again]),
    submit,
  ]);
  /** @param {string} text */
  const say = (text) => { notice.hidden = false; notice.className = "notice notice--error login-form__notice"; notice.textContent = text; };
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (password.value.length < MIN_PASSWORD) return say(t("welcome.tooShort", { n: MIN_PASSWORD }));
    if (password.value !== again.value) return say(t("welcome.mismatch"));
    submit.disabled = true;
    try {
      await api.post("/staff/links/password", { token, password: password.value });
    } catch (error) {
      submit.disabled = false;
      const status = /** @type {any} */ (error).status;
      return say(status === 401 ? t("welcome.badLink") : status === 400 ? t("welcome.weak") : String(/** @type {any} */ (error).message || error));
    }
    history.replaceState(null, "", "/staff/");
    root.remove();
    signInAs(holder.email);
  });
  replace(card, form);
  password.focus();
}
