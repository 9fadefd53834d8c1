// @ts-check
/** .login-form: email and password; emits `signIn` {email, password, done(error?)}. */
import { emit } from "./dom.js";
import { t, translate } from "../lib/i18n.js";

/** @param {HTMLElement} root  the #login <main> of the page (only one of it and the shell shows) */
export function mountLoginForm(root) {
  const form = /** @type {HTMLFormElement} */ (root.querySelector("form"));
  const notice = /** @type {HTMLElement} */ (root.querySelector(".login-form__notice"));
  const submit = /** @type {HTMLButtonElement} */ (root.querySelector("button[type=submit]"));
  const email = /** @type {HTMLInputElement} */ (form.elements.namedItem("email"));
  const password = /** @type {HTMLInputElement} */ (form.elements.namedItem("password"));

  /** @param {string} text @param {"error" | "warn"} [tone] */
  function say(text, tone = "error") {
    notice.textContent = text;
    notice.className = `notice login-form__notice${tone === "error" ? " notice--error" : ""}`;
    notice.hidden = !text;
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const missing = [email, password].find((input) => !input.value.trim());
    [email, password].forEach((input) => input.setAttribute("aria-invalid", String(input === missing)));
    if (missing) {
      say(t("login.missing"));
      missing.focus();
      return;
    }
    submit.disabled = true;
    say("");
    emit(root, "signIn", {
      email: email.value.trim(),
      password: password.value,
      /** @param {string} [error] */
      done: (error) => {
        submit.disabled = false;
        if (error) {
          say(error);
          password.select();
        }
      },
    });
  });

  return {
    /** @param {{message?: string, tone?: "error" | "warn"}} [options] */
    show({ message = "", tone = "warn" } = {}) {
      translate(root);
      say(message, tone);
      password.value = "";
      root.hidden = false;
      (email.value ? password : email).focus();
    },
    hide() {
      root.hidden = true;
      say("");
    },
  };
}
