// streamNotifications against a stand-in server on loopback that speaks the service's framing
// (Push/PushApi.cs): an opening comment, heartbeats, events split across chunks, a refusal.
import assert from "node:assert/strict";
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { test } from "node:test";
import { AllianceProblem, streamNotifications, type StreamedNotification } from "../src/index.js";

function item(id: string, title: string): StreamedNotification {
  // As the service sends it; the cast spares the test the schema's regeneration (which adds `subject`).
  return { id, kind: "needClaimed", title, body: "…", needId: null, subject: { type: "need", id }, read: false, createdAt: "2026-12-03T09:00:00Z" } as StreamedNotification;
}

async function serve(answer: (headers: IncomingHttpHeaders, response: ServerResponse) => void): Promise<{ url: string; close: () => void }> {
  const server = createServer((request, response) => answer(request.headers, response));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

test("events arrive whole however they are chunked, heartbeats are dropped, and the last id comes back", async () => {
  let seen: IncomingHttpHeaders = {};
  const server = await serve((headers, response) => {
    seen = headers;
    response.writeHead(200, { "Content-Type": "text/event-stream" });
    const first = `id: a1\nevent: notification\ndata: ${JSON.stringify(item("a1", "第一"))}\n\n`;
    const second = `id: a2\r\nevent: notification\r\ndata: ${JSON.stringify(item("a2", "第二"))}\r\n\r\n`;
    response.write(": open\n\n");
    response.write(first.slice(0, 20));
    setTimeout(() => {
      response.write(first.slice(20) + ": heartbeat\n\n" + second.slice(0, second.length - 1));
      setTimeout(() => response.end(second.slice(second.length - 1)), 20);
    }, 20);
  });
  try {
    const got: [string, string][] = [];
    const last = await streamNotifications(fetch, server.url, "token-1", (n, id) => got.push([id, n.title]), undefined, {
      lastEventId: "a0",
      acceptLanguage: "en",
    });

    assert.deepEqual(got, [["a1", "第一"], ["a2", "第二"]]);
    assert.equal(last, "a2");
    assert.equal(seen.authorization, "Bearer token-1");
    assert.equal(seen["last-event-id"], "a0");
    assert.equal(seen["accept-language"], "en");
  } finally {
    server.close();
  }
});

test("a refusal throws its problem", async () => {
  const server = await serve((_, response) => {
    response.writeHead(429, { "Content-Type": "application/problem+json" });
    response.end(JSON.stringify({ status: 429, code: "too_many_streams", title: "Too many" }));
  });
  try {
    await assert.rejects(
      streamNotifications(fetch, server.url, "t", () => {}),
      (e: unknown) => e instanceof AllianceProblem && e.status === 429 && e.problem.code === "too_many_streams",
    );
  } finally {
    server.close();
  }
});

test("an abort ends the stream quietly with the last id seen", async () => {
  const server = await serve((_, response) => {
    response.writeHead(200, { "Content-Type": "text/event-stream" });
    response.write(`id: b1\nevent: notification\ndata: ${JSON.stringify(item("b1", "只有一个"))}\n\n`);
  });
  try {
    const abort = new AbortController();
    const last = await streamNotifications(fetch, server.url, "t", () => abort.abort(), abort.signal);
    assert.equal(last, "b1");
  } finally {
    server.close();
  }
});
