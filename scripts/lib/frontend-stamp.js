// Prints a hash of everything the frontend bundle is built from (the app package and every
// browser-side workspace package), so scripts/start rebuilds the bundle only when one changed.
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');

const root = path.resolve(__dirname, '../..');
const browserRoles = new Set([
  'frontend',
  'frontend-plugin',
  'frontend-plugin-module',
  'web-library',
  'common-library',
]);
const dirs = [path.join(root, 'packages/app')];
for (const name of fs.existsSync(path.join(root, 'plugins'))
  ? fs.readdirSync(path.join(root, 'plugins'))
  : []) {
  const pkgFile = path.join(root, 'plugins', name, 'package.json');
  if (!fs.existsSync(pkgFile)) continue;
  const role = JSON.parse(fs.readFileSync(pkgFile, 'utf8')).backstage?.role;
  if (browserRoles.has(role)) dirs.push(path.join(root, 'plugins', name));
}
const hash = crypto.createHash('sha256');
const walk = dir => {
  for (const entry of fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))) {
    if (['node_modules', 'dist', 'dist-types', '.cache'].includes(entry.name))
      continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (entry.isFile())
      hash
        .update(path.relative(root, full))
        .update('\0')
        .update(fs.readFileSync(full));
  }
};
dirs.forEach(walk);
for (const f of ['yarn.lock', 'package.json'])
  hash.update(fs.readFileSync(path.join(root, f)));
console.log(hash.digest('hex'));
