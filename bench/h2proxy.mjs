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
import http from "node:http";
import http2 from "node:http2";
import net from "node:net";
import { readFileSync } from "node:fs";

const [originPort, certFile, keyFile] = process.argv.slice(2);
const ORIGIN = { host: "127.0.0.1", port: Number(originPort) };
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "http2-settings", "host"]);
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

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
  const upstream = http.request({
    ...ORIGIN, agent, method: request.method, path: request.url,
    headers: { ...endToEnd(request.headers), host: `${ORIGIN.host}:${ORIGIN.port}` },
  }, (answer) => {
    response.writeHead(answer.statusCode ?? 502, endToEnd(answer.headers));
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
