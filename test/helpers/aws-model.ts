/**
 * Validates AWS API requests against AWS's own botocore models (read from ../shared/data/aws-models at
 * test time, never copied into the project), so tests catch requests that the SDK would send but the
 * service would reject: the SDK v3 serializers silently drop unknown members and do not check
 * constraints, so a typo or an over-long string only shows up in production.
 *
 * Checked, recursively from the operation's input shape: unknown members, `required`, types (structure,
 * list, map, string, boolean, integer/long, double/float, timestamp, blob), `enum`, `pattern`, `min`/`max`
 * (string length in Unicode code points, list length, map size, blob size in bytes, numeric value), map keys
 * against the key shape, and unions (exactly one member set).
 *
 * Not checked:
 * - structures marked `document` (free-form JSON by definition);
 * - `idempotencyToken`, `hostLabel`, `location`/`locationName` (HTTP binding and serialization concerns, not
 *   validity of the value) and `deprecated` (still accepted by the service);
 * - rules the model only states in documentation prose (Security Hub has many, see validateAsffLimits);
 * - NaN and ±Infinity are rejected for double/float although Smithy allows them: JSON cannot carry them
 *   and our code has no reason to send them.
 *
 * Patterns follow Smithy semantics: they are not implicitly anchored (a pattern only has to match part of the
 * value unless it uses ^ and $ itself), see https://smithy.io/2.0/spec/constraint-traits.html#pattern-trait.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export type ModelledService = "securityhub" | "ecs" | "ec2" | "events";

const MODELLED_SERVICES: readonly ModelledService[] = ["securityhub", "ecs", "ec2", "events"];

/** Where the botocore models are read from: ../shared/data/aws-models next to the repository. */
export const MODELS_DIRECTORY = fileURLToPath(new URL("../../../shared/data/aws-models/", import.meta.url));

interface ShapeReference {
  shape: string;
}

interface Shape {
  type: string;
  members?: Record<string, ShapeReference>;
  required?: string[];
  member?: ShapeReference;
  key?: ShapeReference;
  value?: ShapeReference;
  enum?: string[];
  pattern?: string;
  min?: number;
  max?: number;
  union?: boolean;
  document?: boolean;
}

interface Operation {
  name: string;
  input?: ShapeReference;
}

interface ServiceModel {
  operations: Record<string, Operation>;
  shapes: Record<string, Shape>;
}

function modelFileName(service: ModelledService): string | undefined {
  if (!existsSync(MODELS_DIRECTORY)) return undefined;
  const fileNamePattern = new RegExp(`^${service}_\\d{4}-\\d{2}-\\d{2}_service-2\\.json$`);
  // The newest API version sorts last because the version is an ISO date.
  return readdirSync(MODELS_DIRECTORY)
    .filter((fileName) => fileNamePattern.test(fileName))
    .sort()
    .at(-1);
}

let absenceNoticePrinted = false;

/** Whether the shared AWS models are present; prints a notice once when they are not. */
export function modelsAvailable(): boolean {
  const available = MODELLED_SERVICES.every((service) => modelFileName(service) !== undefined);
  if (!available && !absenceNoticePrinted) {
    absenceNoticePrinted = true;
    console.warn(
      `NOTICE: the shared AWS models are absent (expected in ${MODELS_DIRECTORY}), ` +
        "so validation of AWS API requests against them is skipped.",
    );
  }
  return available;
}

const loadedModels = new Map<ModelledService, ServiceModel>();

function loadModel(service: ModelledService): ServiceModel {
  const cached = loadedModels.get(service);
  if (cached) return cached;
  const fileName = modelFileName(service);
  if (fileName === undefined) {
    throw new Error(`No botocore model for ${service} in ${MODELS_DIRECTORY}`);
  }
  const parsed: unknown = JSON.parse(readFileSync(`${MODELS_DIRECTORY}${fileName}`, "utf8"));
  if (!isPlainObject(parsed) || !isPlainObject(parsed.operations) || !isPlainObject(parsed.shapes)) {
    throw new Error(`${fileName} does not look like a botocore service model`);
  }
  const model = parsed as unknown as ServiceModel;
  loadedModels.set(service, model);
  return model;
}

function isModelledService(service: string): service is ModelledService {
  return (MODELLED_SERVICES as readonly string[]).includes(service);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function describeValueType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (value instanceof Date) return "Date";
  if (value instanceof Uint8Array) return "Uint8Array";
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  if (typeof value === "object" && !isPlainObject(value)) return value.constructor?.name ?? "object";
  return typeof value;
}

function preview(text: string): string {
  const limit = 60;
  const shown = text.length > limit ? `${text.slice(0, limit)}…` : text;
  return JSON.stringify(shown);
}

function codePointLength(text: string): number {
  let length = 0;
  for (const _codePoint of text) length++;
  return length;
}

