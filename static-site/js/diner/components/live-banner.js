// @ts-check
/** .live-banner: says so when the live connection dropped (main.js waits a moment before it
 * mounts or shows it, to avoid flicker; the code comes only then). */
import { t } from "../../lib/i18n.js";
import { emit, h } from "../dom.js";

/** @param {HTMLElement} root */
export function mountLiveBanner(root) {
  const text = h("span");
  const retry = h("button", { class: "live-banner__retry", type: "button", onclick: () => emit(retry, "reconnectLive") });
  root.replaceChildren(text, retry);
  return {
    /** @param {"connecting" | "open" | "closed" | "off"} status */
    update(status) {
      text.textContent = t("live.reconnecting");
      retry.textContent = t("live.retry");
      root.dataset.live = status;
      root.hidden = status === "open" || status === "off";
    },
  };
}
