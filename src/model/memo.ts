/** `fn` answered once per argument (a model, a node) and kept as long as the argument lives. */
export function oncePer<K extends object, V>(fn: (key: K) => V): (key: K) => V {
  const memo = new WeakMap<K, V>();
  return (key) => {
    if (memo.has(key)) return memo.get(key) as V;
    const value = fn(key);
    memo.set(key, value);
    return value;
  };
}
