import { readFileSync, writeFileSync } from "node:fs";
import { policies } from "../shared/policies/index.ts";
import { withPolicyTable } from "./policy-table.ts";

const README = new URL("../README.md", import.meta.url);
writeFileSync(README, withPolicyTable(readFileSync(README, "utf8"), policies));
