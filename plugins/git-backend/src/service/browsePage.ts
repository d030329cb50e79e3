import { ResolvedPath, RepositorySummary } from './types';

// Server-rendered pages for people who follow a repository link from the catalog: enough to
// see what was generated and how to clone it, without a frontend round trip.

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, c => HTML_ESCAPES[c]);

// Inline SVG: the page must not depend on fonts with emoji glyphs.
const FOLDER_ICON =
  '<svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" style="vertical-align:-3px;margin-right:6px"><path fill="#54aeff" d="M1.75 2.5h4.07l1.5 1.5h6.93c.41 0 .75.34.75.75v8.5c0 .41-.34.75-.75.75H1.75a.75.75 0 0 1-.75-.75v-10c0-.41.34-.75.75-.75z"/></svg>';
const FILE_ICON =
  '<svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" style="vertical-align:-3px;margin-right:6px"><path fill="none" stroke="#59636e" d="M3.5 1.5h6l3 3v10h-9z M9.5 1.5v3h3"/></svg>';

const STYLE = `
body{font:14px/1.5 system-ui,sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
header{background:#24292f;color:#fff;padding:12px 24px}header a{color:#fff;text-decoration:none}
main{max-width:1000px;margin:24px auto;padding:0 24px}
.box{background:#fff;border:1px solid #d0d7de;border-radius:6px;margin-bottom:16px}
.box h2{font-size:14px;margin:0;padding:10px 16px;border-bottom:1px solid #d0d7de;background:#f6f8fa}
table{width:100%;border-collapse:collapse}td{padding:6px 16px;border-top:1px solid #eaeef2}
tr:first-child td{border-top:0}a{color:#0969da}code,pre{font-family:ui-monospace,monospace;font-size:13px}
pre{margin:0;padding:16px;overflow:auto;white-space:pre}.muted{color:#59636e}
.clone{display:flex;gap:8px;align-items:center;padding:10px 16px}
.clone code{background:#f6f8fa;border:1px solid #d0d7de;border-radius:6px;padding:4px 8px;flex:1}
`;

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(
    title,
  )}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

/** Each path segment percent-encoded, so names with `%`, `#` or `?` still link to themselves. */
const encodePath = (p: string) =>
  p.split('/').map(encodeURIComponent).join('/');

function crumbs(
  repoUrl: string,
  repo: string,
  ref: string,
  filePath: string,
): string {
  const parts = filePath ? filePath.split('/') : [];
  const links = [
    `<a href="${escapeHtml(`${repoUrl}/tree/${encodePath(ref)}`)}">${escapeHtml(
      repo,
    )}</a>`,
  ];
  parts.forEach((part, i) => {
    const sub = parts.slice(0, i + 1).join('/');
    links.push(
      i === parts.length - 1
        ? `<strong>${escapeHtml(part)}</strong>`
        : `<a href="${escapeHtml(
            `${repoUrl}/tree/${encodePath(ref)}/${encodePath(sub)}`,
          )}">${escapeHtml(part)}</a>`,
    );
  });
  return links.join(' / ');
}

export function renderEmptyRepository(
  repo: RepositorySummary,
  cloneUrl: string,
): string {
  return layout(
    repo.name,
    `<header><strong>${escapeHtml(repo.name)}</strong></header><main>
<div class="box"><h2>This repository is empty</h2><div class="clone"><code>git clone ${escapeHtml(
      cloneUrl,
    )}</code></div></div></main>`,
  );
}

export function renderPath(options: {
  repo: RepositorySummary;
  cloneUrl: string;
  resolved: ResolvedPath;
  /** File content for blobs, when it is text and small enough to show. */
  text?: string;
  /** A directory's README, shown under its file list. */
  readme?: { name: string; text: string };
}): string {
  const { repo, cloneUrl, resolved } = options;
  const repoUrl = cloneUrl;
  const head = `<header><a href="${escapeHtml(
    `${repoUrl}/tree/${encodePath(repo.defaultBranch)}`,
  )}"><strong>${escapeHtml(repo.name)}</strong></a>
<span class="muted"> · ${escapeHtml(repo.description)}</span></header>`;
  const clone = `<div class="box"><div class="clone"><span>Clone</span><code>git clone ${escapeHtml(
    cloneUrl,
  )}</code></div></div>`;
  const where = `<p>${crumbs(
    repoUrl,
    repo.name,
    resolved.ref,
    resolved.path,
  )} <span class="muted">at ${escapeHtml(
    resolved.ref,
  )} (${resolved.commit.slice(0, 12)})</span></p>`;
  if (resolved.kind === 'tree') {
    const rows = resolved.entries
      .map(e => {
        const kind = e.type === 'tree' ? 'tree' : 'blob';
        const href = `${repoUrl}/${kind}/${encodePath(
          resolved.ref,
        )}/${encodePath(e.path)}`;
        return `<tr><td>${
          e.type === 'tree' ? FOLDER_ICON : FILE_ICON
        }<a href="${escapeHtml(href)}">${escapeHtml(
          e.name,
        )}</a></td><td class="muted" style="text-align:right">${
          e.size !== undefined ? `${e.size} B` : ''
        }</td></tr>`;
      })
      .join('');
    const readme = options.readme
      ? `<div class="box"><h2>${escapeHtml(
          options.readme.name,
        )}</h2><pre>${escapeHtml(options.readme.text)}</pre></div>`
      : '';
    return layout(
      `${repo.name}/${resolved.path}`,
      `${head}<main>${clone}${where}<div class="box"><table>${rows}</table></div>${readme}</main>`,
    );
  }
  const raw = `${repoUrl}/raw/${encodePath(resolved.ref)}/${encodePath(
    resolved.path,
  )}`;
  const content =
    options.text !== undefined
      ? `<pre>${escapeHtml(options.text)}</pre>`
      : `<p style="padding:16px">Binary or large file (${
          resolved.size
        } bytes). <a href="${escapeHtml(raw)}">Download</a></p>`;
  return layout(
    `${repo.name}/${resolved.path}`,
    `${head}<main>${clone}${where}<div class="box"><h2>${escapeHtml(
      resolved.path,
    )} <a href="${escapeHtml(
      raw,
    )}" style="float:right">raw</a></h2>${content}</div></main>`,
  );
}
