import { pointer } from "./pointer.ts";
import { isUnresolved, type Resolvable, unresolved } from "./resolvable.ts";

/**
 * A value inside an API-shaped input and the JSON pointer (in API field names) where it sits.
 * Normalizers walk inputs through these readers, so a missing, mistyped or unresolved field
 * becomes `undefined` or an `Unresolved` with its location, never a TypeError.
 */
export interface Node {
  readonly value: unknown;
  readonly at: string;
}

export function root(value: unknown): Node {
  return { value, at: "" };
}

/** The member `key` of an object node. The type parameter names the SDK shape, so a misspelt key fails to compile. */
export function member<Shape>(node: Node, key: keyof Shape & string): Node {
  const at = `${node.at}${pointer(key)}`;
  if (isUnresolved(node.value)) return { value: node.value, at };
  if (!isRecord(node.value)) return { value: undefined, at };
  return { value: node.value[key], at };
}

export function readString(node: Node): Resolvable<string | undefined> {
  const { value } = node;
  if (value === undefined || value === null) return undefined;
  if (isUnresolved(value)) return value;
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  return unresolved(`expected a string, found ${describe(value)}`, node.at);
}

/** Booleans as the ECS API and CloudFormation accept them: `true`/`false`, or the strings "true"/"false". */
export function readBoolean(node: Node): Resolvable<boolean | undefined> {
  const { value } = node;
  if (value === undefined || value === null) return undefined;
  if (isUnresolved(value)) return value;
  if (typeof value === "boolean") return value;
  if (value === "true" || value === "false") return value === "true";
  return unresolved(`expected a boolean, found ${describe(value)}`, node.at);
}

export function readNumber(node: Node): number | undefined {
  const { value } = node;
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && /^\d+$/.test(value)) return Number(value);
  return undefined;
}

export function readList(node: Node): Resolvable<readonly Node[] | undefined> {
  const { value } = node;
  if (value === undefined || value === null) return undefined;
  if (isUnresolved(value)) return value;
  if (!Array.isArray(value)) return unresolved(`expected a list, found ${describe(value)}`, node.at);
  return value.map((item, index) => ({ value: item, at: `${node.at}${pointer(index)}` }));
}

/** Reads an optional object: `undefined` when absent, `Unresolved` when unresolved or not an object. */
export function readObject<T>(node: Node, build: (node: Node) => T): Resolvable<T | undefined> {
  const { value } = node;
  if (value === undefined || value === null) return undefined;
  if (isUnresolved(value)) return value;
  if (!isRecord(value)) return unresolved(`expected an object, found ${describe(value)}`, node.at);
  return build(node);
}

/** Maps each element of a list, keeping unresolved elements as they are. */
export function readListOf<T>(
  node: Node,
  build: (node: Node, index: number) => T,
): Resolvable<readonly Resolvable<T>[] | undefined> {
  const list = readList(node);
  if (list === undefined || isUnresolved(list)) return list;
  return list.map((item, index) => {
    const element = readObject(item, (object) => build(object, index));
    return element === undefined ? unresolved("expected an object, found null", item.at) : element;
  });
}

export function readStrings(node: Node): Resolvable<readonly Resolvable<string>[] | undefined> {
  const list = readList(node);
  if (list === undefined || isUnresolved(list)) return list;
  return list.map((item) => readString(item) ?? unresolved("expected a string, found null", item.at));
}

/** Whether a value is an object's members: not null, not an array. */
export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  return typeof value === "object" ? "an object" : `${typeof value} ${JSON.stringify(value)}`;
}

/** An API document's members, or `undefined` for anything that is not an object (arrays included). */
export function asRecord(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return isRecord(value) ? value : undefined;
}

/** An API document's list, or none for anything that is not a list. */
export function asList(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The strings among API values (a listing's ARNs), in order. */
export function stringsIn(values: readonly unknown[]): string[] {
  return values.filter((value): value is string => typeof value === "string");
}
