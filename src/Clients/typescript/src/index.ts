import createClient, { type Client } from "openapi-fetch";
import type { components, paths } from "./schema.js";

export type { components, operations, paths } from "./schema.js";

/** The public client id registered in Identity for the residents', volunteers' and merchants' apps (docs/decisions/0013-app-login.md). */
export const APP_CLIENT_ID = "alliance-app";

/** The gateway's token endpoint (OpenIddict); it is not in the OpenAPI document, so login calls it directly. */
export const TOKEN_PATH = "/api/identity/connect/token";

/** The public API's audience, and a refresh token with it. */
export const APP_SCOPE = "alliance-api offline_access";

// Every operation of the document, and the bodies of its 4xx and 5xx answers.
type Operation = { [P in keyof paths]: { [M in keyof paths[P]]: paths[P][M] }[keyof paths[P]] }[keyof paths];
type IsError<S> = S extends "default" ? true : `${S & (string | number)}` extends `4${string}` | `5${string}` ? true : false;
type ErrorBody<O> = O extends { responses: infer R }
  ? { [S in keyof R]: IsError<S> extends true ? (R[S] extends { content: infer C } ? C[keyof C] : never) : never }[keyof R]
  : never;
type CodeOf<B> = B extends { code?: infer C } ? Exclude<C, null | undefined> : never;
type Codes = CodeOf<ErrorBody<Operation>>;

/**
 * Every problem `code` the document declares for any operation: a union of string literals where the
 * document lists them (an operation's own problem answers are narrower: `error.code` of a call).
 */
export type ProblemCode = [Codes] extends [never] ? string : Codes;

/** An RFC 9457 problem as the API answers it (`application/problem+json`). `title` and `detail` follow Accept-Language; `code` never does. */
export type Problem<C = ProblemCode> = Omit<components["schemas"]["Problem"], "code"> & {
  code: C;
  /** Field errors of a 400 `validation_failed`: field name to rule codes. */
  errors?: Record<string, string[]> | null;
  traceId?: string | null;
  correlationId?: string | null;
};

/** A call answered with a problem; `problem.code` is the stable thing to branch on. */
export class AllianceProblem<C = ProblemCode> extends Error {
  constructor(
    readonly problem: Problem<C>,
    readonly status: number,
  ) {
    super(`${status} ${String(problem.code)}: ${problem.title ?? ""}${problem.detail ? ` (${problem.detail})` : ""}`);
    this.name = "AllianceProblem";
  }
}

/** A refused login: the OAuth `error` (`invalid_grant` for a wrong mobile or password, `invalid_client`), or a problem code (429 `rate_limited`). */
export class AllianceLoginError extends Error {
  constructor(
    readonly error: string,
    readonly status: number,
    readonly description?: string,
  ) {
    super(`${status} ${error}${description ? `: ${description}` : ""}`);
    this.name = "AllianceLoginError";
  }
}

export interface Tokens {
  accessToken: string;
  refreshToken?: string;
  expiresAt: Date;
}

export interface AllianceClientOptions {
  /** The gateway, e.g. `http://localhost:5100`; the document's paths carry `/api/<service>`. */
  baseUrl: string;
  /** Another fetch (a test's, a framework's); the global one otherwise. */
  fetch?: (input: Request) => Promise<Response>;
  /** Sent as Accept-Language: problems are in Chinese (zh-CN) by default, `en` asks for English. */
  acceptLanguage?: string;
  /** The app's client id; the public `alliance-app` unless Identity registers another. */
  clientId?: string;
  /** Tokens kept from an earlier login (the app's own storage). */
  tokens?: Tokens;
}

export interface AllianceClient extends Client<paths> {
  /** The password grant as the public app client; later calls carry the access token. */
  login(mobile: string, password: string): Promise<Tokens>;
  /** Swaps the refresh token for new tokens (roles granted since the login are in them). */
  refresh(): Promise<Tokens>;
  /** Forgets the tokens: later calls are anonymous. */
  logout(): void;
  readonly tokens: Tokens | undefined;
}

export function createAllianceClient(options: AllianceClientOptions): AllianceClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const send = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  const clientId = options.clientId ?? APP_CLIENT_ID;
  let tokens = options.tokens;

  const api = createClient<paths>({
    baseUrl,
    fetch: send,
    headers: options.acceptLanguage ? { "Accept-Language": options.acceptLanguage } : {},
  });
  api.use({
    onRequest({ request }) {
      if (tokens && !request.headers.has("Authorization")) {
        request.headers.set("Authorization", `Bearer ${tokens.accessToken}`);
      }
      return request;
    },
  });

  async function token(form: Record<string, string>): Promise<Tokens> {
    const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" };
    if (options.acceptLanguage) {
      headers["Accept-Language"] = options.acceptLanguage;
    }

    const response = await send(new Request(`${baseUrl}${TOKEN_PATH}`, {
      method: "POST",
      headers,
      body: new URLSearchParams({ ...form, client_id: clientId }).toString(),
    }));
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (!response.ok || typeof body.access_token !== "string") {
      const error = typeof body.error === "string" ? body.error : typeof body.code === "string" ? body.code : "token_refused";
      const description = typeof body.error_description === "string" ? body.error_description : typeof body.title === "string" ? body.title : undefined;
      throw new AllianceLoginError(error, response.status, description);
    }

    tokens = {
      accessToken: body.access_token,
      expiresAt: new Date(Date.now() + (typeof body.expires_in === "number" ? body.expires_in : 0) * 1000),
      ...(typeof body.refresh_token === "string" ? { refreshToken: body.refresh_token } : {}),
    };
    return tokens;
  }

  // Properties, not a copy: `tokens` must read the current ones after a login or refresh.
  return Object.defineProperties(api, {
    login: {
      value: (mobile: string, password: string) => token({ grant_type: "password", username: mobile, password, scope: APP_SCOPE }),
    },
    refresh: {
      value: () =>
        tokens?.refreshToken
          ? token({ grant_type: "refresh_token", refresh_token: tokens.refreshToken })
          : Promise.reject(new AllianceLoginError("no_refresh_token", 0, "Log in first (the scope offline_access gives a refresh token).")),
    },
    logout: {
      value: () => {
        tokens = undefined;
      },
    },
    tokens: { get: () => tokens, enumerable: true },
  }) as AllianceClient;
}

/** Whether a value is a problem answer of the API (an `error` of a call, or a parsed body). */
export function isProblem(value: unknown): value is Problem {
  return typeof value === "object" && value !== null && typeof (value as { code?: unknown }).code === "string";
}

type Answer = { data?: unknown; error?: unknown; response: Response };
type DataOf<R> = R extends { data: infer D } ? D : never;
type ErrorCodeOf<R> = R extends { error: infer E } ? CodeOf<E> : never;

/**
 * The data of a successful call, or an {@link AllianceProblem} thrown with the operation's own codes:
 * `const need = await ok(client.POST("/api/needs", { body }))`.
 */
export async function ok<R extends Answer>(call: Promise<R> | R): Promise<DataOf<R>> {
  const answer = await call;
  if (answer.response.ok) {
    return answer.data as DataOf<R>;
  }

  const problem: Problem<ErrorCodeOf<R>> = isProblem(answer.error)
    ? (answer.error as Problem<ErrorCodeOf<R>>)
    : ({ code: "http_error", status: answer.response.status, title: answer.response.statusText } as unknown as Problem<ErrorCodeOf<R>>);
  throw new AllianceProblem(problem, answer.response.status);
}

export { type StreamedNotification, type StreamOptions, streamNotifications } from "./stream.js";
