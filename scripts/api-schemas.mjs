// Generates apps/api/src/http/responses.schema.ts: the OpenAPI schemas of the API's JSON answers, from
// the types its handlers return (apps/api/src/http/responses.ts names them), so that /openapi.json and
// /docs say what every route gives back, and cannot drift from it.
//   node scripts/api-schemas.mjs          write it
//   node scripts/api-schemas.mjs --check  exit 1 if the committed file is stale (npm test runs this)
//   --target FILE                         another file to write or check
// Reads the TypeScript sources through the type checker (typescript-json-schema), so a handler's
// inferred return type is described as the compiler sees it; nothing needs building first.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { targetOr, writeOrCheck } from './generated-file.mjs';

const require = createRequire(import.meta.url);
const TJS = require('typescript-json-schema');
// The TypeScript it reads with, to read tsconfig as it does.
const ts = createRequire(require.resolve('typescript-json-schema'))('typescript');

const root = new URL('..', import.meta.url).pathname;
const source = join(root, 'apps/api/src/http/responses.ts');
const target = targetOr(join(root, 'apps/api/src/http/responses.schema.ts'));

/** The names responses.ts exports: each one a response schema. */
function exportedNames() {
  const names = [...readFileSync(source, 'utf8').matchAll(/^export type (\w+)\b/gm)].map((m) => m[1]);
  if (names.length === 0) throw new Error(`${source} exports no types`);
  return names;
}

function generate(names) {
  const config = ts.parseConfigFileTextToJson('tsconfig.base.json', readFileSync(join(root, 'tsconfig.base.json'), 'utf8'));
  if (config.error) throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, '\n'));
  const program = TJS.getProgramFromFiles([source], { ...config.config.compilerOptions, baseUrl: root }, root);
  const generator = TJS.buildGenerator(program, { required: true, strictNullChecks: true, ref: true, ignoreErrors: true });
  if (!generator) throw new Error(`${source} does not type-check`);
  // The generator knows a type by its name alone: an answer named as another type would be described as that one.
  const twice = names.filter((name) => generator.getSymbols(name).length > 1);
  if (twice.length) throw new Error(`${source}: ${twice.join(', ')} also name${twice.length === 1 ? 's' : ''} another type; rename the answer.`);
  // It warns of every property whose value it cannot evaluate for a default, which answers never have.
  const warn = console.warn;
  console.warn = () => {};
  try {
    return generator.getSchemaForSymbols(names).definitions;
  } finally {
    console.warn = warn;
  }
}

/** A name OpenAPI takes as a component's (`Page<Cohort>` is not one). */
const isComponentName = (name) => /^[A-Za-z0-9._-]+$/.test(name);

/**
 * The schemas as OpenAPI 3.0 writes them (the version @nestjs/swagger declares): `nullable` rather than
 * a null type, `enum` rather than `const`, references into components; types named with generic
 * arguments written out in place; no defaults (an answer has none). An object with named properties
 * has those alone (its generator's own option for it closes `Record<string, …>` too, which has none);
 * one without, such as an event's data, says that it takes any (a client's types would else be empty).
 */
function toOpenApi(definitions) {
  const convert = (schema) => {
    if (Array.isArray(schema)) return schema.map(convert);
    if (schema === null || typeof schema !== 'object') return schema;
    if (typeof schema.$ref === 'string') {
      const name = decodeURIComponent(schema.$ref.replace('#/definitions/', ''));
      if (!isComponentName(name)) return convert(definitions[name]);
      return { $ref: `#/components/schemas/${name}` };
    }
    const out = {};
    for (const [key, value] of Object.entries(schema)) {
      if (key === 'default' || key === '$schema') continue;
      if (key === 'properties') out.properties = Object.fromEntries(Object.entries(value).map(([name, s]) => [name, convert(s)]));
      else if (key === 'const') out.enum = [value];
      else out[key] = convert(value);
    }
    if (out.type === 'object' && !('additionalProperties' in out)) out.additionalProperties = !out.properties;
    return nullable(out);
  };
  const components = Object.fromEntries(
    Object.keys(definitions)
      .filter(isComponentName)
      .sort()
      .map((name) => [name, convert(definitions[name])]),
  );
  return Object.fromEntries(Object.entries(components).map(([name, schema]) => [name, mergeAllOf(schema, components)]));
}

/**
 * An intersection (`A & B`) as one object with the properties of each: as `allOf` of closed objects,
 * nothing could satisfy it, since each part refuses the properties of the others.
 */
function mergeAllOf(schema, components) {
  if (Array.isArray(schema)) return schema.map((s) => mergeAllOf(s, components));
  if (schema === null || typeof schema !== 'object') return schema;
  const out = Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [
      key,
      key === 'properties' ? Object.fromEntries(Object.entries(value).map(([n, s]) => [n, mergeAllOf(s, components)])) : mergeAllOf(value, components),
    ]),
  );
  if (!Array.isArray(out.allOf) || out.allOf.length < 2) return out;
  const resolve = (part) => (part.$ref ? mergeAllOf(components[part.$ref.replace('#/components/schemas/', '')], components) : part);
  const parts = out.allOf.map(resolve);
  if (!parts.every((p) => p.type === 'object' && p.properties)) throw new Error(`cannot merge an intersection of ${JSON.stringify(out.allOf)}`);
  const { allOf: _parts, ...rest } = out;
  return {
    ...rest,
    type: 'object',
    properties: Object.assign({}, ...parts.map((p) => p.properties)),
    required: [...new Set(parts.flatMap((p) => p.required ?? []))].sort(),
    additionalProperties: false,
  };
}

/** Null as one answer among others: OpenAPI 3.0 has no null type, only `nullable` beside a type. */
const NULL = { type: 'object', nullable: true, enum: [null] };

/** `type: [T, 'null']` and `anyOf: [S, { type: 'null' }]` as OpenAPI 3.0 can say them. */
function nullable(schema) {
  if (Array.isArray(schema.type)) {
    const types = schema.type.filter((t) => t !== 'null');
    const rest = { ...schema };
    delete rest.type;
    const isNullable = types.length < schema.type.length;
    if (types.length === 1) return { ...rest, type: types[0], ...(isNullable ? { nullable: true } : {}) };
    return { ...rest, anyOf: [...types.map((type) => ({ type })), ...(isNullable ? [NULL] : [])] };
  }
  for (const key of ['anyOf', 'oneOf']) {
    const options = schema[key];
    if (!Array.isArray(options) || !options.some((o) => o.type === 'null')) continue;
    const others = options.filter((o) => o.type !== 'null');
    const rest = { ...schema };
    delete rest[key];
    const [only] = others;
    // An enum that may be null lists null too, or null is not among its values.
    if (others.length === 1 && typeof only.type === 'string') return { ...rest, ...only, nullable: true, ...(only.enum ? { enum: [...only.enum, null] } : {}) };
    // `allOf: [ref], nullable` would still hold null to the reference's schema.
    return { ...rest, [key]: [...others, NULL] };
  }
  return schema;
}

const header = `// Generated by scripts/api-schemas.mjs from apps/api/src/http/responses.ts. Do not edit; run \`npm run api:schemas\`.
/** The OpenAPI schemas of the API's JSON answers, by name, with the types they refer to. */
`;
const contents = `${header}export const RESPONSE_SCHEMAS = ${JSON.stringify(toOpenApi(generate(exportedNames())), null, 2)};\n`;

writeOrCheck(target, contents, 'an answer’s type changed. Run `npm run api:schemas` and commit it.');
