/** One page of a list (api.md): its items, and the cursor of the next page, if there is one. */
export interface Page<T> {
  items: T[];
  next: string | null;
}

/** The most a list gives in one page (api.md). */
const LIMIT = 1000;

/** The query for one page of a list: the most it gives, from `cursor` on. */
export const pageQuery = (cursor: string | undefined) => ({ limit: LIMIT, ...(cursor ? { cursor } : {}) });

/**
 * Every item of a paged list, following `next` to its end. A programme can hold more pairs and people
 * than one page does, and a screen that showed one page would leave some out without a word.
 */
export async function everyItem<T>(page: (cursor: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const { items: more, next } = await page(cursor);
    items.push(...more);
    cursor = next ?? undefined;
  } while (cursor);
  return items;
}
