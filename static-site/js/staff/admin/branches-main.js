// @ts-check
/**
 * The back office of branches and tables (issue 18), staff/admin/branches.html: an owner opens,
 * sets up and archives branches and reads each branch's audit trail; the owner and a branch's
 * manager add (one, or a run: T41-T46), rename and remove its tables and put them in sections.
 * It uses the staff sign-in kept by the staff pages (auth-store.js); what it shows follows the
 * sign-in's permissions, and the server checks every request again. Every action that cannot
 * be taken back is confirmed in a dialog; every outcome is said in the status line.
 */
import { createApi, ApiError } from "../../lib/api.js";
import { h, replace } from "../../lib/dom.js";
import { chooseLanguage, currentLanguage, setLanguage, t, translate, useDictionary } from "../../lib/i18n.js";
import { texts as en } from "../../i18n/admin-en.js";
import { texts as es } from "../../i18n/admin-es.js";
import { texts as staffEn } from "../../i18n/staff-en.js";
import { texts as staffEs } from "../../i18n/staff-es.js";
import { forgetSignIn, keepSignIn, storedSignIn } from "../auth-store.js";
import { openPasswordDialog } from "../password-dialog.js";
import { holds } from "../rights.js";

/** @typedef {{id: string, slug: string, name: string, timezone: string, currency: string, languages: string[], address: string, archived: boolean}} Branch */
/** @typedef {{code: string, label: string, seats: number | null, inUse: boolean, sectionId: string | null}} Table */

/** The staff pages' texts this page shares: the "My password" dialog's. @param {Record<string, string>} texts */
const passwordTexts = (texts) => Object.fromEntries(Object.entries(texts).filter(([key]) => key.startsWith("password.") || key === "header.password"));
useDictionary({ en: { ...passwordTexts(staffEn), ...en }, es: { ...passwordTexts(staffEs), ...es } });
chooseLanguage(["es", "en"]);

const byId = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
const root = byId("admin-root");
const status = byId("admin-status");
const errorLine = byId("admin-error");
const main = byId("admin-main");
let { signIn } = storedSignIn();
const api = createApi({
  getToken: () => signIn?.token || null,
  onUnauthorized: () => {
    forgetSignIn();
    location.assign("/staff/");
  },
});
const path = encodeURIComponent;
const CURRENCIES = ["PEN", "USD", "EUR", "MXN", "COP", "CLP", "ARS", "BRL", "BOB", "UYU", "GBP"];
const ZONES = ["America/Lima", "America/Bogota", "America/Mexico_City", "America/Santiago", "America/Argentina/Buenos_Aires",
  "America/Sao_Paulo", "America/La_Paz", "America/Montevideo", "America/New_York", "Europe/Madrid", "Europe/London", "UTC"];

const state = {
  /** @type {Branch[]} */ branches: [],
  mayManageBranches: false,
  /** @type {string} */ branchId: "",
  /** @type {Table[]} */ tables: [],
  /** @type {{id: string, name: string}[]} */ sections: [],
  /** @type {any[] | null} */ audit: null,
};

/** @param {string} text */
function say(text) {
  errorLine.hidden = true;
  status.textContent = text;
}

/** @param {unknown} error */
function fail(error) {
  const message = error instanceof ApiError ? error.message : String(error);
  status.textContent = "";
  errorLine.textContent = message;
  errorLine.hidden = false;
  if (error instanceof ApiError && error.field) {
    const input = root.querySelector(`[name="${CSS.escape(error.field.replace(/\[\d+\]$/, ""))}"]`);
    if (input instanceof HTMLElement) {
      input.setAttribute("aria-invalid", "true");
      input.focus();
    }
  }
}

/**
 * Asks before an action that cannot simply be undone. @param {string} title @param {string} body @param {string} ok
 * @returns {Promise<boolean>}
 */
function confirmAction(title, body, ok) {
  const dialog = /** @type {HTMLDialogElement} */ (byId("admin-confirm"));
  byId("admin-confirm-title").textContent = title;
  byId("admin-confirm-body").textContent = body;
  byId("admin-confirm-ok").textContent = ok;
  byId("admin-confirm-cancel").textContent = t("confirm.cancel");
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => resolve(dialog.returnValue === "ok"), { once: true });
    dialog.returnValue = "";
    dialog.showModal();
  });
}

