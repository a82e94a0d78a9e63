/** What the lists of pairs' items share: an id's pattern in a cursor key, and how a list's pairs are narrowed. */

/** An id (a UUID) as a list's cursor key holds it: what a key's pattern checks a cursor against. */
export const ID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/**
 * The WHERE clause and its parameters that narrow a list's pairs (as `p`): those of a status (`status`),
 * or every one not concluded; of a cohort, if one is named; and, for a pair member, their own (`only`).
 */
export function pairsWhere(filter: { status?: string; cohortId?: string }, only?: string[]): { where: string; params: unknown[] } {
  const clauses = [filter.status ? 'p.status = ?' : "p.status <> 'concluded'"];
  const params: unknown[] = filter.status ? [filter.status] : [];
  if (filter.cohortId) {
    clauses.push('p.cohort_id = ?');
    params.push(filter.cohortId);
  }
  if (only) {
    clauses.push('p.pair_id IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(only));
  }
  return { where: clauses.join(' AND '), params };
}
