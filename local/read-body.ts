import type { IncomingMessage } from 'node:http';

/** A request body as UTF-8 text, or undefined once it grows past `maxBytes` (the rest is not kept). */
export const readSmallBody = async (
  request: IncomingMessage,
  maxBytes: number,
): Promise<string | undefined> => {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
};
