// @ts-check
/** .app-header: the branch and table, the language switch, and (once seated) the table's pages. */
import { t } from "../../lib/i18n.js";
import { tableName } from "../../lib/table-name.js";
import { emit, h, icon } from "../dom.js";

/** @typedef {import("../state.js").View} View */

/** @param {HTMLElement} root */
export function mountAppHeader(root) {
  const branch = h("span", { class: "app-header__branch" });
  const table = h("span", { class: "app-header__table" });
  const languageText = h("span");
  const language = h("button", { class: "app-header__language", type: "button", hidden: true }, [icon("globe"), languageText]);
  /** @type {Record<"menu" | "status" | "profile", {link: HTMLAnchorElement, text: HTMLElement, key: string}>} */
  const links = {
    menu: navLink("nav.menu", "menu"),
    status: navLink("nav.orders", "list"),
    profile: navLink("nav.profile", "user"),
  };
  const openOrders = h("span", { class: "app-header__badge", hidden: true });
  links.status.link.append(openOrders);
  const nav = h("nav", { class: "app-header__nav", hidden: true }, Object.values(links).map((l) => l.link));
  root.replaceChildren(h("div", { class: "app-header__bar" }, [h("div", { class: "app-header__place" }, [branch, table]), language]), nav);

  language.addEventListener("click", () => emit(language, "switchLanguage", { language: language.dataset.language }));

  /** @param {View} view */
  function update({ state, path, otherLanguage }) {
    const place = state.place;
    branch.textContent = place?.branch.name ?? "";
    table.textContent = place ? tableName(place.table.code, place.table.label) : "";  // "Mesa 20" in Spanish
    root.hidden = !place;
    const other = otherLanguage();
    language.hidden = !other;
    if (other) {
      language.dataset.language = other.code;
      language.setAttribute("lang", other.code);
      language.setAttribute("aria-label", other.switchLabel);
      languageText.textContent = other.name;
    }
    const seated = state.session?.status === "active";
    nav.hidden = !seated;
    if (!seated) return;
    nav.setAttribute("aria-label", t("nav.label"));
    const current = state.route.page === "item" ? "menu" : state.route.page;
    for (const [page, { link, text, key }] of Object.entries(links)) {
      link.href = path(/** @type {any} */ (page));
      text.textContent = t(key);
      if (page === current) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    }
    const open = (state.session?.orders ?? []).filter((o) => !["served", "cancelled"].includes(o.status)).length;
    openOrders.hidden = open === 0;
    openOrders.textContent = String(open);
  }

  return { update };
}

/** @param {string} key @param {Parameters<typeof icon>[0]} iconName */
function navLink(key, iconName) {
  const text = h("span");
  return { link: h("a", { class: "app-header__link", "data-link": true }, [icon(iconName), text]), text, key };
}
