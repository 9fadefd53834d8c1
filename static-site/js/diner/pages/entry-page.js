// @ts-check
/** .entry: the table's front door. Quick Start or Loyalty sign-up, and when the table is in use
 * (a pending or active session) the choice: ask the table to join it (with a name), or start a
 * new session (staff approve it). A phone that was already at the table (its device key) is
 * offered to rejoin at once, without typing anything. The public answer never names anyone. */
import { t } from "../../lib/i18n.js";
import { tableName } from "../../lib/table-name.js";
import { emit, h } from "../dom.js";
import { showFieldErrors } from "../components/field-errors.js";

/** @typedef {import("../state.js").View} View */

/**
 * @param {string} name @param {string} labelKey
 * @param {Record<string, any>} attributes @param {string} [hintKey]
 */
function field(name, labelKey, attributes, hintKey) {
  const id = `entry-${name}`;
  const label = h("label", { for: id, "data-key": labelKey });
  const input = h("input", { id, name, "aria-describedby": `${id}-error${hintKey ? ` ${id}-hint` : ""}`, ...attributes });
  const hint = hintKey ? h("p", { class: "field__hint", id: `${id}-hint`, "data-key": hintKey }) : null;
  const error = h("p", { class: "field__error", id: `${id}-error` });
  return { element: h("div", { class: "field" }, [label, input, hint, error]), label, input, error };
}

