import {
  type CollectionTag,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type Node,
  Pair,
  parseAllDocuments,
  Scalar,
  type ScalarTag,
  YAMLMap,
  type YAMLSeq,
} from "yaml";
import { pointer, segmentsOf } from "../shared/model/pointer.ts";

/** A 1-based line and column (in UTF-16 code units, as editors and SARIF count them). */
export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface ParsedDocument {
  readonly value: unknown;
  /**
   * Where the node at a JSON pointer is written: a mapping member's key (where the property is written),
   * a list element's or the root's first character. For an absent node, the nearest existing ancestor.
   */
  positionOf(pointer: string): Position | undefined;
}

/** Positions of the nodes of a document, by JSON pointer. */
type PositionIndex = ReadonlyMap<string, Position>;

const byteOrderMark = "\uFEFF";

/**
 * Parses a JSON or YAML document (a CloudFormation template, a task definition, a service spec). Text
 * JSON.parse rejects is read as YAML, of which JSON is nearly a subset (so trailing commas pass); only
 * when YAML fails too is it an error, reported as a JSON error when the text looks like JSON.
 */
export function parseDocument(text: string): ParsedDocument {
  const source = text.startsWith(byteOrderMark) ? text.slice(byteOrderMark.length) : text;
  const json = parseJson(source);
  if (json !== undefined) return json;
  try {
    return parseYaml(source);
  } catch (yamlError) {
    if (looksLikeJson(source)) throw jsonSyntaxError(source);
    throw yamlError;
  }
}

function parseJson(source: string): ParsedDocument | undefined {
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch {
    return undefined;
  }
  return { value, positionOf: lazyPositions(() => indexJson(source)) };
}

