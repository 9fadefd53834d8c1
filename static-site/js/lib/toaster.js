// @ts-check
/** .toaster: short confirmations and errors that screen readers also hear (every page). */
import { h } from "./dom.js";

/** @param {HTMLElement} root  an element with role="status" */
export function mountToaster(root) {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  return {
    /** @param {string} text @param {{tone?: "ok" | "error"}} [options] */
    show(text, { tone = "ok" } = {}) {
      clearTimeout(timer);
      root.replaceChildren(h("p", { class: `toaster__toast toaster__toast--${tone}`, text }));
      timer = setTimeout(() => root.replaceChildren(), tone === "error" ? 7000 : 4000);
    },
    clear() {
      clearTimeout(timer);
      root.replaceChildren();
    },
  };
}
