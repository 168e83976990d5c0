import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { Attachment } from '#shared/tickets/ticket.schema.ts';
import { s3Client } from './s3-client.ts';

/** One file to keep: what the parser hands over for an attachment. */
export type AttachmentFile = { name: string; contentType: string; content: Buffer };

/**
 * Where attachments go (a port): S3 on AWS, files under `<dataDir>/attachments/` locally. Items
 * keep only the reference (`storageKey`), never the bytes.
 */
export type AttachmentStorage = {
  put: (prefix: string, file: AttachmentFile) => Promise<Attachment>;
};

/** A storage key that is safe as an S3 key and a relative file path: no `..`, no separators. */
export const attachmentKey = (prefix: string, file: AttachmentFile): string => {
  const digest = createHash('sha256').update(file.content).digest('hex').slice(0, 16);
  const safeName =
    file.name
      .normalize('NFKD')
      .replace(/[^\w.-]+/g, '_')
      .replace(/\.{2,}/g, '.')
      .replace(/^\.+/, '')
      .slice(-100) || 'attachment';
  const safePrefix = prefix.replace(/[^\w-]+/g, '_');
  return `attachments/${safePrefix}/${digest}-${safeName}`;
};

const describe = (file: AttachmentFile, storageKey: string): Attachment => ({
  name: file.name.slice(0, 255) || 'attachment',
  contentType: file.contentType.slice(0, 255) || 'application/octet-stream',
  size: file.content.length,
  storageKey,
});

/** Files under `<dataDir>`: the key is the path relative to it (`attachments/…`). */
export const fileAttachmentStorage = (dataDir: string): AttachmentStorage => ({
  put: async (prefix, file) => {
    const key = attachmentKey(prefix, file);
    const root = resolve(dataDir);
    const path = resolve(root, key);
    if (!path.startsWith(`${root}${sep}`)) throw new Error('Attachment key escapes the data directory.');
    await mkdir(dirname(path), { recursive: true });
    // Same content, same key: a redelivered mail overwrites its own file with the same bytes.
    await writeFile(path, file.content, { mode: 0o600 });
    return describe(file, key);
  },
});

/** Objects in the attachments bucket (`ATTACHMENTS_BUCKET`), encrypted by the bucket's default. */
export const s3AttachmentStorage = (bucket: string): AttachmentStorage => ({
  put: async (prefix, file) => {
    const key = attachmentKey(prefix, file);
    await s3Client().send(
      new PutObjectCommand({ Bucket: bucket, Key: key, Body: file.content, ContentType: file.contentType }),
    );
    return describe(file, key);
  },
});

/** The storage of this process: S3 when `ATTACHMENTS_BUCKET` is set, else `<FRONTOFFICE_DATA_DIR>`. */
export const attachmentStorageFromEnv = (source: NodeJS.ProcessEnv = process.env): AttachmentStorage => {
  const bucket = source.ATTACHMENTS_BUCKET?.trim();
  if (bucket) return s3AttachmentStorage(bucket);
  return fileAttachmentStorage(source.FRONTOFFICE_DATA_DIR?.trim() || join(process.cwd(), '.frontoffice'));
};
