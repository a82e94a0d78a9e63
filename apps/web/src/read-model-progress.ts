/** A read model's status, as much of it as its progress needs. */
export interface Progressing {
  checkpoint: string;
  /** Events in the log past the checkpoint; null while the log cannot be read. */
  lag: string | null;
  rebuilding: { position: string } | null;
}

const count = (n: bigint) => n.toLocaleString('en-GB');

/**
 * How far a rebuild has got through the log, as a person follows it: "at position 400,000 of 1,000,000
 * (40%)". The log's end is where the live tables' checkpoint and lag put it; while the log cannot be
 * read, the position alone.
 */
export function rebuildProgress({ checkpoint, lag, rebuilding }: Progressing): string | undefined {
  if (!rebuilding) return undefined;
  const position = BigInt(rebuilding.position);
  if (lag === null) return `at position ${count(position)}`;
  const end = BigInt(checkpoint) + BigInt(lag);
  const percent = end === 0n ? 100n : (position * 100n) / end;
  return `at position ${count(position)} of ${count(end)} (${percent > 100n ? 100n : percent}%)`;
}