/** @param {string} name @param {string} label @param {HTMLElement} control @param {string} [hint] */
function field(name, label, control, hint) {
  const id = `f-${name}-${Math.random().toString(36).slice(2, 8)}`;
  control.id = id;
  control.setAttribute("name", name);
  const hintId = hint ? `${id}-hint` : null;
  if (hintId) control.setAttribute("aria-describedby", hintId);
  return h("div", { class: "field" }, [h("label", { for: id, text: label }), control,
    hint ? h("p", { class: "field__hint", id: hintId, text: hint }) : null]);
}

/** @param {string[]} options @param {string} value */
function select(options, value) {
  const element = h("select", {}, options.map((o) => h("option", { value: o, text: o })));
  if (value && !options.includes(value)) element.append(h("option", { value, text: value }));
  element.value = value;
  return element;
}

/** @param {string[]} chosen */
function languagesField(chosen) {
  const boxes = ["es", "en"].map((code) => h("label", { class: "admin-check" }, [
    h("input", { type: "checkbox", name: "languages", value: code, checked: chosen.includes(code) }), ` ${t(`lang.${code}`)}`]));
  return h("fieldset", { class: "field" }, [h("legend", { text: t("field.languages") }), ...boxes]);
}

/** @param {HTMLFormElement} form */
function formValues(form) {
  const data = new FormData(form);
  /** @type {Record<string, any>} */
  const out = {};
  for (const [key, value] of data.entries()) {
    if (key === "languages") (out.languages ||= []).push(value);
    else out[key] = String(value);
  }
  if (form.querySelector('[name="languages"]')) out.languages ||= [];
  return out;
}

function branchList() {
  const items = state.branches.map((b) => h("li", {}, h("button", {
    type: "button", class: "button button--secondary", "aria-current": b.id === state.branchId ? "true" : "false",
    "data-branch": b.id, onclick: () => openBranch(b.id),
  }, [b.name, b.archived ? h("span", { class: "admin-tag", text: ` ${t("admin.archivedTag")}` }) : null])));
  return h("section", { class: "admin-card", "aria-labelledby": "branches-title" }, [
    h("h2", { id: "branches-title", text: t("admin.branches") }), h("ul", { class: "admin-branches" }, items),
    state.mayManageBranches ? newBranchForm() : null,
  ]);
}

function newBranchForm() {
  const form = h("form", { class: "admin-form", "aria-labelledby": "new-branch-title", novalidate: true }, [
    field("name", t("field.name"), h("input", { required: true, maxlength: "80", autocomplete: "off" })),
    field("slug", t("field.slug"), h("input", { required: true, maxlength: "63", autocomplete: "off" }), t("field.slugHint")),
    field("timezone", t("field.timezone"), select(ZONES, "America/Lima")),
    field("currency", t("field.currency"), select(CURRENCIES, "PEN")),
    field("address", t("field.address"), h("input", { maxlength: "200", autocomplete: "off" })),
    languagesField(["es", "en"]),
    h("div", { class: "admin-form__actions" }, h("button", { class: "button", type: "submit", text: t("admin.create") })),
  ]);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = formValues(form);
    if (!(await confirmAction(t("confirm.createTitle", { name: body.name }), t("confirm.createBody", { slug: body.slug }),
      t("confirm.createOk")))) return;
    try {
      const { branch } = await api.post("/staff/admin/branches", body);
      await loadBranches();
      await openBranch(branch.id);
      say(t("done.created", { name: branch.name }));
    } catch (error) {
      fail(error);
    }
  });
  return h("details", { class: "admin-new" }, [h("summary", { id: "new-branch-title", text: t("admin.newBranch") }), form]);
}