function memberPath(path: string, memberName: string): string {
  return path === "" ? memberName : `${path}.${memberName}`;
}

function displayPath(path: string): string {
  return path === "" ? "(input)" : path;
}

// Java regular expressions in the models are translated to JavaScript where the dialects differ; anything we
// cannot translate faithfully throws, so the caller reports it instead of matching with the wrong meaning.
const POSIX_CLASS_CONTENTS: Record<string, string> = {
  Lower: "a-z",
  Upper: "A-Z",
  ASCII: "\\x00-\\x7F",
  Alpha: "a-zA-Z",
  Digit: "0-9",
  Alnum: "a-zA-Z0-9",
  Punct: "!-\\/:-@\\[-`{-~",
  Graph: "!-~",
  Print: " -~",
  Blank: " \\t",
  Cntrl: "\\x00-\\x1F\\x7F",
  XDigit: "0-9a-fA-F",
  Space: " \\t\\n\\x0B\\f\\r",
};

// Escapes that exist in Java but mean something else, or nothing, in JavaScript.
const UNTRANSLATABLE_JAVA_ESCAPES = new Set(["h", "H", "R", "G", "X", "N", "v", "V", "K"]);

function isUnicodeModeSyntaxCharacter(character: string, insideClass: boolean): boolean {
  return "^$\\.*+?()[]{}|/".includes(character) || (insideClass && character === "-");
}

function escapeLiteral(literal: string): string {
  return literal.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");
}

