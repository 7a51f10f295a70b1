/**
 * An offline matcher for the subset of Amazon EventBridge event-pattern syntax the guardrails use, so that
 * `ecs-guardrails replay` routes events exactly as the deployed rules do. Semantics follow the EventBridge
 * User Guide ("Event patterns", "Comparison operators", "Arrays", "Null values") and the behaviour of
 * aws/event-ruler, the engine behind EventBridge; the test file cites the pages case by case.
 *
 * Known divergences, each out of reach for a matcher that sees parsed JSON rather than its text, or not
 * worth the complexity for a guardrail:
 * - EventBridge compares exact numbers by their JSON text (`300` and `300.0` differ); parsed numbers have
 *   no text left, so exact numbers compare by value here.
 * - `exists: false` on a field inside an array of objects is decided per element.
 * - Limits EventBridge enforces on size and wildcard complexity, and the numeric range limits, are not checked.
 */
import { BlockList, isIPv4, isIPv6 } from "node:net";

/** An event pattern in the JSON shape a rule receives. */
export type EventPattern = Readonly<Record<string, unknown>>;

/** The JSON values a pattern can test; objects are not leaves, and arrays are searched element by element. */
type LeafValue = string | number | boolean | null;
type ValuePredicate = (value: LeafValue) => boolean;

interface CompiledLeaf {
  readonly kind: "leaf";
  readonly name: string;
  /** True when some value in the event's field satisfies the pattern's list of values. */
  readonly matchesValue: ValuePredicate;
  /** Only `exists: false` matches a field the event does not have. */
  readonly matchesMissing: boolean;
}

interface CompiledNested {
  readonly kind: "nested";
  readonly name: string;
  readonly pattern: CompiledObject;
}

interface CompiledObject {
  readonly fields: readonly (CompiledLeaf | CompiledNested)[];
  /** The branches of an `$or` at this level, if any; one of them must match besides every field. */
  readonly alternatives: readonly CompiledObject[] | undefined;
}

const OR_KEY = "$or";

/**
 * Whether the event matches the pattern. The pattern is validated and compiled on first use and cached by
 * identity, so patterns must not be mutated after they have been used.
 * @throws Error if the pattern uses syntax that EventBridge rejects or this matcher does not support.
 */
export function matchesPattern(pattern: EventPattern, event: unknown): boolean {
  return matchObject(compiledPattern(pattern), event);
}

/** The reasons the pattern would be rejected, by EventBridge or by this matcher; empty when it is usable. */
export function validatePattern(pattern: unknown): string[] {
  const errors: string[] = [];
  compileRoot(pattern, errors);
  return errors;
}

const compiledPatterns = new WeakMap<object, CompiledObject>();

function compiledPattern(pattern: EventPattern): CompiledObject {
  const cached = compiledPatterns.get(pattern);
  if (cached !== undefined) return cached;
  const errors: string[] = [];
  const compiled = compileRoot(pattern, errors);
  if (compiled === undefined || errors.length > 0) {
    throw new Error(`Invalid event pattern: ${errors.join("; ")}`);
  }
  compiledPatterns.set(pattern, compiled);
  return compiled;
}

// ---------------------------------------------------------------------------------------------------------
// Matching
// ---------------------------------------------------------------------------------------------------------

function matchObject(pattern: CompiledObject, container: unknown): boolean {
  if (Array.isArray(container)) {
    // Matching each element as a whole keeps fields from different elements from combining into a match,
    // as EventBridge does; an empty array holds no fields at all.
    if (container.length === 0) return matchObject(pattern, undefined);
    return container.some((element) => matchObject(pattern, element));
  }
  for (const field of pattern.fields) {
    const value = fieldOf(container, field.name);
    const matched =
      field.kind === "leaf"
        ? hasLeafValue(value)
          ? someLeafValue(value, field.matchesValue)
          : field.matchesMissing
        : matchObject(field.pattern, value);
    if (!matched) return false;
  }
  return (
    pattern.alternatives === undefined ||
    pattern.alternatives.some((branch) => matchObject(branch, container))
  );
}

function fieldOf(container: unknown, name: string): unknown {
  // Inherited properties are not fields of the event, whatever object the caller built it from.
  if (!isPlainObject(container) || !Object.hasOwn(container, name)) return undefined;
  return container[name];
}

function isLeafValue(value: unknown): value is LeafValue {
  return (
    value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean"
  );
}

/** A field holding only objects (or nothing) has no leaf, which is what `exists` tests. */
function hasLeafValue(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasLeafValue);
  return isLeafValue(value);
}

