/**
 * The writes being handled. A stopping server lets them finish before it closes the store: one whose
 * client has gone away is still written (or refused) as a whole, never cut off by the store closing.
 */
export class InFlightWrites {
  private readonly pending = new Set<Promise<unknown>>();

  track<T>(write: Promise<T>): Promise<T> {
    this.pending.add(write);
    const done = () => this.pending.delete(write);
    write.then(done, done);
    return write;
  }

  get size(): number {
    return this.pending.size;
  }

  /** Resolves once no write is being handled. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}
