// Node ESM load hook: `import text from './file.py?raw'` gives the file's text, as Vite does
// in the bundle and in Vitest (the PyTorch export embeds src/torch/reslab_torch.py so).
import { readFile } from 'node:fs/promises';

export async function load(url, context, next) {
  if (url.startsWith('file:') && url.endsWith('?raw')) {
    const text = await readFile(new URL(url.slice(0, -'?raw'.length)), 'utf8');
    return { format: 'module', source: `export default ${JSON.stringify(text)};`, shortCircuit: true };
  }
  return next(url, context);
}