function someLeafValue(value: unknown, predicate: ValuePredicate): boolean {
  if (Array.isArray(value)) return value.some((element) => someLeafValue(element, predicate));
  return isLeafValue(value) && predicate(value);
}

// ---------------------------------------------------------------------------------------------------------
// Validation and compilation, in one pass so that what is validated is exactly what runs
// ---------------------------------------------------------------------------------------------------------

function compileRoot(pattern: unknown, errors: string[]): CompiledObject | undefined {
  if (!isPlainObject(pattern)) {
    errors.push(`the pattern must be a JSON object, got ${describe(pattern)}`);
    return undefined;
  }
  return compileObject(pattern, "", errors);
}

function compileObject(pattern: Record<string, unknown>, path: string, errors: string[]): CompiledObject {
  const fields: (CompiledLeaf | CompiledNested)[] = [];
  let alternatives: CompiledObject[] | undefined;
  for (const [name, value] of Object.entries(pattern)) {
    const fieldPath = path === "" ? name : `${path}.${name}`;
    if (name === OR_KEY) {
      alternatives = compileAlternatives(value, fieldPath, errors);
    } else if (Array.isArray(value)) {
      fields.push(compileLeaf(name, value, fieldPath, errors));
    } else if (isPlainObject(value)) {
      fields.push({ kind: "nested", name, pattern: compileObject(value, fieldPath, errors) });
    } else {
      errors.push(`${fieldPath}: expected an array of values or a nested object, got ${describe(value)}`);
    }
  }
  return { fields, alternatives };
}

function compileAlternatives(value: unknown, path: string, errors: string[]): CompiledObject[] {
  // EventBridge reads "$or" as an ordinary field name unless it holds two or more objects; a guardrail
  // should never depend on that ambiguity, so anything else is an error here.
  if (!Array.isArray(value) || value.length < 2 || !value.every(isPlainObject)) {
    errors.push(`${path}: expected an array of at least two pattern objects`);
    return [];
  }
  return value.map((branch, index) => compileObject(branch, `${path}[${index}]`, errors));
}

function compileLeaf(name: string, values: readonly unknown[], path: string, errors: string[]): CompiledLeaf {
  if (values.length === 0) errors.push(`${path}: the array of values must not be empty`);
  const exactValues = new Set<LeafValue>();
  const predicates: ValuePredicate[] = [];
  let matchesMissing = false;
  for (const [index, value] of values.entries()) {
    const valuePath = `${path}[${index}]`;
    if (isLeafValue(value)) {
      if (typeof value === "number" && !Number.isFinite(value))
        errors.push(`${valuePath}: ${value} is not JSON`);
      exactValues.add(value);
    } else if (isPlainObject(value)) {
      const compiled = compileOperator(value, valuePath, errors);
      if (compiled === "missing") matchesMissing = true;
      else if (compiled !== undefined) predicates.push(compiled);
    } else {
      errors.push(
        `${valuePath}: expected a string, number, boolean, null or operator object, got ${describe(value)}`,
      );
    }
  }
  if (exactValues.size > 0) predicates.unshift((value) => exactValues.has(value));
  return { kind: "leaf", name, matchesValue: anyOf(predicates), matchesMissing };
}

function anyOf(predicates: readonly ValuePredicate[]): ValuePredicate {
  const [only] = predicates;
  if (predicates.length === 1 && only !== undefined) return only;
  return (value) => predicates.some((predicate) => predicate(value));
}

/** The predicate for a present value, or "missing" for `exists: false`, which only an absent field satisfies. */
function compileOperator(
  operator: Record<string, unknown>,
  path: string,
  errors: string[],
): ValuePredicate | "missing" | undefined {
  const entries = Object.entries(operator);
  const [entry] = entries;
  if (entries.length !== 1 || entry === undefined) {
    errors.push(`${path}: an operator object must have exactly one key, got ${entries.length}`);
    return undefined;
  }
  const [name, argument] = entry;
  const operatorPath = `${path}.${name}`;
  switch (name) {
    case "exists":
      if (typeof argument !== "boolean") {
        errors.push(`${operatorPath}: expected true or false, got ${describe(argument)}`);
        return undefined;
      }
      return argument ? () => true : "missing";
    case "prefix":
    case "suffix":
      return compileAffix(name, argument, operatorPath, errors);
    case "equals-ignore-case":
      return expectString(argument, operatorPath, errors) ? equalsIgnoringCase(argument) : undefined;
    case "wildcard": {
      const expression = expectString(argument, operatorPath, errors)
        ? compileWildcard(argument, operatorPath, errors)
        : undefined;
      return expression === undefined
        ? undefined
        : (value) => typeof value === "string" && expression.test(value);
    }
    case "anything-but":
      return compileAnythingBut(argument, operatorPath, errors);
    case "numeric":
      return compileNumeric(argument, operatorPath, errors);
    case "cidr":
      return compileCidr(argument, operatorPath, errors);
    default:
      errors.push(`${operatorPath}: unknown or unsupported operator`);
      return undefined;
  }
}

