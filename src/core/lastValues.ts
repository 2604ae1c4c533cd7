// A link's key=value pairs read the way a command line's flags are: the last value of a key counts. A key given
// again with a different value is reported, so the notice can say which value won.
import { clip } from './clip';

export interface Repeat<K extends string> {
  key: K;
  /** Its last value, cut by clip(). */
  given: string;
  message: string;
}

/**
 * The last value of each key in `known` (in the order the keys were last given) and the keys given more than once
 * with different values. Only own keys of `known` count: `constructor` or `toString` are in every object.
 */
export function lastValues<K extends string>(pairs: Iterable<[string, string]>, known: object): { last: Map<K, string>; repeats: Repeat<K>[] } {
  const last = new Map<K, string>();
  const times = new Map<K, number>();
  const differs = new Set<K>();
  for (const [name, raw] of pairs) {
    if (!Object.hasOwn(known, name)) continue;
    const key = name as K;
    const before = last.get(key);
    if (before !== undefined && before !== raw) differs.add(key);
    times.set(key, (times.get(key) ?? 0) + 1);
    last.delete(key);
    last.set(key, raw);
  }
  const repeats = [...differs].map((key): Repeat<K> => {
    const given = clip(last.get(key) ?? '');
    return { key, given, message: `${key} is given ${times.get(key)} times with different values; the last one counts: ${key}=${given}.` };
  });
  return { last, repeats };
}
