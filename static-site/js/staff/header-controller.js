// @ts-check
/**
 * The header's controls: sign out, the branch, the sound, the language.
 */
import { setLanguage, t, translate } from "../lib/i18n.js";
import { chimeState, onChimeState, setMuted, unlock } from "./chime.js";
import { rememberBranch } from "./auth-store.js";
import { branchToday } from "./elapsed.js";
import { emptyFloor } from "./floor.js";
import { byId, currentBranch, session, state, useStaffBranch } from "./app.js";
import { drawHeader, route } from "./screen.js";
import { reloadFloor } from "./floor-live.js";
import { openPasswordDialog } from "./password-dialog.js";

// -- the header ----------------------------------------------------------------------------------
const headerRoot = byId("header");
headerRoot.addEventListener("signOut", () => session.signOut(t("login.signedOut")));
headerRoot.addEventListener("changePassword", () => openPasswordDialog((current, next) => session.changePassword(current, next)));
headerRoot.addEventListener("switchBranch", (event) => {
  const { branchId } = /** @type {CustomEvent} */ (event).detail;
  state.branchId = branchId;
  rememberBranch(branchId);
  const branch = currentBranch();
  if (branch) useStaffBranch(branch);
  state.tables = { ...state.tables, selected: null, bill: null, history: { date: branchToday(), sessions: null, error: "" } };
  state.floor = emptyFloor();
  state.floorLoaded = false;
  byId("staff-main").setAttribute("aria-busy", "true");
  state.menu = null;
  state.qrDrawnFor = "";
  const url = new URL(location.href);
  url.searchParams.delete("table");
  if (url.searchParams.has("branch")) url.searchParams.set("branch", branchId);
  history.replaceState(null, "", url.pathname + url.search);
  route();
  reloadFloor();
});
headerRoot.addEventListener("toggleSound", () => {
  const sound = chimeState();
  if (sound === "locked") unlock();
  else setMuted(sound === "on");
});
headerRoot.addEventListener("switchLanguage", (event) => {
  setLanguage(/** @type {CustomEvent} */ (event).detail.language, true);
  translate();
  state.qrDrawnFor = "";
  route();
});
onChimeState(() => drawHeader());
