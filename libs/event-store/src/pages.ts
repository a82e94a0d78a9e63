import type { RecordedEvent } from './event-store.port';

const NOTHING_YET = Symbol('nothing yet');

/**
 * Groups a subscription's events into pages for `Subscription.pages`, where the adapter receives them
 * one by one: a page holds what arrives without waiting for the event loop's next turn, up to
 * `maxCount`, and an empty page says nothing more had arrived (caught up, for now).
 */
export async function* pagesOf(events: AsyncIterator<RecordedEvent>, maxCount = 500): AsyncGenerator<readonly RecordedEvent[]> {
  let pending = events.next();
  const arrived = () => Promise.race([pending, new Promise<typeof NOTHING_YET>((resolve) => setImmediate(() => resolve(NOTHING_YET)))]);
  for (;;) {
    let first = await arrived();
    if (first === NOTHING_YET) {
      yield [];
      first = await pending;
    }
    if (first.done) return;
    const page = [first.value];
    pending = events.next();
    while (page.length < maxCount) {
      const next = await arrived();
      if (next === NOTHING_YET || next.done) break;
      page.push(next.value);
      pending = events.next();
    }
    yield page;
  }
}
