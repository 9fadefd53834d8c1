// A WebSocket stand-in for the unit tests of static-site/js/lib/socket.js: it records what is
// sent and lets a test open it, deliver messages and close it.
export class FakeSocket {
  static OPEN = 1;
  static CLOSED = 3;
  /** @type {FakeSocket[]} */
  static made = [];

  constructor(url) {
    this.url = url;
    this.readyState = 0;
    this.sent = [];
    this.listeners = {};
    FakeSocket.made.push(this);
  }
  addEventListener(kind, handler) {
    (this.listeners[kind] ||= []).push(handler);
  }
  send(data) {
    this.sent.push(data);
  }
  close() {
    this.readyState = FakeSocket.CLOSED;
    this.emit("close", {});
  }
  emit(kind, event) {
    for (const handler of this.listeners[kind] || []) handler(event);
  }
  opened() {
    this.readyState = FakeSocket.OPEN;
    this.emit("open", {});
  }
  receive(message) {
    this.emit("message", { data: JSON.stringify(message) });
  }
}
