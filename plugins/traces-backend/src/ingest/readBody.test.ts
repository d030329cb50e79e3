import { PassThrough, Readable } from 'node:stream';
import zlib from 'node:zlib';
import { BodyTooLargeError, BodyUnreadableError, readBody } from './readBody';

const limits = { maxBodyBytes: 1024 * 1024, maxDecodedBytes: 4 * 1024 * 1024 };

describe('readBody', () => {
  it('reads a plain body', async () => {
    const body = await readBody(
      Readable.from([Buffer.from('ab'), Buffer.from('c')]),
      {
        gzip: false,
        ...limits,
      },
    );
    expect(body.toString()).toBe('abc');
  });

  it('inflates a gzip body', async () => {
    const text = 'span '.repeat(10_000);
    const body = await readBody(Readable.from([zlib.gzipSync(text)]), {
      gzip: true,
      ...limits,
    });
    expect(body.toString()).toBe(text);
  });

  it('refuses a body larger than maxBodyBytes on the wire', async () => {
    await expect(
      readBody(Readable.from([Buffer.alloc(600_000), Buffer.alloc(600_000)]), {
        gzip: false,
        ...limits,
      }),
    ).rejects.toThrow(
      new BodyTooLargeError(
        'The request body is larger than 1.0 MiB (traces.ingest.maxBodyBytes); send smaller batches',
      ),
    );
  });

  it('stops inflating a gzip bomb at maxDecodedBytes', async () => {
    // 1 GiB of zeros is about 1 MiB of gzip; only maxDecodedBytes of it may be inflated.
    const bomb = zlib.gzipSync(Buffer.alloc(256 * 1024 * 1024), { level: 9 });
    expect(bomb.length).toBeLessThan(limits.maxBodyBytes);
    const before = process.memoryUsage().rss;
    await expect(
      readBody(Readable.from([bomb]), { gzip: true, ...limits }),
    ).rejects.toThrow(
      /inflates to more than 4.0 MiB \(traces.ingest.maxDecodedBytes\)/,
    );
    expect(process.memoryUsage().rss - before).toBeLessThan(128 * 1024 * 1024);
  });

  it('refuses corrupt and truncated gzip as unreadable', async () => {
    await expect(
      readBody(Readable.from([Buffer.from('not gzip at all')]), {
        gzip: true,
        ...limits,
      }),
    ).rejects.toThrow(BodyUnreadableError);
    const gz = zlib.gzipSync('x'.repeat(1000));
    await expect(
      readBody(Readable.from([gz.subarray(0, gz.length - 8)]), {
        gzip: true,
        ...limits,
      }),
    ).rejects.toThrow(/not valid gzip/);
  });

  it('settles when the client goes away mid-body', async () => {
    const stream = new PassThrough();
    const reading = readBody(stream, { gzip: false, ...limits });
    stream.write('partial');
    stream.destroy();
    await expect(reading).rejects.toThrow(/closed the connection mid-body/);
  });
});
