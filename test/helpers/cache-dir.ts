/** Runs fn with CFDB_CACHE_DIR at dir, then puts the variable back as it was. */
export async function withCacheDir<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const before = process.env.CFDB_CACHE_DIR;
  process.env.CFDB_CACHE_DIR = dir;
  try {
    return await fn();
  } finally {
    if (before === undefined) delete process.env.CFDB_CACHE_DIR;
    else process.env.CFDB_CACHE_DIR = before;
  }
}
