// A need's whole round through the gateway of a running system, with the typed client only, as an
// app would make it. tests/EndToEnd.Tests (Client/TypeScriptClientTests) runs it against the AppHost
// it starts; by hand: ALLIANCE_GATEWAY_URL, ALLIANCE_STREET_ADMIN_MOBILE and _PASSWORD (README.md).
import assert from "node:assert/strict";
import { randomInt } from "node:crypto";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { AllianceLoginError, AllianceProblem, type AllianceClient, createAllianceClient, type components, ok } from "../src/index.js";

type NeedStatus = components["schemas"]["NeedStatus"];

function setting(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: this test runs against a running system (see src/Clients/typescript/README.md).`);
  }

  return value;
}

const gateway = () => setting("ALLIANCE_GATEWAY_URL");
const newClient = () => createAllianceClient({ baseUrl: gateway() });

// The street's communities, grids, buildings and kinds: the file the services embed (seeds/reference).
interface Reference {
  communities: { id: string; grids: { id: string; buildings: string[] }[] }[];
  kinds: { id: string }[];
}
const reference = JSON.parse(readFileSync(new URL("../../../../../seeds/reference/reference.json", import.meta.url), "utf8")) as Reference;

// A mainland mobile number no other run is likely to have taken: 1, then 3 to 9, then nine digits.
const mobile = () => `1${randomInt(3, 10)}${String(randomInt(0, 1e9)).padStart(9, "0")}`;

// A resident ID card number (GB 11643) with a correct check digit.
function idCard(): string {
  const birth = `${randomInt(1950, 2000)}${String(randomInt(1, 13)).padStart(2, "0")}${String(randomInt(1, 29)).padStart(2, "0")}`;
  const body = `320508${birth}${String(randomInt(0, 1000)).padStart(3, "0")}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((total, digit, i) => total + Number(digit) * weights[i]!, 0);
  return body + "10X98765432"[sum % 11];
}

function claims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString("utf8")) as Record<string, unknown>;
}

/** Signs a person up and logs them in as the app does. */
async function person(displayName: string): Promise<{ id: string; client: AllianceClient }> {
  const client = newClient();
  const number = mobile();
  const account = await ok(client.POST("/api/identity/accounts", { body: { mobile: number, password: "Passw0rd!", displayName } }));
  await client.login(number, "Passw0rd!");
  return { id: account.id, client };
}

/** Refreshes until the token carries the role: it follows an event, so it comes a moment later. */
async function refreshUntilRole(client: AllianceClient, role: string): Promise<void> {
  for (const started = Date.now(); Date.now() - started < 30_000; await new Promise((r) => setTimeout(r, 250))) {
    const { accessToken } = await client.refresh();
    if (JSON.stringify(claims(accessToken).role ?? []).includes(role)) {
      return;
    }
  }

  assert.fail(`no ${role} role in the token after 30 s`);
}

async function statusOf(client: AllianceClient, id: string): Promise<NeedStatus> {
  return (await ok(client.GET("/api/needs/{id}", { params: { path: { id } } }))).status;
}

