import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '@pairtrail/testing';
import { KeyDestroyedError, KeyMissingError, KeyStore, keyStoreOpensWith, rewrapKeyStore } from './key-store';
import { isPairFactType, PERSONAL_FIELDS } from '@pairtrail/domain';
import { EncryptingCodec, ERASED, sealedSubjects } from './encrypting-codec';

describe('the key store, sealed again with a new master key', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.remove());

  it('opens every data key with the new master key alone, and keeps destroyed keys destroyed', () => {
    const path = join(dir.path, 'keys.db');
    const [oldMaster, newMaster] = [randomBytes(32), randomBytes(32)];
    const before = new KeyStore(path, oldMaster);
    const keys = ['participant-a', 'participant-b', 'pair-c'].map((subject) => [subject, before.keyFor(subject)] as const);
    before.destroy('participant-b');
    before.close();

    const reader = new Database(path, { readonly: true });
    const sealedBefore = (reader.prepare('SELECT wrapped FROM data_keys WHERE wrapped IS NOT NULL').all() as { wrapped: Buffer }[]).map((r) => r.wrapped);
    reader.close();
    expect(sealedBefore).toHaveLength(2);

    expect(rewrapKeyStore(path, oldMaster, newMaster)).toBe(2);
    expect(keyStoreOpensWith(path, oldMaster)).toBe(false);
    expect(keyStoreOpensWith(path, newMaster)).toBe(true);
    // No copy sealed with the old key is left in the file (nor in a WAL) to be opened with it.
    const file = Buffer.concat([readFileSync(path), existsSync(`${path}-wal`) ? readFileSync(`${path}-wal`) : Buffer.alloc(0)]);
    expect(sealedBefore.filter((wrapped) => file.includes(wrapped))).toEqual([]);
    const after = new KeyStore(path, newMaster);
    try {
      expect(after.keyFor('participant-a').equals(keys[0]![1])).toBe(true);
      expect(after.keyFor('pair-c').equals(keys[2]![1])).toBe(true);
      expect(() => after.keyFor('participant-b')).toThrow(KeyDestroyedError);
    } finally {
      after.close();
    }
  });

  it('changes nothing when the current master key given does not open it', () => {
    const path = join(dir.path, 'keys.db');
    const master = randomBytes(32);
    const store = new KeyStore(path, master);
    store.keyFor('participant-a');
    store.close();
    const file = readFileSync(path);
    expect(() => rewrapKeyStore(path, randomBytes(32), randomBytes(32))).toThrow(/does not open/);
    expect(readFileSync(path).equals(file)).toBe(true);
    expect(keyStoreOpensWith(path, master)).toBe(true);
  });
});

describe('personal data opened with a key store', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.remove());

  it('refuses data sealed beside another key store, making no key for it, and shows erased data as erased', () => {
    const master = randomBytes(32);
    const recorder = new KeyStore(join(dir.path, 'keys.db'), master);
    const sealed = new EncryptingCodec(recorder).encode('participant-a', 'ParticipantRegistered', { name: 'Ada Lovelace', role: 'patient' });
    expect([...sealedSubjects(sealed)]).toEqual(['participant-a']);
    expect(JSON.stringify(sealed)).not.toContain('Ada');

    const other = new KeyStore(join(dir.path, 'other-keys.db'), master);
    try {
      expect(() => new EncryptingCodec(other).decode('participant-a', 'ParticipantRegistered', sealed)).toThrow(KeyMissingError);
      expect(() => other.sealedWith('participant-a')).toThrow(/has never held: it is not the keys\.db this log was recorded with/);
      // Asking made no key: one made now would open nothing sealed before, and seal what comes next apart.
      expect(other.holds('participant-a')).toBe(false);
    } finally {
      other.close();
    }

    expect(new EncryptingCodec(recorder).decode('participant-a', 'ParticipantRegistered', sealed)).toEqual({ name: 'Ada Lovelace', role: 'patient' });
    recorder.destroy('participant-a');
    expect(recorder.holds('participant-a')).toBe(true);
    expect(new EncryptingCodec(recorder).decode('participant-a', 'ParticipantRegistered', sealed)).toEqual({ name: ERASED, role: 'patient' });
    recorder.close();
  });

  it("seals a correction's new value of every personal field of a pair's facts, as the field itself is sealed", () => {
    const keys = new KeyStore(join(dir.path, 'keys.db'), randomBytes(32));
    try {
      const personal = Object.entries(PERSONAL_FIELDS)
        .filter(([type]) => isPairFactType(type))
        .flatMap(([, paths]) => paths);
      // A concluded pair's summary and an action's reason for dropping among them, whose corrections were once kept in the clear.
      expect(personal).toEqual(expect.arrayContaining(['notes', 'note', 'reason', 'evidence', 'text', 'summary']));
      const replacement = Object.fromEntries(personal.map((field) => [field, `new ${field} about Ada`]));
      const data = { targetEventId: 'e1', reason: 'typo', subjectId: 'a', replacement: { ...replacement, on: '2026-01-02' } };
      const sealed = new EncryptingCodec(keys).encode('pair-p', 'EntryCorrected', data);
      expect(JSON.stringify(sealed)).not.toContain('Ada');
      expect((sealed.replacement as Record<string, unknown>).on).toBe('2026-01-02');
      // A reflection's words are its author's; the rest are the pair's.
      expect([...sealedSubjects(sealed)].sort()).toEqual(['pair-p', 'participant-a']);
      expect(new EncryptingCodec(keys).decode('pair-p', 'EntryCorrected', sealed)).toEqual(data);
    } finally {
      keys.close();
    }
  });
});
