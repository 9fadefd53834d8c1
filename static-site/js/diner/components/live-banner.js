// @ts-check
/** .live-banner: says so when the live connection dropped (shell.js waits a moment before it
 * mounts or shows it, to avoid flicker; the code comes only then), or when this table's sign-in
 * was opened on more screens and this one was closed: it then waits for "Use here". */
import { t } from "../../lib/i18n.js";
import { emit, h } from "../dom.js";

/** @param {HTMLElement} root */
export function mountLiveBanner(root) {
  const text = h("span");
  const retry = h("button", { class: "live-banner__retry", type: "button", onclick: () => emit(retry, "reconnectLive") });
  root.replaceChildren(text, retry);
  return {
    /** @param {"connecting" | "open" | "closed" | "displaced" | "off"} status */
    update(status) {
      const displaced = status === "displaced";
      text.textContent = t(displaced ? "live.displaced" : "live.reconnecting");
      retry.textContent = t(displaced ? "live.useHere" : "live.retry");
      root.dataset.live = status;
      root.hidden = status === "open" || status === "off";
    },
  };
}
