import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { env } from '../env.ts';
import type { DomainEvent } from './event.ts';
import { EVENT_SOURCE } from './routing.ts';

const endpoint = process.env.EVENTBRIDGE_ENDPOINT || undefined;

/** The EventBridge client; locally it talks to the runtime's bus emulation over the same wire API. */
export const eventBridge = new EventBridgeClient({
  region: env.region,
  ...(endpoint ? { endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
});

/** PutEvents takes at most 10 entries per call. */
export const PUT_EVENTS_BATCH = 10;

/**
 * Puts events on the bus (source `frontoffice`, detail-type = event name, detail = the envelope).
 * Returns the ids of the events EventBridge did not accept, so the caller can retry just those.
 */
export const putEvents = async (events: DomainEvent[]): Promise<string[]> => {
  const failed: string[] = [];
  for (let start = 0; start < events.length; start += PUT_EVENTS_BATCH) {
    const batch = events.slice(start, start + PUT_EVENTS_BATCH);
    const result = await eventBridge.send(
      new PutEventsCommand({
        Entries: batch.map((event) => ({
          EventBusName: env.eventBusName,
          Source: EVENT_SOURCE,
          DetailType: event.name,
          Time: new Date(event.occurredAt),
          Detail: JSON.stringify(event),
        })),
      }),
    );
    result.Entries?.forEach((entry, index) => {
      const event = batch[index];
      if (entry.ErrorCode && event) failed.push(event.id);
    });
  }
  return failed;
};
