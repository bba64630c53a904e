/**
 * File uploads on the GraphQL endpoint, by the GraphQL multipart request convention
 * (github.com/jaydenseric/graphql-multipart-request-spec): `operations`, then `map`, then the
 * files. Each file is streamed to a temporary file under THREADGRAPH_HOME (never held in memory,
 * never put in Redis) and its variable is set to an `Upload` value naming that file.
 */
import busboy from 'busboy';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { GraphQLError, GraphQLScalarType } from 'graphql';

export interface Upload {
  /** the temporary file holding it */
  readonly path: string;
  /** the name the client gave it */
  readonly filename: string;
  readonly size: number;
  /** it was larger than the limit and is cut short: refuse it */
  readonly truncated: boolean;
}

export const UploadScalar = new GraphQLScalarType<Upload, never>({
  name: 'Upload',
  description: 'A file sent with the request (GraphQL multipart request convention)',
  parseValue(value) {
    if (typeof value === 'object' && value !== null && 'path' in value) return value as Upload;
    throw new GraphQLError('Upload must be a file part of a multipart request');
  },
  parseLiteral() {
    throw new GraphQLError('Upload must be a file part of a multipart request, not a literal');
  },
  serialize() {
    throw new GraphQLError('Upload is an input only');
  },
});

export class MultipartError extends Error {}

export interface ParsedMultipart {
  readonly body: Record<string, unknown>;
  /** temporary files to remove after the request (a resolver that keeps one moves it away) */
  readonly files: readonly string[];
}

const MAX_FIELD_BYTES = 1 << 20;
const MAX_FILES = 10;

/** Parses a multipart request into a GraphQL request body with its Upload values in place. */
export async function parseMultipart(
  req: IncomingMessage,
  options: { readonly dir: string; readonly maxFileBytes: number },
): Promise<ParsedMultipart> {
  await mkdir(options.dir, { recursive: true, mode: 0o700 });
  const fields = new Map<string, string>();
  const uploads = new Map<string, Upload>();
  const files: string[] = [];
  const writes: Promise<void>[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let bb: busboy.Busboy;
      try {
        bb = busboy({
          headers: req.headers,
          limits: {
            fileSize: options.maxFileBytes,
            files: MAX_FILES,
            fieldSize: MAX_FIELD_BYTES,
            fields: 2,
          },
        });
      } catch (e) {
        reject(new MultipartError((e as Error).message));
        return;
      }
      bb.on('field', (name, value, info) => {
        if (info.valueTruncated)
          reject(new MultipartError(`the ${name} field is larger than ${MAX_FIELD_BYTES} bytes`));
        fields.set(name, value);
      });
      bb.on('file', (name, stream, info) => {
        if (!fields.has('map')) {
          stream.resume();
          reject(new MultipartError('the operations and map fields must come before the files'));
          return;
        }
        const path = join(options.dir, `upload-${randomUUID()}`);
        files.push(path);
        writes.push(
          pipeline(stream, createWriteStream(path, { mode: 0o600 })).then(async () => {
            uploads.set(name, {
              path,
              filename: info.filename ?? name,
              size: (await stat(path)).size,
              truncated: (stream as { truncated?: boolean }).truncated === true,
            });
          }),
        );
      });
      bb.on('filesLimit', () => reject(new MultipartError(`at most ${MAX_FILES} files a request`)));
      bb.on('fieldsLimit', () =>
        reject(new MultipartError('only the operations and map fields are read')),
      );
      bb.on('error', (e) => reject(new MultipartError((e as Error).message)));
      bb.on('close', () => resolve());
      req.pipe(bb);
    });
    await Promise.all(writes);
    return { body: assemble(fields, uploads), files };
  } catch (e) {
    await Promise.all(files.map((f) => rm(f, { force: true })));
    throw e;
  }
}

function assemble(
  fields: Map<string, string>,
  uploads: Map<string, Upload>,
): Record<string, unknown> {
  const operations = parseJson(fields.get('operations'), 'operations');
  if (typeof operations !== 'object' || operations === null || Array.isArray(operations)) {
    throw new MultipartError('operations must be one GraphQL request (batches are not taken)');
  }
  const map = parseJson(fields.get('map'), 'map');
  if (typeof map !== 'object' || map === null || Array.isArray(map)) {
    throw new MultipartError('map must be an object of file field → variable paths');
  }
  for (const [name, paths] of Object.entries(map as Record<string, unknown>)) {
    const upload = uploads.get(name);
    if (upload === undefined)
      throw new MultipartError(`map names a file field ${JSON.stringify(name)} that was not sent`);
    if (!Array.isArray(paths)) throw new MultipartError(`map.${name} must be a list of paths`);
    for (const path of paths) setPath(operations as Record<string, unknown>, String(path), upload);
  }
  return operations as Record<string, unknown>;
}

function parseJson(text: string | undefined, name: string): unknown {
  if (text === undefined) throw new MultipartError(`the ${name} field is missing`);
  try {
    return JSON.parse(text);
  } catch {
    throw new MultipartError(`the ${name} field is not JSON`);
  }
}

/** Sets `variables.file` (or `variables.files.0`) to the upload; only under variables. */
function setPath(target: Record<string, unknown>, path: string, value: Upload): void {
  const parts = path.split('.');
  if (parts[0] !== 'variables' || parts.length < 2) {
    throw new MultipartError(`map path ${JSON.stringify(path)} must point into variables`);
  }
  let at: Record<string, unknown> = target;
  for (const [i, part] of parts.entries()) {
    if (part === '__proto__' || part === 'constructor' || part === 'prototype') {
      throw new MultipartError(`map path ${JSON.stringify(path)} is not allowed`);
    }
    if (i === parts.length - 1) {
      if (at[part] !== null && at[part] !== undefined) {
        throw new MultipartError(`map path ${JSON.stringify(path)} must point at a null variable`);
      }
      at[part] = value;
      return;
    }
    const next = at[part];
    if (typeof next !== 'object' || next === null) {
      throw new MultipartError(`map path ${JSON.stringify(path)} does not exist in operations`);
    }
    at = next as Record<string, unknown>;
  }
}