function compileAffix(
  kind: "prefix" | "suffix",
  argument: unknown,
  path: string,
  errors: string[],
): ValuePredicate | undefined {
  if (typeof argument === "string") return kind === "prefix" ? startsWith(argument) : endsWith(argument);
  if (isPlainObject(argument)) {
    const keys = Object.keys(argument);
    const text = argument["equals-ignore-case"];
    if (keys.length === 1 && typeof text === "string") {
      const lowerText = text.toLowerCase();
      return kind === "prefix"
        ? (value) => typeof value === "string" && value.toLowerCase().startsWith(lowerText)
        : (value) => typeof value === "string" && value.toLowerCase().endsWith(lowerText);
    }
  }
  errors.push(`${path}: expected a string or {"equals-ignore-case": string}, got ${describe(argument)}`);
  return undefined;
}

function startsWith(prefix: string): ValuePredicate {
  return (value) => typeof value === "string" && value.startsWith(prefix);
}

function endsWith(suffix: string): ValuePredicate {
  return (value) => typeof value === "string" && value.endsWith(suffix);
}

function equalsIgnoringCase(text: string): ValuePredicate {
  const lowerText = text.toLowerCase();
  return (value) => typeof value === "string" && value.toLowerCase() === lowerText;
}

/**
 * `*` matches any run of characters, `\*` a literal asterisk and `\\` a literal backslash; EventBridge rejects
 * consecutive wildcards and any other escape.
 */
function compileWildcard(wildcard: string, path: string, errors: string[]): RegExp | undefined {
  let source = "";
  let previousWasWildcard = false;
  for (let index = 0; index < wildcard.length; index++) {
    const character = wildcard.charAt(index);
    if (character === "*") {
      if (previousWasWildcard) {
        errors.push(`${path}: consecutive wildcard characters are not allowed`);
        return undefined;
      }
      source += "[\\s\\S]*";
      previousWasWildcard = true;
      continue;
    }
    let literal = character;
    if (character === "\\") {
      const escaped = wildcard.charAt(index + 1);
      if (escaped !== "*" && escaped !== "\\") {
        errors.push(`${path}: a backslash may only escape "*" or "\\"`);
        return undefined;
      }
      literal = escaped;
      index++;
    }
    source += literal.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    previousWasWildcard = false;
  }
  return new RegExp(`^${source}$`);
}

function compileAnythingBut(argument: unknown, path: string, errors: string[]): ValuePredicate | undefined {
  if (typeof argument === "string" || (typeof argument === "number" && Number.isFinite(argument))) {
    return (value) => value !== argument;
  }
  if (Array.isArray(argument)) {
    const allStrings = argument.every((item) => typeof item === "string");
    const allNumbers = argument.every((item) => typeof item === "number" && Number.isFinite(item));
    if (argument.length > 0 && (allStrings || allNumbers)) {
      const excluded = new Set<unknown>(argument);
      return (value) => !excluded.has(value);
    }
    errors.push(`${path}: expected a non-empty list of only strings or only numbers`);
    return undefined;
  }
  if (isPlainObject(argument)) {
    const entries = Object.entries(argument);
    const [entry] = entries;
    if (entries.length === 1 && entry !== undefined) {
      // A value that is not a string cannot start with, end with or equal a text, so it is "anything but" it.
      const excluded = compileExcludedTexts(entry[0], entry[1], `${path}.${entry[0]}`, errors);
      return excluded === undefined ? undefined : (value) => !excluded(value);
    }
  }
  errors.push(
    `${path}: expected a string, a number, a list of either, or one of prefix, suffix, equals-ignore-case, wildcard`,
  );
  return undefined;
}

