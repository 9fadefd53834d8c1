// @ts-check
/** .landing: `/` and unknown table URLs, the pages a diner sees without a table. */
import { t } from "../../lib/i18n.js";
import { emit, h } from "../dom.js";

/** A QR code, to show what to look for on the table (decorative). */
function qrHint() {
  return h("img", { class: "landing__qr", src: "/img/diner/scan-qr.svg", alt: "", width: "128", height: "128" });
}

/** @param {HTMLElement} root */
export function mountLandingPage(root) {
  const title = h("h1", { tabindex: "-1" });
  const body = h("p");
  root.append(h("section", { class: "landing" }, [qrHint(), title, body]));
  return {
    update() {
      document.title = t("app.title");
      title.textContent = t("landing.title");
      body.textContent = t("landing.body");
    },
  };
}

/**
 * An unknown table, or a table of a branch the owner closed (archived): each says which.
 * @param {HTMLElement} root @param {import("../state.js").View} view
 */
export function mountNotFoundPage(root, view) {
  const title = h("h1", { tabindex: "-1" });
  const body = h("p");
  root.append(h("section", { class: "landing" }, [qrHint(), title, body]));
  const page = {
    /** @param {import("../state.js").View} [next] */
    update(next = view) {
      const prefix = next?.state?.closedBranch ? "closedBranch" : "notFound";
      document.title = t(`${prefix}.title`);
      title.textContent = t(`${prefix}.title`);
      body.textContent = t(`${prefix}.body`);
    },
  };
  return page;
}

/** When the first load failed (no network): say so and offer to try again. @param {HTMLElement} root */
export function mountLoadErrorPage(root) {
  const title = h("h1", { tabindex: "-1" });
  const button = h("button", { class: "button", type: "button", onclick: () => emit(button, "retryLoad") });
  root.append(h("section", { class: "landing" }, [title, button]));
  return {
    update() {
      title.textContent = t("error.network");
      button.textContent = t("live.retry");
    },
  };
}
