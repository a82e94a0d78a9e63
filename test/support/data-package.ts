import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The files of a report pack, by name in order: the figures, what their columns mean, and the manifest. */
export const REPORT_PACK_FILES = [
  'approaches.csv',
  'cohorts.csv',
  'datapackage.json',
  'funnel.csv',
  'manifest.json',
  'monthly.csv',
  'pairs.csv',
  'relationship.csv',
  'service-areas.csv',
  'summary.md',
];

/** As much of the Frictionless reference implementation (`datapackage`, CommonJS, untyped) as the tests read. */
interface FrictionlessPackage {
  valid: boolean;
  errors: Error[];
  resources: {
    name: string;
    descriptor: { path: string; schema: { fields: { name: string }[] } };
    read(options: { keyed: true; relations: true }): Promise<Record<string, unknown>[]>;
  }[];
}

const { Package } = require('datapackage') as { Package: { load(descriptor: string, basePath: string): Promise<FrictionlessPackage> } };

/** What reading a folder's datapackage.json and every file it describes gave: each file's rows, typed, or what was wrong. */
export interface ReadPackage {
  /** The descriptor's problems against the tabular data package profile. */
  errors: string[];
  rows: Record<string, Record<string, unknown>[]>;
  /** Each file whose header is not its schema's fields in order, or whose values break the schema (types, constraints, keys). */
  problems: Record<string, string>;
}

/**
 * Reads a folder as a Frictionless tabular data package with the specification's own JavaScript
 * implementation: the descriptor validated against its profile, and each file read whole, every value
 * cast to its field's type and held to its constraints, the primary and foreign keys resolved.
 */
export async function readDataPackage(folder: string): Promise<ReadPackage> {
  const pkg = await Package.load(join(folder, 'datapackage.json'), folder);
  const read: ReadPackage = { errors: pkg.errors.map(String), rows: {}, problems: {} };
  for (const resource of pkg.resources) {
    const { path, schema } = resource.descriptor;
    const header = readFileSync(join(folder, path), 'utf8').split('\r\n')[0];
    const fields = schema.fields.map((f) => f.name).join(',');
    if (header !== fields) read.problems[resource.name] = `its header is ${header}, its schema's fields ${fields}`;
    try {
      read.rows[resource.name] = await resource.read({ keyed: true, relations: true });
    } catch (error) {
      const { message, errors = [] } = error as { message: string; errors?: Error[] };
      read.problems[resource.name] = [message, ...errors.map(String)].join('; ');
    }
  }
  return read;
}
