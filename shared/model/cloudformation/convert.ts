import { pointer, segmentsOf } from "../pointer.ts";
import { isRecord } from "../read.ts";
import { unresolved } from "../resolvable.ts";
import {
  type Declarations,
  type Intrinsic,
  intrinsicOf,
  noDeclarations,
  resolveIntrinsic,
} from "./intrinsic.ts";
import { apiNameOf, isOmitted, nestedShape, type Shape, templateTailOf } from "./shape.ts";

/** Where an API node was written in the template, relative to the judged node. */
export interface Location {
  readonly template: string;
  readonly shape: Shape;
  /** An intrinsic function (or a malformed node): nothing below it is written in the template. */
  readonly opaque: boolean;
}

/** Template locations by API pointer, filled while converting. */
export type Locations = Map<string, Location>;

/** A place in both coordinate systems: template pointer (relative to the judged node) and API pointer. */
export interface Place {
  readonly template: string;
  readonly api: string;
}

interface Conversion {
  readonly declarations: Declarations;
  /** Absent while converting a parameter's Default, whose parts are written in `Parameters`, not here. */
  readonly locations: Locations | undefined;
}

/**
 * How deep a template value may nest. ECS's deepest property sits about 8 levels below a resource; a deeper value
 * is no ECS property, and converting it level by level would overflow the stack on a hostile template.
 */
export const MAX_TEMPLATE_DEPTH = 100;

/** What `Ref: AWS::NoValue` converts to: the enclosing property or list element disappears. */
export const absent: unique symbol = Symbol("absent");

/**
 * Converts template properties (PascalCase, intrinsic functions) to the API shape (camelCase, resolved
 * values or `Unresolved` markers), recording in `locations` where every converted node was written.
 */
export function convert(
  value: unknown,
  place: Place,
  shape: Shape,
  declarations: Declarations,
  locations: Locations,
): unknown {
  return convertNode(value, place, shape, { declarations, locations }, 0);
}

function convertNode(
  value: unknown,
  place: Place,
  shape: Shape,
  conversion: Conversion,
  depth: number,
): unknown {
  if (depth > MAX_TEMPLATE_DEPTH) {
    return unresolved(
      `nested deeper than ${MAX_TEMPLATE_DEPTH} levels, deeper than any ECS property`,
      place.api,
    );
  }
  const intrinsic = intrinsicOf(value);
  if (intrinsic !== undefined) return convertIntrinsic(intrinsic, place, shape, conversion, depth);
  record(conversion, place, { template: place.template, shape, opaque: false });
  if (Array.isArray(value)) return convertList(value, place, shape, conversion, depth);
  if (isRecord(value)) return convertObject(value, place, shape, conversion, depth);
  return value;
}

function convertIntrinsic(
  intrinsic: Intrinsic,
  place: Place,
  shape: Shape,
  conversion: Conversion,
  depth: number,
): unknown {
  const resolution = resolveIntrinsic(intrinsic, conversion.declarations);
  if (resolution.kind === "absent") return absent;
  record(conversion, place, { template: place.template, shape, opaque: true });
  if (resolution.kind === "unresolved") return unresolved(resolution.reason, place.api, resolution.reference);
  // A Default cannot itself use intrinsic functions, so it is converted without declarations to look up.
  return convertNode(
    resolution.value,
    place,
    shape,
    { declarations: noDeclarations, locations: undefined },
    depth,
  );
}

function convertList(
  list: readonly unknown[],
  place: Place,
  shape: Shape,
  conversion: Conversion,
  depth: number,
): unknown[] {
  const converted: unknown[] = [];
  list.forEach((item, templateIndex) => {
    const itemPlace = {
      template: `${place.template}${pointer(templateIndex)}`,
      api: `${place.api}${pointer(converted.length)}`,
    };
    const element = convertNode(item, itemPlace, shape, conversion, depth + 1);
    if (element !== absent) converted.push(element);
  });
  return converted;
}

function convertObject(
  object: Readonly<Record<string, unknown>>,
  place: Place,
  shape: Shape,
  conversion: Conversion,
  depth: number,
): Record<string, unknown> {
  const members: [string, unknown][] = [];
  for (const [templateName, item] of Object.entries(object)) {
    if (isOmitted(shape, templateName)) continue;
    const apiName = apiNameOf(shape, templateName);
    const memberPlace = {
      template: `${place.template}${pointer(templateName)}`,
      api: `${place.api}${pointer(apiName)}`,
    };
    const member = convertNode(item, memberPlace, nestedShape(shape, templateName), conversion, depth + 1);
    if (member !== absent) members.push([apiName, member]);
  }
  // fromEntries defines own properties, so a free-form key such as "__proto__" stays data.
  return Object.fromEntries(members);
}

function record(conversion: Conversion, place: Place, location: Location): void {
  conversion.locations?.set(place.api, location);
}

/**
 * Maps an API pointer to the template: the deepest recorded node on its path, then the fields below it
 * named by the same rules, so an absent field points where it would be written.
 */
export function locateIn(locations: ReadonlyMap<string, Location>, apiPointer: string): string {
  const segments = segmentsOf(apiPointer);
  for (let depth = segments.length; depth >= 0; depth -= 1) {
    const location = locations.get(pointer(...segments.slice(0, depth)));
    if (location === undefined) continue;
    if (location.opaque) return location.template;
    return `${location.template}${templateTailOf(location.shape, segments.slice(depth))}`;
  }
  return templateTailOf({}, segments);
}
