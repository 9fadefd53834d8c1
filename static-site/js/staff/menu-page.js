// @ts-check
/**
 * .menu-page: the branch's menu by category. Everyone here may "86" an item with one tap
 * (unavailable at this branch, greyed out on every diner's phone at once); managers set this
 * branch's price; the owner edits the chain's catalogue (categories, items, photos).
 * Emits `setAvailability` {itemId, available, done}, `setBranchPrice` {itemId, price, done},
 * `saveItem` {itemId | null, fields, done}, `deleteItem` {itemId, done}, `saveCategory`
 * {categoryId | null, fields, done}, `deleteCategory` {categoryId, done}, `uploadPhoto` {itemId, file, done}.
 * `done(error?)` re-enables the control and shows the error where the action was taken.
 */
import { h, emit, replace } from "./dom.js";
import { t } from "../lib/i18n.js";
import { formatMoney } from "../lib/money.js";
import { PHOTO_TYPES, parsePrice, priceInput } from "./menu-forms.js";
import { menuDialogs } from "./menu-dialogs.js";

/**
 * @typedef {{id: string, categoryId: string, name: string, description: string, price: number, imageUrl: string | null,
 *   thumbUrl: string | null, available: boolean, tags: string[], allergens: string[],
 *   optionGroups?: import("./menu-forms.js").GroupSpec[], ageRestricted?: boolean, station?: string,
 *   stationOverride?: string | null, translations?: import("./menu-forms.js").Translations}} MenuItem
 * @typedef {{id: string, name: string, position: number, items: MenuItem[], station?: string,
 *   translations?: import("./menu-forms.js").Translations}} MenuCategory
 * @typedef {{branch: {id: string, name: string, languages?: string[]}, currency: string, categories: MenuCategory[],
 *   stations?: {id: string, name: string}[]}} StaffMenu
 * @typedef {{catalogue: boolean, price: boolean, availability: boolean}} MenuRights
 */

