// HTML for the console's pages: an escaping template tag and the one layout every page shares.
// Server-rendered, no build step; the charts are drawn by client.js (ECharts) from the JSON API.

/** Markup that is already safe: not escaped again when put into a template. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export const raw = (text: string): Html => new Html(text);

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function esc(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function piece(value: unknown): string {
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(piece).join('');
  if (value === undefined || value === null || value === false) return '';
  return esc(value);
}

/** A template whose values are escaped, unless they are Html (or arrays of it). */
export function h(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += piece(v) + strings[i + 1]!;
  });
  return new Html(out);
}

export type Tab = 'overview' | 'charts' | 'members' | 'jielong' | 'community';

const TABS: Array<{ tab: Tab; path: string; label: string }> = [
  { tab: 'overview', path: '', label: '概览' },
  { tab: 'charts', path: '/charts', label: '图表' },
  { tab: 'members', path: '/members', label: '成员' },
  { tab: 'jielong', path: '/jielong', label: '接龙' },
  { tab: 'community', path: '/community', label: '社区' },
];

export interface PageOptions {
  /** The console's mount path ('/console'): every link is under it. */
  base: string;
  title: string;
  tab?: Tab;
  body: Html;
  /** The ECharts and client scripts, for pages with charts. */
  charts?: boolean;
  /** Version tag of the assets, so a phone caches them until they change. */
  assetTag?: string;
}

/** A whole page: the header with the tabs and 退出, the body, the scripts. */
export function page({ base, title, tab, body, charts, assetTag = '1' }: PageOptions): string {
  const nav = TABS.map((t) => h`<a href="${base}${t.path}"${t.tab === tab ? raw(' class="on" aria-current="page"') : ''}>${t.label}</a>`);
  const scripts = charts
    ? h`<script src="${base}/assets/echarts.min.js?v=${assetTag}" defer></script><script src="${base}/assets/console.js?v=${assetTag}" defer></script>`
    : '';
  return `<!doctype html>${h`<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1,viewport-fit=cover">
<meta name="referrer" content="same-origin"><meta name="robots" content="noindex"><link rel="icon" href="data:,">
<title>${title} · 邻里后台</title><style>${raw(CSS)}</style>${scripts}</head>
<body data-base="${base}"><header class="top"><div class="in"><div class="bar"><a class="brand" href="${base}">邻里后台</a>
<form method="post" action="${base}/logout"><button class="link" type="submit">退出</button></form></div>
<nav class="tabs">${nav}</nav></div></header>
<main>${body}</main></body></html>`}`;
}

/** A short page for those without a session, or for a link that no longer works: nothing else on it. */
export function notePage(title: string, lines: Html | string, status = ''): string {
  return `<!doctype html>${h`<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="referrer" content="same-origin"><meta name="robots" content="noindex"><link rel="icon" href="data:,">
<title>${title} · 邻里后台</title><style>${raw(CSS)}</style></head>
<body><main class="note"><h1>${title}</h1>${typeof lines === 'string' ? h`<p>${lines}</p>` : lines}${status ? h`<p class="muted">${status}</p>` : ''}</main></body></html>`}`;
}