/** Compiles a botocore (Java-style) pattern as a JavaScript RegExp; throws if it cannot be translated. */
export function compileModelPattern(javaPattern: string): RegExp {
  let index = 0;
  let flags = "";
  const leadingFlags = /^\(\?([a-zA-Z]+)\)/.exec(javaPattern);
  if (leadingFlags?.[1] !== undefined) {
    for (const flag of leadingFlags[1]) {
      if (flag !== "i" && flag !== "s") throw new Error(`unsupported embedded flag (?${flag})`);
      if (!flags.includes(flag)) flags += flag;
    }
    index = leadingFlags[0].length;
  }
  // Unicode property escapes and \x{...} need the `u` flag, which in turn forbids Java's lenient escapes.
  const unicode = /\\[pP][{A-Z]|\\x\{/.test(javaPattern);
  let output = "";
  let insideClass = false;
  while (index < javaPattern.length) {
    const character = javaPattern.charAt(index);
    if (character === "\\") {
      const next = javaPattern.charAt(index + 1);
      if (next === "") throw new Error("pattern ends with a lone backslash");
      if (next === "Q") {
        const end = javaPattern.indexOf("\\E", index + 2);
        const literal = javaPattern.slice(index + 2, end === -1 ? undefined : end);
        output += escapeLiteral(literal);
        index = end === -1 ? javaPattern.length : end + 2;
        continue;
      }
      if (!insideClass && next === "A") {
        output += "^";
        index += 2;
        continue;
      }
      if (!insideClass && next === "z") {
        output += "$";
        index += 2;
        continue;
      }
      if (!insideClass && next === "Z") {
        output += "(?=\\n?$)";
        index += 2;
        continue;
      }
      if (next === "e" || next === "a") {
        output += next === "e" ? "\\x1B" : "\\x07";
        index += 2;
        continue;
      }
      if (next === "p" || next === "P") {
        const braced = javaPattern.charAt(index + 2) === "{";
        const end = braced ? javaPattern.indexOf("}", index + 3) : index + 3;
        if (braced && end === -1) throw new Error("unterminated \\p{...}");
        const name = braced ? javaPattern.slice(index + 3, end) : javaPattern.charAt(index + 2);
        index = braced ? end + 1 : index + 3;
        const posixContents = POSIX_CLASS_CONTENTS[name];
        if (posixContents !== undefined) {
          if (next === "p") output += insideClass ? posixContents : `[${posixContents}]`;
          else if (insideClass) throw new Error(`negated POSIX class \\P{${name}} inside a character class`);
          else output += `[^${posixContents}]`;
          continue;
        }
        if (name.startsWith("In") || name.startsWith("java")) {
          throw new Error(`Java-only property class \\${next}{${name}}`);
        }
        output += `\\${next}{${name.startsWith("Is") ? name.slice(2) : name}}`;
        continue;
      }
      if (next === "x" && javaPattern.charAt(index + 2) === "{") {
        const end = javaPattern.indexOf("}", index + 3);
        if (end === -1) throw new Error("unterminated \\x{...}");
        output += `\\u{${javaPattern.slice(index + 3, end)}}`;
        index = end + 1;
        continue;
      }
      if (UNTRANSLATABLE_JAVA_ESCAPES.has(next)) throw new Error(`Java-only escape \\${next}`);
      if (unicode && !/[A-Za-z0-9]/.test(next) && !isUnicodeModeSyntaxCharacter(next, insideClass)) {
        // Java allows escaping any punctuation; unicode-mode JavaScript only syntax characters.
        output += next;
      } else {
        output += character + next;
      }
      index += 2;
      continue;
    }
    if (insideClass) {
      if (character === "[") throw new Error("nested character class or class intersection (Java-only)");
      if (character === "&" && javaPattern.charAt(index + 1) === "&") {
        throw new Error("character class intersection && (Java-only)");
      }
      if (character === "]") insideClass = false;
      output += character;
      index++;
      continue;
    }
    if (character === "[") {
      insideClass = true;
      output += character;
      index++;
      if (javaPattern.charAt(index) === "^") {
        output += "^";
        index++;
      }
      // JavaScript reads `[]` as an empty class where Java reads a literal `]`; too rare to translate.
      if (javaPattern.charAt(index) === "]")
        throw new Error("`]` right after `[` (Java and JavaScript differ)");
      continue;
    }
    if (character === "]" && unicode) {
      output += "\\]";
      index++;
      continue;
    }
    output += character;
    index++;
  }
  return new RegExp(output, flags + (unicode ? "u" : ""));
}

const compiledPatterns = new Map<string, RegExp | Error>();

function compiledPattern(pattern: string): RegExp | Error {
  let compiled = compiledPatterns.get(pattern);
  if (compiled === undefined) {
    try {
      compiled = compileModelPattern(pattern);
    } catch (error) {
      compiled = error instanceof Error ? error : new Error(String(error));
    }
    compiledPatterns.set(pattern, compiled);
  }
  return compiled;
}

const ISO_8601_TIMESTAMP =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

interface ValidationContext {
  model: ServiceModel;
  errors: string[];
  // Objects on the current path, so a cyclic input is reported instead of recursing forever.
  ancestors: Set<object>;
}

function lookUpShape(model: ServiceModel, shapeName: string): Shape {
  const shape = Object.hasOwn(model.shapes, shapeName) ? model.shapes[shapeName] : undefined;
  if (shape === undefined) throw new Error(`Model inconsistency: shape ${shapeName} is not defined`);
  return shape;
}

function checkLength(
  shape: Shape,
  length: number,
  unit: string,
  path: string,
  context: ValidationContext,
): void {
  if (shape.min !== undefined && length < shape.min) {
    context.errors.push(`${displayPath(path)}: ${unit} ${length}, less than the minimum ${shape.min}`);
  }
  if (shape.max !== undefined && length > shape.max) {
    context.errors.push(`${displayPath(path)}: ${unit} ${length}, more than the maximum ${shape.max}`);
  }
}

function checkNumericRange(shape: Shape, value: number, path: string, context: ValidationContext): void {
  if (shape.min !== undefined && value < shape.min) {
    context.errors.push(`${displayPath(path)}: value ${value} is less than the minimum ${shape.min}`);
  }
  if (shape.max !== undefined && value > shape.max) {
    context.errors.push(`${displayPath(path)}: value ${value} is more than the maximum ${shape.max}`);
  }
}

function typeError(expected: string, value: unknown, path: string, context: ValidationContext): void {
  context.errors.push(`${displayPath(path)}: expected ${expected}, got ${describeValueType(value)}`);
}

function validateStructure(
  shapeName: string,
  shape: Shape,
  value: unknown,
  path: string,
  context: ValidationContext,
): void {
  if (shape.document) return;
  if (!isPlainObject(value)) {
    typeError(shape.union ? "union (object)" : "structure (object)", value, path, context);
    return;
  }
  if (context.ancestors.has(value)) {
    context.errors.push(`${displayPath(path)}: circular reference`);
    return;
  }
  context.ancestors.add(value);
  const members = shape.members ?? {};
  const setMemberNames: string[] = [];
  for (const [name, memberValue] of Object.entries(value)) {
    // The SDK drops undefined members before serializing, so they are absent on the wire.
    if (memberValue === undefined) continue;
    const member = Object.hasOwn(members, name) ? members[name] : undefined;
    if (member === undefined) {
      const nearMiss = Object.keys(members).find((known) => known.toLowerCase() === name.toLowerCase());
      const hint = nearMiss === undefined ? "" : ` (did you mean ${nearMiss}?)`;
      context.errors.push(`${memberPath(path, name)}: unknown member, not in ${shapeName}${hint}`);
      continue;
    }
    setMemberNames.push(name);
    validateValue(member.shape, memberValue, memberPath(path, name), context);
  }
  for (const requiredName of shape.required ?? []) {
    if (value[requiredName] === undefined) {
      context.errors.push(`${memberPath(path, requiredName)}: required member missing`);
    }
  }
  if (shape.union && setMemberNames.length !== 1) {
    const which = setMemberNames.length === 0 ? "none" : setMemberNames.join(", ");
    context.errors.push(
      `${displayPath(path)}: union ${shapeName} must have exactly one member set, got ${setMemberNames.length} (${which})`,
    );
  }
  context.ancestors.delete(value);
}

function validateList(shape: Shape, value: unknown, path: string, context: ValidationContext): void {
  if (!Array.isArray(value)) {
    typeError("list (array)", value, path, context);
    return;
  }
  checkLength(shape, value.length, "list has length", path, context);
  if (shape.member === undefined) return;
  if (context.ancestors.has(value)) {
    context.errors.push(`${displayPath(path)}: circular reference`);
    return;
  }
  context.ancestors.add(value);
  for (const [index, entry] of value.entries()) {
    validateValue(shape.member.shape, entry, `${displayPath(path)}[${index}]`, context);
  }
  context.ancestors.delete(value);
}

function validateMap(shape: Shape, value: unknown, path: string, context: ValidationContext): void {
  if (!isPlainObject(value)) {
    typeError("map (object)", value, path, context);
    return;
  }
  const entries = Object.entries(value).filter(([, entryValue]) => entryValue !== undefined);
  checkLength(shape, entries.length, "map has size", path, context);
  for (const [key, entryValue] of entries) {
    const entryPath = `${displayPath(path)}[${JSON.stringify(key)}]`;
    if (shape.key !== undefined) validateValue(shape.key.shape, key, `${entryPath} (key)`, context);
    if (shape.value !== undefined) validateValue(shape.value.shape, entryValue, entryPath, context);
  }
}

function validateString(shape: Shape, value: unknown, path: string, context: ValidationContext): void {
  if (typeof value !== "string") {
    typeError("string", value, path, context);
    return;
  }
  if (shape.enum !== undefined && !shape.enum.includes(value)) {
    context.errors.push(`${displayPath(path)}: ${preview(value)} is not one of ${shape.enum.join(", ")}`);
  }
  if (shape.min !== undefined || shape.max !== undefined) {
    checkLength(shape, codePointLength(value), "string length is", path, context);
  }
  if (shape.pattern !== undefined) {
    const pattern = compiledPattern(shape.pattern);
    if (pattern instanceof Error) {
      context.errors.push(
        `${displayPath(path)}: cannot check the model's pattern ${shape.pattern} (${pattern.message})`,
      );
    } else if (!pattern.test(value)) {
      context.errors.push(
        `${displayPath(path)}: ${preview(value)} does not match the pattern ${shape.pattern}`,
      );
    }
  }
}

const INTEGER_BOUNDS: Record<string, readonly [number, number]> = {
  integer: [-(2 ** 31), 2 ** 31 - 1],
  long: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

function validateValue(shapeName: string, value: unknown, path: string, context: ValidationContext): void {
  const shape = lookUpShape(context.model, shapeName);
  switch (shape.type) {
    case "structure":
      validateStructure(shapeName, shape, value, path, context);
      return;
    case "list":
      validateList(shape, value, path, context);
      return;
    case "map":
      validateMap(shape, value, path, context);
      return;
    case "string":
      validateString(shape, value, path, context);
      return;
    case "boolean":
      if (typeof value !== "boolean") typeError("boolean", value, path, context);
      return;
    case "integer":
    case "long": {
      if (typeof value !== "number" || !Number.isInteger(value)) {
        typeError(`${shape.type} (a whole number)`, value, path, context);
        return;
      }
      const [lowest, highest] = INTEGER_BOUNDS[shape.type] ?? [-Infinity, Infinity];
      if (value < lowest || value > highest) {
        context.errors.push(`${displayPath(path)}: value ${value} is out of the ${shape.type} range`);
      }
      checkNumericRange(shape, value, path, context);
      return;
    }
    case "double":
    case "float":
      if (typeof value !== "number" || !Number.isFinite(value)) {
        typeError(`${shape.type} (a finite number)`, value, path, context);
        return;
      }
      checkNumericRange(shape, value, path, context);
      return;
    case "timestamp":
      if (value instanceof Date) {
        if (Number.isNaN(value.getTime())) context.errors.push(`${displayPath(path)}: invalid Date`);
      } else if (typeof value === "string") {
        if (!ISO_8601_TIMESTAMP.test(value) || Number.isNaN(Date.parse(value))) {
          context.errors.push(`${displayPath(path)}: ${preview(value)} is not an ISO-8601 timestamp`);
        }
      } else if (typeof value !== "number" || !Number.isFinite(value)) {
        typeError("timestamp (Date, ISO-8601 string or epoch seconds)", value, path, context);
      }
      return;
    case "blob":
      if (typeof value === "string") {
        checkLength(shape, Buffer.byteLength(value, "utf8"), "blob size in bytes is", path, context);
      } else if (value instanceof Uint8Array) {
        checkLength(shape, value.byteLength, "blob size in bytes is", path, context);
      } else {
        typeError("blob (string or Uint8Array)", value, path, context);
      }
      return;
    default:
      throw new Error(`Shape ${shapeName} has type ${shape.type}, which this validator does not understand`);
  }
}

/**
 * Validates `input` against the input shape of `operation` in the service's botocore model. Returns one
 * human-readable error per problem, each starting with the JSON path; an empty list means valid.
 * Throws if the operation does not exist, so a misspelt operation cannot pass silently.
 */
export function validateRequest(service: ModelledService, operation: string, input: unknown): string[] {
  const model = loadModel(service);
  const operationDefinition = Object.hasOwn(model.operations, operation)
    ? model.operations[operation]
    : undefined;
  if (operationDefinition === undefined) {
    throw new Error(`${service} has no operation ${operation}`);
  }
  const context: ValidationContext = { model, errors: [], ancestors: new Set() };
  if (operationDefinition.input === undefined) {
    if (input !== undefined && !(isPlainObject(input) && Object.keys(input).length === 0)) {
      context.errors.push(`(input): ${operation} takes no input`);
    }
    return context.errors;
  }
  // An absent input is an empty request to the SDK.
  validateValue(operationDefinition.input.shape, input === undefined ? {} : input, "", context);
  return context.errors;
}

/**
 * The API operation an SDK command sends, as the models and IAM name it: `DescribeServicesCommand` (the class, or a
 * command made with it) → `DescribeServices`.
 */
export function operationOf(command: object): string {
  const name = typeof command === "function" ? command.name : command.constructor.name;
  return name.replace(/Command$/, "");
}

/**
 * The requests of these mocked calls that are not valid against the service's model, each with its problems: none
 * when every request is valid.
 */
export function invalidRequests(
  service: ModelledService,
  calls: readonly { readonly args: readonly unknown[] }[],
): { readonly operation: string; readonly problems: readonly string[] }[] {
  return calls.flatMap((call) => {
    const command = call.args[0] as { readonly input?: unknown };
    const operation = operationOf(command);
    const problems = validateRequest(service, operation, command.input);
    return problems.length === 0 ? [] : [{ operation, problems }];
  });
}

/** Whether `operationName` is an operation of a modelled service (exact, case-sensitive match). */
export function operationExists(service: string, operationName: string): boolean {
  if (!isModelledService(service)) {
    throw new Error(
      `No model for ${service}; use iamActionExists, which also knows the installed SDK clients`,
    );
  }
  return Object.hasOwn(loadModel(service).operations, operationName);
}

// IAM prefixes without a model in ../shared/data, answered from the SDK v3 client generated from the same
// Smithy model. Listed explicitly because IAM prefixes and package names differ (states → sfn), and a guessed
// package could belong to another service (sso vs sso-admin). S3, whose IAM actions are largely not API
// operations, is left out on purpose; IAM's are operations except iam:PassRole, which is not recognised.
const SDK_CLIENT_PACKAGE_BY_IAM_PREFIX: Record<string, string> = {
  sqs: "@aws-sdk/client-sqs",
  iam: "@aws-sdk/client-iam",
  lambda: "@aws-sdk/client-lambda",
  sns: "@aws-sdk/client-sns",
  logs: "@aws-sdk/client-cloudwatch-logs",
  cloudwatch: "@aws-sdk/client-cloudwatch",
  kms: "@aws-sdk/client-kms",
  ecr: "@aws-sdk/client-ecr",
  ssm: "@aws-sdk/client-ssm",
  secretsmanager: "@aws-sdk/client-secrets-manager",
  dynamodb: "@aws-sdk/client-dynamodb",
  states: "@aws-sdk/client-sfn",
  xray: "@aws-sdk/client-xray",
};

const sdkOperationNames = new Map<string, Promise<readonly string[]>>();

async function loadSdkOperationNames(packageName: string): Promise<readonly string[]> {
  let clientModule: Record<string, unknown>;
  try {
    clientModule = await import(packageName);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Cannot load ${packageName} to check IAM actions (${reason})`);
  }
  // Every operation has an exported `<Operation>Command` class; `$Command` is the SDK's base class.
  return Object.keys(clientModule)
    .filter((name) => name.endsWith("Command") && !name.startsWith("$") && name !== "Command")
    .filter((name) => typeof clientModule[name] === "function")
    .map((name) => name.slice(0, -"Command".length));
}

function wildcardToRegExp(actionPattern: string): RegExp {
  const source = [...actionPattern]
    .map((character) => (character === "*" ? ".*" : character === "?" ? "." : escapeLiteral(character)))
    .join("");
  return new RegExp(`^${source}$`, "i");
}

/**
 * Whether an IAM action such as `ecs:DescribeServices` names an existing API operation. Like IAM, the match is
 * case-insensitive and understands `*` and `?` wildcards (true if any operation matches). Uses the botocore
 * model where we have one and the installed SDK v3 client otherwise; throws for a prefix with neither, so a
 * wrong prefix is loud. Permission-only actions with no API operation (iam:PassRole, lambda:InvokeFunctionUrl,
 * sts:TagSession, …) are not recognised.
 */
export async function iamActionExists(action: string): Promise<boolean> {
  const separator = action.indexOf(":");
  if (separator <= 0 || separator === action.length - 1) {
    throw new Error(`${JSON.stringify(action)} is not an IAM action of the form prefix:Action`);
  }
  const prefix = action.slice(0, separator).toLowerCase();
  const actionName = action.slice(separator + 1);
  let operationNames: readonly string[];
  if (isModelledService(prefix)) {
    operationNames = Object.keys(loadModel(prefix).operations);
  } else {
    const packageName = Object.hasOwn(SDK_CLIENT_PACKAGE_BY_IAM_PREFIX, prefix)
      ? SDK_CLIENT_PACKAGE_BY_IAM_PREFIX[prefix]
      : undefined;
    if (packageName === undefined) {
      throw new Error(`No model or SDK client known for the IAM prefix ${JSON.stringify(prefix)}`);
    }
    let pending = sdkOperationNames.get(packageName);
    if (pending === undefined) {
      pending = loadSdkOperationNames(packageName);
      sdkOperationNames.set(packageName, pending);
    }
    operationNames = await pending;
  }
  const matcher = wildcardToRegExp(actionName);
  return operationNames.some((operationName) => matcher.test(operationName));
}

// ASFF limits that the Security Hub model does not encode as constraints. Sources:
// [api]   AwsSecurityFinding, https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_AwsSecurityFinding.html
//         (the same "Length Constraints" / "Array Members" text is in the member documentation of the model)
// [rec]   https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_Recommendation.html
// [res]   https://docs.aws.amazon.com/securityhub/latest/userguide/asff-resources.html ("up to 32 resource objects")
// [other] https://docs.aws.amazon.com/securityhub/latest/userguide/asff-resourcedetails-other.html
// [types] https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/securityhub/aws.sdk.kotlin.services.securityhub.model/-finding-provider-fields/types.html
// [pf]    https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/securityhub/aws.sdk.kotlin.services.securityhub.model/-aws-security-finding/product-fields.html
// [map]   https://docs.amazonaws.cn/en_us/securityhub/latest/partnerguide/guidelines-asff-mapping.md
//         (Title ≤ 256 and Description ≤ 1024 characters; SchemaVersion is always 2018-10-08)
// [bif]   https://docs.aws.amazon.com/securityhub/latest/partnerguide/guidelines-batchimportfindings.html
//         (up to 100 findings per batch, 240 KB per finding, 6 MB per batch)
// [time]  Security Hub "Timestamps" rules, quoted in
//         https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-securityhub-automationrule-datefilter.html
// Sizes in KB/MB are taken as decimal (1 KB = 1000 bytes) because the docs do not say, and the smaller
// reading is the safe one.
export const ASFF_LIMITS = {
  findingsPerRequest: 100, // [bif], also in the model
  findingBytes: 240 * 1000, // [bif]
  requestBytes: 6 * 1000 * 1000, // [bif]
  schemaVersion: "2018-10-08", // [map]
  typeNamespaces: [
    "Software and Configuration Checks",
    "TTPs",
    "Effects",
    "Unusual Behaviors",
    "Sensitive Data Identifications",
  ], // [types]
  severityLabels: ["INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL"], // SeverityLabel enum in the model
} as const;

interface LengthLimit {
  path: string;
  min?: number;
  max: number;
}

// Path segments ending in [] walk every entry of a list.
const ASFF_STRING_LIMITS: readonly LengthLimit[] = [
  { path: "Id", min: 1, max: 512 }, // [api]
  { path: "GeneratorId", min: 1, max: 512 }, // [api]
  { path: "Title", min: 1, max: 256 }, // [api], [map]
  { path: "Description", min: 1, max: 1024 }, // [api], [map]
  { path: "ProductArn", min: 12, max: 2048 }, // [api]
  { path: "ProductName", min: 1, max: 128 }, // [api]
  { path: "CompanyName", min: 1, max: 128 }, // [api]
  { path: "Region", min: 1, max: 16 }, // [api]
  { path: "AwsAccountName", min: 1, max: 50 }, // [api]
  { path: "Remediation.Recommendation.Text", min: 1, max: 512 }, // [rec]
  { path: "Severity.Original", min: 1, max: 64 }, // Severity in [api]
  { path: "FindingProviderFields.Severity.Original", min: 1, max: 64 }, // FindingProviderSeverity in [api]
  { path: "Resources[].Type", min: 1, max: 256 }, // Resource in [api]
  { path: "Resources[].Region", min: 1, max: 16 }, // Resource in [api]
  { path: "Note.Text", min: 1, max: 512 }, // Note in [api]
];

const ASFF_LIST_LIMITS: readonly LengthLimit[] = [
  { path: "Resources", min: 1, max: 32 }, // [api], [res]
  { path: "Types", max: 50 }, // [api]
  { path: "Compliance.RelatedRequirements", max: 32 }, // Compliance in [api]
  { path: "RelatedFindings", min: 1, max: 10 }, // [api]
  { path: "Threats", min: 1, max: 32 }, // [api]
  { path: "Malware", max: 5 }, // [api]
];

interface MapLimit {
  path: string;
  maxEntries: number;
  maxKeyLength: number;
  maxValueLength: number;
}

const ASFF_MAP_LIMITS: readonly MapLimit[] = [
  { path: "ProductFields", maxEntries: 50, maxKeyLength: 128, maxValueLength: 2048 }, // [api], [pf]
  { path: "UserDefinedFields", maxEntries: 50, maxKeyLength: 128, maxValueLength: 1024 }, // [api]
  // [other] says keys and values "must contain fewer than" 128 and 1,024 characters, hence 127 and 1023.
  { path: "Resources[].Details.Other", maxEntries: 50, maxKeyLength: 127, maxValueLength: 1023 },
];

const ASFF_TIMESTAMP_PATHS = ["CreatedAt", "UpdatedAt", "FirstObservedAt", "LastObservedAt"] as const;

// [time]: date, "T", time with at most 9 fractional digits, then Z or an offset of at most 18:00.
const ASFF_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|[+-](\d{2})(?::?(\d{2}))?)$/;

function isAsffTimestamp(text: string): boolean {
  const match = ASFF_TIMESTAMP.exec(text);
  if (match === null) return false;
  // Absent offset groups (a trailing Z) count as zero.
  const fields = match.slice(2).map((field) => Number(field ?? "0"));
  const [month = 0, day = 0, hour = 0, minute = 0, second = 0, offsetHours = 0, offsetMinutes = 0] = fields;
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= 31 &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 60 &&
    offsetMinutes <= 59 &&
    offsetHours * 60 + offsetMinutes <= 18 * 60
  );
}

interface LocatedValue {
  value: unknown;
  path: string;
}

function valuesAt(root: unknown, limitPath: string, basePath: string): LocatedValue[] {
  let located: LocatedValue[] = [{ value: root, path: basePath }];
  for (const segment of limitPath.split(".")) {
    const walksList = segment.endsWith("[]");
    const name = walksList ? segment.slice(0, -2) : segment;
    const next: LocatedValue[] = [];
    for (const { value, path } of located) {
      if (!isPlainObject(value) || value[name] === undefined) continue;
      const child = value[name];
      const childPath = memberPath(path, name);
      if (!walksList) next.push({ value: child, path: childPath });
      else if (Array.isArray(child)) {
        for (const [index, entry] of child.entries())
          next.push({ value: entry, path: `${childPath}[${index}]` });
      }
    }
    located = next;
  }
  return located;
}

function checkFindingTypes(finding: unknown, typesPath: string, basePath: string, errors: string[]): void {
  for (const { value, path } of valuesAt(finding, typesPath, basePath)) {
    if (!Array.isArray(value)) continue;
    for (const [index, entry] of value.entries()) {
      if (typeof entry !== "string") continue;
      const parts = entry.split("/");
      const namespace = parts[0] ?? "";
      const entryPath = `${path}[${index}]`;
      if (parts.length > 3 || parts.some((part) => part.trim() === "")) {
        errors.push(`${entryPath}: ${preview(entry)} is not of the form namespace/category/classifier`);
      } else if (!(ASFF_LIMITS.typeNamespaces as readonly string[]).includes(namespace)) {
        errors.push(
          `${entryPath}: namespace ${preview(namespace)} is not one of ${ASFF_LIMITS.typeNamespaces.join(", ")}`,
        );
      }
    }
  }
}

function collectAsffLimitErrors(finding: unknown, basePath: string): string[] {
  const errors: string[] = [];
  const rootPath = basePath === "" ? "(finding)" : basePath;
  if (!isPlainObject(finding)) {
    return [`${rootPath}: expected a finding object, got ${describeValueType(finding)}`];
  }
  const serializedBytes = Buffer.byteLength(JSON.stringify(finding), "utf8");
  if (serializedBytes > ASFF_LIMITS.findingBytes) {
    errors.push(
      `${rootPath}: finding is ${serializedBytes} bytes as JSON, more than ${ASFF_LIMITS.findingBytes} (240 KB)`,
    );
  }
  if (finding.SchemaVersion !== undefined && finding.SchemaVersion !== ASFF_LIMITS.schemaVersion) {
    errors.push(
      `${memberPath(basePath, "SchemaVersion")}: must be ${ASFF_LIMITS.schemaVersion}, got ${preview(String(finding.SchemaVersion))}`,
    );
  }
  if (finding.AwsAccountId !== undefined) {
    const accountId = finding.AwsAccountId;
    if (typeof accountId !== "string" || !/^\d{12}$/.test(accountId)) {
      errors.push(`${memberPath(basePath, "AwsAccountId")}: must be exactly 12 digits`);
    }
  }
  for (const limit of ASFF_STRING_LIMITS) {
    for (const { value, path } of valuesAt(finding, limit.path, basePath)) {
      if (typeof value !== "string") continue;
      const length = codePointLength(value);
      if (length > limit.max)
        errors.push(`${path}: ${length} characters, more than the ASFF maximum ${limit.max}`);
      if (limit.min !== undefined && length < limit.min) {
        errors.push(`${path}: ${length} characters, less than the ASFF minimum ${limit.min}`);
      }
    }
  }
  for (const limit of ASFF_LIST_LIMITS) {
    for (const { value, path } of valuesAt(finding, limit.path, basePath)) {
      if (!Array.isArray(value)) continue;
      if (value.length > limit.max) {
        errors.push(`${path}: ${value.length} entries, more than the ASFF maximum ${limit.max}`);
      }
      if (limit.min !== undefined && value.length < limit.min) {
        errors.push(`${path}: ${value.length} entries, less than the ASFF minimum ${limit.min}`);
      }
    }
  }
  for (const limit of ASFF_MAP_LIMITS) {
    for (const { value, path } of valuesAt(finding, limit.path, basePath)) {
      if (!isPlainObject(value)) continue;
      const entries = Object.entries(value).filter(([, entryValue]) => entryValue !== undefined);
      if (entries.length > limit.maxEntries) {
        errors.push(`${path}: ${entries.length} entries, more than the ASFF maximum ${limit.maxEntries}`);
      }
      for (const [key, entryValue] of entries) {
        const keyLength = codePointLength(key);
        if (keyLength > limit.maxKeyLength) {
          errors.push(
            `${path}: key ${preview(key)} has ${keyLength} characters, more than ${limit.maxKeyLength}`,
          );
        }
        const valueLength = typeof entryValue === "string" ? codePointLength(entryValue) : 0;
        if (valueLength > limit.maxValueLength) {
          errors.push(
            `${path}[${JSON.stringify(key)}]: ${valueLength} characters, more than ${limit.maxValueLength}`,
          );
        }
      }
    }
  }
  checkFindingTypes(finding, "Types", basePath, errors);
  checkFindingTypes(finding, "FindingProviderFields.Types", basePath, errors);
  for (const labelPath of ["Severity.Label", "FindingProviderFields.Severity.Label"]) {
    for (const { value, path } of valuesAt(finding, labelPath, basePath)) {
      if (!(ASFF_LIMITS.severityLabels as readonly unknown[]).includes(value)) {
        errors.push(`${path}: must be one of ${ASFF_LIMITS.severityLabels.join(", ")}`);
      }
    }
  }
  for (const timestampPath of ASFF_TIMESTAMP_PATHS) {
    for (const { value, path } of valuesAt(finding, timestampPath, basePath)) {
      if (typeof value === "string" && !isAsffTimestamp(value)) {
        errors.push(`${path}: ${preview(value)} is not in a timestamp format Security Hub accepts`);
      }
    }
  }
  return errors;
}

/**
 * Checks one finding against the documented ASFF limits that the Security Hub model lacks (lengths stated only
 * in documentation, finding size, type taxonomy, schema version, account ID and timestamp formats). Use it
 * together with validateRequest, which checks the model itself; validateBatchImportFindings does both.
 */
export function validateAsffLimits(finding: unknown): string[] {
  return collectAsffLimitErrors(finding, "");
}

/**
 * Everything we know about a BatchImportFindings request: the model, the ASFF limits of every finding, at most
 * 100 findings and at most 6 MB for the request.
 */
export function validateBatchImportFindings(input: unknown): string[] {
  const errors = validateRequest("securityhub", "BatchImportFindings", input);
  if (!isPlainObject(input)) return errors;
  const findings = input.Findings;
  if (Array.isArray(findings)) {
    if (findings.length > ASFF_LIMITS.findingsPerRequest) {
      errors.push(
        `Findings: ${findings.length} findings in one request, at most ${ASFF_LIMITS.findingsPerRequest} allowed`,
      );
    }
    for (const [index, finding] of findings.entries()) {
      errors.push(...collectAsffLimitErrors(finding, `Findings[${index}]`));
    }
  }
  const requestBytes = Buffer.byteLength(JSON.stringify(input), "utf8");
  if (requestBytes > ASFF_LIMITS.requestBytes) {
    errors.push(
      `(input): request is ${requestBytes} bytes as JSON, more than ${ASFF_LIMITS.requestBytes} (6 MB)`,
    );
  }
  return errors;
}
