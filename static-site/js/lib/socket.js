// @ts-check
/**
 * The live connection of every page: /ws?token=..., reconnecting by itself with backoff.
 * After every (re)connect `onOpen` runs, so the page re-reads its state over REST and
 * misses nothing that happened while the socket was down. It runs once the socket is
 * confirmed ready, not at "open": the socket pings at once and waits for the pong, which
 * the server posts through the same API as every push. A push that API Gateway refused
 * while the connection was still being set up (it answers 410 until $connect has returned)
 * was for a change stored before that pong, so the re-read after it has it.
 *
 * One sign-in holds a few live sockets at most; when one more opens, the server tells the
 * oldest (`connection.closed`, code TOO_MANY_CONNECTIONS) and closes it. That socket does
 * not reconnect by itself (two tabs would take turns closing each other for ever): its
 * status becomes "displaced" until the page calls `reconnect()` (the user asks for it).
 */

/** How long to wait for the first pong before re-reading anyway (a slow or broken ping path). */
export const READY_TIMEOUT_MS = 5000;

export const TOO_MANY_CONNECTIONS = "TOO_MANY_CONNECTIONS";

/** True for the server's word that this socket was closed for another of the same sign-in.
 * @param {any} message */
export function displacedBy(message) {
  return Boolean(message && message.type === "connection.closed" && message.data?.code === TOO_MANY_CONNECTIONS);
}

/**
 * What a page's socket does once it closed: wait and retry, or stay closed.
 * @param {{stopped: boolean, displaced: boolean, attempt: number}} facts
 * @param {number} [jitter]  0..1
 * @returns {{status: "closed" | "displaced", retryInMs: number | null}}
 */
export function afterClose({ stopped, displaced, attempt }, jitter = Math.random()) {
  if (displaced) return { status: "displaced", retryInMs: null };
  if (stopped) return { status: "closed", retryInMs: null };
  return { status: "closed", retryInMs: Math.min(10000, 500 * 2 ** attempt) * (0.75 + jitter / 2) };
}

/** @param {string} path */
export function socketUrl(path = "/ws") {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}${path}`;
}

/**
 * @typedef {{type: string, data?: any, at?: string}} LiveMessage
 * @typedef {"connecting" | "open" | "closed" | "displaced"} LiveStatus
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
  let displaced = false;
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
      if (socket !== current) return; // given up on while connecting
      attempt = 0;
      onStatus?.("open");
      pingTimer = setInterval(ping, 25000);
      ping();
      readyTimer = setTimeout(becomeReady, READY_TIMEOUT_MS);
    });
    current.addEventListener("message", (event) => {
      let parsed;
      try {
        parsed = JSON.parse(event.data);
      } catch {
        return;
      }
      // One frame carries one message, or several in order (the server packs a batch's
      // messages for one screen into one frame: API Gateway bills per frame).
      for (const message of Array.isArray(parsed) ? parsed : [parsed]) {
        if (displacedBy(message)) displaced = true;
        else if (message && message.type === "pong") becomeReady();
        else if (message) onMessage(message);
      }
    });
    current.addEventListener("close", () => {
      if (socket === current) closed();
    });
  }

  /** The current socket is gone (closed, or given up on): say so, and retry unless told not to. */
  function closed() {
    clearInterval(pingTimer);
    clearTimeout(readyTimer);
    clearTimeout(retryTimer);
    const next = afterClose({ stopped, displaced, attempt });
    onStatus?.(next.status);
    if (next.retryInMs === null) return;
    attempt += 1;
    retryTimer = setTimeout(open, next.retryInMs);
  }

  /** Gives up on the current socket now: a closing handshake over a dead network can take
   * many seconds before "close" fires, and the page would say "live" all that time. */
  function drop() {
    const current = socket;
    if (!current || current.readyState === WebSocket.CLOSED) return;
    socket = null;
    current.close();
    closed();
  }

  open();
  window.addEventListener("offline", () => {
    if (!displaced) drop();
  });
  window.addEventListener("online", () => {
    if (displaced) return;
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
    /** Drops the socket as a network failure would (tests, "reconnect now"); a socket
     * displaced by another screen opens again here (the user asked for it). */
    reconnect() {
      if (displaced) {
        displaced = false;
        attempt = 0;
        clearTimeout(retryTimer);
        if (!socket || socket.readyState === WebSocket.CLOSED) open();
        return;
      }
      drop();
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
