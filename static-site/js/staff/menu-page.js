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
import { ALLERGENS, PHOTO_TYPES, optionGroupsText, parseOptionGroups, parsePrice, parseTags, priceInput } from "./menu-forms.js";

/**
 * @typedef {{id: string, categoryId: string, name: string, description: string, price: number, imageUrl: string | null,
 *   thumbUrl: string | null, available: boolean, tags: string[], allergens: string[],
 *   optionGroups?: import("./menu-forms.js").GroupSpec[], ageRestricted?: boolean}} MenuItem
 * @typedef {{id: string, name: string, position: number, items: MenuItem[]}} MenuCategory
 * @typedef {{branch: {id: string, name: string}, currency: string, categories: MenuCategory[]}} StaffMenu
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
      "aria-label": item.available ? t("menu.86label", { name: item.name }) : t("menu.un86label", { name: item.name }),
    }, [h("span", { class: "menu-item__86-state", text: item.available ? t("menu.available") : t("menu.unavailable") }),
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

  // -- dialogs (the owner's catalogue edits) ----------------------------------------------
  /** @param {string} heading @param {HTMLElement[]} fields @param {(form: HTMLFormElement, error: HTMLElement, submit: HTMLButtonElement) => void} onSubmit @param {HTMLElement | null} [extra] */
  function openDialog(heading, fields, onSubmit, extra = null) {
    const error = h("p", { class: "menu-dialog__error", role: "alert" });
    const submit = h("button", { type: "submit", class: "button", text: t("menu.save") });
    const cancel = h("button", { type: "button", class: "button button--secondary", text: t("menu.cancel"), onclick: () => dialog.close() });
    const form = h("form", { class: "menu-dialog__form", method: "dialog", novalidate: true }, [
      h("h2", { id: "menu-dialog-title", class: "menu-dialog__title", text: heading }), ...fields, error,
      h("div", { class: "menu-dialog__actions" }, [extra, cancel, submit]),
    ]);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      onSubmit(form, error, submit);
    });
    replace(dialog, form);
    /** @type {HTMLDialogElement} */ (dialog).showModal();
    /** @type {HTMLInputElement | null} */ (form.querySelector("input, textarea"))?.focus();
  }

  /** @param {string} name @param {string} label @param {HTMLElement} input */
  const field = (name, label, input) => h("div", { class: "field" }, [h("label", { for: `menu-${name}`, text: label }), input]);

  /** @type {Record<string, number> | null} */
  let settings = null;
  const MAX_WINDOWS = 14; // the API's limit per category or item
  const SETTINGS = [["waiterCallUrgentMinutes", 1, 60], ["billRequestUrgentMinutes", 1, 60], ["readyLineUrgentMinutes", 1, 60],
    ["defaultPrepMinutes", 1, 120], ["kitchenParallelism", 1, 50]];

  /** The branch's urgency thresholds and kitchen pace (managers and owners). */
  function openSettingsDialog() {
    const inputs = SETTINGS.map(([name, min, max]) => [name, h("input", { id: `menu-setting-${name}`, name: String(name), type: "number",
      min: String(min), max: String(max), required: true, value: String(settings?.[name] ?? "") })]);
    openDialog(t("settings.title"), [h("p", { class: "menu-dialog__hint", text: t("settings.hint") }),
      ...inputs.map(([name, input]) => field(`setting-${name}`, t(`settings.${name}`), /** @type {HTMLElement} */ (input)))],
    (_form, error, submit) => {
      /** @type {Record<string, number>} */
      const fields = {};
      for (const [name, input] of inputs) fields[String(name)] = Number(/** @type {HTMLInputElement} */ (input).value);
      act(submit, error, "saveSettings", { fields, onDone: () => dialog.close() });
    });
  }

  /** @param {{start: string, end: string, days: number[]}[] | undefined} windows */
  function hoursText(windows) {
    if (!windows?.length) return t("menu.allDay");
    return windows.map((w) => `${w.start}–${w.end}${w.days.length ? ` (${w.days.map((d) => t(`day.${d}`)).join(", ")})` : ""}`).join(" · ");
  }

  /** When this branch serves a category or an item: its windows (start, end, days; lunch and
   * dinner are two), each removable, more addable up to MAX_WINDOWS; or all day (no window).
   * @param {"category" | "item"} kind @param {string} id @param {string} name
   * @param {{start: string, end: string, days: number[]}[]} windows */
  function openHoursDialog(kind, id, name, windows) {
    const list = h("ol", { class: "menu-dialog__windows" });
    const add = /** @type {HTMLButtonElement} */ (h("button", { type: "button", class: "button button--quiet", text: t("menu.hoursAdd") }));
    let serial = 0;
    const renumber = () => {
      const rows = [...list.children];
      rows.forEach((row, index) => {
        const remove = /** @type {HTMLButtonElement} */ (row.querySelector(".menu-dialog__remove-window"));
        remove.hidden = rows.length === 1;
        remove.setAttribute("aria-label", t("menu.hoursRemove", { n: index + 1 }));
        /** @type {HTMLElement} */ (row.querySelector("legend")).textContent = t("menu.hoursWindow", { n: index + 1 });
      });
      add.disabled = rows.length >= MAX_WINDOWS;
    };
    /** @param {{start: string, end: string, days: number[]}} window */
    const addRow = (window) => {
      const n = serial++;
      const start = h("input", { id: `menu-hours-start-${n}`, name: "start", type: "time", required: true, value: window.start });
      const end = h("input", { id: `menu-hours-end-${n}`, name: "end", type: "time", required: true, value: window.end });
      const days = h("div", { class: "menu-dialog__days", role: "group", "aria-label": t("menu.hoursDays") },
        [1, 2, 3, 4, 5, 6, 7].map((day) => h("label", { class: "menu-dialog__day" }, [
          h("input", { type: "checkbox", name: "days", value: String(day), checked: window.days.includes(day) }), t(`day.${day}`)])));
      const remove = h("button", { type: "button", class: "button button--quiet menu-dialog__remove-window", text: t("menu.hoursRemoveShort") });
      const row = h("li", { class: "menu-dialog__window" }, [h("fieldset", {}, [h("legend", {}),
        h("div", { class: "menu-dialog__row" }, [field(`hours-start-${n}`, t("menu.hoursFrom"), start), field(`hours-end-${n}`, t("menu.hoursUntil"), end)]),
        days, remove])]);
      remove.addEventListener("click", () => {
        row.remove();
        renumber();
        /** @type {HTMLInputElement | null} */ (list.querySelector("input"))?.focus();
      });
      list.append(row);
      renumber();
      return start;
    };
    for (const window of windows.length ? windows : [{ start: "07:00", end: "11:30", days: [] }]) addRow(window);
    add.addEventListener("click", () => /** @type {HTMLInputElement} */ (addRow({ start: "18:00", end: "23:00", days: [] })).focus());
    const always = h("button", { type: "button", class: "button button--secondary", text: t("menu.allDay") });
    openDialog(t("menu.hoursOf", { name }), [h("p", { class: "menu-dialog__hint", text: t("menu.hoursHint") }), list, add],
      (_form, error, submit) => {
        const picked = [...list.children].map((row) => ({
          start: /** @type {HTMLInputElement} */ (row.querySelector("input[name=start]")).value,
          end: /** @type {HTMLInputElement} */ (row.querySelector("input[name=end]")).value,
          days: [...row.querySelectorAll("input[name=days]:checked")].map((box) => Number(/** @type {HTMLInputElement} */ (box).value)),
        }));
        act(submit, error, "saveHours", { kind, id, windows: picked, onDone: () => dialog.close() });
      }, always);
    always.addEventListener("click", () => {
      const error = /** @type {HTMLElement} */ (dialog.querySelector(".menu-dialog__error"));
      act(always, error, "saveHours", { kind, id, windows: [], onDone: () => dialog.close() });
    });
  }

  /** @param {MenuItem | null} item  null: a new item */
  function openItemDialog(item) {
    if (!menu) return;
    const currency = menu.currency;
    const name = h("input", { id: "menu-name", name: "name", required: true, maxlength: "80", value: item?.name ?? "" });
    const description = h("textarea", { id: "menu-description", name: "description", maxlength: "500", rows: "3" });
    /** @type {HTMLTextAreaElement} */ (description).value = item?.description ?? "";
    const price = h("input", { id: "menu-price", name: "price", inputmode: "decimal", required: true, value: item ? priceInput(item.price, currency) : "" });
    const category = h("select", { id: "menu-category", name: "categoryId" }, menu.categories.map((c) =>
      h("option", { value: c.id, selected: item ? c.id === item.categoryId : false, text: c.name })));
    const tags = h("input", { id: "menu-tags", name: "tags", value: item ? item.tags.join(", ") : "", placeholder: t("menu.tagsHint") });
    const allergens = h("fieldset", { class: "menu-dialog__allergens" }, [h("legend", { text: t("menu.allergens") }),
      ...ALLERGENS.map((a) => h("label", { class: "menu-dialog__allergen" }, [
        h("input", { type: "checkbox", name: "allergens", value: a, checked: item ? item.allergens.includes(a) : false }), t(`allergen.${a}`)]))]);
    const adult = h("label", { class: "menu-dialog__allergen menu-dialog__adult" }, [
      h("input", { type: "checkbox", name: "ageRestricted", checked: Boolean(item?.ageRestricted) }), t("menu.ageRestricted")]);
    const options = h("textarea", { id: "menu-options", name: "optionGroups", rows: "3", "aria-describedby": "menu-options-hint",
      placeholder: t("menu.optionsExample") });
    /** @type {HTMLTextAreaElement} */ (options).value = optionGroupsText(item?.optionGroups ?? [], currency);
    const optionsField = h("div", { class: "field" }, [h("label", { for: "menu-options", text: t("menu.options") }), options,
      h("p", { class: "field__hint", id: "menu-options-hint", text: t("menu.optionsHint") })]);
    /** @type {HTMLElement | null} */
    let remove = null;
    if (item) {
      remove = h("button", { type: "button", class: "button button--quiet menu-dialog__delete", text: t("menu.deleteItem") });
      remove.addEventListener("click", () => {
        if (!window.confirm(t("menu.confirmDeleteItem", { name: item.name }))) return;
        const slot = /** @type {HTMLElement} */ (dialog.querySelector(".menu-dialog__error"));
        act(/** @type {HTMLElement} */ (remove), slot, "deleteItem", { itemId: item.id, onDone: () => dialog.close() });
      });
    }
    openDialog(item ? t("menu.editItem") : t("menu.addItem"), [
      field("name", t("menu.name"), name), field("description", t("menu.description"), description),
      h("div", { class: "menu-dialog__row" }, [field("price", t("menu.price", { currency }), price), field("category", t("menu.category"), category)]),
      field("tags", t("menu.tags"), tags), allergens, adult, optionsField,
    ], (form, error, submit) => {
      const parsed = parsePrice(/** @type {HTMLInputElement} */ (price).value, currency);
      const typedName = /** @type {HTMLInputElement} */ (name).value.trim();
      name.setAttribute("aria-invalid", String(!typedName));
      price.setAttribute("aria-invalid", String(parsed === null));
      if (!typedName || parsed === null) {
        error.textContent = !typedName ? t("menu.needName") : t("menu.badPrice");
        return;
      }
      const groups = parseOptionGroups(/** @type {HTMLTextAreaElement} */ (options).value, currency, item?.optionGroups ?? []);
      options.setAttribute("aria-invalid", String("error" in groups));
      if ("error" in groups) {
        error.textContent = t(`menu.options.${groups.error.problem}`, { line: groups.error.line });
        options.focus();
        return;
      }
      const fields = {
        name: typedName, description: /** @type {HTMLTextAreaElement} */ (description).value.trim(), price: parsed,
        categoryId: /** @type {HTMLSelectElement} */ (category).value, tags: parseTags(/** @type {HTMLInputElement} */ (tags).value),
        allergens: [...form.querySelectorAll("input[name=allergens]:checked")].map((box) => /** @type {HTMLInputElement} */ (box).value),
        ageRestricted: /** @type {HTMLInputElement} */ (adult.querySelector("input")).checked,
        optionGroups: groups.groups,
      };
      act(submit, error, "saveItem", { itemId: item ? item.id : null, fields, onDone: () => dialog.close() });
    }, remove);
  }

  /** @param {MenuCategory | null} category */
  function openCategoryDialog(category) {
    const name = h("input", { id: "menu-category-name", name: "name", required: true, maxlength: "80", value: category?.name ?? "" });
    const position = h("input", { id: "menu-position", name: "position", type: "number", min: "0", max: "1000", value: String(category?.position ?? (menu ? menu.categories.length : 0)) });
    openDialog(category ? t("menu.renameCategory") : t("menu.addCategory"),
      [field("category-name", t("menu.name"), name), field("position", t("menu.position"), position)], (_form, error, submit) => {
        const typed = /** @type {HTMLInputElement} */ (name).value.trim();
        if (!typed) {
          error.textContent = t("menu.needName");
          return;
        }
        const fields = { name: typed, position: Math.max(0, Math.min(1000, Number(/** @type {HTMLInputElement} */ (position).value) || 0)) };
        act(submit, error, "saveCategory", { categoryId: category ? category.id : null, fields, onDone: () => dialog.close() });
      });
  }

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
          h("button", { type: "button", class: "button button--secondary", text: t("menu.addCategory"), onclick: () => openCategoryDialog(null) }),
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
      replace(sections, menu.categories.map((category) => categorySection(category, currency)));
    },
    /** Applies one item's new availability or price without redrawing the page (a push). @param {Partial<MenuItem> & {id: string}} change */
    patchItem(change) {
      if (!menu) return false;
      for (const category of menu.categories) {
        const index = category.items.findIndex((item) => item.id === change.id);
        if (index >= 0) {
          category.items[index] = { ...category.items[index], ...change };
          const row = sections.querySelector(`[data-item="${CSS.escape(change.id)}"]`);
          row?.replaceWith(itemRow(category.items[index], menu.currency));
          return true;
        }
      }
      return false;
    },
    closeDialog() {
      if (/** @type {HTMLDialogElement} */ (dialog).open) /** @type {HTMLDialogElement} */ (dialog).close();
    },
  };
}
