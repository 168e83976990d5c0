import { connect, type Socket } from 'node:net';

/** What one SMTP client connection saw of its last message: DATA end to the server's reply. */
export type DataReplyProbe = {
  /** Milliseconds from the last byte of the message (`\r\n.\r\n`) written to the reply read; NaN if none yet. */
  lastMs: number;
  /** The reply line itself (`250 OK: message queued`, `451 …`). */
  lastReply: string;
  /** For nodemailer's `getSocket`: a loopback connection whose writes and reads are watched. */
  getSocket: (
    options: { host?: string | undefined; port?: number | string | undefined },
    callback: (error: Error | null, socketOptions?: { connection: Socket }) => void,
  ) => void;
};

const END_OF_DATA = Buffer.from('\r\n.\r\n');

/**
 * A probe for one nodemailer connection (pool of 1): it opens the socket itself and hands it to
 * nodemailer as an already connected `connection`, then watches both directions. The message ends
 * with `\r\n.\r\n` (dot-stuffing keeps that sequence out of the body), so the moment those bytes are
 * written is the DATA end, and the next reply line the server sends is the answer to it. This is the
 * client's view over loopback: no server code is touched.
 */
export const dataReplyProbe = (): DataReplyProbe => {
  const probe: DataReplyProbe = {
    lastMs: Number.NaN,
    lastReply: '',
    getSocket: (options, callback) => {
      const socket = connect({ host: options.host ?? '127.0.0.1', port: Number(options.port ?? 25) });
      let tail = Buffer.alloc(0);
      let dataEndAt: number | undefined;
      let pending = '';
      const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
      socket.write = ((chunk: unknown, ...rest: unknown[]) => {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
        tail = Buffer.concat([tail, bytes.subarray(-END_OF_DATA.length)]).subarray(-END_OF_DATA.length);
        const result = write(chunk, ...rest);
        if (tail.equals(END_OF_DATA)) {
          dataEndAt = performance.now();
          pending = '';
        }
        return result;
      }) as typeof socket.write;
      const emit = socket.emit.bind(socket) as (event: string | symbol, ...args: unknown[]) => boolean;
      socket.emit = ((event: string | symbol, ...args: unknown[]) => {
        if (event === 'data' && dataEndAt !== undefined) {
          pending += String(args[0]);
          // A complete final reply line: `250 …\r\n` (a multi-line reply has `250-` before it).
          const line = pending.split('\r\n').find((candidate) => /^\d{3} /.test(candidate));
          if (line !== undefined) {
            probe.lastMs = performance.now() - dataEndAt;
            probe.lastReply = line;
            dataEndAt = undefined;
            pending = '';
          }
        }
        return emit(event, ...args);
      }) as typeof socket.emit;
      const failed = (error: Error) => callback(error);
      socket.once('error', failed);
      socket.once('connect', () => {
        socket.off('error', failed);
        callback(null, { connection: socket });
      });
    },
  };
  return probe;
};
