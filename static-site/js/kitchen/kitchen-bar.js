// @ts-check
/**
 * .kitchen-bar: the branch, the station this screen shows (or all of them: expo), how much is on
 * the board, the clock, the live status, sound, the 86 list (roles that may set availability), and
 * the cook's own password and sign-out. Its controls are built once and updated in place, so a tap is never lost to a redraw
 * (the first tap also unlocks sound).
 * Emits `switchBranch` {branchId}, `switchStation` {station}, `openAvailability`, `changePassword`, `signOut`, `toggleSound`.
 */
import { h, emit, replace } from "../staff/dom.js";
import { t } from "../lib/i18n.js";
import { clockTime } from "../staff/elapsed.js";

/**
 * @typedef {{branches: {id: string, name: string}[], branchId: string, tickets: number, toCook: number, live: string,
 *   canSetAvailability: boolean, unavailable: number, floorLink: boolean, sound: string, name: string,
 *   stations: {id: string, name: string}[], station: string}} BarProps
 */

/** @param {HTMLElement} root */
export function mountKitchenBar(root) {
  const title = h("span", { class: "kitchen-bar__title" });
  const branchHolder = h("span", { class: "kitchen-bar__branch-holder" });
  const stationLabel = h("label", { class: "kitchen-bar__station-label", for: "kitchen-station" });
  const stationSelect = /** @type {HTMLSelectElement} */ (h("select", { id: "kitchen-station", class: "kitchen-bar__station-select",
    "data-testid": "station-select", onchange: () => emit(root, "switchStation", { station: stationSelect.value }) }));
  const station = h("span", { class: "kitchen-bar__station", hidden: true }, [stationLabel, stationSelect]);
  const tickets = h("span", { class: "kitchen-bar__count", "data-testid": "ticket-count" });
  const toCook = h("span", { class: "kitchen-bar__count" });
  const liveText = h("span", { class: "staff-header__live-text" });
  const liveBadge = h("span", { class: "staff-header__live" }, [h("span", { class: "staff-header__dot", "aria-hidden": "true" }), liveText]);
  const clock = h("time", { class: "kitchen-bar__clock" });
  const sound = h("button", { type: "button", class: "kitchen-bar__button", onclick: () => emit(root, "toggleSound") });
  const availabilityCount = h("span", { class: "kitchen-bar__86-count" });
  const availabilityText = h("span");
  const availability = h("button", { type: "button", class: "kitchen-bar__button kitchen-bar__86", onclick: () => emit(root, "openAvailability") },
    [availabilityText, availabilityCount]);
  const floor = h("a", { class: "kitchen-bar__button", href: "/staff/" });
  // The cook's own account: one button with their name opens "My password" and "Sign out" (one
  // button's width in the bar, so the bar keeps one row on a kitchen screen in either language).
  const accountName = h("span", { class: "kitchen-bar__account-name" });
  const account = /** @type {HTMLDetailsElement} */ (h("details", { class: "kitchen-bar__account" }));
  const closeAccount = () => { account.open = false; };
  const password = h("button", { type: "button", class: "kitchen-bar__button", "data-testid": "my-password",
    onclick: () => { closeAccount(); emit(root, "changePassword"); } });
  const signOut = h("button", { type: "button", class: "kitchen-bar__button", onclick: () => { closeAccount(); emit(root, "signOut"); } });
  replace(account, [
    h("summary", { class: "kitchen-bar__button kitchen-bar__account-button" }, [accountName]),
    h("div", { class: "kitchen-bar__account-menu" }, [password, signOut]),
  ]);
  account.addEventListener("keydown", (event) => { if (event.key === "Escape") closeAccount(); });
  document.addEventListener("pointerdown", (event) => {
    if (account.open && !account.contains(/** @type {Node} */ (event.target))) closeAccount();
  });
  replace(root, [
    h("div", { class: "kitchen-bar__start" }, [title, branchHolder, station]),
    h("p", { class: "kitchen-bar__counts", "aria-live": "polite" }, [tickets, toCook]),
    h("div", { class: "kitchen-bar__tools" }, [liveBadge, clock, sound, availability, floor, account]),
  ]);
  let branchKey = "";
  let stationKey = "";

  /** The picker names the station shown ("Bar"), or "All (expo)"; hidden until the stations are known. @param {BarProps} props */
  function drawStation(props) {
    const key = JSON.stringify([props.stations, props.station, document.documentElement.lang]);
    if (key === stationKey) return;
    stationKey = key;
    station.hidden = props.stations.length === 0;
    stationLabel.textContent = t("kitchen.station");
    replace(stationSelect, [
      h("option", { value: "", selected: !props.station, text: t("kitchen.expo") }),
      ...props.stations.map((s) => h("option", { value: s.id, selected: s.id === props.station, text: s.name })),
    ]);
    stationSelect.value = props.station;
    station.dataset.station = props.station || "expo";
  }

  /** @param {BarProps} props */
  function drawBranch(props) {
    const key = JSON.stringify([props.branches, props.branchId, document.documentElement.lang]);
    if (key === branchKey) return;
    branchKey = key;
    const branch = props.branches.find((b) => b.id === props.branchId);
    if (props.branches.length > 1) {
      const select = h("select", {
        class: "kitchen-bar__branch-select", "aria-label": t("header.branch"),
        onchange: () => emit(root, "switchBranch", { branchId: select.value }),
      }, props.branches.map((b) => h("option", { value: b.id, selected: b.id === props.branchId, text: b.name })));
      replace(branchHolder, select);
    } else {
      replace(branchHolder, h("span", { class: "kitchen-bar__branch", text: branch ? branch.name : "" }));
    }
  }

  return {
    /** @param {BarProps} props */
    render(props) {
      title.textContent = t("kitchen.title");
      drawBranch(props);
      drawStation(props);
      tickets.textContent = t("kitchen.tickets", { n: props.tickets });
      toCook.textContent = t("kitchen.toCook", { n: props.toCook });
      liveBadge.className = `staff-header__live staff-header__live--${props.live}`;
      liveText.textContent = t(`live.${props.live}`);
      clock.textContent = clockTime(new Date().toISOString());
      sound.hidden = props.sound === "unsupported";
      sound.setAttribute("aria-pressed", String(props.sound === "on"));
      sound.className = `kitchen-bar__button kitchen-bar__sound--${props.sound}`;
      sound.textContent = { on: t("header.soundOn"), locked: t("header.soundLocked"), muted: t("header.soundMuted") }[props.sound] || "";
      availability.hidden = !props.canSetAvailability;
      availabilityText.textContent = t("kitchen.availability");
      availabilityCount.textContent = String(props.unavailable);
      availabilityCount.hidden = !props.unavailable;
      floor.hidden = !props.floorLink;
      floor.textContent = t("nav.pos");
      accountName.textContent = props.name || t("header.account");
      password.textContent = t("header.password");
      signOut.textContent = t("header.signOut");
    },
  };
}