function looksLikeJson(source: string): boolean {
  return /^\s*[{[]/.test(source);
}

function lazyPositions(build: () => PositionIndex): (pointer: string) => Position | undefined {
  let index: PositionIndex | undefined;
  return (jsonPointer) => {
    index ??= build();
    return nearestPosition(index, jsonPointer);
  };
}

function nearestPosition(index: PositionIndex, jsonPointer: string): Position | undefined {
  if (jsonPointer !== "" && !jsonPointer.startsWith("/")) return undefined;
  const segments = segmentsOf(jsonPointer);
  for (let depth = segments.length; depth >= 0; depth -= 1) {
    const position = index.get(pointer(...segments.slice(0, depth)));
    if (position !== undefined) return position;
  }
  return undefined;
}

/** Converts string offsets to positions. */
function positionsIn(source: string): (offset: number) => Position {
  const lineStarts = [0];
  for (let offset = source.indexOf("\n"); offset !== -1; offset = source.indexOf("\n", offset + 1)) {
    lineStarts.push(offset + 1);
  }
  return (offset) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if ((lineStarts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - (lineStarts[low] ?? 0) + 1 };
  };
}

// ---------------------------------------------------------------------------------------------------
// JSON positions: JSON.parse gives none, so a small scanner walks the (already validated) text again,
// only when a position is first asked for. On invalid text it reports where the text stops being JSON.

class JsonSyntaxError extends Error {
  readonly offset: number;

  constructor(message: string, offset: number) {
    super(message);
    this.offset = offset;
  }
}

interface Scanner {
  readonly source: string;
  offset: number;
  readonly positionAt: (offset: number) => Position;
  readonly index: Map<string, Position>;
}

function indexJson(source: string): PositionIndex {
  const scanner: Scanner = { source, offset: 0, positionAt: positionsIn(source), index: new Map() };
  scanDocument(scanner);
  return scanner.index;
}

function jsonSyntaxError(source: string): Error {
  try {
    indexJson(source);
  } catch (error) {
    if (error instanceof JsonSyntaxError) {
      const { line, column } = positionsIn(source)(error.offset);
      return new Error(`Invalid JSON at line ${line}, column ${column}: ${error.message}`);
    }
    throw error;
  }
  return new Error("Invalid JSON");
}

function scanDocument(scanner: Scanner): void {
  skipWhitespace(scanner);
  scanner.index.set("", scanner.positionAt(scanner.offset));
  scanValue(scanner, "");
  skipWhitespace(scanner);
  if (scanner.offset < scanner.source.length) fail(scanner, "unexpected content after the document");
}

function scanValue(scanner: Scanner, at: string): void {
  const character = scanner.source[scanner.offset];
  if (character === "{") scanObject(scanner, at);
  else if (character === "[") scanArray(scanner, at);
  else if (character === '"') scanString(scanner);
  else scanLiteral(scanner);
}

function scanObject(scanner: Scanner, at: string): void {
  scanner.offset += 1;
  skipWhitespace(scanner);
  if (scanner.source[scanner.offset] === "}") {
    scanner.offset += 1;
    return;
  }
  for (;;) {
    skipWhitespace(scanner);
    if (scanner.source[scanner.offset] !== '"') fail(scanner, "expected a double-quoted property name");
    const keyStart = scanner.offset;
    const key = scanString(scanner);
    const memberAt = `${at}${pointer(key)}`;
    scanner.index.set(memberAt, scanner.positionAt(keyStart));
    skipWhitespace(scanner);
    consume(scanner, ":");
    skipWhitespace(scanner);
    scanValue(scanner, memberAt);
    if (!scanSeparator(scanner, "}")) return;
  }
}

function scanArray(scanner: Scanner, at: string): void {
  scanner.offset += 1;
  skipWhitespace(scanner);
  if (scanner.source[scanner.offset] === "]") {
    scanner.offset += 1;
    return;
  }
  for (let index = 0; ; index += 1) {
    skipWhitespace(scanner);
    const elementAt = `${at}${pointer(index)}`;
    scanner.index.set(elementAt, scanner.positionAt(scanner.offset));
    scanValue(scanner, elementAt);
    if (!scanSeparator(scanner, "]")) return;
  }
}

/** After a member or element: true on ",", false on the closing character. */
function scanSeparator(scanner: Scanner, closing: string): boolean {
  skipWhitespace(scanner);
  const character = scanner.source[scanner.offset];
  if (character === ",") {
    scanner.offset += 1;
    return true;
  }
  if (character !== closing) fail(scanner, `expected "," or "${closing}"`);
  scanner.offset += 1;
  return false;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: JSON strings may not contain raw control characters.
const stringPattern = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const literalPattern = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

function scanString(scanner: Scanner): string {
  const text = match(scanner, stringPattern, "invalid string");
  return JSON.parse(text) as string;
}

function scanLiteral(scanner: Scanner): void {
  match(scanner, literalPattern, "expected a value");
}

function match(scanner: Scanner, pattern: RegExp, problem: string): string {
  pattern.lastIndex = scanner.offset;
  const found = pattern.exec(scanner.source);
  if (found === null) fail(scanner, problem);
  scanner.offset = pattern.lastIndex;
  return found[0];
}

function consume(scanner: Scanner, character: string): void {
  if (scanner.source[scanner.offset] !== character) fail(scanner, `expected "${character}"`);
  scanner.offset += 1;
}

function skipWhitespace(scanner: Scanner): void {
  while (/[ \t\n\r]/.test(scanner.source[scanner.offset] ?? "")) scanner.offset += 1;
}

function fail(scanner: Scanner, problem: string): never {
  const found = scanner.source[scanner.offset];
  throw new JsonSyntaxError(
    found === undefined ? `${problem}, found the end of the text` : problem,
    scanner.offset,
  );
}

// ---------------------------------------------------------------------------------------------------
// YAML. The YAML 1.2 core schema (the `yaml` package's default) keeps `User: 0:0` and
// `AWSTemplateFormatVersion: 2010-09-09` as strings, where YAML 1.1 would read a base-60 number and a
// date; `on`/`yes` stay strings too. CloudFormation's short-form tags become their long forms.

/** Functions with a `!Name` short form whose long form is `Fn::Name`. */
const shortFormFunctions = [
  "And",
  "Base64",
  "Cidr",
  "Contains",
  "EachMemberEquals",
  "EachMemberIn",
  "Equals",
  "FindInMap",
  "ForEach",
  "GetAZs",
  "GetAtt",
  "If",
  "ImportValue",
  "Join",
  "Length",
  "Not",
  "Or",
  "RefAll",
  "Select",
  "Split",
  "Sub",
  "ToJsonString",
  "Transform",
  "ValueOf",
  "ValueOfAll",
] as const;

/** Short-form tag → long-form key. */
const longForms: ReadonlyMap<string, string> = new Map([
  ["!Ref", "Ref"],
  ["!Condition", "Condition"],
  ...shortFormFunctions.map((name) => [`!${name}`, `Fn::${name}`] as const),
]);

/** `!GetAtt Resource.Attribute` names the attribute after the first dot (attributes may contain dots). */
function getAttArgument(value: string): string[] {
  const dot = value.indexOf(".");
  return dot === -1 ? [value] : [value.slice(0, dot), value.slice(dot + 1)];
}

function scalarTag(tag: string, longForm: string): ScalarTag {
  return {
    tag,
    resolve: (value) => ({ [longForm]: longForm === "Fn::GetAtt" ? getAttArgument(value) : value }),
  };
}

/** Wraps the tagged collection in a one-key map, keeping its nodes (and their positions). */
function collectionTag(tag: string, longForm: string, collection: "map" | "seq"): CollectionTag {
  return {
    tag,
    collection,
    resolve: (value: YAMLMap.Parsed | YAMLSeq.Parsed) => {
      const wrapper = new YAMLMap();
      wrapper.items.push(new Pair(new Scalar(longForm), value));
      return wrapper;
    },
  };
}

const cloudFormationTags = [...longForms].flatMap(([tag, longForm]) => [
  scalarTag(tag, longForm),
  collectionTag(tag, longForm, "map"),
  collectionTag(tag, longForm, "seq"),
]);

const YAML_OPTIONS = { customTags: cloudFormationTags, prettyErrors: false };

function parseYaml(source: string): ParsedDocument {
  const documents = parseAllDocuments(source, YAML_OPTIONS);
  const positionAt = positionsIn(source);
  const [document, second] = documents;
  const error = document?.errors[0];
  if (error !== undefined) {
    const { line, column } = positionAt(error.pos[0]);
    throw new Error(`Invalid YAML at line ${line}, column ${column}: ${error.message}`);
  }
  if (second !== undefined) {
    const { line } = positionAt(second.range[0]);
    throw new Error(
      `Expected one YAML document, found ${documents.length} (the second starts at line ${line})`,
    );
  }
  if (document === undefined) return { value: null, positionOf: () => undefined };
  const value: unknown = document.toJS();
  // Only SARIF asks for positions: the syntax tree is parsed again then, rather than kept for every file scanned.
  return {
    value,
    positionOf: lazyPositions(() => {
      const [again] = parseAllDocuments(source, YAML_OPTIONS);
      return indexYaml(again?.contents ?? null, source, positionAt);
    }),
  };
}

function indexYaml(
  root: Node | null,
  source: string,
  positionAt: (offset: number) => Position,
): PositionIndex {
  const index = new Map<string, Position>();
  if (root === null) return index;
  const offsetOf = (node: unknown) => startOf(node, source);
  const visit = (node: unknown, at: string, nodePosition: Position): void => {
    index.set(at, nodePosition);
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = keyOf(pair.key);
        const keyPosition = offsetOf(pair.key) ?? offsetOf(node);
        visit(
          pair.value,
          `${at}${pointer(key)}`,
          keyPosition === undefined ? nodePosition : positionAt(keyPosition),
        );
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, itemIndex) => {
        const itemOffset = offsetOf(item);
        visit(
          item,
          `${at}${pointer(itemIndex)}`,
          itemOffset === undefined ? nodePosition : positionAt(itemOffset),
        );
      });
    }
  };
  visit(root, "", positionAt(offsetOf(root) ?? 0));
  return index;
}

/** A mapping key as `toJS` writes it: a null key becomes "". */
function keyOf(key: unknown): string {
  const value = isScalar(key) ? key.value : key;
  return value === null ? "" : String(value);
}

/**
 * The start offset of a parsed node, at its short-form tag when it has one (the parser's range starts
 * after it, on the next line for a block collection). Synthetic nodes (the long-form keys) have none.
 */
function startOf(node: unknown, source: string): number | undefined {
  if (!isScalar(node) && !isMap(node) && !isSeq(node) && !isAlias(node)) return undefined;
  const start = node.range?.[0];
  const tag = "tag" in node ? node.tag : undefined;
  if (start === undefined || tag === undefined || !longForms.has(tag)) return start;
  const tagOffset = source.lastIndexOf(tag, start);
  const between = tagOffset === -1 ? "" : source.slice(tagOffset + tag.length, start);
  return tagOffset !== -1 && /^\s*$/.test(between) ? tagOffset : start;
}
