/** The value computed for the latest key: recomputed only when the key changes, and never kept from a failure. */
export class LastResult<T> {
  private last?: { key: string; value: T };

  async get(key: string, compute: () => Promise<T>): Promise<T> {
    if (this.last?.key === key) return this.last.value;
    const value = await compute();
    this.last = { key, value };
    return value;
  }
}
