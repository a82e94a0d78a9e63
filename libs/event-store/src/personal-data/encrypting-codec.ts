import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { PERSONAL_FIELDS } from '@pairtrail/domain';
import type { PersonalDataCodec } from './personal-data.codec';
import { KeyDestroyedError, type KeyStore } from './key-store';

/** What an encrypted field looks like inside an event's data. */
interface Sealed {
  $enc: 'aes-256-gcm';
  subject: string;
  iv: string;
  tag: string;
  ct: string;
}

/** Shown where erased personal data was. */
export const ERASED = '[erased]';

const isSealed = (v: unknown): v is Sealed => typeof v === 'object' && v !== null && (v as Sealed).$enc === 'aes-256-gcm';

/** The subjects whose keys seal personal data anywhere in an event's data, as it is stored. */
export function sealedSubjects(data: unknown, into = new Set<string>()): Set<string> {
  if (isSealed(data)) into.add(data.subject);
  else if (typeof data === 'object' && data !== null) for (const value of Object.values(data)) sealedSubjects(value, into);
  return into;
}

/**
 * Whose key protects a field: the participant for their own data and the reflections they wrote, the
 * pair for its joint notes, the user for their name.
 */
export function subjectOf(stream: string, type: string, path: string, data: Record<string, unknown>): string {
  if (stream.startsWith('pair-')) {
    if (type === 'ReflectionRecorded' && path === 'text') return `participant-${String(data.participantId)}`;
    if (type === 'EntryCorrected' && path === 'replacement.text' && typeof data.subjectId === 'string') return `participant-${data.subjectId}`;
  }
  return stream;
}

function mapPath(data: Record<string, unknown>, path: string, fn: (value: unknown) => unknown): Record<string, unknown> {
  const [head, ...rest] = path.split('.');
  if (!(head! in data)) return data;
  const value = data[head!];
  if (rest.length === 0) return { ...data, [head!]: fn(value) };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return data;
  return { ...data, [head!]: mapPath(value as Record<string, unknown>, rest.join('.'), fn) };
}

/**
 * The personal-data codec with encryption: each personal field (domain PERSONAL_FIELDS) is sealed with
 * AES-256-GCM under its subject's data key. The hash chain covers the sealed form, so it still verifies
 * after a key is destroyed; reading a field whose key is gone gives "[erased]".
 */
export class EncryptingCodec implements PersonalDataCodec {
  constructor(private readonly keys: KeyStore) {}

  encode(stream: string, type: string, data: Record<string, unknown>): Record<string, unknown> {
    let out = data;
    for (const path of PERSONAL_FIELDS[type] ?? []) {
      out = mapPath(out, path, (value) => {
        if (typeof value !== 'string' || isSealed(value)) return value;
        const subject = subjectOf(stream, type, path, data);
        const iv = randomBytes(12);
        const cipher = createCipheriv('aes-256-gcm', this.keys.keyFor(subject), iv);
        const ct = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
        const sealed: Sealed = {
          $enc: 'aes-256-gcm',
          subject,
          iv: iv.toString('base64'),
          tag: cipher.getAuthTag().toString('base64'),
          ct: ct.toString('base64'),
        };
        return sealed;
      });
    }
    return out;
  }

  decode(_stream: string, type: string, data: Record<string, unknown>, paths: readonly string[] = PERSONAL_FIELDS[type] ?? []): Record<string, unknown> {
    let out = data;
    for (const path of paths) {
      out = mapPath(out, path, (value) => {
        if (!isSealed(value)) return value;
        try {
          const decipher = createDecipheriv('aes-256-gcm', this.keys.sealedWith(value.subject), Buffer.from(value.iv, 'base64'));
          decipher.setAuthTag(Buffer.from(value.tag, 'base64'));
          return Buffer.concat([decipher.update(Buffer.from(value.ct, 'base64')), decipher.final()]).toString('utf8');
        } catch (error) {
          if (error instanceof KeyDestroyedError) return ERASED;
          throw error;
        }
      });
    }
    return out;
  }
}
