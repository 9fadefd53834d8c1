// @ts-check
/**
 * .admin-page (/staff/admin/staff): the back office's staff accounts (issue 18), for owners and
 * managers (`manage_staff`). The list of accounts this person manages (GET /staff/accounts), an
 * invitation form whose roles and branches are those the server says this person may give
 * (GET /staff/me `manages`), and per account: change the role and branches, send a password
 * reset, deactivate or reactivate. Every action is confirmed in a dialog first and its answer
 * said (a toast, or the server's error in the dialog). The branches' admin pages (branches,
 * tables) sit beside this one under /staff/admin/.
 */
import { h, replace } from "./dom.js";
import { t } from "../lib/i18n.js";

/**
 * @typedef {{id: string, name: string, email: string, role: string, branchIds: string[], status: string,
 *   linkExpiresAt: string | null}} Account
 * @typedef {{id: string, name: string}} BranchName
 * @typedef {{get: (path: string) => Promise<any>, post: (path: string, body?: unknown) => Promise<any>,
 *   patch: (path: string, body?: unknown) => Promise<any>}} Api
 */

/**
 * @param {HTMLElement} root  the page's <section>
 * @param {{api: Api, toast: (text: string, tone?: "ok" | "error") => void, myId: () => string}} deps
 */
export function mountAdminPage(root, { api, toast, myId }) {
  /** @type {{accounts: Account[], roles: string[], branchIds: string[], branches: BranchName[], error: string, loaded: boolean}} */
  const view = { accounts: [], roles: [], branchIds: [], branches: [], error: "", loaded: false };
  const dialog = /** @type {HTMLDialogElement} */ (h("dialog", { class: "menu-dialog admin-dialog", "aria-labelledby": "admin-dialog-title" }));

  const branchName = (/** @type {string} */ id) => view.branches.find((b) => b.id === id)?.name || id;
  /** @param {unknown} error */
  const messageOf = (error) => /** @type {any} */ (error)?.message || String(error);

  async function load() {
    try {
      const [me, listed] = await Promise.all([api.get("/staff/me"), api.get("/staff/accounts")]);
      view.roles = me.manages.roles;
      view.branchIds = me.manages.branchIds;
      view.accounts = listed.accounts;
      view.error = "";
    } catch (error) {
      view.error = messageOf(error);
    }
    view.loaded = true;
    draw();
  }

  /** @param {string} prefix @param {string[]} chosen */
  function branchBoxes(prefix, chosen) {
    return h("fieldset", { class: "admin-page__branches" }, [
      h("legend", { text: t("admin.branches") }),
      ...view.branchIds.map((id) => h("label", { class: "admin-page__check" }, [
        h("input", { type: "checkbox", name: `${prefix}-branch`, value: id, checked: chosen.includes(id) }), ` ${branchName(id)}`])),
    ]);
  }

  /** @param {string} id @param {string} selected */
  function roleSelect(id, selected) {
    return h("select", { id, name: "role", required: true },
      view.roles.map((role) => h("option", { value: role, selected: role === selected, text: t(`role.${role}`) })));
  }

  /** @param {HTMLElement} form @param {string} prefix */
  const checked = (form, prefix) => [...form.querySelectorAll(`input[name='${prefix}-branch']:checked`)]
    .map((box) => /** @type {HTMLInputElement} */ (box).value);

  /**
   * Asks before doing: a modal with what will happen; `run` calls the server, its error stays in the dialog.
   * @param {{title: string, text: string, confirm: string, body?: HTMLElement[], run: (form: HTMLElement) => Promise<string>}} ask
   */
  function confirmAction({ title, text, confirm, body = [], run }) {
    const error = h("p", { class: "notice notice--error", role: "alert", hidden: true });
    const go = /** @type {HTMLButtonElement} */ (h("button", { type: "submit", class: "button admin-dialog__confirm", text: confirm }));
    const form = h("form", { class: "menu-dialog__form", method: "dialog", novalidate: true }, [
      h("h2", { id: "admin-dialog-title", class: "menu-dialog__title", text: title }),
      h("p", { class: "menu-dialog__hint", text }),
      ...body, error,
      h("div", { class: "menu-dialog__actions" }, [
        h("button", { type: "button", class: "button button--secondary", text: t("admin.cancel"), onclick: () => dialog.close() }), go]),
    ]);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      go.disabled = true;
      try {
        const done = await run(form);
        dialog.close();
        toast(done);
        await load();
      } catch (failure) {
        error.hidden = false;
        error.textContent = messageOf(failure);
        go.disabled = false;
      }
    });
    replace(dialog, form);
    dialog.showModal();
    /** @type {HTMLElement | null} */ (form.querySelector("select, input, .admin-dialog__confirm"))?.focus();
  }

  /** @param {Account} account */
  function changeAccess(account) {
    confirmAction({
      title: t("admin.changeTitle", { name: account.name }), text: t("admin.changeText"), confirm: t("admin.changeConfirm"),
      body: [h("div", { class: "field" }, [h("label", { for: "admin-change-role", text: t("admin.role") }), roleSelect("admin-change-role", account.role)]),
        branchBoxes("change", account.branchIds)],
      run: async (form) => {
        const role = /** @type {HTMLSelectElement} */ (form.querySelector("#admin-change-role")).value;
        await api.patch(`/staff/accounts/${encodeURIComponent(account.id)}`,
          { role, branchIds: role === "owner" ? [] : checked(form, "change") });
        return t("admin.changed", { name: account.name });
      },
    });
  }

  /** @param {Account} account */
  function reset(account) {
    confirmAction({
      title: t("admin.resetTitle", { name: account.name }), text: t("admin.resetText", { email: account.email }), confirm: t("admin.resetConfirm"),
      run: async () => {
        await api.post(`/staff/accounts/${encodeURIComponent(account.id)}/reset`);
        return t("admin.resetSent", { email: account.email });
      },
    });
  }

  /** @param {Account} account */
  function setActive(account) {
    const deactivating = account.status !== "deactivated";
    confirmAction({
      title: t(deactivating ? "admin.deactivateTitle" : "admin.reactivateTitle", { name: account.name }),
      text: t(deactivating ? "admin.deactivateText" : "admin.reactivateText"),
      confirm: t(deactivating ? "admin.deactivateConfirm" : "admin.reactivateConfirm"),
      run: async () => {
        await api.patch(`/staff/accounts/${encodeURIComponent(account.id)}`, { active: !deactivating });
        return t(deactivating ? "admin.deactivated" : "admin.reactivated", { name: account.name });
      },
    });
  }

  function invite() {
    const email = h("input", { id: "admin-invite-email", type: "email", required: true, autocomplete: "off" });
    const name = h("input", { id: "admin-invite-name", required: true, maxlength: "80", autocomplete: "off" });
    confirmAction({
      title: t("admin.inviteTitle"), text: t("admin.inviteText"), confirm: t("admin.inviteConfirm"),
      body: [
        h("div", { class: "field" }, [h("label", { for: "admin-invite-name", text: t("admin.name") }), name]),
        h("div", { class: "field" }, [h("label", { for: "admin-invite-email", text: t("admin.email") }), email]),
        h("div", { class: "field" }, [h("label", { for: "admin-invite-role", text: t("admin.role") }), roleSelect("admin-invite-role", "waiter")]),
        branchBoxes("invite", view.branchIds.length === 1 ? view.branchIds : []),
      ],
      run: async (form) => {
        const role = /** @type {HTMLSelectElement} */ (form.querySelector("#admin-invite-role")).value;
        const to = /** @type {HTMLInputElement} */ (email).value.trim();
        await api.post("/staff/accounts", { email: to, name: /** @type {HTMLInputElement} */ (name).value.trim(), role,
          branchIds: role === "owner" ? [] : checked(form, "invite") });
        return t("admin.invited", { email: to });
      },
    });
  }

  /** @param {Account} account */
  function row(account) {
    const mine = account.id === myId();
    const status = h("span", { class: `admin-page__status admin-page__status--${account.status}`, text: t(`admin.status.${account.status}`) });
    const actions = mine ? [h("span", { class: "admin-page__you", text: t("admin.you") })] : [
      h("button", { type: "button", class: "button button--secondary", "data-action": "change", onclick: () => changeAccess(account),
        text: t("admin.change") }),
      account.status !== "deactivated" ? h("button", { type: "button", class: "button button--secondary", "data-action": "reset",
        onclick: () => reset(account), text: t(account.status === "invited" ? "admin.resend" : "admin.reset") }) : null,
      h("button", { type: "button", class: `button ${account.status === "deactivated" ? "button--secondary" : "button--danger"}`,
        "data-action": "active", onclick: () => setActive(account),
        text: t(account.status === "deactivated" ? "admin.reactivate" : "admin.deactivate") }),
    ];
    return h("tr", { "data-email": account.email, class: account.status === "deactivated" ? "admin-page__row--off" : "" }, [
      h("th", { scope: "row" }, [h("span", { class: "admin-page__name", text: account.name }), h("span", { class: "admin-page__email", text: account.email })]),
      h("td", { text: t(`role.${account.role}`) }),
      h("td", { text: account.role === "owner" ? t("admin.allBranches") : account.branchIds.map(branchName).join(", ") }),
      h("td", {}, [status]),
      h("td", {}, [h("div", { class: "admin-page__actions" }, actions)]),
    ]);
  }

  function draw() {
    const head = h("div", { class: "admin-page__head" }, [
      h("h1", { id: "admin-title", class: "admin-page__title", text: t("admin.title") }),
      view.roles.length ? h("button", { type: "button", class: "button", "data-action": "invite", onclick: invite, text: t("admin.invite") }) : null,
    ]);
    if (!view.loaded) return replace(root, [head, h("p", { class: "admin-page__loading", text: t("admin.loading") }), dialog]);
    if (view.error) return replace(root, [head, h("p", { class: "notice notice--error", role: "alert", text: view.error }), dialog]);
    const table = h("table", { class: "admin-page__table" }, [
      h("caption", { class: "visually-hidden", text: t("admin.title") }),
      h("thead", {}, [h("tr", {}, ["admin.person", "admin.role", "admin.branches", "admin.statusHead", "admin.actions"]
        .map((key) => h("th", { scope: "col", text: t(key) })))]),
      h("tbody", {}, view.accounts.map(row)),
    ]);
    replace(root, [head, h("p", { class: "admin-page__hint", text: t("admin.hint") }), table, dialog]);
  }

  return {
    /** @param {BranchName[]} branches  the names of the branches shown (the staff session's) */
    load(branches) {
      view.branches = branches;
      view.loaded = false;
      draw();
      return load();
    },
    /** @param {BranchName[]} branches */
    render(branches) {
      view.branches = branches;
      draw();
    },
    reset() {
      view.accounts = [];
      view.loaded = false;
    },
  };
}
