// @ts-check
/**
 * .staff-header: the branch (a switcher when the account has several), the pages this role
 * may open with the POS badge, the live status, sound, language and sign-out.
 * Emits `switchBranch` {branchId}, `signOut`, `changePassword`, `toggleSound`, `switchLanguage` {language}.
 */
import { h, emit, replace } from "./dom.js";
import { t, currentLanguage } from "../lib/i18n.js";

/**
 * @typedef {{id: string, name: string, slug?: string}} Branch
 * @typedef {{name: string, role: string}} Member
 * @typedef {"on" | "locked" | "muted" | "unsupported"} SoundState
 */

const LINKS = [
  { page: "pos", href: "/staff/", key: "nav.pos" },
  { page: "tables", href: "/staff/tables", key: "nav.tables" },
  { page: "menu", href: "/staff/menu", key: "nav.menu" },
  { page: "qr", href: "/staff/qr", key: "nav.qr" },
  { page: "admin", href: "/staff/admin/staff", key: "nav.admin" },
  { page: "branches", href: "/staff/admin/branches.html", key: "nav.branches" },
  { page: "reports", href: "/staff/reports.html", key: "nav.reports" },
  { page: "kitchen", href: "/kitchen/", key: "nav.kitchen" },
];

const SVG = "http://www.w3.org/2000/svg";

/** A speaker, with sound waves when the sound is on, crossed out otherwise (decorative). @param {boolean} on */
function speakerIcon(on) {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("width", "20");
  svg.setAttribute("height", "20");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("class", "staff-header__sound-icon");
  const paths = ["M4 9h4l5-4v14l-5-4H4z", on ? "M16 8.5a5 5 0 0 1 0 7M18.5 6a8.5 8.5 0 0 1 0 12" : "M16 9l6 6M22 9l-6 6"];
  for (const d of paths) {
    const path = document.createElementNS(SVG, "path");
    path.setAttribute("d", d);
    path.setAttribute("fill", "none");
    path.setAttribute("stroke", "currentColor");
    path.setAttribute("stroke-width", "2");
    path.setAttribute("stroke-linecap", "round");
    path.setAttribute("stroke-linejoin", "round");
    svg.append(path);
  }
  return svg;
}

