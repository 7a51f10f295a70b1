import { pointer } from "./pointer.ts";
import { member, type Node, readBoolean, readList, readNumber, readObject, readString } from "./read.ts";
import { isUnresolved, type Resolvable, unresolved } from "./resolvable.ts";

/**
 * Declarative normalizers: a shape lists the API fields policies read and how each is read, and
 * yields both the normalizer and the model's type. Every field is `Resolvable<T | undefined>`:
 * absent stays `undefined` (absent ≠ empty), a mistyped or unresolved value becomes `Unresolved`
 * at its JSON pointer. Record shapes are keyed by SDK field names (checked with `satisfies`).
 */
export interface Field<T> {
  read(node: Node): Resolvable<T | undefined>;
}

export type ValueOf<F> = F extends Field<infer T> ? Resolvable<T | undefined> : never;

export type Fields = Readonly<Record<string, Field<unknown>>>;

export type RecordOf<S extends Fields> = { readonly [K in keyof S]: ValueOf<S[K]> };

export const text: Field<string> = { read: readString };

export const flag: Field<boolean> = { read: readBoolean };

/** Whole numbers as the API and CloudFormation write them (`256` or `"256"`). */
export const count: Field<number> = {
  read(node) {
    const { value } = node;
    if (value === undefined || value === null) return undefined;
    if (isUnresolved(value)) return value;
    return readNumber(node) ?? unresolved(`expected a number, found ${JSON.stringify(value)}`, node.at);
  },
};

/** A list whose elements are read with `item`; a null element is Unresolved, never dropped. */
export function list<T>(item: Field<T>): Field<readonly Resolvable<T>[]> {
  return {
    read(node) {
      const elements = readList(node);
      if (elements === undefined || isUnresolved(elements)) return elements;
      return elements.map(
        (element) => item.read(element) ?? unresolved("expected a value, found null", element.at),
      );
    },
  };
}

/** An object with the given fields; others are ignored. */
export function record<S extends Fields>(fields: S): Field<RecordOf<S>> {
  return { read: (node) => readObject(node, (object) => readFields(fields, object)) };
}

/** A free-form map of strings (docker labels, log driver options). */
export const stringMap: Field<Readonly<Record<string, Resolvable<string>>>> = {
  read(node) {
    return readObject(node, (object) =>
      Object.fromEntries(
        Object.keys(object.value as Record<string, unknown>).map((key) => [
          key,
          readString(member<Record<string, unknown>>(object, key)) ??
            unresolved("expected a string, found null", `${object.at}${pointer(key)}`),
        ]),
      ),
    );
  },
};

export function readFields<S extends Fields>(fields: S, node: Node): RecordOf<S> {
  // A loop rather than entries → map → fromEntries: every resource reads every field of its shape.
  const record: Record<string, unknown> = {};
  for (const name in fields) {
    record[name] = (fields[name] as Fields[string]).read(member<Record<string, unknown>>(node, name));
  }
  return record as RecordOf<S>;
}
