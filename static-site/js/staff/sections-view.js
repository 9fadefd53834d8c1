// @ts-check
/**
 * .sections-*: the floor's sections on the Tables page. A filter over the grid (all tables, mine,
 * one section, none); the chosen table's section in the side panel (a select for whoever manages
 * sections, else a line of text); and the managers' dialog, from a button beside the filter: name a
 * section, choose its waiter for the shift, remove it. Emits `filterSections` {filter}, `assignSection` {code, sectionId, done},
 * `saveSection` {id, staffId, done}, `addSection` {name, staffId, done}, `removeSection` {id, done}.
 */
import { h, emit, emitFromButton, replace } from "./dom.js";
import { t } from "../lib/i18n.js";
import { sectionsOf } from "./sections.js";

/**
 * @typedef {import("./sections.js").Section} Section
 * @typedef {import("./floor.js").Floor} Floor
 * @typedef {import("./floor.js").Table} Table
 * @typedef {{me: string, filter: string, canManage: boolean, waiters: {id: string, name: string}[]}} SectionsView
 */

/** @param {Section} section */
const sectionLabel = (section) => (section.staffName ? t("sections.option", { name: section.name, waiter: section.staffName }) : section.name);

/** What the filter and the managers' panel show: they are drawn again only when it changes. @param {Floor} floor @param {SectionsView} view */
export function sectionsSignature(floor, view) {
  return JSON.stringify([floor.sections || [], view, document.documentElement.lang]);
}

/** The filter over the grid; hidden while the branch has no sections. @param {Floor} floor @param {SectionsView} view */
export function sectionFilter(floor, view) {
  const sections = floor.sections || [];
  if (!sections.length) return null;
  const mine = sectionsOf(floor, view.me);
  const select = /** @type {HTMLSelectElement} */ (h("select", { id: "section-filter", class: "sections-filter__select" }, [
    h("option", { value: "all", text: t("sections.filter.all") }),
    mine.length ? h("option", { value: "mine", text: t("sections.filter.mine", { names: mine.map((s) => s.name).join(", ") }) }) : null,
    ...sections.map((section) => h("option", { value: section.id, text: sectionLabel(section) })),
    h("option", { value: "none", text: t("sections.filter.none") }),
  ]));
  select.value = [...select.options].some((option) => option.value === view.filter) ? view.filter : "all";
  select.addEventListener("change", () => emit(select, "filterSections", { filter: select.value }));
  return h("div", { class: "sections-filter" }, [h("label", { for: "section-filter", class: "visually-hidden", text: t("sections.filter") }), select]);
}

/** The chosen table's section, in the side panel. @param {Floor} floor @param {Table} table @param {SectionsView} view */
export function tableSection(floor, table, view) {
  const sections = floor.sections || [];
  if (!view.canManage) {
    if (!table.section) return null;
    return h("p", { class: "table-detail__section", "data-testid": "table-section",
      text: t("sections.ofTable", { name: sectionLabel(table.section) }) });
  }
  if (!sections.length) return null;
  const id = `table-section-${table.code}`;
  const select = /** @type {HTMLSelectElement} */ (h("select", { id, class: "table-detail__section-select" }, [
    h("option", { value: "", text: t("sections.noSection") }),
    ...sections.map((section) => h("option", { value: section.id, text: sectionLabel(section) })),
  ]));
  select.value = table.section?.id || "";
  select.addEventListener("change", () => {
    select.disabled = true;
    emit(select, "assignSection", { code: table.code, sectionId: select.value || null, done: () => { select.disabled = false; } });
  });
  return h("div", { class: "field table-detail__section" }, [h("label", { for: id, text: t("sections.tableSection") }), select]);
}

