// @ts-check
/**
 * The menu page's dialogs: the branch's settings (urgency thresholds, kitchen pace), an item's
 * or category's hours, and the owner's catalogue edits (items, categories). Each submits through
 * the page's `act` (the same events as the page: see menu-page.js).
 */
import { h, replace } from "./dom.js";
import { t } from "../lib/i18n.js";
import { clockInput, parseClock } from "./clock-field.js";
import {
  ALLERGENS, LANGUAGE_NAMES, applyOptionTranslations, optionGroupsText, optionTranslationsText, parseOptionGroups, parsePrice,
  parseTags, priceInput, translationLabel, withTexts,
} from "./menu-forms.js";

/**
 * @typedef {import("./menu-page.js").MenuItem} MenuItem
 * @typedef {import("./menu-page.js").MenuCategory} MenuCategory
 * @typedef {import("./menu-page.js").StaffMenu} StaffMenu
 * @typedef {(control: HTMLElement, errorSlot: HTMLElement, event: string, detail: Record<string, unknown>) => void} Act
 */

/**
 * @param {{dialog: HTMLDialogElement, act: Act, menu: () => StaffMenu | null, settings: () => Record<string, number> | null}} page
 */
export function menuDialogs({ dialog, act, menu, settings }) {
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

  /** The chain's languages: the first is the base texts' (the default), the others are translations. */
  const languages = () => menu()?.branch.languages ?? [];
  /** A base text's label naming the language it is in ("Name · English"); none for a one-language chain. @param {string} label @param {string} code */
  const inLanguage = (label, code) => (languages().length > 1 ? `${label} · ${LANGUAGE_NAMES[code] ?? code}` : label);

  /**
   * A fieldset per translation language: its name field (and description), labelled in that
   * language, `lang` set so spelling and screen readers follow it.
   * @param {string} prefix @param {import("./menu-forms.js").Translations | undefined} translations
   * @param {boolean} withDescription
   */
  function translationFields(prefix, translations, withDescription) {
    return languages().slice(1).map((code) => {
      const name = h("input", { id: `menu-${prefix}-name-${code}`, name: `name-${code}`, lang: code, maxlength: "80",
        value: translations?.[code]?.name ?? "", "data-language": code, "data-text": "name" });
      const fields = [field(`${prefix}-name-${code}`, translationLabel("name", code), name)];
      if (withDescription) {
        const description = h("textarea", { id: `menu-${prefix}-description-${code}`, name: `description-${code}`, lang: code,
          maxlength: "500", rows: "3", "data-language": code, "data-text": "description" });
        /** @type {HTMLTextAreaElement} */ (description).value = translations?.[code]?.description ?? "";
        fields.push(field(`${prefix}-description-${code}`, translationLabel("description", code), description));
      }
      return h("fieldset", { class: "menu-dialog__translation", lang: code }, [h("legend", { text: LANGUAGE_NAMES[code] ?? code }), ...fields]);
    });
  }

  /** The texts typed in the translation fields, over the ones the text had. @param {HTMLElement} form
   * @param {import("./menu-forms.js").Translations | undefined} before */
  function typedTranslations(form, before) {
    let out = { ...(before ?? {}) };
    for (const code of languages().slice(1)) {
      /** @type {Record<string, string>} */
      const texts = {};
      for (const input of /** @type {NodeListOf<HTMLInputElement>} */ (form.querySelectorAll(`[data-language="${code}"][data-text]`))) {
        texts[/** @type {string} */ (input.dataset.text)] = input.value;
      }
      out = withTexts(out, code, texts);
    }
    return out;
  }

  const MAX_WINDOWS = 14; // the API's limit per category or item
  const SETTINGS = [["waiterCallUrgentMinutes", 1, 60], ["billRequestUrgentMinutes", 1, 60], ["readyLineUrgentMinutes", 1, 60],
    ["defaultPrepMinutes", 1, 120], ["kitchenParallelism", 1, 50]];

  /** The branch's urgency thresholds and kitchen pace (managers and owners). */
  function openSettingsDialog() {
    const inputs = SETTINGS.map(([name, min, max]) => [name, h("input", { id: `menu-setting-${name}`, name: String(name), type: "number",
      min: String(min), max: String(max), required: true, value: String(settings()?.[name] ?? "") })]);
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
      const start = clockInput({ id: `menu-hours-start-${n}`, name: "start", value: window.start, describedBy: "menu-hours-hint" });
      const end = clockInput({ id: `menu-hours-end-${n}`, name: "end", value: window.end, describedBy: "menu-hours-hint" });
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
    openDialog(t("menu.hoursOf", { name }), [h("p", { class: "menu-dialog__hint", id: "menu-hours-hint", text: t("menu.hoursHint") }), list, add],
      (_form, error, submit) => {
        const inputs = /** @type {HTMLInputElement[]} */ ([...list.querySelectorAll("input[name=start], input[name=end]")]);
        inputs.forEach((input) => input.removeAttribute("aria-invalid"));
        const wrong = inputs.find((input) => parseClock(input.value) === null);
        if (wrong) { // said in the dialog, naming the window and the field; nothing is sent
          const rows = [...list.children];
          const n = rows.findIndex((row) => row.contains(wrong)) + 1;
          error.textContent = t("menu.hoursInvalid", { n, field: t(wrong.name === "start" ? "menu.hoursFrom" : "menu.hoursUntil") });
          wrong.setAttribute("aria-invalid", "true");
          wrong.focus();
          return;
        }
        const picked = [...list.children].map((row) => ({
          start: /** @type {string} */ (parseClock(/** @type {HTMLInputElement} */ (row.querySelector("input[name=start]")).value)),
          end: /** @type {string} */ (parseClock(/** @type {HTMLInputElement} */ (row.querySelector("input[name=end]")).value)),
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
    const shown = menu();
    if (!shown) return;
    const currency = shown.currency;
    const name = h("input", { id: "menu-name", name: "name", required: true, maxlength: "80", value: item?.name ?? "" });
    const description = h("textarea", { id: "menu-description", name: "description", maxlength: "500", rows: "3" });
    /** @type {HTMLTextAreaElement} */ (description).value = item?.description ?? "";
    const price = h("input", { id: "menu-price", name: "price", inputmode: "decimal", required: true, value: item ? priceInput(item.price, currency) : "" });
    const category = h("select", { id: "menu-category", name: "categoryId" }, shown.categories.map((c) =>
      h("option", { value: c.id, selected: item ? c.id === item.categoryId : false, text: c.name })));
    const tags = h("input", { id: "menu-tags", name: "tags", value: item ? item.tags.join(", ") : "", placeholder: t("menu.tagsHint") });
    // its own station, or "" (as its category): named after the category now picked
    const stations = shown.stations || [];
    const stationName = (/** @type {string | undefined} */ id) => stations.find((s) => s.id === id)?.name ?? id ?? "";
    const categoryStation = () => stationName(shown.categories.find((c) => c.id === /** @type {HTMLSelectElement} */ (category).value)?.station);
    const followCategory = h("option", { value: "" });
    const station = /** @type {HTMLSelectElement} */ (h("select", { id: "menu-station", name: "station", "aria-describedby": "menu-station-hint" }, [
      followCategory, ...stations.map((s) => h("option", { value: s.id, selected: item?.stationOverride === s.id, text: s.name }))]));
    const nameFollow = () => { followCategory.textContent = t("menu.stationOfCategory", { station: categoryStation() }); };
    nameFollow();
    category.addEventListener("change", nameFollow);
    const stationField = h("div", { class: "field", hidden: stations.length < 2 }, [h("label", { for: "menu-station", text: t("menu.station") }), station,
      h("p", { class: "field__hint", id: "menu-station-hint", text: t("menu.stationHint") })]);
    const allergens = h("fieldset", { class: "menu-dialog__allergens" }, [h("legend", { text: t("menu.allergens") }),
      ...ALLERGENS.map((a) => h("label", { class: "menu-dialog__allergen" }, [
        h("input", { type: "checkbox", name: "allergens", value: a, checked: item ? item.allergens.includes(a) : false }), t(`allergen.${a}`)]))]);
    const adult = h("label", { class: "menu-dialog__allergen menu-dialog__adult" }, [
      h("input", { type: "checkbox", name: "ageRestricted", checked: Boolean(item?.ageRestricted) }), t("menu.ageRestricted")]);
    const options = h("textarea", { id: "menu-options", name: "optionGroups", rows: "3", "aria-describedby": "menu-options-hint",
      placeholder: t("menu.optionsExample") });
    /** @type {HTMLTextAreaElement} */ (options).value = optionGroupsText(item?.optionGroups ?? [], currency);
    const optionsField = h("div", { class: "field" }, [h("label", { for: "menu-options", text: inLanguage(t("menu.options"), languages()[0]) }), options,
      h("p", { class: "field__hint", id: "menu-options-hint", text: t("menu.optionsHint") })]);
    const base = languages()[0];
    if (base) for (const input of [name, description, options]) input.setAttribute("lang", base);
    // each translation language: the item's name and description, and its options' names
    const translated = translationFields("item", item?.translations, true);
    const optionTexts = languages().slice(1).map((code) => {
      const input = h("textarea", { id: `menu-options-${code}`, name: `options-${code}`, lang: code, rows: "2",
        "aria-describedby": `menu-options-hint-${code}` });
      /** @type {HTMLTextAreaElement} */ (input).value = optionTranslationsText(item?.optionGroups ?? [], code);
      translated[languages().indexOf(code) - 1].append(h("div", { class: "field" }, [
        h("label", { for: `menu-options-${code}`, text: translationLabel("options", code) }), input,
        h("p", { class: "field__hint", id: `menu-options-hint-${code}`, text: t("menu.translatedOptionsHint") })]));
      return { code, input: /** @type {HTMLTextAreaElement} */ (input) };
    });
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
      field("name", inLanguage(t("menu.name"), base), name), field("description", inLanguage(t("menu.description"), base), description),
      h("div", { class: "menu-dialog__row" }, [field("price", t("menu.price", { currency }), price), field("category", t("menu.category"), category)]),
      stationField, field("tags", t("menu.tags"), tags), allergens, adult, optionsField, ...translated,
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
      let optionGroups = groups.groups;
      for (const { code, input } of optionTexts) {
        const named = applyOptionTranslations(optionGroups, input.value, code);
        input.setAttribute("aria-invalid", String("error" in named));
        if ("error" in named) {
          error.textContent = t(`menu.translatedOptions.${named.error.problem}`, { line: named.error.line, language: LANGUAGE_NAMES[code] ?? code });
          input.focus();
          return;
        }
        optionGroups = named.groups;
      }
      const fields = {
        name: typedName, description: /** @type {HTMLTextAreaElement} */ (description).value.trim(), price: parsed,
        ...(languages().length > 1 ? { translations: typedTranslations(form, item?.translations) } : {}),
        categoryId: /** @type {HTMLSelectElement} */ (category).value, tags: parseTags(/** @type {HTMLInputElement} */ (tags).value),
        allergens: [...form.querySelectorAll("input[name=allergens]:checked")].map((box) => /** @type {HTMLInputElement} */ (box).value),
        ageRestricted: /** @type {HTMLInputElement} */ (adult.querySelector("input")).checked,
        optionGroups,
        // "" clears an override (PATCH); a new item following its category sends none
        ...(station.value || item?.stationOverride ? { station: station.value } : {}),
      };
      act(submit, error, "saveItem", { itemId: item ? item.id : null, fields, onDone: () => dialog.close() });
    }, remove);
  }

  /** @param {MenuCategory | null} category */
  function openCategoryDialog(category) {
    const name = h("input", { id: "menu-category-name", name: "name", required: true, maxlength: "80", value: category?.name ?? "" });
    const position = h("input", { id: "menu-position", name: "position", type: "number", min: "0", max: "1000", value: String(category?.position ?? (menu()?.categories.length ?? 0)) });
    const stations = menu()?.stations || [];
    const station = /** @type {HTMLSelectElement} */ (h("select", { id: "menu-category-station", name: "station", "aria-describedby": "menu-category-station-hint" },
      stations.map((s, index) => h("option", { value: s.id, selected: category ? category.station === s.id : index === 0, text: s.name }))));
    const stationField = h("div", { class: "field", hidden: stations.length < 2 }, [h("label", { for: "menu-category-station", text: t("menu.station") }), station,
      h("p", { class: "field__hint", id: "menu-category-station-hint", text: t("menu.stationHint") })]);
    if (languages()[0]) name.setAttribute("lang", languages()[0]);
    openDialog(category ? t("menu.renameCategory") : t("menu.addCategory"),
      [field("category-name", inLanguage(t("menu.name"), languages()[0]), name), ...translationFields("category", category?.translations, false),
        field("position", t("menu.position"), position), stationField], (form, error, submit) => {
        const typed = /** @type {HTMLInputElement} */ (name).value.trim();
        if (!typed) {
          error.textContent = t("menu.needName");
          return;
        }
        const fields = { name: typed, position: Math.max(0, Math.min(1000, Number(/** @type {HTMLInputElement} */ (position).value) || 0)),
          ...(station.value ? { station: station.value } : {}),
          ...(languages().length > 1 ? { translations: typedTranslations(form, category?.translations) } : {}) };
        act(submit, error, "saveCategory", { categoryId: category ? category.id : null, fields, onDone: () => dialog.close() });
      });
  }

  return { openSettingsDialog, hoursText, openHoursDialog, openItemDialog, openCategoryDialog };
}
