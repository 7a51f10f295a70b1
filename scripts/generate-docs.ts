import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { policies } from "../shared/policies/index.ts";
import { DOCS_DIRECTORY, policyPages } from "./policy-docs.ts";
import { withPolicyTable } from "./policy-table.ts";

const README = new URL("../README.md", import.meta.url);
writeFileSync(README, withPolicyTable(readFileSync(README, "utf8"), policies));

// The pages are rewritten from scratch, so a removed policy leaves no stale page behind.
const directory = new URL(`../${DOCS_DIRECTORY}/`, import.meta.url);
mkdirSync(directory, { recursive: true });
for (const file of readdirSync(directory)) rmSync(new URL(file, directory));
for (const [path, page] of policyPages(policies)) writeFileSync(new URL(`../${path}`, import.meta.url), page);