/** The managers' panel: each section's waiter for the shift, a new section, a removal. @param {Floor} floor @param {SectionsView} view */
export function sectionsPanel(floor, view) {
  if (!view.canManage) return null;
  const sections = floor.sections || [];
  /** @param {string} id @param {string | null} chosen */
  const waiterSelect = (id, chosen) => {
    const select = /** @type {HTMLSelectElement} */ (h("select", { id }, [
      h("option", { value: "", text: t("sections.nobody") }),
      ...view.waiters.map((waiter) => h("option", { value: waiter.id, text: waiter.name })),
    ]));
    if (chosen && !view.waiters.some((waiter) => waiter.id === chosen)) {
      select.append(h("option", { value: chosen, text: sections.find((s) => s.staffId === chosen)?.staffName || chosen }));
    }
    select.value = chosen || "";
    return select;
  };
  const rows = sections.map((section) => {
    const select = waiterSelect(`section-waiter-${section.id}`, section.staffId);
    select.addEventListener("change", () => {
      select.disabled = true;
      emit(select, "saveSection", { id: section.id, staffId: select.value || null, done: () => { select.disabled = false; } });
    });
    const remove = /** @type {HTMLButtonElement} */ (h("button", { type: "button", class: "button button--secondary sections-panel__remove",
      text: t("sections.remove"), "aria-label": t("sections.removeNamed", { name: section.name }) }));
    const actions = h("span", { class: "sections-panel__actions" }, remove);
    remove.addEventListener("click", () => {  // one more tap: its tables would be everyone's again
      const sure = /** @type {HTMLButtonElement} */ (h("button", { type: "button", class: "button sections-panel__confirm",
        text: t("sections.removeConfirm", { name: section.name }) }));
      const keep = h("button", { type: "button", class: "button button--secondary", text: t("sections.keep") });
      sure.addEventListener("click", () => emitFromButton(sure, "removeSection", { id: section.id }));
      keep.addEventListener("click", () => {
        replace(actions, remove);
        remove.focus();
      });
      replace(actions, [sure, keep]);
      sure.focus();
    });
    return h("li", { class: "sections-panel__row", "data-section": section.id }, [
      h("label", { for: `section-waiter-${section.id}`, class: "sections-panel__name", text: section.name }), select, actions,
    ]);
  });
  const name = /** @type {HTMLInputElement} */ (h("input", { id: "new-section-name", maxlength: "40", autocomplete: "off" }));
  const waiter = waiterSelect("new-section-waiter", null);
  const add = /** @type {HTMLButtonElement} */ (h("button", { type: "submit", class: "button", text: t("sections.add") }));
  const form = h("form", { class: "sections-panel__add" }, [
    h("div", { class: "field" }, [h("label", { for: "new-section-name", text: t("sections.newName") }), name]),
    h("div", { class: "field" }, [h("label", { for: "new-section-waiter", text: t("sections.waiter") }), waiter]),
    add,
  ]);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!name.value.trim()) {
      name.focus();
      return;
    }
    emitFromButton(add, "addSection", { name: name.value.trim(), staffId: waiter.value || null });
  });
  const summary = sections.length ? sections.map((s) => sectionLabel(s)).join(" · ") : t("sections.noneYet");
  const dialog = /** @type {HTMLDialogElement} */ (h("dialog", { class: "sections-panel", "aria-labelledby": "sections-panel-title" }));
  const close = h("button", { type: "button", class: "button button--secondary sections-panel__close", text: t("sections.close"),
    onclick: () => dialog.close() });
  dialog.append(
    h("h2", { id: "sections-panel-title", class: "sections-panel__title", text: t("sections.title") }),
    h("p", { class: "sections-panel__summary", text: summary }),
    h("p", { class: "field__hint", text: t("sections.hint") }),
    h("ul", { class: "sections-panel__rows" }, rows),
    form,
    close,
  );
  const open = h("button", { type: "button", class: "button button--secondary sections-panel__open", text: t("sections.title"),
    "aria-haspopup": "dialog", onclick: () => dialog.showModal() });
  return h("span", { class: "sections-panel__holder" }, [open, dialog]);
}
