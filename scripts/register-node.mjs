// Preloaded by the Node CLI commands (`node --import ./scripts/register-node.mjs`): the
// tfjs resolve hook and the `?raw` text loader, then tsx so the TypeScript sources run as
// they are.
import { register } from 'node:module';
register('./tfjs-resolve.mjs', import.meta.url);
register('./raw-load.mjs', import.meta.url);
