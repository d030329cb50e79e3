import fs from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from './paths';

/** Every file under `dir`, as the scaffolder's dry-run API takes them. */
export async function directoryContents(
  dir: string,
  prefix = '',
): Promise<
  Array<{ path: string; base64Content: string; executable: boolean }>
> {
  const out: Array<{
    path: string;
    base64Content: string;
    executable: boolean;
  }> = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      out.push(...(await directoryContents(full, rel)));
    } else {
      const stat = await fs.stat(full);
      out.push({
        path: rel,
        base64Content: (await fs.readFile(full)).toString('base64'),
        executable: Boolean(stat.mode & 0o111),
      });
    }
  }
  return out;
}

/** The golden-path templates shipped in templates/, by folder name. */
export async function goldenPathTemplates(): Promise<
  Array<{ dir: string; name: string; template: any }>
> {
  const root = path.join(REPO_ROOT, 'templates');
  const result = [];
  for (const entry of await fs.readdir(root, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const file = path.join(root, entry.name, 'template.yaml');
    const template = parse(await fs.readFile(file, 'utf8'));
    result.push({
      dir: path.join(root, entry.name),
      name: template.metadata.name,
      template,
    });
  }
  return result;
}

/** Writes dry-run output files into `dir`. */
export async function writeDirectoryContents(
  dir: string,
  files: Array<{ path: string; base64Content: string; executable?: boolean }>,
): Promise<void> {
  for (const file of files) {
    const target = path.join(dir, file.path);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, Buffer.from(file.base64Content, 'base64'), {
      mode: file.executable ? 0o755 : 0o644,
    });
  }
}
