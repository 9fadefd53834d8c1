// @ts-check
/** .profile: the diner's name, phone, email, birth date, loyalty points and visits; name,
 * email, birth date, the allergens to avoid and a member's consent to offers can be edited (what
 * PATCH /api/me allows: the sign-up promised they can stop the offers at any time). */
import { formatPhone } from "../../lib/phone.js";
import { ALLERGENS } from "../../lib/allergens.js";
import { t } from "../../lib/i18n.js";
import { emit, h } from "../dom.js";
import { showFieldErrors } from "../components/field-errors.js";

/** @typedef {import("../state.js").View} View */

/** @param {string} name @param {string} labelKey @param {Record<string, any>} attributes */
function field(name, labelKey, attributes) {
  const id = `profile-${name}`;
  const input = h("input", { id, name, "aria-describedby": `${id}-error`, ...attributes });
  const error = h("p", { class: "field__error", id: `${id}-error` });
  return { element: h("div", { class: "field" }, [h("label", { for: id, text: t(labelKey) }), input, error]), input, error };
}

/** @param {HTMLElement} root */
export function mountProfilePage(root) {
  const title = h("h1", { tabindex: "-1", text: t("profile.title") });
  const points = h("dd", { class: "profile__figure" });
  const visits = h("dd", { class: "profile__figure" });
  const stats = h("dl", { class: "profile__stats", hidden: true }, [
    h("div", { class: "profile__stat" }, [h("dt", { text: t("profile.points") }), points]),
    h("div", { class: "profile__stat" }, [h("dt", { text: t("profile.visits") }), visits]),
  ]);
  const phone = h("p", { class: "profile__phone" });
  const phoneHint = h("p", { class: "field__hint" });
  const fields = {
    name: field("name", "field.name", { autocomplete: "name", maxlength: "80" }),
    email: field("email", "field.email", { type: "email", autocomplete: "email", maxlength: "254" }),
    birthDate: field("birthDate", "field.birthDate", { type: "date", autocomplete: "bday", max: new Date().toISOString().slice(0, 10) }),
  };
  const allergenBoxes = ALLERGENS.map((allergen) => h("input", { type: "checkbox", name: "avoidAllergens", value: allergen, id: `profile-avoid-${allergen}` }));
  const avoidKept = h("p", { class: "field__hint" });
  const avoid = h("fieldset", { class: "profile__avoid" }, [
    h("legend", { class: "profile__avoid-title", text: t("profile.avoidTitle") }),
    h("p", { class: "field__hint", text: t("profile.avoidHint") }),
    h("div", { class: "profile__avoid-grid" }, allergenBoxes.map((box) => h("label", { class: "profile__avoid-option", for: box.id },
      [box, h("span", { text: t(`allergen.${box.value}`) })]))),
    avoidKept,
  ]);
  const consentBox = /** @type {HTMLInputElement} */ (h("input", { type: "checkbox", id: "profile-marketingConsent", name: "marketingConsent" }));
  const consentText = h("span");
  const consent = h("label", { class: "profile__consent entry__consent", for: "profile-marketingConsent", hidden: true }, [consentBox, consentText]);
  const formError = h("p", { class: "notice notice--error", role: "alert", hidden: true });
  const save = h("button", { class: "button profile__save", type: "submit" });
  const form = h("form", { class: "profile__form", novalidate: true, hidden: true }, [
    fields.name.element,
    h("div", { class: "field" }, [h("span", { class: "field__label", text: t("profile.phone") }), phone, phoneHint]),
    fields.email.element, fields.birthDate.element, avoid, consent, formError, save,
  ]);
  // A guest may still join loyalty: a code goes to the phone (components/phone-code.js takes it from there)
  const joinPhone = h("input", { id: "profile-join-phone", name: "joinPhone", type: "tel", autocomplete: "tel", inputmode: "tel",
    maxlength: "24", "aria-describedby": "profile-join-phone-hint profile-join-phone-error" });
  const joinError = h("p", { class: "field__error", id: "profile-join-phone-error", role: "alert" });
  const joinSend = h("button", { class: "button button--secondary", type: "submit", text: t("profile.joinSend") });
  const join = h("form", { class: "profile__join", novalidate: true, hidden: true }, [
    h("div", { class: "field" }, [h("label", { for: "profile-join-phone", text: t("profile.joinLabel") }), joinPhone,
      h("p", { class: "field__hint", id: "profile-join-phone-hint", text: t("field.phoneHint") }), joinError]),
    joinSend,
  ]);
  join.addEventListener("submit", (event) => {
    event.preventDefault();
    emit(join, "startPhoneCode", { phone: joinPhone.value });
  });
  const loading = h("p", { class: "page-loading", text: t("app.loading") });
  root.append(h("section", { class: "profile" }, [title, loading, stats, form, join]));

  // What the diner has typed or ticked and not saved yet is theirs: a profile that arrives later
  // (the page's own read of GET /me, a save's answer from another tab) does not overwrite it.
  let edited = false;
  form.addEventListener("input", () => { edited = true; });
  form.addEventListener("change", () => { edited = true; });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    edited = false;  // what is sent is what the answer will show
    emit(form, "saveProfile", { name: fields.name.input.value, email: fields.email.input.value, birthDate: fields.birthDate.input.value,
      avoidAllergens: allergenBoxes.filter((box) => box.checked).map((box) => box.value),
      ...(consent.hidden ? {} : { marketingConsent: consentBox.checked }) });
  });

  /** @type {unknown} */
  let filledFrom = null;
  /** @type {unknown} */
  let shownErrors = null;

  /** @param {View} view */
  function update({ state }) {
    document.title = t("profile.title");
    const profile = state.profile;
    loading.hidden = Boolean(profile);
    form.hidden = !profile;
    if (!profile) return;
    stats.hidden = false;
    points.textContent = String(profile.points ?? 0);
    visits.textContent = String(profile.visits ?? 0);
    phone.textContent = profile.phone ? formatPhone(profile.phone) : t("profile.noPhone");
    phoneHint.textContent = profile.loyalty ? t("profile.phoneHint") : t("profile.quickHint");
    avoidKept.textContent = profile.loyalty ? t("profile.avoidKept") : t("profile.avoidVisit");
    if (filledFrom !== profile && !edited) {
      filledFrom = profile;
      fields.name.input.value = profile.name ?? "";
      fields.email.input.value = profile.email ?? "";
      fields.birthDate.input.value = profile.birthDate ?? "";
      for (const box of allergenBoxes) box.checked = (profile.avoidAllergens ?? []).includes(box.value);
      consentBox.checked = Boolean(profile.marketingConsent);
    }
    consent.hidden = !profile.loyalty;
    consentText.textContent = t("profile.marketingConsent", { chain: state.entry?.chain?.name || state.place?.branch.name || "Comanda" });
    join.hidden = Boolean(profile.loyalty);
    joinError.textContent = state.profileForm.joinError ?? "";
    joinPhone.setAttribute("aria-invalid", state.profileForm.joinError ? "true" : "false");
    const { saving, errors, message } = state.profileForm;
    save.disabled = saving;
    save.textContent = saving ? t("profile.saving") : t("profile.save");
    const firstInvalid = showFieldErrors(fields, errors);
    formError.hidden = !message;
    formError.textContent = message ?? "";
    if (errors !== shownErrors) {
      shownErrors = errors;
      firstInvalid?.focus();
    }
  }

  return { update };
}