/** @param {Branch} branch */
function settingsCard(branch) {
  if (!state.mayManageBranches) return null;
  const form = h("form", { class: "admin-form", novalidate: true, "aria-labelledby": "settings-title" }, [
    field("name", t("field.name"), h("input", { value: branch.name, required: true, maxlength: "80" })),
    field("timezone", t("field.timezone"), select(ZONES, branch.timezone)),
    field("currency", t("field.currency"), select(CURRENCIES, branch.currency)),
    field("address", t("field.address"), h("input", { value: branch.address, maxlength: "200" })),
    languagesField(branch.languages),
    h("div", { class: "admin-form__actions" }, [
      h("button", { class: "button", type: "submit", text: t("admin.save") }),
      h("button", { class: "button button--secondary", type: "button", "data-action": "archive",
        text: branch.archived ? t("admin.restore") : t("admin.archive"), onclick: () => toggleArchive(branch) }),
    ]),
  ]);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const { branch: saved } = await api.patch(`/staff/admin/branches/${path(branch.id)}`, formValues(form));
      await loadBranches();
      draw();
      say(t("done.saved"));
      void saved;
    } catch (error) {
      fail(error);
    }
  });
  return h("section", { class: "admin-card", "aria-labelledby": "settings-title" }, [
    h("h2", { id: "settings-title", text: `${t("admin.branchSettings")} · /${branch.slug}` }),
    branch.archived ? h("p", { class: "notice", text: t("admin.archivedNote") }) : null, form]);
}

/** @param {Branch} branch */
async function toggleArchive(branch) {
  if (!branch.archived && !(await confirmAction(t("confirm.archiveTitle", { name: branch.name }), t("confirm.archiveBody"),
    t("confirm.archiveOk")))) return;
  try {
    await api.patch(`/staff/admin/branches/${path(branch.id)}`, { archived: !branch.archived });
    await loadBranches();
    draw();
    say(t(branch.archived ? "done.restored" : "done.archived", { name: branch.name }));
  } catch (error) {
    fail(error);
  }
}

function tablesCard() {
  const addOne = h("form", { class: "admin-form", novalidate: true, "data-form": "add-one" }, [
    field("code", t("field.code"), h("input", { required: true, maxlength: "32", autocomplete: "off" })),
    field("label", t("field.label"), h("input", { maxlength: "40", autocomplete: "off" })),
    h("div", { class: "admin-form__actions" }, h("button", { class: "button", type: "submit", text: t("admin.add") })),
  ]);
  addOne.addEventListener("submit", async (event) => {
    event.preventDefault();
    const values = formValues(addOne);
    const body = values.label ? { code: values.code, label: values.label } : { code: values.code };
    await addTables(body);
  });
  const addMany = h("form", { class: "admin-form", novalidate: true, "data-form": "add-many" }, [
    field("range", t("field.range"), h("input", { required: true, maxlength: "60", autocomplete: "off" }), t("field.rangeHint")),
    field("seats", t("field.seats"), h("input", { type: "number", min: "1", max: "40", inputmode: "numeric" })),
    h("div", { class: "admin-form__actions" }, h("button", { class: "button", type: "submit", text: t("admin.addRange") })),
  ]);
  addMany.addEventListener("submit", async (event) => {
    event.preventDefault();
    const values = formValues(addMany);
    const match = /^(.*?)(\d+)\s*[-\u2010-\u2015\u2212]\s*(.*?)(\d+)$/.exec(values.range.trim());
    if (match) {
      const count = Number(match[4]) - Number(match[2]) + 1;
      const ok = await confirmAction(t("confirm.rangeTitle", { count }), t("confirm.rangeBody", {
        first: `${match[1]}${match[2]}`, last: `${match[1]}${match[4]}` }), t("confirm.rangeOk", { count }));
      if (!ok) return;
    }
    await addTables({ range: values.range, ...(values.seats ? { seats: Number(values.seats) } : {}) });
  });
  const rows = state.tables.map((table) => tableRow(table));
  return h("section", { class: "admin-card", "aria-labelledby": "tables-title" }, [
    h("h2", { id: "tables-title", text: t("admin.tables") }),
    h("details", { open: true }, [h("summary", { text: t("admin.addOne") }), addOne]),
    h("details", {}, [h("summary", { text: t("admin.addMany") }), addMany]),
    rows.length ? h("table", { class: "admin-table" }, [
      h("thead", {}, h("tr", {}, ["code", "label", "section", "state", "actions"].map((c) => h("th", { scope: "col", text: t(`admin.col.${c}`) })))),
      h("tbody", {}, rows),
    ]) : h("p", { text: t("admin.noTables") }),
  ]);
}

