/** The cached read of `key`, started by `read` the first time; a failed read is forgotten so it can be retried. */
export function once<Value>(
  cache: Map<string, Promise<Value>>,
  key: string,
  read: () => Promise<Value>,
): Promise<Value> {
  let pending = cache.get(key);
  if (pending === undefined) {
    pending = read();
    cache.set(key, pending);
    pending.catch(() => cache.delete(key));
  }
  return pending;
}