/** @param {HTMLElement} root */
export function mountMenuPage(root) {
  const title = h("h1", { id: "menu-title", class: "menu-page__title" });
  const tools = h("div", { class: "menu-page__tools" });
  const note = h("p", { class: "notice menu-page__note", hidden: true });
  const sections = h("div", { class: "menu-page__sections" });
  const dialog = h("dialog", { class: "menu-dialog", "aria-labelledby": "menu-dialog-title" });
  replace(root, [h("div", { class: "menu-page__head" }, [title, tools]), note, sections, dialog]);

  /** @type {StaffMenu | null} */
  let menu = null;
  /** @type {MenuRights} */
  let rights = { catalogue: false, price: false, availability: false };

  /**
   * Runs an action with its control disabled; an error shows beside it.
   * @param {HTMLElement} control @param {HTMLElement} errorSlot @param {string} event @param {Record<string, unknown>} detail
   */
  function act(control, errorSlot, event, detail) {
    control.setAttribute("aria-busy", "true");
    if ("disabled" in control) /** @type {HTMLButtonElement} */ (control).disabled = true;
    errorSlot.textContent = "";
    const { onDone, ...sent } = detail;
    emit(root, event, {
      ...sent,
      /** @param {string} [error] */
      done: (error) => {
        control.removeAttribute("aria-busy");
        if ("disabled" in control) /** @type {HTMLButtonElement} */ (control).disabled = false;
        errorSlot.textContent = error || "";
        if (!error && typeof onDone === "function") onDone();
      },
    });
  }

  /** @param {MenuItem} item @param {string} currency */
  function itemRow(item, currency) {
    const error = h("p", { class: "menu-item__error", role: "alert" });
    const photo = item.thumbUrl || item.imageUrl;
    const image = photo ? h("img", { class: "menu-item__photo", src: photo, alt: "", loading: "lazy", width: "72", height: "72" }) : h("div", { class: "menu-item__photo menu-item__photo--none", "aria-hidden": "true" });
    if (photo && item.thumbUrl && item.imageUrl) {
      // No thumbnail yet (a photo uploaded a moment ago): the full image will do.
      image.addEventListener("error", () => { /** @type {HTMLImageElement} */ (image).src = /** @type {string} */ (item.imageUrl); }, { once: true });
    }
    const toggle = h("button", {
      type: "button", class: `menu-item__86 ${item.available ? "menu-item__86--on" : "menu-item__86--off"}`,
      "aria-pressed": String(!item.available), "data-testid": "toggle-86",
    }, [h("span", { class: "visually-hidden", text: `${item.name}: ` }), // its name is its text (axe's label-in-name)
      h("span", { class: "menu-item__86-state", text: item.available ? t("menu.available") : t("menu.unavailable") }), " ",
      h("span", { class: "menu-item__86-action", text: item.available ? t("menu.86") : t("menu.un86") })]);
    toggle.addEventListener("click", () => act(toggle, error, "setAvailability", { itemId: item.id, available: !item.available }));

    /** @type {(HTMLElement | null)[]} */
    const controls = [rights.availability ? toggle : h("span", { class: `menu-item__status menu-item__status--${item.available ? "on" : "off"}`, text: item.available ? t("menu.available") : t("menu.unavailable") })];
    if (rights.price && !rights.catalogue) {
      const input = h("input", { class: "menu-item__price-input", inputmode: "decimal", value: priceInput(item.price, currency),
        "aria-label": t("menu.branchPrice", { name: item.name }) });
      const save = h("button", { type: "button", class: "button button--secondary menu-item__price-save", text: t("menu.savePrice") });
      save.addEventListener("click", () => {
        const price = parsePrice(input.value, currency);
        if (price === null) {
          error.textContent = t("menu.badPrice");
          input.setAttribute("aria-invalid", "true");
          return;
        }
        input.removeAttribute("aria-invalid");
        act(save, error, "setBranchPrice", { itemId: item.id, price, available: item.available });
      });
      controls.push(h("div", { class: "menu-item__price-edit" }, [input, save]));
    }
    if (rights.price) {
      controls.push(h("button", { type: "button", class: "button button--secondary", text: t("menu.hours"),
        "aria-label": t("menu.hoursOf", { name: item.name }),
        onclick: () => openHoursDialog("item", item.id, item.name, /** @type {any} */ (item).windows ?? []) }));
    }
    if (rights.catalogue) {
      const file = h("input", { type: "file", accept: PHOTO_TYPES.join(","), class: "visually-hidden", id: `photo-${item.id}` });
      const photoLabel = h("label", { class: "button button--secondary menu-item__photo-button", for: `photo-${item.id}`, text: t("menu.photo") });
      file.addEventListener("change", () => {
        const chosen = /** @type {HTMLInputElement} */ (file).files?.[0];
        if (chosen) act(photoLabel, error, "uploadPhoto", { itemId: item.id, file: chosen });
        /** @type {HTMLInputElement} */ (file).value = "";
      });
      const edit = h("button", { type: "button", class: "button button--secondary", text: t("menu.edit"),
        onclick: () => openItemDialog(item) });
      controls.push(h("div", { class: "menu-item__owner" }, [file, photoLabel, edit]));
    }
    return h("li", { class: `menu-item${item.available ? "" : " menu-item--off"}`, "data-item": item.id }, [
      image,
      h("div", { class: "menu-item__text" }, [
        h("p", { class: "menu-item__name" }, [h("span", { text: item.name }),
          h("span", { class: "menu-item__price", text: formatMoney(item.price, currency) })]),
        item.description ? h("p", { class: "menu-item__description", text: item.description }) : null,
        item.tags.length || item.allergens.length ? h("ul", { class: "menu-item__chips" }, [
          ...item.tags.map((tag) => h("li", { class: "chip", text: tag })),
          ...item.allergens.map((a) => h("li", { class: "chip chip--allergen", text: t(`allergen.${a}`) })),
        ]) : null,
        /** @type {any} */ (item).windows?.length ? h("p", { class: "menu-item__hours", text: hoursText(/** @type {any} */ (item).windows) }) : null,
        error,
      ]),
      h("div", { class: "menu-item__controls" }, controls),
    ]);
  }

  /** @param {MenuCategory} category @param {string} currency */
  function categorySection(category, currency) {
    const error = h("p", { class: "menu-item__error", role: "alert" });
    const head = [h("h2", { class: "menu-category__name", text: category.name }),
      h("span", { class: "menu-category__count", text: t("menu.count", { n: category.items.length, off: category.items.filter((i) => !i.available).length }) })];
    head.push(h("span", { class: "menu-category__hours", "data-testid": "category-hours", text: hoursText(/** @type {any} */ (category).windows) }));
    if (rights.price) {
      head.push(h("button", { type: "button", class: "button button--quiet", text: t("menu.hours"),
        "aria-label": t("menu.hoursOf", { name: category.name }),
        onclick: () => openHoursDialog("category", category.id, category.name, /** @type {any} */ (category).windows ?? []) }));
    }
    if (rights.catalogue) {
      const rename = h("button", { type: "button", class: "button button--quiet", text: t("menu.renameCategory"),
        onclick: () => openCategoryDialog(category) });
      const remove = h("button", { type: "button", class: "button button--quiet", text: t("menu.deleteCategory") });
      remove.addEventListener("click", () => {
        if (window.confirm(t("menu.confirmDeleteCategory", { name: category.name }))) act(remove, error, "deleteCategory", { categoryId: category.id });
      });
      head.push(h("span", { class: "menu-category__tools" }, [rename, remove]));
    }
    return h("section", { class: "menu-category", "data-category": category.id }, [
      h("div", { class: "menu-category__head" }, head), error,
      h("ul", { class: "menu-category__items" }, category.items.map((item) => itemRow(item, currency))),
    ]);
  }

  /** @type {Record<string, number> | null} */
  let settings = null;
  const SAVED_MS = 4000; // how long a row just saved stays outlined
  let saved = { selector: "", until: 0 };
  /** @param {HTMLElement} row */
  const rowSelector = (row) => (row.dataset.item !== undefined
    ? `[data-item="${CSS.escape(row.dataset.item)}"]` : `[data-category="${CSS.escape(row.dataset.category || "")}"]`);
  /** Focuses a row (not a control: a screen reader reads it whole), outlined while just saved.
   * @param {HTMLElement} row @param {boolean} outlined */
  function mark(row, outlined) {
    row.tabIndex = -1;
    row.classList.toggle("menu-page__saved", outlined);
    row.focus({ preventScroll: true });
  }
  const { openSettingsDialog, hoursText, openHoursDialog, openItemDialog, openCategoryDialog } = menuDialogs({
    dialog, act, menu: () => menu, settings: () => settings,
  });

  return {
    /** @param {StaffMenu | null} next @param {MenuRights} nextRights @param {string} [error]
     * @param {import("./elapsed.js").NudgeSettings | null} [branchSettings] */
    render(next, nextRights, error = "", branchSettings = null) {
      settings = branchSettings;
      menu = next;
      rights = nextRights;
      title.textContent = t("menu.title");
      replace(tools, [
        rights.price ? h("button", { type: "button", class: "button button--secondary", text: t("settings.open"), onclick: () => openSettingsDialog() }) : null,
        ...(rights.catalogue ? [
          // both wait for the menu: its languages name the dialogs' fields
          h("button", { type: "button", class: "button button--secondary", text: t("menu.addCategory"), onclick: () => openCategoryDialog(null), disabled: !menu }),
          h("button", { type: "button", class: "button", text: t("menu.addItem"), onclick: () => openItemDialog(null), disabled: !menu || !menu.categories.length }),
        ] : []),
      ]);
      note.hidden = rights.catalogue && !error;
      note.className = `notice menu-page__note${error ? " notice--error" : ""}`;
      note.textContent = error || (rights.price ? t("menu.managerNote") : t("menu.availabilityNote"));
      if (!menu) {
        replace(sections, error ? [] : h("p", { class: "menu-page__loading", text: t("app.loading") }));
        return;
      }
      const currency = menu.currency;
      // A live change redraws the menu: a row just saved keeps its focus and outline.
      const focused = /** @type {HTMLElement | null} */ (document.activeElement);
      const keep = focused && sections.contains(focused) && focused.matches("[data-item], [data-category]") ? rowSelector(focused) : "";
      replace(sections, menu.categories.map((category) => categorySection(category, currency)));
      const row = keep ? /** @type {HTMLElement | null} */ (sections.querySelector(keep)) : null;
      if (row) mark(row, keep === saved.selector && Date.now() < saved.until);
    },
    /** Applies one item's new availability or price without redrawing the page (a push). @param {Partial<MenuItem> & {id: string}} change */
    patchItem(change) {
      if (!menu) return false;
      for (const category of menu.categories) {
        const index = category.items.findIndex((item) => item.id === change.id);
        if (index >= 0) {
          category.items[index] = { ...category.items[index], ...change };
          const selector = `[data-item="${CSS.escape(change.id)}"]`;
          const row = sections.querySelector(selector);
          const fresh = itemRow(category.items[index], menu.currency);
          const focused = Boolean(row) && row === document.activeElement; // a row just saved keeps its focus
          row?.replaceWith(fresh);
          if (focused) mark(fresh, selector === saved.selector && Date.now() < saved.until);
          return true;
        }
      }
      return false;
    },
    /** Brings a row just saved into view, focused and highlighted a few seconds, once its dialog
     * has closed (closing gives the focus back to the button that opened it).
     * @param {"item" | "category"} kind @param {string} id */
    reveal(kind, id) {
      const show = () => {
        const selector = kind === "item" ? `[data-item="${CSS.escape(id)}"]` : `[data-category="${CSS.escape(id)}"]`;
        const row = /** @type {HTMLElement | null} */ (sections.querySelector(selector));
        if (!row) return;
        saved = { selector, until: Date.now() + SAVED_MS };
        row.scrollIntoView({ block: "center" });
        mark(row, true);
        setTimeout(() => sections.querySelector(selector)?.classList.remove("menu-page__saved"), SAVED_MS);
      };
      if (/** @type {HTMLDialogElement} */ (dialog).open) dialog.addEventListener("close", show, { once: true });
      else show();
    },
    closeDialog() {
      if (/** @type {HTMLDialogElement} */ (dialog).open) /** @type {HTMLDialogElement} */ (dialog).close();
    },
  };
}
