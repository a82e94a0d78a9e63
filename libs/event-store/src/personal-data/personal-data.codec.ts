/** Where an event's personal fields go on their way into and out of the store. */
export interface PersonalDataCodec {
  encode(stream: string, type: string, data: Record<string, unknown>): Record<string, unknown>;
  /** Opens the event's personal fields: those of `paths` when given, otherwise every one of its type. */
  decode(stream: string, type: string, data: Record<string, unknown>, paths?: readonly string[]): Record<string, unknown>;
}

/** The codec until personal-data protection lands: it leaves data as it is. */
export const identityCodec: PersonalDataCodec = {
  encode: (_stream, _type, data) => data,
  decode: (_stream, _type, data) => data,
};
