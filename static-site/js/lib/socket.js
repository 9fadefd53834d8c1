// @ts-check
/**
 * The live connection of every page: /ws?token=..., reconnecting by itself with backoff.
 * After every (re)connect `onOpen` runs, so the page re-reads its state over REST and
 * misses nothing that happened while the socket was down. It runs once the socket is
 * confirmed ready, not at "open": the socket pings at once and waits for the pong, which
 * the server posts through the same API as every push. A push that API Gateway refused
 * while the connection was still being set up (it answers 410 until $connect has returned)
 * was for a change stored before that pong, so the re-read after it has it.
 */

/** How long to wait for the first pong before re-reading anyway (a slow or broken ping path). */
export const READY_TIMEOUT_MS = 5000;

/** @param {string} path */
export function socketUrl(path = "/ws") {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}${path}`;
}

/**
 * @typedef {{type: string, data?: any, at?: string}} LiveMessage
 * @typedef {"connecting" | "open" | "closed"} LiveStatus
 * @typedef {object} LiveOptions
 * @property {() => string | null} getToken
 * @property {(message: LiveMessage) => void} onMessage
 * @property {() => void} [onOpen]               after every (re)connect, once the socket is ready: re-read state here
 * @property {(status: LiveStatus) => void} [onStatus]
 * @property {string} [url]
 */

/** @param {LiveOptions} options */
export function connectLive({ getToken, onMessage, onOpen, onStatus, url = socketUrl() }) {
  /** @type {WebSocket | null} */
  let socket = null;
  let attempt = 0;
  let stopped = false;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let retryTimer;
  /** @type {ReturnType<typeof setInterval> | undefined} */
  let pingTimer;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let readyTimer;

  function open() {
    const token = getToken();
    if (!token || stopped) return;
    onStatus?.("connecting");
    const current = new WebSocket(`${url}?token=${encodeURIComponent(token)}`);
    socket = current;
    let ready = false;
    const becomeReady = () => {
      if (ready || socket !== current) return;
      ready = true;
      clearTimeout(readyTimer);
      onOpen?.();
    };
    const ping = () => current.readyState === WebSocket.OPEN && current.send('{"action":"ping"}');
    current.addEventListener("open", () => {
      attempt = 0;
      onStatus?.("open");
      pingTimer = setInterval(ping, 25000);
      ping();
      readyTimer = setTimeout(becomeReady, READY_TIMEOUT_MS);
    });
    current.addEventListener("message", (event) => {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      if (message && message.type === "pong") becomeReady();
      else if (message) onMessage(message);
    });
    current.addEventListener("close", () => {
      clearInterval(pingTimer);
      clearTimeout(readyTimer);
      onStatus?.("closed");
      if (stopped) return;
      const delay = Math.min(10000, 500 * 2 ** attempt) * (0.75 + Math.random() / 2);
      attempt += 1;
      retryTimer = setTimeout(open, delay);
    });
  }

  open();
  window.addEventListener("online", () => {
    if (!socket || socket.readyState === WebSocket.CLOSED) {
      clearTimeout(retryTimer);
      attempt = 0;
      open();
    }
  });
  return {
    close() {
      stopped = true;
      clearTimeout(retryTimer);
      clearInterval(pingTimer);
      clearTimeout(readyTimer);
      socket?.close();
    },
    /** Drops the socket as a network failure would (tests, "reconnect now"). */
    reconnect() {
      socket?.close();
    },
  };
}

/**
 * Keeps the newest version seen per object, so a repeated or late push is ignored.
 * @returns {(kind: string, id: string, version: number | undefined) => boolean} true when fresh
 */
export function freshness() {
  /** @type {Map<string, number>} */
  const seen = new Map();
  return (kind, id, version) => {
    if (version === undefined || version === null) return true;
    const key = `${kind}:${id}`;
    const known = seen.get(key);
    if (known !== undefined && version <= known) return false;
    seen.set(key, version);
    return true;
  };
}
