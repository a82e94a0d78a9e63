import { everyItem, pageQuery } from '../../apps/web/src/api/pages';

describe("the web app's lists", () => {
  it('reads every page of a list, not only the first, in order', async () => {
    const all = Array.from({ length: 2345 }, (_, i) => `item-${String(i).padStart(4, '0')}`);
    const asked: (string | undefined)[] = [];
    // A list paged as the API pages it: after the cursor's key, at most the limit.
    const page = async (cursor: string | undefined) => {
      asked.push(cursor);
      const { limit } = pageQuery(cursor);
      const rest = cursor === undefined ? all : all.filter((item) => item > cursor);
      const items = rest.slice(0, Number(limit));
      return { items, next: rest.length > items.length ? items[items.length - 1]! : null };
    };
    expect(await everyItem(page)).toEqual(all);
    expect(asked).toEqual([undefined, 'item-0999', 'item-1999']);
    expect(pageQuery('abc')).toEqual({ limit: 1000, cursor: 'abc' });
    expect(pageQuery(undefined)).toEqual({ limit: 1000 });
  });
});
