// @ts-check
/** .waiting: a calm wait for the staff's approval; moves on by itself (the controller hears
 * session.updated) and says so kindly when the staff turn the session down. */
import { t } from "../../lib/i18n.js";
import { emit, h } from "../dom.js";

/** @typedef {import("../main.js").View} View */

/** @param {HTMLElement} root */
export function mountWaitingPage(root) {
  const title = h("h1", { class: "waiting__title", tabindex: "-1" });
  const body = h("p", { class: "waiting__body" });
  const status = h("p", { class: "waiting__status", role: "status" });
  const pulse = h("div", { class: "waiting__pulse", "aria-hidden": "true" }, [h("span"), h("span"), h("span")]);
  const reason = h("p", { class: "notice waiting__reason", hidden: true });
  const again = h("button", { class: "button waiting__again", type: "button", hidden: true, onclick: () => emit(again, "startOver") });
  const section = h("section", { class: "waiting" }, [pulse, title, body, status, reason, again]);
  root.append(section);

  /** @param {View} view */
  function update({ state }) {
    const session = state.session;
    const rejected = session?.status === "completed" && session.endReason === "rejected";
    section.classList.toggle("waiting--rejected", rejected);
    pulse.hidden = rejected;
    again.hidden = !rejected;
    again.textContent = t("waiting.again");
    if (rejected) {
      title.textContent = t("waiting.rejectedTitle");
      body.textContent = t("waiting.rejectedBody");
      status.textContent = "";
      reason.hidden = !session.reason;
      reason.textContent = session.reason ? t("waiting.rejectedReason", { reason: session.reason }) : "";
    } else {
      const name = state.me?.name;
      title.textContent = name ? t("waiting.title", { name }) : t("waiting.titleAnonymous");
      body.textContent = t("waiting.body", { table: state.place?.table.label ?? "" });
      status.textContent = t("waiting.status");
      reason.hidden = true;
    }
    document.title = title.textContent ?? "";
  }

  return { update };
}
