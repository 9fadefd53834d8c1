// @ts-check
/**
 * The POS chime: two short sine notes made with WebAudio (no sound file). Browsers start
 * audio only after a user gesture: `unlock()` runs on the first tap anywhere, and the header
 * shows a "sound on" button while it is still locked.
 */

/** @type {AudioContext | null} */
let context = null;
let muted = localStorage.getItem("comanda.staff.muted") === "1";
/** @type {Set<(state: ChimeState) => void>} */
const listeners = new Set();

/** @typedef {"on" | "locked" | "muted" | "unsupported"} ChimeState */

/** @returns {ChimeState} */
export function chimeState() {
  if (!("AudioContext" in window)) return "unsupported";
  if (muted) return "muted";
  return context && context.state === "running" ? "on" : "locked";
}

/** @param {(state: ChimeState) => void} listener */
export function onChimeState(listener) {
  listeners.add(listener);
  listener(chimeState());
}

function tell() {
  const state = chimeState();
  listeners.forEach((listener) => listener(state));
}

export async function unlock() {
  if (!("AudioContext" in window)) return;
  if (!context) {
    context = new AudioContext();
    context.addEventListener("statechange", tell);
  }
  if (context.state !== "running") {
    try {
      await context.resume();
    } catch {
      /* still locked: the next gesture tries again */
    }
  }
  tell();
}

/** @param {boolean} value */
export function setMuted(value) {
  muted = value;
  localStorage.setItem("comanda.staff.muted", value ? "1" : "0");
  if (!value) unlock();
  tell();
}

/** Two rising notes, about half a second; `urgent` (a bill, a waiter call) plays three. @param {{urgent?: boolean}} [options] */
export function chime({ urgent = false } = {}) {
  const root = document.documentElement; // counted where tests (and the curious) can see it
  root.dataset.chimes = String(Number(root.dataset.chimes || "0") + 1);
  const audio = context;
  if (muted || !audio || audio.state !== "running") return;
  const notes = urgent ? [880, 1175, 1568] : [660, 990];
  const start = audio.currentTime + 0.02;
  notes.forEach((frequency, index) => {
    const at = start + index * 0.16;
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.type = "sine";
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.35, at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.3);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(at);
    oscillator.stop(at + 0.32);
  });
}
