// The local stack as CloudFront serves it to a phone: HTTPS with HTTP/2 (every request of a page
// multiplexed on one connection), in front of the local stack's plain HTTP/1.1 origin.
//
//   node bench/h2proxy.mjs <origin port> <cert.pem> <key.pem>     prints "listening <port>"
//
// Used by bench/page_weight.py only. Bodies pass through untouched (the origin's gzip stays);
// HTTP/1.1's per-connection headers are dropped as HTTP/2 requires. WebSockets (/ws) arrive on
// a separate HTTP/1.1 connection (browsers only put them on HTTP/2 when the server offers
// RFC 8441, which this server does not) and are piped to the origin as they are; their Origin
// header is the origin's own, as the deployed stage allows its public origin.
//
// Compression as CloudFront's: the site (the default behaviour) and the public menu
// (/api/branches/*/menu) have Compress on and cache policies that take gzip and Brotli
// (infra/template.py), so CloudFront asks the origin for the object as stored (S3 keeps the files
// as they are) and sends Brotli to a browser that takes it (Chromium over HTTPS does), from
// 1,000 bytes, for text types. For these paths this front asks the local stack for the identity
// encoding and compresses as CloudFront would; the rest of /api (CachingDisabled: CloudFront
// passes the origin's answer on) keeps the local stack's own gzip.
import http from "node:http";
import http2 from "node:http2";
import net from "node:net";
import { readFileSync } from "node:fs";
import zlib from "node:zlib";

const [originPort, certFile, keyFile] = process.argv.slice(2);
const ORIGIN = { host: "127.0.0.1", port: Number(originPort) };
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "http2-settings", "host"]);
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const COMPRESSIBLE = /^(text\/|application\/(json|javascript|manifest\+json)|image\/svg\+xml)/;
const COMPRESS_FROM_BYTES = 1000;
// CloudFront does not publish its Brotli level; 5, an on-the-fly level, is the cautious guess
// (11, the most a cached object could be given, makes the diner's files ~9 % smaller again).
const BROTLI_QUALITY = 5;

/** Whether CloudFront compresses this path's answers (a behaviour with Compress and a caching policy). @param {string} url */
function edgeCompresses(url) {
  const path = url.split("?")[0];
  if (path === "/ws") return false;
  if (path === "/api" || path.startsWith("/api/")) return /^\/api\/branches\/[^/]+\/menu$/.test(path);
  return true;
}

/** Brotli when the browser lists it (without q=0). @param {string | string[] | undefined} accept */
function takesBrotli(accept) {
  return String(accept ?? "").split(",").some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(";");
    return coding.trim() === "br" && !params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p));
  });
}

/** @param {Record<string, string | string[] | undefined>} headers */
function endToEnd(headers) {
  /** @type {Record<string, string | string[]>} */
  const kept = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || name.startsWith(":") || HOP_BY_HOP.has(name.toLowerCase())) continue;
    kept[name] = value;
  }
  return kept;
}

const server = http2.createSecureServer({ cert: readFileSync(certFile), key: readFileSync(keyFile), allowHTTP1: true });

server.on("request", (request, response) => {
  const brotli = edgeCompresses(request.url ?? "") && takesBrotli(request.headers["accept-encoding"]);
  const asked = endToEnd(request.headers);
  if (brotli) asked["accept-encoding"] = "identity";
  const upstream = http.request({
    ...ORIGIN, agent, method: request.method, path: request.url,
    headers: { ...asked, host: `${ORIGIN.host}:${ORIGIN.port}` },
  }, (answer) => {
    const headers = endToEnd(answer.headers);
    const length = Number(answer.headers["content-length"] ?? NaN);
    if (brotli && request.method !== "HEAD" && answer.statusCode === 200 && !answer.headers["content-encoding"]
        && COMPRESSIBLE.test(String(answer.headers["content-type"] ?? "")) && length >= COMPRESS_FROM_BYTES) {
      delete headers["content-length"];
      headers["content-encoding"] = "br";
      headers.vary = "Accept-Encoding";
      response.writeHead(200, headers);
      answer.pipe(zlib.createBrotliCompress({ params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: length } })).pipe(response);
      return;
    }
    response.writeHead(answer.statusCode ?? 502, headers);
    answer.pipe(response);
  });
  upstream.on("error", (error) => {
    if (!response.headersSent) response.writeHead(502, { "content-type": "text/plain" });
    response.end(String(error));
  });
  request.pipe(upstream);
});

server.on("upgrade", (request, socket, head) => {
  const upstream = net.connect(ORIGIN, () => {
    const headers = { ...request.headers, host: `${ORIGIN.host}:${ORIGIN.port}`, origin: `http://${ORIGIN.host}:${ORIGIN.port}` };
    const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
    upstream.write(`${request.method} ${request.url} HTTP/1.1\r\n${lines.join("\r\n")}\r\n\r\n`);
    if (head.length) upstream.write(head);
    upstream.pipe(socket);
    socket.pipe(upstream);
  });
  upstream.on("error", () => socket.destroy());
  socket.on("error", () => upstream.destroy());
});

server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  console.log(`listening ${typeof address === "object" && address ? address.port : ""}`);
});