function compileExcludedTexts(
  name: string,
  argument: unknown,
  path: string,
  errors: string[],
): ValuePredicate | undefined {
  const toPredicate = excludedTextPredicate(name, path, errors);
  if (toPredicate === undefined) return undefined;
  const texts = typeof argument === "string" ? [argument] : argument;
  if (!Array.isArray(texts) || texts.length === 0 || !texts.every((text) => typeof text === "string")) {
    errors.push(`${path}: expected a string or a non-empty list of strings, got ${describe(argument)}`);
    return undefined;
  }
  const predicates: ValuePredicate[] = [];
  for (const text of texts) {
    const predicate = toPredicate(text);
    if (predicate === undefined) return undefined;
    predicates.push(predicate);
  }
  return anyOf(predicates);
}

function excludedTextPredicate(
  name: string,
  path: string,
  errors: string[],
): ((text: string) => ValuePredicate | undefined) | undefined {
  const nonEmpty = (build: (text: string) => ValuePredicate) => (text: string) => {
    if (text !== "") return build(text);
    errors.push(`${path}: must not be empty`);
    return undefined;
  };
  switch (name) {
    case "prefix":
      return nonEmpty(startsWith);
    case "suffix":
      return nonEmpty(endsWith);
    case "equals-ignore-case":
      return equalsIgnoringCase;
    case "wildcard":
      return (text) => {
        const expression = compileWildcard(text, path, errors);
        return expression === undefined
          ? undefined
          : (value) => typeof value === "string" && expression.test(value);
      };
    default:
      errors.push(`${path}: anything-but does not support "${name}"`);
      return undefined;
  }
}

const LOWER_BOUNDS = new Set([">", ">="]);
const UPPER_BOUNDS = new Set(["<", "<="]);

function compileNumeric(argument: unknown, path: string, errors: string[]): ValuePredicate | undefined {
  const shapeError = `${path}: expected ["=", n], one bound like [">", n], or a lower and an upper bound`;
  if (!Array.isArray(argument) || (argument.length !== 2 && argument.length !== 4)) {
    errors.push(shapeError);
    return undefined;
  }
  const comparisons: { readonly operator: string; readonly operand: number }[] = [];
  for (let index = 0; index < argument.length; index += 2) {
    const operator: unknown = argument[index];
    const operand: unknown = argument[index + 1];
    const knownOperator =
      operator === "=" || LOWER_BOUNDS.has(String(operator)) || UPPER_BOUNDS.has(String(operator));
    if (
      typeof operator !== "string" ||
      !knownOperator ||
      typeof operand !== "number" ||
      !Number.isFinite(operand)
    ) {
      errors.push(`${shapeError}, got ${describe(operator)} ${describe(operand)}`);
      return undefined;
    }
    comparisons.push({ operator, operand });
  }
  const [first, second] = comparisons;
  if (second !== undefined && first !== undefined) {
    const lower = LOWER_BOUNDS.has(first.operator) ? first : second;
    const upper = UPPER_BOUNDS.has(first.operator) ? first : second;
    if (lower === upper || !LOWER_BOUNDS.has(lower.operator) || !UPPER_BOUNDS.has(upper.operator)) {
      errors.push(`${shapeError}; a range needs one lower and one upper bound`);
      return undefined;
    }
    if (lower.operand > upper.operand) {
      errors.push(`${path}: the lower bound ${lower.operand} is above the upper bound ${upper.operand}`);
      return undefined;
    }
  }
  return (value) =>
    typeof value === "number" && comparisons.every((comparison) => compare(value, comparison));
}

function compare(value: number, { operator, operand }: { operator: string; operand: number }): boolean {
  switch (operator) {
    case "=":
      return value === operand;
    case ">":
      return value > operand;
    case ">=":
      return value >= operand;
    case "<":
      return value < operand;
    default:
      return value <= operand;
  }
}

function compileCidr(argument: unknown, path: string, errors: string[]): ValuePredicate | undefined {
  const [address = "", prefixText = "", ...rest] = typeof argument === "string" ? argument.split("/") : [];
  const family = isIPv4(address) ? "ipv4" : isIPv6(address) ? "ipv6" : undefined;
  const prefixLength = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : Number.NaN;
  if (family === undefined || rest.length > 0 || !(prefixLength <= (family === "ipv4" ? 32 : 128))) {
    errors.push(`${path}: expected an IPv4 or IPv6 block like "10.0.0.0/24", got ${describe(argument)}`);
    return undefined;
  }
  const block = new BlockList();
  block.addSubnet(address, prefixLength, family);
  const isFamily = family === "ipv4" ? isIPv4 : isIPv6;
  return (value) => typeof value === "string" && isFamily(value) && block.check(value, family);
}

// ---------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function expectString(value: unknown, path: string, errors: string[]): value is string {
  if (typeof value === "string") return true;
  errors.push(`${path}: expected a string, got ${describe(value)}`);
  return false;
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}
