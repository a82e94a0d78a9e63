import { EventStoreDBClient } from '@eventstore/db-client';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CORE_SCHEMA, load, mergeTag } from 'js-yaml';
import { loadConfig } from '@pairtrail/application';
import { tempDir } from '@pairtrail/testing';

const root = resolve(__dirname, '../..');

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string | number>;
  depends_on?: Record<string, unknown>;
}

const compose = (file: string) =>
  load(readFileSync(join(root, 'docker', file), 'utf8'), { schema: CORE_SCHEMA.withTags(mergeTag) }) as { services: Record<string, Service> };

/**
 * No Docker engine runs here, so the compose files cannot be started in CI. These checks catch what
 * breaks them most often: a path, a command or a setting that no longer exists.
 */
describe.each(['docker-compose.yml', 'docker-compose.cluster.yml'])('docker/%s', (file) => {
  const { services } = compose(file);

  it('builds the app from the Dockerfile, whose every COPY source exists', () => {
    const dockerfile = readFileSync(join(root, 'docker', 'Dockerfile'), 'utf8');
    const sources = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1]!.split(/\s+/));
    expect(sources.length).toBeGreaterThan(3);
    for (const source of sources) expect({ source, exists: existsSync(join(root, source)) }).toEqual({ source, exists: true });
    for (const name of ['api', 'projector']) expect(services[name]!.build).toEqual({ context: '..', dockerfile: 'docker/Dockerfile' });
  });

  it('runs the API and the projector from scripts the build makes', () => {
    expect(services.api!.command).toEqual(['apps/cli/dist/main.js', 'serve']);
    expect(services.projector!.command).toEqual(['apps/projector/dist/main.js']);
    for (const name of ['api', 'projector'])
      expect(existsSync(join(root, services[name]!.command![0]!.replace('dist', 'src').replace(/\.js$/, '.ts')))).toBe(true);
  });

  it('gives both a configuration Pairtrail accepts, on EventStoreDB, whose connection string the client parses', () => {
    const dir = tempDir();
    try {
      const keyFile = join(dir.path, 'master.key');
      writeFileSync(keyFile, Buffer.alloc(32, 7).toString('base64'));
      for (const name of ['api', 'projector']) {
        const env = Object.fromEntries(Object.entries(services[name]!.environment!).map(([k, v]) => [k, String(v)]));
        const config = loadConfig({ ...env, NODE_ENV: 'production', PAIRTRAIL_MASTER_KEY_FILE: keyFile });
        expect(config.eventStore).toBe('esdb');
        expect(config.projections).toBe(false);
        expect(() => EventStoreDBClient.connectionString(config.eventStoreConnectionString!)).not.toThrow();
        const hosts = [...config.eventStoreConnectionString!.matchAll(/(\w+):2113/g)].map((m) => m[1]!);
        for (const host of hosts) expect(services[host]?.image).toMatch(/^eventstore\/eventstore:/);
        expect(Object.keys(services[name]!.depends_on!).sort()).toEqual(hosts.sort());
      }
    } finally {
      dir.remove();
    }
  });
});

describe('the three-node cluster', () => {
  it('has three EventStoreDB nodes of cluster size 3, each gossiping with the other two', () => {
    const { services } = compose('docker-compose.cluster.yml');
    const nodes = Object.entries(services).filter(([, s]) => s.image?.startsWith('eventstore/'));
    expect(nodes.map(([n]) => n)).toEqual(['esdb1', 'esdb2', 'esdb3']);
    for (const [name, node] of nodes) {
      expect(String(node.environment!.EVENTSTORE_CLUSTER_SIZE)).toBe('3');
      const seeds = String(node.environment!.EVENTSTORE_GOSSIP_SEED)
        .split(',')
        .map((s) => s.split(':')[0]);
      expect(seeds.sort()).toEqual(['esdb1', 'esdb2', 'esdb3'].filter((n) => n !== name));
    }
  });
});
