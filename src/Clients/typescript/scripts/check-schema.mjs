// Fails when src/schema.d.ts is not what `npm run generate` makes from docs/api/openapi.json now:
// the document changed and the types were not regenerated (or the types were edited by hand).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const document = join(root, "..", "..", "..", "docs", "api", "openapi.json");
const committed = join(root, "src", "schema.d.ts");
const scratch = mkdtempSync(join(tmpdir(), "alliance-client-"));
try {
  const fresh = join(scratch, "schema.d.ts");
  // The same command as `npm run generate`, with the same relative input path, so the output's header matches.
  execFileSync(process.execPath, [join(root, "node_modules", "openapi-typescript", "bin", "cli.js"),
    "../../../docs/api/openapi.json", "--output", fresh], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
  const want = readFileSync(fresh, "utf8");
  const have = readFileSync(committed, "utf8");
  if (want !== have) {
    const a = have.split("\n"), b = want.split("\n");
    const line = a.findIndex((text, i) => text !== b[i]);
    console.error(`src/schema.d.ts differs from what docs/api/openapi.json generates (first at line ${line + 1}):`);
    console.error(`  committed: ${a[line] ?? "(end of file)"}`);
    console.error(`  generated: ${b[line] ?? "(end of file)"}`);
    console.error("Run `npm run generate` in src/Clients/typescript and commit src/schema.d.ts.");
    process.exit(1);
  }
  console.log("src/schema.d.ts matches docs/api/openapi.json");
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
