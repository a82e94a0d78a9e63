import { Command, InvalidArgumentError } from 'commander';
import { EsdbEmulator } from './esdb-emulator';

/** `npm run esdb-emulator -- --port P [--batch-append on|off]`: the wire emulator on 127.0.0.1, until Ctrl-C. */
const program = new Command('esdb-emulator')
  .description("An in-process server speaking EventStoreDB's gRPC protocol, for trying Pairtrail's EventStoreDB mode without a server")
  .option(
    '--port <port>',
    'the port to listen on (0 picks a free one)',
    (raw) => {
      const port = Number(raw);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('--port must be a whole number from 0 to 65535.');
      return port;
    },
    2113,
  )
  .option(
    '--batch-append <on|off>',
    'whether the server advertises BatchAppend',
    (raw) => {
      if (raw !== 'on' && raw !== 'off') throw new InvalidArgumentError('--batch-append must be on or off.');
      return raw;
    },
    'on',
  )
  .action(async (options: { port: number; batchAppend: 'on' | 'off' }) => {
    const emulator = await EsdbEmulator.start({ port: options.port, batchAppend: options.batchAppend === 'on' });
    process.stdout.write(`EventStoreDB wire emulator listening: ${emulator.connectionString} (BatchAppend ${options.batchAppend})\n`);
    const stop = () => void emulator.close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`esdb-emulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
