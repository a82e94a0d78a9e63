import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '@pairtrail/testing';
import { ReadModelRequests, erasedFromReadModels, pendingErasures, readModelsOwnerAlive, requestedRebuilds } from './read-model-requests';

describe('requests to the process that owns the read models', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.remove());

  it('keeps what each process adds, and still honours the pending list earlier versions wrote whole', () => {
    mkdirSync(dir.path, { recursive: true });
    writeFileSync(join(dir.path, 'erasures-pending.json'), JSON.stringify(['participant-old']));
    // Two processes' views of the same directory: neither overwrites the other's entries.
    const api = pendingErasures(dir.path);
    const projector = pendingErasures(dir.path);
    api.add('participant-a');
    projector.add('participant-b');
    expect(api.list().sort()).toEqual(['participant-a', 'participant-b', 'participant-old']);
    projector.remove('participant-old');
    expect(existsSync(join(dir.path, 'erasures-pending.json'))).toBe(false);
    api.remove('participant-a');
    expect(projector.list()).toEqual(['participant-b']);
  });

  it('carries out rebuilds, then erasures, one at a time, each taken off once done', async () => {
    const done: string[] = [];
    const requests = new ReadModelRequests(dir.path, {
      erase: async (subjects) => {
        await new Promise((r) => setTimeout(r, 20));
        // Still pending while it is being done: a waiter is answered only once it is.
        for (const subject of subjects) expect(pendingErasures(dir.path).list()).toContain(subject);
        done.push(`erase ${subjects.join(', ')}`);
      },
      rebuild: (name) => void done.push(`rebuild ${name}`),
    });
    pendingErasures(dir.path).add('participant-a');
    requestedRebuilds(dir.path).add('audit');
    const waiting = erasedFromReadModels(dir.path, 'participant-a', 5000);
    expect(readModelsOwnerAlive(dir.path)).toBe(false);
    requests.start();
    // At work, it says so; ten seconds without a word, it counts as gone (killed); stopped, at once.
    expect(readModelsOwnerAlive(dir.path)).toBe(true);
    expect(readModelsOwnerAlive(dir.path, Date.now() + 11_000)).toBe(false);
    await expect(waiting).resolves.toBe(true);
    await requests.stop();
    expect(readModelsOwnerAlive(dir.path)).toBe(false);
    expect(done).toEqual(['rebuild audit', 'erase participant-a']);
    expect([pendingErasures(dir.path).list(), requestedRebuilds(dir.path).list()]).toEqual([[], []]);
    // With no owner at work, a waiter gives up, and the erasure stays pending for it.
    pendingErasures(dir.path).add('participant-b');
    await expect(erasedFromReadModels(dir.path, 'participant-b', 100)).resolves.toBe(false);
    expect(pendingErasures(dir.path).list()).toEqual(['participant-b']);
    // Several pending at once are done in one rebuild.
    pendingErasures(dir.path).add('participant-c');
    await requests.drain();
    expect(done.slice(2)).toEqual(['erase participant-b, participant-c']);
    expect(pendingErasures(dir.path).list()).toEqual([]);
  });

  it('goes on saying it is at work while a long request is carried out', async () => {
    const ownerBeat = () => statSync(join(dir.path, 'read-models-owner')).mtimeMs;
    let during = 0;
    const requests = new ReadModelRequests(dir.path, {
      erase: async () => {
        const before = ownerBeat();
        await new Promise((r) => setTimeout(r, 2_500));
        during = ownerBeat() - before;
      },
      rebuild: () => undefined,
    });
    pendingErasures(dir.path).add('participant-slow');
    requests.start();
    await expect(erasedFromReadModels(dir.path, 'participant-slow', 10_000)).resolves.toBe(true);
    await requests.stop();
    expect(during).toBeGreaterThan(0);
  }, 15_000);
});