/** @param {Table} table */
function tableRow(table) {
  const label = h("input", { value: table.label, maxlength: "40", name: "label", "aria-label": t("admin.labelOf", { code: table.code }) });
  const section = h("select", { "aria-label": t("admin.sectionOf", { code: table.code }) }, [
    h("option", { value: "", text: t("admin.noSection") }), ...state.sections.map((s) => h("option", { value: s.id, text: s.name }))]);
  section.value = table.sectionId || "";
  section.addEventListener("change", async () => {
    try {
      await api.put(`/staff/branches/${path(state.branchId)}/tables/${path(table.code)}/section`,
        { sectionId: section.value || null });
      say(t("done.section", { code: table.code, section: section.selectedOptions[0]?.textContent || "" }));
    } catch (error) {
      fail(error);
    }
  });
  return h("tr", { "data-table": table.code }, [
    h("th", { scope: "row", text: table.code }),
    h("td", {}, label),
    h("td", {}, state.sections.length ? section : "—"),
    h("td", { text: table.inUse ? t("admin.inUse") : t("admin.free") }),
    h("td", {}, [
      h("button", { type: "button", class: "button button--secondary", text: t("admin.rename"), onclick: () => rename(table, label.value) }),
      " ",
      h("button", { type: "button", class: "button button--secondary", "data-action": "remove", text: t("admin.remove"),
        "aria-label": `${t("admin.remove")} ${table.code}`, onclick: () => removeTable(table) }),
    ]),
  ]);
}

/** @param {Record<string, unknown>} body */
async function addTables(body) {
  try {
    const reply = await api.post(`/staff/admin/branches/${path(state.branchId)}/tables`, body);
    useTables(reply);
    draw();
    say(t("done.added", { codes: reply.added.map((/** @type {Table} */ a) => a.code).join(", ") }));
  } catch (error) {
    fail(error);
  }
}

/** @param {Table} table @param {string} label */
async function rename(table, label) {
  try {
    const { table: saved } = await api.patch(`/staff/admin/branches/${path(state.branchId)}/tables/${path(table.code)}`, { label });
    table.label = saved.label;
    say(t("done.renamed", { code: table.code, label: saved.label }));
  } catch (error) {
    fail(error);
  }
}

/** @param {Table} table */
async function removeTable(table) {
  if (!(await confirmAction(t("confirm.removeTitle", { code: table.code }), t("confirm.removeBody"),
    t("confirm.removeOk", { code: table.code })))) return;
  try {
    await api.del(`/staff/admin/branches/${path(state.branchId)}/tables/${path(table.code)}`);
    state.tables = state.tables.filter((tb) => tb.code !== table.code);
    draw();
    say(t("done.removed", { code: table.code }));
  } catch (error) {
    fail(error);
  }
}

const FAMILIES = ["branch", "table", "staff", "order", "menu"];

/** The moment in the page's language, on the 24-hour clock every staff page uses. @param {string} at */
const when = (at) => new Date(at).toLocaleString(currentLanguage(), { dateStyle: "medium", timeStyle: "short", hourCycle: "h23" });

/** "Table added", not "table.added" (an action this page has no words for yet: its code). @param {string} action */
function actionLabel(action) {
  const key = `audit.act.${action}`;
  const label = t(key);
  return label === key ? action : label;
}

function auditCard() {
  if (!holds(signIn, "read_audit")) return null;
  const form = h("form", { class: "admin-form", novalidate: true, "data-form": "audit" }, [
    field("action", t("audit.action"), h("select", {}, [h("option", { value: "", text: t("audit.all") }),
      ...FAMILIES.map((f) => h("option", { value: f, text: t(`audit.family.${f}`) }))])),
    field("from", t("audit.from"), h("input", { type: "date" })),
    field("to", t("audit.to"), h("input", { type: "date" })),
    h("div", { class: "admin-form__actions" }, h("button", { class: "button button--secondary", type: "submit", text: t("audit.show") })),
  ]);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void loadAudit(formValues(form));
  });
  const entries = state.audit || [];
  return h("section", { class: "admin-card", "aria-labelledby": "audit-title" }, [
    h("h2", { id: "audit-title", text: t("admin.audit") }), form,
    entries.length ? h("table", { class: "admin-table admin-audit" }, [
      h("thead", {}, h("tr", {}, ["when", "who", "action", "target", "changes"].map((c) => h("th", { scope: "col", text: t(`audit.${c}`) })))),
      h("tbody", {}, entries.map((e) => h("tr", { "data-action": e.action }, [
        h("td", {}, h("time", { datetime: e.at, text: when(e.at) })),
        h("td", { text: `${e.actor.name} (${e.actor.role})` }),
        h("td", { text: actionLabel(e.action) }),
        h("td", { text: state.branches.find((b) => b.id === e.target)?.name ?? e.target }),
        h("td", { class: "admin-audit__changes", text: changes(e.before, e.after) }),
      ]))),
    ]) : h("p", { text: t("audit.none") }),
  ]);
}

