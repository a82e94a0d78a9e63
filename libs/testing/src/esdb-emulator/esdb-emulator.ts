import * as grpc from '@grpc/grpc-js';
import { StreamsService, type IStreamsServer } from '@eventstore/db-client/generated/streams_grpc_pb';
import { AppendReq, AppendResp, BatchAppendReq, BatchAppendResp, ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { AllStreamPosition, MaximumAppendSizeExceeded, StreamIdentifier, UUID, WrongExpectedVersion } from '@eventstore/db-client/generated/shared_pb';
import { Status } from '@eventstore/db-client/generated/status_pb';
import { ServerFeaturesService, type IServerFeaturesServer } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { SupportedMethod, SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { Empty } from 'google-protobuf/google/protobuf/empty_pb';
import { EmulatedLog, type Expected, type Proposed, type StoredRecord } from './emulated-log';

/**
 * An in-process server that speaks the part of EventStoreDB's gRPC protocol that `@eventstore/db-client`
 * uses: `Streams.Append`, `Streams.BatchAppend`, `Streams.Read` (streams and `$all`, both directions,
 * and subscriptions with filters, checkpoints and caught-up) and `ServerFeatures.GetSupportedMethods`.
 * Every message is built from the client package's own generated classes, loaded from the installed
 * package: nothing of the client is copied here.
 */
export interface EsdbEmulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Whether `ServerFeatures` advertises `BatchAppend`, so the client appends through it (the default) or `Append`. */
  batchAppend?: boolean;
  /** The largest append the server takes, in bytes of event data and metadata (EventStoreDB's default: 1 MiB). */
  maxAppendSize?: number;
  /** Writes a system event (`$statsCollected`) after every this many appends, as a real server interleaves them; 0 never. */
  systemEventEvery?: number;
}

const SERVER_VERSION = '24.10.0';
/** EventStoreDB's default filter search window, multiplied by the client's checkpoint interval. */
const DEFAULT_WINDOW = 32;

interface ServiceError extends Error {
  code: grpc.status;
  details: string;
  metadata: grpc.Metadata;
}

const serviceError = (code: grpc.status, details: string, trailers: Record<string, string> = {}): ServiceError => {
  const metadata = new grpc.Metadata();
  for (const [key, value] of Object.entries(trailers)) metadata.set(key, value);
  return Object.assign(new Error(details), { code, details, metadata });
};

const uuidToString = (uuid: UUID | undefined): string => {
  if (!uuid) return '';
  if (!uuid.hasStructured()) return uuid.getString();
  const structured = uuid.getStructured()!;
  const hex = (value: string) => BigInt.asUintN(64, BigInt(value)).toString(16).padStart(16, '0');
  const all = hex(structured.getMostSignificantBits()) + hex(structured.getLeastSignificantBits());
  return `${all.slice(0, 8)}-${all.slice(8, 12)}-${all.slice(12, 16)}-${all.slice(16, 20)}-${all.slice(20)}`;
};

const toUuid = (id: string, structured: boolean): UUID => {
  const uuid = new UUID();
  if (!structured) return uuid.setString(id);
  const hex = id.replace(/-/g, '');
  const signed = (part: string) => BigInt.asIntN(64, BigInt(`0x${part}`)).toString();
  return uuid.setStructured(new UUID.Structured().setMostSignificantBits(signed(hex.slice(0, 16))).setLeastSignificantBits(signed(hex.slice(16))));
};

const streamIdentifier = (stream: string) => new StreamIdentifier().setStreamName(Buffer.from(stream, 'utf8'));
const streamName = (identifier: StreamIdentifier | undefined) => Buffer.from(identifier?.getStreamName_asU8() ?? new Uint8Array()).toString('utf8');

function proposed(message: AppendReq.ProposedMessage | BatchAppendReq.ProposedMessage): Proposed {
  const metadata = message.getMetadataMap();
  return {
    id: uuidToString(message.getId()),
    type: metadata.get('type') ?? '',
    contentType: metadata.get('content-type') ?? 'application/octet-stream',
    data: message.getData_asU8(),
    customMetadata: message.getCustomMetadata_asU8(),
  };
}

function recordedEvent(record: StoredRecord, structured: boolean): ReadResp {
  const event = new ReadResp.ReadEvent.RecordedEvent()
    .setId(toUuid(record.id, structured))
    .setStreamIdentifier(streamIdentifier(record.stream))
    .setStreamRevision(record.revision.toString())
    .setPreparePosition(record.position.toString())
    .setCommitPosition(record.position.toString())
    .setData(record.data)
    .setCustomMetadata(record.customMetadata);
  event.getMetadataMap().set('type', record.type).set('content-type', record.contentType).set('created', record.created.toString());
  return new ReadResp().setEvent(new ReadResp.ReadEvent().setEvent(event).setCommitPosition(record.position.toString()));
}

const checkpoint = (position: bigint) =>
  new ReadResp().setCheckpoint(new ReadResp.Checkpoint().setCommitPosition(position.toString()).setPreparePosition(position.toString()));

type Filter = { on: 'stream' | 'type'; matches: (value: string) => boolean; checkpointEvery: number };

function compileFilter(options: ReadReq.Options): Filter | undefined {
  if (!options.hasFilter()) return undefined;
  const filter = options.getFilter()!;
  const on = filter.hasStreamIdentifier() ? 'stream' : 'type';
  const expression = (on === 'stream' ? filter.getStreamIdentifier() : filter.getEventType())!;
  const prefixes = expression.getPrefixList();
  const regex = expression.getRegex() ? new RegExp(expression.getRegex()) : undefined;
  const window = filter.getWindowCase() === ReadReq.Options.FilterOptions.WindowCase.MAX ? filter.getMax() : DEFAULT_WINDOW;
  return {
    on,
    matches: (value) => (prefixes.length > 0 ? prefixes.some((p) => value.startsWith(p)) : regex ? regex.test(value) : true),
    checkpointEvery: Math.max(1, window * Math.max(1, filter.getCheckpointintervalmultiplier())),
  };
}

const passes = (record: StoredRecord, filter: Filter | undefined) => !filter || filter.matches(filter.on === 'stream' ? record.stream : record.type);

/** Ends a server-streaming call with an error status (grpc-js sends the status when the stream ends). */
const fail = (call: NodeJS.EventEmitter, error: ServiceError) => void call.emit('error', error);

/** Writes to a server stream, waiting when the client is slow (gRPC backpressure). */
async function send(call: grpc.ServerWritableStream<ReadReq, ReadResp>, message: ReadResp): Promise<void> {
  if (!call.write(message)) await new Promise<void>((resolve) => call.once('drain', resolve));
}

export class EsdbEmulator {
  readonly log: EmulatedLog;
  private readonly server = new grpc.Server();
  private readonly subscriptions = new Set<{ call: grpc.ServerWritableStream<ReadReq, ReadResp>; wake(): void }>();
  private readonly batchAppend: boolean;
  private readonly maxAppendSize: number;
  private port = 0;
  /** How many calls each RPC has had, so a test can tell which append path the client took. */
  readonly calls = { append: 0, batchAppend: 0, read: 0, subscribe: 0 };

  private constructor(private readonly options: EsdbEmulatorOptions) {
    this.batchAppend = options.batchAppend ?? true;
    this.maxAppendSize = options.maxAppendSize ?? 1024 * 1024;
    this.log = new EmulatedLog({ systemEventEvery: options.systemEventEvery ?? 5 });
    this.log.onAppend = () => this.subscriptions.forEach((s) => s.wake());
    this.server.addService(StreamsService, this.streamsService());
    this.server.addService(ServerFeaturesService, this.serverFeaturesService());
  }

  static async start(options: EsdbEmulatorOptions = {}): Promise<EsdbEmulator> {
    const emulator = new EsdbEmulator(options);
    const host = options.host ?? '127.0.0.1';
    emulator.port = await new Promise<number>((resolve, reject) =>
      emulator.server.bindAsync(`${host}:${options.port ?? 0}`, grpc.ServerCredentials.createInsecure(), (error, port) =>
        error ? reject(error) : resolve(port),
      ),
    );
    return emulator;
  }

  get connectionString(): string {
    return `esdb://${this.options.host ?? '127.0.0.1'}:${this.port}?tls=false`;
  }

  get listeningPort(): number {
    return this.port;
  }

  /** Ends every open subscription with UNAVAILABLE, as a server restart or a leader change would. */
  dropSubscriptions(): void {
    const dropped = [...this.subscriptions];
    this.subscriptions.clear();
    for (const subscription of dropped) {
      fail(subscription.call, serviceError(grpc.status.UNAVAILABLE, 'Server is shutting down'));
      subscription.wake();
    }
  }

  async close(): Promise<void> {
    this.dropSubscriptions();
    this.server.forceShutdown();
  }

  private serverFeaturesService(): IServerFeaturesServer {
    return {
      getSupportedMethods: (_call, callback) => {
        const method = (service: string, name: string, features: string[] = []) =>
          new SupportedMethod().setServiceName(service).setMethodName(name).setFeaturesList(features);
        const streams = 'event_store.client.streams.streams';
        const methods = [
          method(streams, 'read', ['all', 'stream', 'position']),
          method(streams, 'append'),
          ...(this.batchAppend ? [method(streams, 'batchappend')] : []),
          method('event_store.client.server_features.serverfeatures', 'getsupportedmethods'),
        ];
        callback(null, new SupportedMethods().setMethodsList(methods).setEventStoreServerVersion(SERVER_VERSION));
      },
    };
  }

  private streamsService(): IStreamsServer {
    return {
      read: (call) => void this.read(call).catch((error: Error) => fail(call, serviceError(grpc.status.INTERNAL, error.message))),
      append: (call, callback) => this.append(call, callback),
      batchAppend: (call) => this.batch(call),
      delete: (_call, callback) => callback(serviceError(grpc.status.UNIMPLEMENTED, 'Pairtrail never deletes a stream; the emulator has no Delete.')),
      tombstone: (_call, callback) => callback(serviceError(grpc.status.UNIMPLEMENTED, 'Pairtrail never deletes a stream; the emulator has no Tombstone.')),
    };
  }

  /** The size the server's limit counts: data, custom metadata and type of every event. */
  private tooLarge(events: Proposed[]): boolean {
    return events.reduce((sum, e) => sum + e.data.length + e.customMetadata.length + e.type.length, 0) > this.maxAppendSize;
  }

  private append(call: grpc.ServerReadableStream<AppendReq, AppendResp>, callback: grpc.sendUnaryData<AppendResp>): void {
    this.calls.append += 1;
    let options: AppendReq.Options | undefined;
    const events: Proposed[] = [];
    call.on('data', (request: AppendReq) => {
      if (request.hasOptions()) options = request.getOptions();
      else if (request.hasProposedMessage()) events.push(proposed(request.getProposedMessage()!));
    });
    call.on('error', () => undefined);
    call.on('end', () => {
      if (!options) return callback(serviceError(grpc.status.INVALID_ARGUMENT, 'The first message of an append must carry its options.'));
      if (this.tooLarge(events)) {
        return callback(
          serviceError(grpc.status.INVALID_ARGUMENT, `Maximum Append Size of ${this.maxAppendSize} Exceeded.`, {
            exception: 'maximum-append-size-exceeded',
            'maximum-append-size': String(this.maxAppendSize),
          }),
        );
      }
      const Case = AppendReq.Options.ExpectedStreamRevisionCase;
      const expected: Expected = ((): Expected => {
        switch (options.getExpectedStreamRevisionCase()) {
          case Case.REVISION:
            return BigInt(options.getRevision());
          case Case.NO_STREAM:
            return 'no_stream';
          case Case.STREAM_EXISTS:
            return 'stream_exists';
          default:
            return 'any';
        }
      })();
      const outcome = this.log.append(streamName(options.getStreamIdentifier()), expected, events);
      const response = new AppendResp();
      if (outcome.ok) {
        const position = new AppendResp.Position().setCommitPosition(outcome.position.toString()).setPreparePosition(outcome.position.toString());
        response.setSuccess(new AppendResp.Success().setCurrentRevision(outcome.revision.toString()).setPosition(position));
      } else {
        const wrong = new AppendResp.WrongExpectedVersion();
        if (outcome.current < 0n) wrong.setCurrentNoStream(new Empty());
        else wrong.setCurrentRevision(outcome.current.toString());
        if (typeof expected === 'bigint') wrong.setExpectedRevision(expected.toString());
        else if (expected === 'no_stream') wrong.setExpectedNoStream(new Empty());
        else if (expected === 'stream_exists') wrong.setExpectedStreamExists(new Empty());
        else wrong.setExpectedAny(new Empty());
        response.setWrongExpectedVersion(wrong);
      }
      callback(null, response);
    });
  }

  private batch(call: grpc.ServerDuplexStream<BatchAppendReq, BatchAppendResp>): void {
    this.calls.batchAppend += 1;
    if (!this.batchAppend) {
      fail(call, serviceError(grpc.status.UNIMPLEMENTED, 'BatchAppend is turned off on this emulator.'));
      return;
    }
    const pending = new Map<string, { options: BatchAppendReq.Options; events: Proposed[] }>();
    call.on('error', () => undefined);
    call.on('end', () => call.end());
    call.on('data', (request: BatchAppendReq) => {
      const correlation = uuidToString(request.getCorrelationId());
      let entry = pending.get(correlation);
      if (!entry) {
        entry = { options: request.getOptions() ?? new BatchAppendReq.Options(), events: [] };
        pending.set(correlation, entry);
      }
      entry.events.push(...request.getProposedMessagesList().map(proposed));
      if (!request.getIsFinal()) return;
      pending.delete(correlation);
      call.write(this.batchResult(request.getCorrelationId()!, entry.options, entry.events));
    });
  }

  private batchResult(correlationId: UUID, options: BatchAppendReq.Options, events: Proposed[]): BatchAppendResp {
    const response = new BatchAppendResp().setCorrelationId(correlationId).setStreamIdentifier(options.getStreamIdentifier());
    const Case = BatchAppendReq.Options.ExpectedStreamPositionCase;
    let expected: Expected = 'any';
    switch (options.getExpectedStreamPositionCase()) {
      case Case.STREAM_POSITION:
        expected = BigInt(options.getStreamPosition());
        response.setStreamPosition(options.getStreamPosition());
        break;
      case Case.NO_STREAM:
        expected = 'no_stream';
        response.setNoStream(new Empty());
        break;
      case Case.STREAM_EXISTS:
        expected = 'stream_exists';
        response.setStreamExists(new Empty());
        break;
      default:
        response.setAny(new Empty());
    }
    const error = (code: grpc.status, message: string, details: { serializeBinary(): Uint8Array }, typeName: string) => {
      const any = new Any();
      any.pack(details.serializeBinary(), typeName);
      return response.setError(
        new Status()
          .setCode(code as number)
          .setMessage(message)
          .setDetails(any),
      );
    };
    if (this.tooLarge(events)) {
      const details = new MaximumAppendSizeExceeded().setMaxappendsize(this.maxAppendSize);
      return error(
        grpc.status.INVALID_ARGUMENT,
        `Maximum Append Size of ${this.maxAppendSize} Exceeded.`,
        details,
        'event_store.client.MaximumAppendSizeExceeded',
      );
    }
    const outcome = this.log.append(streamName(options.getStreamIdentifier()), expected, events);
    if (!outcome.ok) {
      const details = new WrongExpectedVersion();
      if (outcome.current < 0n) details.setCurrentNoStream(new Empty());
      else details.setCurrentStreamRevision(outcome.current.toString());
      if (typeof expected === 'bigint') details.setExpectedStreamPosition(expected.toString());
      else if (expected === 'no_stream') details.setExpectedNoStream(new Empty());
      else if (expected === 'stream_exists') details.setExpectedStreamExists(new Empty());
      else details.setExpectedAny(new Empty());
      return error(grpc.status.FAILED_PRECONDITION, 'Wrong expected version.', details, 'event_store.client.WrongExpectedVersion');
    }
    const position = new AllStreamPosition().setCommitPosition(outcome.position.toString()).setPreparePosition(outcome.position.toString());
    return response.setSuccess(new BatchAppendResp.Success().setCurrentRevision(outcome.revision.toString()).setPosition(position));
  }

  private async read(call: grpc.ServerWritableStream<ReadReq, ReadResp>): Promise<void> {
    const options = call.request.getOptions();
    if (!options) return fail(call, serviceError(grpc.status.INVALID_ARGUMENT, 'A read needs options.'));
    const structured = options.getUuidOption()?.hasStructured() ?? false;
    const filter = compileFilter(options);
    const backwards = options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS;
    const { StreamOptionCase, CountOptionCase } = ReadReq.Options;
    const ofStream = options.getStreamOptionCase() === StreamOptionCase.STREAM ? streamName(options.getStream()!.getStreamIdentifier()) : undefined;

    if (options.getCountOptionCase() === CountOptionCase.SUBSCRIPTION) {
      this.calls.subscribe += 1;
      return this.subscribe(call, options, ofStream, filter, structured);
    }
    this.calls.read += 1;

    const count = Number(BigInt(options.getCount() || '0'));
    let records: Iterable<StoredRecord>;
    if (ofStream !== undefined) {
      const stream = this.log.stream(ofStream);
      if (!stream) {
        call.write(new ReadResp().setStreamNotFound(new ReadResp.StreamNotFound().setStreamIdentifier(streamIdentifier(ofStream))));
        call.end();
        return;
      }
      const revisionOptions = options.getStream()!;
      const { RevisionOptionCase } = ReadReq.Options.StreamOptions;
      const revisionCase = revisionOptions.getRevisionOptionCase();
      const from =
        revisionCase === RevisionOptionCase.REVISION
          ? BigInt(revisionOptions.getRevision())
          : revisionCase === RevisionOptionCase.END
            ? BigInt(stream.length - 1)
            : 0n;
      records = backwards ? stream.filter((r) => r.revision <= from).reverse() : stream.filter((r) => r.revision >= from);
    } else {
      const all = options.getAll()!;
      const { AllOptionCase } = ReadReq.Options.AllOptions;
      const from = all.getAllOptionCase();
      const length = this.log.records.length;
      const start =
        from === AllOptionCase.END ? length : from === AllOptionCase.POSITION ? this.log.indexAtOrAfter(BigInt(all.getPosition()!.getCommitPosition())) : 0;
      // Forwards from a position includes the event there; backwards from a position takes what lies before it.
      records = this.log.walk(start, backwards);
    }
    let sent = 0;
    for (const record of records) {
      if (sent >= count || call.cancelled) break;
      if (!passes(record, filter)) continue;
      await send(call, recordedEvent(record, structured));
      sent += 1;
    }
    call.end();
  }

  /** A catch-up subscription: the log after the start (exclusive), then live events, until cancelled. */
  private async subscribe(
    call: grpc.ServerWritableStream<ReadReq, ReadResp>,
    options: ReadReq.Options,
    ofStream: string | undefined,
    filter: Filter | undefined,
    structured: boolean,
  ): Promise<void> {
    let index = 0;
    if (ofStream !== undefined) {
      const revisionOptions = options.getStream()!;
      const { RevisionOptionCase } = ReadReq.Options.StreamOptions;
      const stream = this.log.stream(ofStream) ?? [];
      if (revisionOptions.getRevisionOptionCase() === RevisionOptionCase.END) index = this.log.records.length;
      else if (revisionOptions.getRevisionOptionCase() === RevisionOptionCase.REVISION) {
        const after = stream.find((r) => r.revision === BigInt(revisionOptions.getRevision()));
        index = after ? this.log.indexAtOrAfter(after.position) + 1 : 0;
      }
    } else {
      const all = options.getAll()!;
      const { AllOptionCase } = ReadReq.Options.AllOptions;
      if (all.getAllOptionCase() === AllOptionCase.END) index = this.log.records.length;
      else if (all.getAllOptionCase() === AllOptionCase.POSITION) {
        const from = BigInt(all.getPosition()!.getCommitPosition());
        index = this.log.indexAtOrAfter(from);
        if (this.log.records[index]?.position === from) index += 1;
      }
    }
    let wake: () => void = () => undefined;
    const subscription = { call, wake: () => wake() };
    this.subscriptions.add(subscription);
    call.on('cancelled', () => {
      this.subscriptions.delete(subscription);
      wake();
    });
    call.write(new ReadResp().setConfirmation(new ReadResp.SubscriptionConfirmation().setSubscriptionId(`emulated-${Math.random().toString(36).slice(2)}`)));
    let scanned = 0;
    let caughtUp = false;
    while (!call.cancelled && this.subscriptions.has(subscription)) {
      const record = this.log.records[index];
      if (!record) {
        if (!caughtUp) {
          if (filter && index > 0) await send(call, checkpoint(this.log.records[index - 1]!.position));
          await send(call, new ReadResp().setCaughtUp(new ReadResp.CaughtUp()));
          caughtUp = true;
        }
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      index += 1;
      scanned += 1;
      const wanted = (ofStream === undefined || record.stream === ofStream) && passes(record, filter);
      if (wanted) await send(call, recordedEvent(record, structured));
      if (filter && scanned % filter.checkpointEvery === 0) await send(call, checkpoint(record.position));
    }
  }
}
