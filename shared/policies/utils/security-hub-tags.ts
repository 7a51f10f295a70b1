import * as z from "zod/mini";
import { isUnresolved, type Resolvable, type Unresolved } from "../../model/resolvable.ts";
import type { Tag } from "../../model/types.ts";
import { type Observation, type ParameterSpec, undecided, violation } from "../define-policy.ts";

export const TAGS_PATH = "/tags";

/** Security Hub ignores the tags AWS applies itself (`aws:cloudformation:stack-name`, …). */
const SYSTEM_TAG_PREFIX = "aws:";

/** Security Hub's `requiredTagKeys` of ECS.13, ECS.14 and ECS.15: at most six keys, none a system key. */
export const requiredTagKeysParameter: ParameterSpec<string[]> = {
  description:
    "Tag keys the resource must carry, case-sensitive, at most 6 (Security Hub's requiredTagKeys). When empty, " +
    "any tag whose key does not start with aws: is enough.",
  schema: z
    .array(
      z.string().check(
        z.minLength(1),
        z.maxLength(128),
        z.refine((key) => !key.startsWith(SYSTEM_TAG_PREFIX), "aws: keys are system tags"),
      ),
    )
    .check(z.maxLength(6)),
  default: [],
};

export type TagMessageId = "untagged" | "missingTag" | "tooFewTags";

export const tagMessages = (resource: string): Readonly<Record<TagMessageId, string>> => ({
  untagged: `the ${resource} has no tags other than aws: system tags`,
  missingTag: `the ${resource} has no tag with the required key "{{key}}" (keys are case-sensitive)`,
  tooFewTags:
    `the ${resource} lacks the required tag keys {{keys}}; its {{unresolved}} tag(s) whose key the input ` +
    "cannot decide supply at most {{unresolved}} of them",
});

/**
 * Security Hub's tagging check (ECS.13, ECS.14, ECS.15): without required keys, at least one tag whose key
 * does not start with `aws:`; with them, every listed key, compared case-sensitively. A tag with an empty key
 * (a template placeholder: the API rejects it) is no tag. A tag whose key is unresolved may be any one key, so
 * the verdict is unknown when such tags could supply every missing key, and FAILED when there are too few.
 */
export function tagObservations(
  tags: Resolvable<readonly Resolvable<Tag>[] | undefined>,
  requiredTagKeys: readonly string[],
): readonly Observation<TagMessageId>[] {
  if (isUnresolved(tags)) return [undecided(tags)];
  const keys = new Set<string>();
  const unresolvedKeys: Unresolved[] = [];
  for (const tag of tags ?? []) {
    const key = isUnresolved(tag) ? tag : tag.key;
    if (isUnresolved(key)) unresolvedKeys.push(key);
    else if (key !== undefined && key !== "") keys.add(key);
  }
  if (requiredTagKeys.length === 0) {
    if ([...keys].some((key) => !key.startsWith(SYSTEM_TAG_PREFIX))) return [];
    return unresolvedKeys.length > 0 ? unresolvedKeys.map(undecided) : [violation("untagged", TAGS_PATH)];
  }
  const missing = requiredTagKeys.filter((key) => !keys.has(key));
  if (missing.length === 0) return [];
  if (unresolvedKeys.length === 0) return missing.map((key) => violation("missingTag", TAGS_PATH, { key }));
  if (unresolvedKeys.length >= missing.length) return unresolvedKeys.map(undecided);
  return [
    violation("tooFewTags", TAGS_PATH, {
      keys: missing.map((key) => `"${key}"`).join(", "),
      unresolved: unresolvedKeys.length,
    }),
  ];
}
