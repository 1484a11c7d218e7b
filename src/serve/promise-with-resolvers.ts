/**
 * PostGraphile 5's runtime (grafast, @dataplan/pg: engines node >= 22) calls
 * Promise.withResolvers, which Node 20, this repository's floor, lacks:
 * without it every database field fails with "Cannot read properties of
 * undefined (reading 'items')". Building a schema never calls it, so only
 * serving needs this; imported for its side effect before PostGraphile runs.
 */
interface WithResolvers {
  withResolvers?: unknown;
}

if (typeof (Promise as WithResolvers).withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value<T>() {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}
