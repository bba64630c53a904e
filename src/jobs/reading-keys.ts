/** The Redis keys of the live readings: the stream, its backlog and lock, the live channel, the telemetry. */
export interface ReadingStreamKeys {
  readonly stream: string;
  readonly backlog: string;
  /** per series (JSON [equipmentId, tag]) the latest source time queued: where a restarted
   * collector asks the server's history to go on from */
  readonly queuedUntil: string;
  readonly lock: string;
  readonly live: string;
  /** what each collector and writer says of itself (reading-telemetry.ts) */
  readonly collectors: string;
  readonly writers: string;
}

export function readingKeys(prefix: string): ReadingStreamKeys {
  return {
    stream: `${prefix}:readings`,
    backlog: `${prefix}:readings:backlog`,
    queuedUntil: `${prefix}:readings:queued-until`,
    lock: `${prefix}:readings:writer`,
    live: `${prefix}:readings:live`,
    collectors: `${prefix}:readings:collectors`,
    writers: `${prefix}:readings:writers`,
  };
}