test("a resident's need is claimed, accepted, completed and confirmed through the typed client", async () => {
  const street = reference.communities[0]!;
  const grid = street.grids[0]!;
  const kind = reference.kinds.find((k) => k.id === "home_repair") ?? reference.kinds[0]!;

  const admin = newClient();
  const adminTokens = await admin.login(setting("ALLIANCE_STREET_ADMIN_MOBILE"), setting("ALLIANCE_STREET_ADMIN_PASSWORD"));
  assert.equal(claims(adminTokens.accessToken).client_id, "alliance-app", "the token names the app that asked for it");
  assert.ok(adminTokens.refreshToken, "offline_access gives a refresh token");

  const resident = await person("周阿姨");
  const volunteer = await person("陈师傅");
  await ok(volunteer.client.POST("/api/volunteers", {
    body: {
      name: "陈师傅",
      idCardNumber: idCard(),
      communityId: street.id,
      gridId: grid.id,
      building: grid.buildings[0]!,
      skills: [kind.id],
      availability: [{ day: "saturday", from: "09:00", to: "11:30" }],
      partyMember: false,
      emergencyContact: { name: "陈芳", relation: "女儿", mobile: "13912340000" },
    },
  }));
  await ok(admin.POST("/api/volunteers/{id}/verification", { params: { path: { id: volunteer.id } } }));
  await refreshUntilRole(volunteer.client, "volunteer");

  const from = new Date(Date.now() + 24 * 3600_000);
  const posted = await ok(resident.client.POST("/api/needs", {
    body: {
      title: "厨房水龙头一直滴水，想请师傅看看",
      description: "不急，周末上门就行。",
      kindId: kind.id,
      communityId: street.id,
      gridId: grid.id,
      building: grid.buildings[0]!,
      address: `${grid.buildings[0]!}1单元101室`,
      urgency: "normal",
      wantedFrom: from.toISOString(),
      wantedUntil: new Date(from.getTime() + 7 * 24 * 3600_000).toISOString(),
      helpersNeeded: 1,
      requiredSkills: [],
      wish: null,
      requesterId: null,
    },
  }));
  assert.equal(posted.status, "open");
  const need = { params: { path: { id: posted.id } } };

  const claimed = await ok(volunteer.client.POST("/api/needs/{id}/claims", { ...need, body: { teamId: null } }));
  assert.equal(claimed.status, "claimed");
  assert.equal(claimed.claimantId, volunteer.id);

  assert.equal((await ok(resident.client.POST("/api/needs/{id}/acceptance", need))).status, "accepted");
  // The resident sees who is helping by name; the claim is on the volunteer's own list, accepted.
  assert.equal((await ok(resident.client.GET("/api/needs/{id}", need))).claimantName, "陈师傅");
  const mine = await ok(volunteer.client.GET("/api/needs/claims/mine", { params: { query: { limit: 50 } } }));
  assert.equal(mine.items.find((claim) => claim.needId === posted.id)?.state, "accepted");
  assert.equal((await ok(volunteer.client.POST("/api/needs/{id}/start", need))).status, "inProgress");
  // Half an hour fits the time since the start with Needs' allowance (30 minutes by default).
  const completed = await ok(volunteer.client.POST("/api/needs/{id}/completion", {
    ...need,
    body: { helpers: [{ volunteerId: volunteer.id, hours: 0.5, nightHours: 0 }], note: "换了阀芯，不滴了" },
  }));
  assert.equal(completed.status, "completed");
  assert.equal(await statusOf(resident.client, posted.id), "completed");

  const confirmed = await ok(resident.client.POST("/api/needs/{id}/confirmation", { ...need, body: { rating: 5, comment: "很耐心，谢谢" } }));
  assert.equal(confirmed.status, "confirmed");
  assert.equal(await statusOf(volunteer.client, posted.id), "confirmed");
});

test("a need without a title is refused with a typed 400 validation_failed naming the field", async () => {
  const resident = await person("钱大爷");
  const street = reference.communities[0]!;
  const from = new Date(Date.now() + 24 * 3600_000);
  const body = {
    title: "",
    description: null,
    kindId: reference.kinds[0]!.id,
    communityId: street.id,
    gridId: street.grids[0]!.id,
    building: street.grids[0]!.buildings[0]!,
    address: "1单元101室",
    urgency: "normal",
    wantedFrom: from.toISOString(),
    wantedUntil: new Date(from.getTime() + 3600_000).toISOString(),
    helpersNeeded: 1,
    requiredSkills: [],
    wish: null,
    requesterId: null,
  };
  const { data, error, response } = await resident.client.POST("/api/needs", { body });
  assert.equal(data, undefined);
  assert.equal(response.status, 400);
  assert.ok(error, "a problem body");
  // The operation's code type comes from the document: where it lists the codes, a typo here does not compile.
  const expected: typeof error.code = "validation_failed";
  assert.equal(error.code, expected);
  assert.ok(error.errors?.title?.length, `errors names the title: ${JSON.stringify(error.errors)}`);
  assert.ok(error.traceId, "the problem carries the trace id");
  assert.match(error.title, /\p{Script=Han}/u, `words in Chinese by default: ${error.title}`);

  // Accept-Language: en gives the same problem in English: the code and the rule codes never change.
  const inEnglish = createAllianceClient({ baseUrl: gateway(), acceptLanguage: "en", tokens: resident.client.tokens });
  const english = await inEnglish.POST("/api/needs", { body });
  assert.equal(english.error?.code, "validation_failed");
  assert.deepEqual(english.error?.errors, error.errors);
  assert.doesNotMatch(english.error?.title ?? "", /\p{Script=Han}/u, `words in English on request: ${english.error?.title}`);
  assert.equal(english.response.headers.get("content-language"), "en");

  // The same refusal through ok(): thrown as an AllianceProblem.
  await assert.rejects(ok(resident.client.POST("/api/needs", { body })), (thrown: unknown) =>
    thrown instanceof AllianceProblem && thrown.status === 400 && thrown.problem.code === "validation_failed");
});

test("a wrong password is refused with invalid_grant", async () => {
  await assert.rejects(newClient().login(mobile(), "not-the-password"), (thrown: unknown) =>
    thrown instanceof AllianceLoginError && thrown.status === 400 && thrown.error === "invalid_grant");
});
