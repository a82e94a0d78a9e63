import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Pairtrail's version, from the root package.json: said by `pairtrail --version` and `GET /health`, so a
 * problem can be reported against the version that showed it. This file sits two directories below the
 * root, in src/ and in dist/ alike.
 */
export const PAIRTRAIL_VERSION: string = (JSON.parse(readFileSync(resolve(__dirname, '../../../package.json'), 'utf8')) as { version: string }).version;