/** @param {HTMLElement} root @param {View} initial */
export function mountEntryPage(root, initial) {
  const title = h("h1", { class: "entry__title", tabindex: "-1" });
  const intro = h("p", { class: "entry__intro" });
  const notice = h("p", { class: "notice entry__notice", role: "status", hidden: true });

  // The table in use: rejoin (this phone was here), ask to join, or start a new session
  const activeTitle = h("h2", { class: "entry__subtitle" });
  const activeSince = h("p");
  const comeBack = h("button", { class: "button entry__choice", type: "button" });
  const comeBackHint = h("p", { class: "field__hint" });
  const rejoin = h("button", { class: "button entry__choice", type: "button" });
  const rejoinHint = h("p", { class: "field__hint" });
  const startNew = h("button", { class: "button button--secondary entry__choice", type: "button" });
  const startNewHint = h("p", { class: "field__hint" });
  const choiceError = h("p", { class: "notice notice--error", role: "alert", hidden: true });
  const choice = h("div", { class: "entry__active", hidden: true },
    [activeTitle, activeSince, choiceError, comeBack, comeBackHint, rejoin, rejoinHint, startNew, startNewHint]);

  // The sign-up form
  const context = h("p", { class: "entry__context" });
  const back = h("button", { class: "button button--quiet entry__back", type: "button" });
  const contextBar = h("div", { class: "entry__context-bar", hidden: true }, [context, back]);
  const legend = h("legend");
  /** @param {"quick" | "loyalty"} mode */
  const modeOption = (mode) => {
    const input = h("input", { type: "radio", name: "mode", value: mode, id: `entry-mode-${mode}`, checked: mode === "quick" });
    const name = h("span", { class: "mode-switch__name" });
    const hint = h("span", { class: "mode-switch__hint" });
    return { input, name, hint, label: h("label", { class: "mode-switch__option", for: `entry-mode-${mode}` }, [input, name, hint]) };
  };
  const quick = modeOption("quick");
  const loyalty = modeOption("loyalty");
  const modes = h("fieldset", { class: "mode-switch" }, [legend, quick.label, loyalty.label]);
  const fields = {
    name: field("name", "field.name", { autocomplete: "name", maxlength: "80", required: true }),
    phone: field("phone", "field.phoneOptional", { type: "tel", autocomplete: "tel", inputmode: "tel", maxlength: "24" }, "field.phoneHint"),
    email: field("email", "field.email", { type: "email", autocomplete: "email", maxlength: "254" }),
    birthDate: field("birthDate", "field.birthDate", { type: "date", autocomplete: "bday", max: new Date().toISOString().slice(0, 10) }, "field.birthDateHint"),
  };
  // Loyalty only: agreeing to offers and news is the diner's explicit choice, never ticked for them
  const consentInput = h("input", { type: "checkbox", id: "entry-marketingConsent", name: "marketingConsent" });
  const consentText = h("span");
  const consent = h("label", { class: "entry__consent", for: "entry-marketingConsent" }, [consentInput, consentText]);
  const formError = h("p", { class: "notice notice--error", role: "alert", hidden: true });
  const submit = h("button", { class: "button entry__submit", type: "submit" });
  const form = h("form", { class: "entry__form", novalidate: true },
    [contextBar, modes, ...Object.values(fields).map((f) => f.element), consent, formError, submit]);

  root.append(h("section", { class: "entry" }, [title, intro, notice, choice, form]));

  /** @type {"choose" | "rejoin" | "new" | "plain"} */
  let step = "plain";
  /** @type {View} */
  let view = initial;
  /** @type {object | null} */
  let shownErrors = null;

  function mode() {
    return loyalty.input.checked ? "loyalty" : "quick";
  }

  function paintMode() {
    const isLoyalty = mode() === "loyalty";
    fields.email.element.hidden = !isLoyalty;
    fields.birthDate.element.hidden = !isLoyalty;
    consent.hidden = !isLoyalty;
    fields.phone.label.dataset.key = isLoyalty ? "field.phone" : "field.phoneOptional";
    fields.phone.label.textContent = t(fields.phone.label.dataset.key);
    fields.phone.input.required = isLoyalty;
  }

  quick.input.addEventListener("change", paintMode);
  loyalty.input.addEventListener("change", paintMode);
  rejoin.addEventListener("click", () => go("rejoin"));
  comeBack.addEventListener("click", () => {
    if (view.state.entryForm.sending) return;
    emit(comeBack, "register", { mode: "quick", name: view.state.deviceName || "", phone: "", email: "", birthDate: "", rejoin: true });
  });
  startNew.addEventListener("click", () => go("new"));
  back.addEventListener("click", () => go("choose"));

  /** @param {"choose" | "rejoin" | "new" | "plain"} next */
  function go(next) {
    step = next;
    update(view);
    (next === "choose" ? rejoin : fields.name.input).focus();
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (view.state.entryForm.sending) return;
    emit(form, "register", {
      mode: mode(),
      name: fields.name.input.value,
      phone: fields.phone.input.value,
      email: mode() === "loyalty" ? fields.email.input.value : "",
      birthDate: mode() === "loyalty" ? fields.birthDate.input.value : "",
      marketingConsent: mode() === "loyalty" && consentInput.checked,
      startNew: step === "new",
    });
  });

  /** @param {View} next */
  function update(next) {
    view = next;
    const { state } = view;
    const entry = state.entry;
    const branchName = entry?.branch.name ?? state.place?.branch.name ?? "";
    document.title = `${entry ? tableName(entry.table.code, entry.table.label) : ""} · ${branchName}`;
    title.textContent = t("entry.welcome", { branch: branchName });
    intro.textContent = t("entry.intro");
    notice.hidden = !state.notice;
    // sent back here (table closed, sign-in expired): the cart waits on this phone for the next sign-in
    const kept = state.cart.lines.reduce((sum, line) => sum + line.quantity, 0);
    notice.textContent = !state.notice ? "" : kept ? `${t(state.notice)} ${t(kept === 1 ? "notice.cartKeptOne" : "notice.cartKept", { count: kept })}`
      : t(state.notice);

    const inUse = entry?.activeSession?.status === "active" || entry?.activeSession?.status === "pending" ? entry.activeSession : null;
    if (!inUse && step !== "plain") step = "plain";
    if (inUse && step === "plain") step = "choose";
    // A phone still signed in at the table (its device key) is greeted by name and goes back with
    // one tap: no name or mode asked again, and no "the staff confirm" (they already did, or will).
    const returning = Boolean(inUse && state.hasDeviceKey && state.deviceName) && step === "choose";
    if (returning) {
      title.textContent = t("entry.welcomeBack", { name: state.deviceName });
      intro.textContent = t(inUse?.status === "pending" ? "entry.introBackPending" : "entry.introBack");
    } else if (inUse && step !== "new") intro.textContent = t("entry.introInUse");
    choice.hidden = step !== "choose";
    form.hidden = step === "choose";
    contextBar.hidden = step === "plain";
    if (inUse) {
      activeTitle.textContent = t("entry.activeTitle");
      activeSince.textContent = t("entry.activeSince", { time: view.time(inUse.startedAt) });
      const known = Boolean(state.hasDeviceKey);
      comeBack.hidden = !known;
      comeBackHint.hidden = !known || returning; // the intro says it for a phone greeted by name
      comeBack.disabled = state.entryForm.sending;
      comeBack.textContent = state.entryForm.sending && known ? t("entry.sending")
        : state.deviceName ? t("entry.continueAs", { name: state.deviceName }) : t("entry.comeBack");
      comeBackHint.textContent = t("entry.comeBackHint");
      rejoin.className = `button entry__choice${known ? " button--secondary" : ""}`;
      rejoin.textContent = t("entry.rejoin");
      rejoinHint.textContent = t("entry.rejoinHint");
      // a new session replaces an active one; a table still waiting for approval is joined, not replaced
      startNew.hidden = inUse.status !== "active";
      startNewHint.hidden = startNew.hidden;
      startNew.textContent = t("entry.startNew");
      startNewHint.textContent = t("entry.startNewHint");
      context.textContent = t(step === "rejoin" ? "entry.rejoining" : "entry.startingNew");
      back.textContent = t("entry.back");
      choiceError.hidden = step !== "choose" || !state.entryForm.message;
      choiceError.textContent = state.entryForm.message ?? "";
    }

    legend.textContent = t("entry.mode");
    quick.name.textContent = t("entry.quick");
    quick.hint.textContent = t("entry.quickHint");
    loyalty.name.textContent = t("entry.loyalty");
    loyalty.hint.textContent = t("entry.loyaltyHint");
    consentText.textContent = t("entry.marketingConsent", { chain: entry?.chain?.name || branchName });
    for (const element of form.querySelectorAll("[data-key]")) element.textContent = t(/** @type {HTMLElement} */ (element).dataset.key ?? "");
    paintMode();

    const { sending, errors, message } = state.entryForm;
    submit.disabled = sending;
    submit.textContent = sending ? t("entry.sending") : t(step === "rejoin" ? "entry.submitRejoin" : "entry.submit");
    const firstInvalid = showFieldErrors(fields, errors);
    formError.hidden = !message;
    formError.textContent = message ?? "";
    if (errors !== shownErrors) {
      shownErrors = errors;
      if (firstInvalid) firstInvalid.focus();
    }
  }

  update(initial);
  return { update };
}
