// @ts-check
/**
 * .availability-panel: the kitchen's "86 list": every item of the branch's menu with one
 * big toggle (available / 86'd here). Nothing else of the menu can be changed from here.
 * Emits `setAvailability` {itemId, available, done(error?)}.
 */
import { h, emit, replace } from "../staff/dom.js";
import { t } from "../lib/i18n.js";

/** @typedef {import("../staff/menu-page.js").StaffMenu} StaffMenu */
/** @typedef {import("../staff/menu-page.js").MenuItem} MenuItem */

/** @param {HTMLDialogElement} root */
export function mountAvailabilityPanel(root) {
  /** @type {StaffMenu | null} */
  let menu = null;
  let error = "";

  /** @param {MenuItem} item */
  function toggle(item) {
    const button = h("button", {
      type: "button", class: `availability-panel__item availability-panel__item--${item.available ? "on" : "off"}`,
      "aria-pressed": String(!item.available), "data-item": item.id,
    }, [h("span", { class: "availability-panel__name", text: item.name }),
      h("span", { class: "availability-panel__state", text: item.available ? t("menu.available") : t("menu.unavailable") })]);
    button.addEventListener("click", () => {
      button.disabled = true;
      emit(root, "setAvailability", {
        itemId: item.id, available: !item.available,
        /** @param {string} [problem] */
        done: (problem) => { button.disabled = false; if (problem) { error = problem; draw(); } },
      });
    });
    return h("li", {}, button);
  }

  function draw() {
    const close = h("button", { type: "button", class: "button button--secondary availability-panel__close", text: t("kitchen.close"),
      onclick: () => root.close() });
    replace(root, [
      h("div", { class: "availability-panel__head" }, [h("h2", { id: "availability-title", text: t("kitchen.availability") }), close]),
      h("p", { class: "availability-panel__hint", text: t("kitchen.availabilityHint") }),
      error ? h("p", { class: "notice notice--error", role: "alert", text: error }) : null,
      menu ? h("div", { class: "availability-panel__categories" }, menu.categories.map((category) => h("section", {}, [
        h("h3", { text: category.name }),
        h("ul", { class: "availability-panel__items" }, category.items.map(toggle)),
      ]))) : h("p", { text: t("app.loading") }),
    ]);
  }

  return {
    /** @param {StaffMenu | null} next @param {string} [problem] */
    render(next, problem = "") {
      menu = next;
      error = problem;
      if (root.open) draw();
    },
    open() {
      draw();
      root.showModal();
    },
    /** @param {Partial<MenuItem> & {id: string}} change */
    patchItem(change) {
      if (!menu) return;
      for (const category of menu.categories) {
        const index = category.items.findIndex((item) => item.id === change.id);
        if (index >= 0) category.items[index] = { ...category.items[index], ...change };
      }
      if (root.open) draw();
    },
    /** @returns {number} items 86'd now */
    unavailableCount() {
      return menu ? menu.categories.reduce((n, c) => n + c.items.filter((i) => !i.available).length, 0) : 0;
    },
  };
}
