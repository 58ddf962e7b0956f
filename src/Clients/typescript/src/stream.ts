// The push stream (GET /api/notifications/stream): Server-Sent Events read with fetch, because
// EventSource cannot send the Authorization header every other call sends. Hand-written: the OpenAPI
// document describes the stream's data (one inbox item) but not the event framing.
import { AllianceProblem, isProblem, type Problem } from "./index.js";
import type { components } from "./schema.js";

/** One notification as the stream sends it: the same item as one of the inbox's, in the request's language. */
export type StreamedNotification = components["schemas"]["NotificationView"];

export interface StreamOptions {
  /** The id of the last notification the app has seen: the stream first sends what came after it (the newest 100 at most). */
  lastEventId?: string;
  /** `en` for English texts; Chinese otherwise. */
  acceptLanguage?: string;
}

/**
 * Opens the caller's push stream and calls `onNotification` for each notification until `signal`
 * aborts or the server closes the stream (a replica stopping, or the service asking the app to
 * resume). Resolves with the id of the last notification seen (or `options.lastEventId`): pass it as
 * `lastEventId` when reconnecting, so nothing is missed. Heartbeats (`: heartbeat` every 15 s) are
 * read and dropped. A refusal (401, 429 `too_many_streams`) throws `AllianceProblem`; an abort
 * resolves quietly.
 */
export async function streamNotifications(
  fetch: typeof globalThis.fetch,
  baseUrl: string,
  token: string,
  onNotification: (notification: StreamedNotification, id: string) => void,
  signal?: AbortSignal,
  options: StreamOptions = {},
): Promise<string | undefined> {
  const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: "text/event-stream" };
  if (options.lastEventId) headers["Last-Event-ID"] = options.lastEventId;
  if (options.acceptLanguage) headers["Accept-Language"] = options.acceptLanguage;
  let lastId = options.lastEventId;
  let response: Response;
  try {
    response = await fetch(`${baseUrl.replace(/\/+$/, "")}/api/notifications/stream`, { headers, signal, cache: "no-store" });
  } catch (e) {
    if (signal?.aborted) return lastId;
    throw e;
  }

  if (!response.ok || !response.body) {
    const body: unknown = await response.json().catch(() => undefined);
    const problem = isProblem(body) ? body : ({ code: "http_error", status: response.status, title: response.statusText } as unknown as Problem);
    throw new AllianceProblem(problem, response.status);
  }

  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const parser = new EventParser((event) => {
    if (event.event !== "notification" || event.id === undefined) return;
    lastId = event.id;
    onNotification(JSON.parse(event.data) as StreamedNotification, event.id);
  });
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return lastId;
      parser.push(value);
    }
  } catch (e) {
    if (signal?.aborted) return lastId;
    throw e;
  } finally {
    reader.releaseLock();
  }
}

interface SseEvent {
  id: string | undefined;
  event: string;
  data: string;
}

/** The text/event-stream framing (WHATWG HTML, "Server-sent events"): lines, fields, a blank line ends an event. */
class EventParser {
  private buffer = "";
  private id: string | undefined;
  private event = "";
  private data: string[] = [];

  constructor(private readonly dispatch: (event: SseEvent) => void) {}

  push(chunk: string): void {
    this.buffer += chunk;
    for (;;) {
      const end = this.buffer.search(/\r\n|\r|\n/);
      // A lone \r at the end of a chunk may be the first half of \r\n: wait for the next chunk.
      if (end < 0 || (end === this.buffer.length - 1 && this.buffer[end] === "\r")) return;
      const line = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + (this.buffer.startsWith("\r\n", end) ? 2 : 1));
      this.line(line);
    }
  }

  private line(line: string): void {
    if (line === "") {
      if (this.data.length > 0) this.dispatch({ id: this.id, event: this.event || "message", data: this.data.join("\n") });
      this.event = "";
      this.data = [];
      return;
    }

    if (line.startsWith(":")) return;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "id") this.id = value;
    else if (field === "event") this.event = value;
    else if (field === "data") this.data.push(value);
  }
}