/** @param {HTMLElement} root */
export function mountStaffHeader(root) {
  /** @type {{member: Member, branches: Branch[], branchId: string, pages: string[], page: string, badge: number,
   *   live: string, sound: SoundState, languages: string[]}} */
  let props = { member: { name: "", role: "" }, branches: [], branchId: "", pages: [], page: "", badge: 0,
    live: "connecting", sound: "locked", languages: ["es", "en"] };

  function branchPicker() {
    const current = props.branches.find((b) => b.id === props.branchId);
    if (props.branches.length <= 1) {
      return h("p", { class: "staff-header__branch", text: current ? current.name : "" });
    }
    const select = h("select", {
      class: "staff-header__branch-select", id: "branch-switcher", "aria-label": t("header.branch"),
      onchange: () => emit(root, "switchBranch", { branchId: select.value }),
    }, props.branches.map((b) => h("option", { value: b.id, selected: b.id === props.branchId, text: b.name })));
    select.value = props.branchId;
    return select;
  }

  function nav() {
    const links = LINKS.filter((link) => props.pages.includes(link.page)).map((link) => {
      const current = link.page === props.page;
      const badge = link.page === "pos" && props.badge > 0
        ? h("span", { class: "staff-header__badge", "data-testid": "pos-badge", "aria-label": t("header.badge", { n: props.badge }), text: props.badge })
        : null;
      return h("a", {
        class: `staff-header__link${current ? " staff-header__link--current" : ""}`,
        href: link.href, "data-page": link.page, "aria-current": current ? "page" : null,
      }, [t(link.key), badge]);
    });
    return h("nav", { class: "staff-header__nav", "aria-label": t("header.pages") }, links);
  }

  // Built once and updated in place: the first tap anywhere unlocks sound, and a redraw of
  // the button under that tap would swallow it.
  const soundButton = h("button", { type: "button", class: "staff-header__sound", onclick: () => emit(root, "toggleSound") });

  function drawSound() {
    soundButton.hidden = props.sound === "unsupported";
    soundButton.className = `staff-header__sound staff-header__sound--${props.sound}`;
    soundButton.setAttribute("aria-pressed", String(props.sound === "on"));
    // An icon, then the words (on a tablet only a screen reader hears them: the header keeps
    // one row; the icon and the button's colour say the state).
    const label = {
      on: t("header.soundOn"), locked: t("header.soundLocked"), muted: t("header.soundMuted"),
      unsupported: t("header.soundUnsupported"),
    }[props.sound] || "";
    replace(soundButton, [speakerIcon(props.sound === "on"), h("span", { class: "staff-header__sound-text", text: label })]);
    soundButton.title = label;
  }

  // The person's own account: their name (and role) opens "My password" and "Sign out". Built
  // once, like the sound button, so a live-status redraw does not close it under a finger; one
  // button's width in the header, so every page's link fits beside it on a tablet.
  const accountName = h("span", { class: "staff-header__name" });
  const accountRole = h("span", { class: "staff-header__role" });
  const account = /** @type {HTMLDetailsElement} */ (h("details", { class: "staff-header__account" }));
  const closeAccount = () => { account.open = false; };
  const passwordButton = h("button", { type: "button", class: "staff-header__password", "aria-haspopup": "dialog",
    onclick: () => { closeAccount(); emit(root, "changePassword"); } });
  const signOutButton = h("button", { type: "button", class: "button button--secondary staff-header__signout",
    onclick: () => { closeAccount(); emit(root, "signOut"); } });
  replace(account, [
    h("summary", { class: "staff-header__account-button" }, [h("span", { class: "staff-header__who" }, [accountName, accountRole])]),
    h("div", { class: "staff-header__account-menu" }, [passwordButton, signOutButton]),
  ]);
  account.addEventListener("keydown", (event) => { if (event.key === "Escape") closeAccount(); });
  document.addEventListener("pointerdown", (event) => {
    if (account.open && !account.contains(/** @type {Node} */ (event.target))) closeAccount();
  });

  function drawAccount() {
    accountName.textContent = props.member.name;
    accountRole.textContent = props.member.role ? t(`role.${props.member.role}`) : "";
    passwordButton.textContent = t("header.password");
    signOutButton.textContent = t("header.signOut");
  }

  function tools() {
    const other = props.languages.find((l) => l !== currentLanguage()) || null;
    return h("div", { class: "staff-header__tools" }, [
      h("span", { class: `staff-header__live staff-header__live--${props.live}`, title: t(`live.${props.live}`) },
        [h("span", { class: "staff-header__dot", "aria-hidden": "true" }), h("span", { class: "staff-header__live-text", text: t(`live.${props.live}`) })]),
      soundButton,
      // Named by what it shows ("ES"), after a word only a screen reader hears (axe's label-in-name).
      other ? h("button", { type: "button", class: "staff-header__language",
        onclick: () => emit(root, "switchLanguage", { language: other }) }, [
        h("span", { class: "visually-hidden", text: `${t("header.language")}: ` }),
        h("span", { lang: other, text: other.toUpperCase() })]) : null,
      account,
    ]);
  }

  const start = h("div", { class: "staff-header__start" });
  const navHolder = h("div", { class: "staff-header__nav-holder" });
  const toolsHolder = h("div", { class: "staff-header__tools-holder" });
  replace(root, [start, navHolder, toolsHolder]);
  /** @type {Record<string, string>} */
  const drawn = {};

  /** Re-draws only the part whose inputs changed (a badge tick must not close the branch list). */
  function render() {
    const parts = [
      ["start", JSON.stringify([props.branches, props.branchId, currentLanguage()]), () =>
        replace(start, [h("span", { class: "staff-header__brand", text: "Comanda" }), branchPicker()])],
      ["nav", JSON.stringify([props.pages, props.page, props.badge, currentLanguage()]), () => replace(navHolder, nav())],
      ["tools", JSON.stringify([props.member, props.live, props.languages, currentLanguage()]), () =>
        replace(toolsHolder, tools())],
    ];
    let redrawn = false;
    for (const [name, key, draw] of /** @type {[string, string, () => void][]} */ (parts)) {
      if (drawn[name] !== key) {
        drawn[name] = key;
        draw();
        redrawn = true;
      }
    }
    drawSound();
    drawAccount();
    return redrawn;
  }

  /**
   * One row when every page's link fits beside the branch and the tools, else the links take a
   * row of their own (an owner's eight pages in Spanish on a 1280-px tablet): no link is ever out
   * of sight behind a scroll. The height is published as --header-height, which the pages that
   * fit the screen (POS, Tables) subtract.
   */
  function fit() {
    const gap = parseFloat(getComputedStyle(root).columnGap) || 0;
    const styles = getComputedStyle(root);
    const inner = root.clientWidth - (parseFloat(styles.paddingLeft) || 0) - (parseFloat(styles.paddingRight) || 0);
    const nav = /** @type {HTMLElement | null} */ (navHolder.firstElementChild);
    const links = nav ? Array.from(nav.children).map((link) => /** @type {HTMLElement} */ (link).offsetWidth) : [];
    const linksWidth = links.reduce((sum, width) => sum + width, 0) + Math.max(0, links.length - 1) * (nav ? parseFloat(getComputedStyle(nav).columnGap) || 0 : 0);
    const needed = start.offsetWidth + linksWidth + toolsHolder.offsetWidth + 2 * gap;
    root.classList.toggle("staff-header--two-rows", needed > inner + 1);
    document.documentElement.style.setProperty("--header-height", `${root.offsetHeight}px`);
  }
  if (typeof ResizeObserver === "function") new ResizeObserver(() => fit()).observe(root);

  return {
    /** @param {Partial<typeof props>} next */
    update(next) {
      props = { ...props, ...next };
      if (render()) fit();  // a badge tick redraws the links: measure then, not on every update
    },
  };
}
