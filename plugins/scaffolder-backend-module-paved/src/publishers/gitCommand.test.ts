import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { commitTreeAndPush } from './gitCommand';

describe('commitTreeAndPush', () => {
  it('never puts the push credentials into its error message', async () => {
    // A server that accepts and drops connections makes the push fail after it started.
    const server = net.createServer(socket => socket.destroy());
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as net.AddressInfo;
    const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'paved-push-test-'));
    await fs.writeFile(path.join(tmp, 'a.txt'), 'a');
    const secret = 'Authorization: Bearer very-secret-service-token';
    try {
      const error = await commitTreeAndPush({
        sourceDir: tmp,
        gitDir: path.join(tmp, '.repo'),
        branch: 'main',
        author: { name: 'T', email: 't@example.com' },
        message: 'm',
        remoteUrl: `http://127.0.0.1:${port}/repos/x.git`,
        extraHeader: secret,
      }).catch(e => e);
      expect(error).toBeInstanceOf(Error);
      expect(error.message).toMatch(/^git push failed: /);
      expect(error.message).not.toContain('very-secret-service-token');
    } finally {
      server.close();
      await fs.rm(tmp, { recursive: true, force: true });
    }
  });
});
