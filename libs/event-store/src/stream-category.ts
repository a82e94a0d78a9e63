// No imports: the SQLite writer thread loads this without the domain library.
/** The category of a stream name: `pair` for `pair-1234`. */
export const streamCategory = (stream: string): string => {
  const dash = stream.indexOf('-');
  return dash < 0 ? stream : stream.slice(0, dash);
};