/** @param {Record<string, unknown> | null} before @param {Record<string, unknown> | null} after */
function changes(before, after) {
  const keys = [...new Set([...Object.keys(before || {}), ...Object.keys(after || {})])];
  const show = (/** @type {unknown} */ v) => (v === undefined || v === null ? "—" : typeof v === "object" ? JSON.stringify(v) : String(v));
  return keys.map((k) => `${k}: ${show(before?.[k])} → ${show(after?.[k])}`).join("; ");
}

/** @param {Record<string, string>} [filters] */
async function loadAudit(filters = {}) {
  const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v));
  try {
    const reply = await api.get(`/staff/admin/branches/${path(state.branchId)}/audit?${query}`);
    state.audit = reply.entries;
    draw();
  } catch (error) {
    fail(error);
  }
}

/** @param {{tables: Table[], sections: {id: string, name: string}[]}} reply */
function useTables(reply) {
  state.tables = reply.tables;
  state.sections = reply.sections;
}

/** @param {string} branchId */
async function openBranch(branchId) {
  state.branchId = branchId;
  state.audit = null;
  try {
    useTables(await api.get(`/staff/admin/branches/${path(branchId)}/tables`));
    if (holds(signIn, "read_audit")) {
      state.audit = (await api.get(`/staff/admin/branches/${path(branchId)}/audit`)).entries;
    }
    draw();
  } catch (error) {
    fail(error);
  }
}

async function loadBranches() {
  const reply = await api.get("/staff/admin/branches");
  state.branches = reply.branches;
  state.mayManageBranches = reply.mayManageBranches;
}

function draw() {
  const branch = state.branches.find((b) => b.id === state.branchId);
  const focused = document.activeElement?.closest("form")?.getAttribute("data-form");
  replace(root, h("div", { class: "admin-grid" }, [
    h("div", {}, branchList()),
    h("div", {}, branch ? [settingsCard(branch), tablesCard(), auditCard()] : []),
  ]));
  if (focused) /** @type {HTMLElement | null} */ (root.querySelector(`[data-form="${focused}"] input`))?.focus();
}

function drawLanguage() {
  const other = currentLanguage() === "es" ? "en" : "es";
  const button = byId("admin-language");
  button.textContent = other.toUpperCase();
  button.setAttribute("aria-label", `${t("admin.language")}: ${other.toUpperCase()}`);
  button.onclick = () => {
    setLanguage(other, true);
    translate();
    drawLanguage();
    drawPasswordButton();
    draw();
  };
}

/** "My password" in this page's header: the server answers a fresh token for this screen (the
 * account's other sign-ins end), kept as this device's sign-in. */
function drawPasswordButton() {
  const button = byId("admin-password");
  button.hidden = !signIn;
  button.textContent = t("header.password");
  button.onclick = () => openPasswordDialog(async (currentPassword, newPassword) => {
    const reply = await api.post("/staff/me/password", { currentPassword, newPassword });
    if (signIn) signIn = keepSignIn(reply.token, signIn.staff, signIn.permissions) || signIn;
  });
}

async function start() {
  translate();
  drawLanguage();
  drawPasswordButton();
  if (!signIn) {
    replace(root, [h("p", { text: t("admin.signInFirst") }), h("a", { class: "button", href: "/staff/", text: t("admin.signIn") })]);
  } else if (!holds(signIn, "manage_tables")) {
    replace(root, h("p", { class: "notice", text: t("admin.notForRole") }));
  } else {
    try {
      await loadBranches();
      const first = state.branches.find((b) => !b.archived) || state.branches[0];
      if (first) await openBranch(first.id);
      else draw();
    } catch (error) {
      fail(error);
      errorLine.textContent = t("admin.loadFailed", { message: errorLine.textContent || "" });
    }
  }
  main.setAttribute("aria-busy", "false");
}

void start();
