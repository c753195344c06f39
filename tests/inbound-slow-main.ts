// `npm start` with one slow job: the text 慢慢来 takes two minutes before the router sees it,
// so every message after it waits in the channel's queue (tests/hardening-inbound.test.ts
// kills the process then). Nothing else differs from bot/main.ts.

import { Router } from '../bot/router.ts';

const handle = Router.prototype.handle;
Router.prototype.handle = async function (this: Router, event) {
  if (event.kind === 'text' && event.text === '慢慢来') await new Promise((resolve) => setTimeout(resolve, 120_000));
  return handle.call(this, event);
};

await import('../bot/main.ts');