// Mobile first: one column on a phone (390 px), two for the charts on a wide screen; tables
// scroll sideways inside their card instead of widening the page.
const CSS = `
:root{--bg:#faf6f0;--card:#fff;--ink:#2d2a26;--muted:#857b70;--line:#eee5da;--accent:#d9480f;--accent-soft:#fff0e6;--good:#2b8a3e;--bad:#c92a2a}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.55 system-ui,-apple-system,"PingFang SC","Hiragino Sans GB","Noto Sans CJK SC","Noto Sans SC","Microsoft YaHei",sans-serif}
a{color:var(--accent);text-decoration:none}
.top{position:sticky;top:0;z-index:5;background:var(--card);border-bottom:1px solid var(--line)}
.top .in{max-width:1120px;margin:0 auto}
.bar{display:flex;align-items:center;justify-content:space-between;padding:.55rem 1rem .2rem}
.brand{font-weight:700;font-size:1.05rem;color:var(--ink)}
.bar form{margin:0}
button.link{background:none;border:0;color:var(--muted);font:inherit;padding:.3rem 0;cursor:pointer}
.tabs{display:flex;gap:.25rem;overflow-x:auto;padding:0 .6rem;scrollbar-width:none}
.tabs a{flex:none;padding:.45rem .8rem;color:var(--muted);border-bottom:3px solid transparent;white-space:nowrap}
.tabs a.on{color:var(--accent);border-color:var(--accent);font-weight:600}
main{max-width:1120px;margin:0 auto;padding:.9rem .8rem 3rem}
h1{font-size:1.25rem;margin:.3rem 0 .8rem}
h2{font-size:1.02rem;margin:0 0 .6rem}
.muted{color:var(--muted);font-size:.88rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:14px;padding:.9rem;margin:0 0 .9rem;min-width:0}
.tiles{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:.6rem;margin:0 0 .9rem}
.tile{background:var(--card);border:1px solid var(--line);border-radius:14px;padding:.7rem .8rem}
.tile .k{color:var(--muted);font-size:.82rem}
.tile .v{font-size:1.35rem;font-weight:700;margin:.1rem 0;font-variant-numeric:tabular-nums;overflow-wrap:anywhere}
.tile .d{font-size:.8rem;color:var(--muted)}
.nw{white-space:nowrap}
.up{color:var(--good)}.down{color:var(--bad)}
.chart{width:100%;height:300px}
.grid2{display:grid;grid-template-columns:minmax(0,1fr);gap:0 .9rem}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;margin:0 -.9rem;padding:0 .9rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{text-align:left;padding:.45rem .5rem;border-bottom:1px solid var(--line);white-space:nowrap;vertical-align:top}
th{color:var(--muted);font-weight:500;font-size:.82rem}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
td.wrap{white-space:normal;min-width:10rem}
.pill{display:inline-block;padding:.05rem .5rem;border-radius:999px;background:var(--accent-soft);color:var(--accent);font-size:.8rem}
.tag{display:inline-block;margin:0 .25rem .25rem 0;padding:.05rem .45rem;border-radius:6px;background:#f3efe9;color:#5c544b;font-size:.78rem}
.ranges{display:flex;gap:.4rem;flex-wrap:wrap;margin:0 0 .9rem}
.ranges a{padding:.3rem .75rem;border-radius:999px;border:1px solid var(--line);background:var(--card);color:var(--ink);font-size:.88rem}
.ranges a.on{background:var(--accent);border-color:var(--accent);color:#fff}
form.search{display:flex;gap:.5rem;flex-wrap:wrap;margin:0 0 .9rem}
form.search input,form.search select{font:inherit;padding:.5rem .6rem;border:1px solid var(--line);border-radius:10px;background:#fff;min-width:0}
form.search input{flex:1 1 100%}
form.search select{flex:1 1 auto}
.btn{display:inline-block;font:inherit;padding:.55rem 1rem;border-radius:10px;border:1px solid var(--accent);background:var(--accent);color:#fff;cursor:pointer;text-align:center}
.btn.ghost{background:#fff;color:var(--accent)}
.actions{display:flex;gap:.6rem;flex-wrap:wrap;margin:.2rem 0 .9rem}
.lines{margin:0;padding:0;list-style:none}
.lines li{padding:.35rem 0;border-bottom:1px dashed var(--line)}
.lines li:last-child{border:0}
.row{display:flex;justify-content:space-between;gap:.8rem;align-items:baseline}
.list a.item{display:block;color:inherit;padding:.6rem 0;border-bottom:1px solid var(--line)}
.list a.item:last-child{border:0}
.pager{display:flex;justify-content:space-between;margin-top:.6rem}
.note{max-width:26rem;padding-top:3rem}
.note .btn{width:100%;padding:.75rem 1rem;font-size:1.05rem}
.empty{color:var(--muted);padding:1.2rem 0;text-align:center}
@media (min-width:900px){.tiles{grid-template-columns:repeat(4,minmax(0,1fr))}.grid2{grid-template-columns:repeat(2,minmax(0,1fr))}main{padding:1.2rem 1.5rem 3rem}.bar{padding:.6rem 1.5rem .2rem}.tabs{padding:0 1rem}}
`;
