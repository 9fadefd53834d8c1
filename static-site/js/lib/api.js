// @ts-check
/**
 * The REST client of every page: relative URLs on the one origin (/api), JSON in and out,
 * errors as ApiError carrying API.md's {code, message, field}.
 */

export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} code
   * @param {string} message
   * @param {string | undefined} field
   * @param {Record<string, unknown>} [details]  the error body's other fields (e.g. spendingCap, remaining)
   */
  constructor(status, code, message, field, details = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
    this.details = /** @type {Record<string, any>} */ (details);
  }
}

/** A random Idempotency-Key: the same key is reused when a request is retried. */
export function newIdempotencyKey() {
  return crypto.randomUUID();
}

/**
 * @typedef {object} ApiOptions
 * @property {() => string | null} getToken      the bearer token to send, if any
 * @property {(error: ApiError) => void} [onUnauthorized]  called on a 401 (expired or closed)
 * @property {string} [base]
 */

/**
 * The last answer of each GET asked with `revalidate`, by token and path (shared by every client
 * of the page: the diner's boot.js reads the session before main.js's client exists), in memory only.
 * @type {Map<string, {etag: string, text: string}>}
 */
const kept = new Map();

/** @param {ApiOptions} options */
export function createApi({ getToken, onUnauthorized, base = "/api" }) {
  /**
   * @param {string} method
   * @param {string} path
   * @param {unknown} [body]
   * @param {{ idempotencyKey?: string, cache?: RequestCache, sent?: Promise<Response>, revalidate?: boolean }} [extra]
   *   cache: e.g. "no-cache" to revalidate; sent: the same request, already sent (the diner page's early
   *   requests); revalidate: a GET whose answer is not cacheable (no-store) but carries an ETag: the
   *   last answer is kept in memory and asked for again with If-None-Match, a 304 giving it back
   */
  async function request(method, path, body, extra = {}) {
    /** @type {Record<string, string>} */
    const headers = { Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const token = getToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    if (extra.idempotencyKey) headers["Idempotency-Key"] = extra.idempotencyKey;
    const keptKey = `${token ?? ""} ${path}`;
    const before = extra.revalidate ? kept.get(keptKey) : undefined;
    if (before) headers["If-None-Match"] = before.etag;
    let response;
    try {
      response = await (extra.sent ?? fetch(base + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: extra.cache,
      }));
    } catch (cause) {
      throw new ApiError(0, "NETWORK", "No connection: check your network and try again.", undefined);
    }
    const text = response.status === 304 && before ? before.text : await response.text();
    const data = text ? JSON.parse(text) : null;
    if (extra.revalidate && response.ok) {
      const etag = response.headers.get("ETag");
      if (etag) kept.set(keptKey, { etag, text });
      else kept.delete(keptKey);
    }
    if (!response.ok && !(response.status === 304 && before)) {
      const error = data && data.error ? data.error : { code: "HTTP_" + response.status, message: response.statusText };
      const apiError = new ApiError(response.status, error.code, error.message, error.field, error);
      if (response.status === 401 && onUnauthorized) onUnauthorized(apiError);
      throw apiError;
    }
    return data;
  }

  /**
   * A non-JSON body (an SVG, a PNG, a printable page) as a Blob; errors as for JSON calls.
   * @param {string} path
   * @param {string} [accept]  binary types must be accepted explicitly (API Gateway)
   * @returns {Promise<Blob>}
   */
  async function blob(path, accept = "*/*") {
    /** @type {Record<string, string>} */
    const headers = { Accept: accept };
    const token = getToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    let response;
    try {
      response = await fetch(base + path, { headers });
    } catch (cause) {
      throw new ApiError(0, "NETWORK", "No connection: check your network and try again.", undefined);
    }
    if (!response.ok) {
      const text = await response.text();
      let error = { code: "HTTP_" + response.status, message: response.statusText, field: undefined };
      try {
        error = JSON.parse(text).error || error;
      } catch {
        /* not our JSON error shape */
      }
      const apiError = new ApiError(response.status, error.code, error.message, error.field, error);
      if (response.status === 401 && onUnauthorized) onUnauthorized(apiError);
      throw apiError;
    }
    return response.blob();
  }

  return {
    /** @param {string} path @param {{ cache?: RequestCache, sent?: Promise<Response>, revalidate?: boolean }} [extra] */
    get: (path, extra) => request("GET", path, undefined, extra),
    /** @param {string} path @param {string} [accept] */
    blob,
    /** @param {string} path @param {unknown} [body] @param {{ idempotencyKey?: string }} [extra] */
    post: (path, body, extra) => request("POST", path, body, extra),
    /** @param {string} path @param {unknown} body */
    patch: (path, body) => request("PATCH", path, body),
    /** @param {string} path @param {unknown} body */
    put: (path, body) => request("PUT", path, body),
    /** @param {string} path */
    del: (path) => request("DELETE", path),
  };
}
