// Node ESM resolve hook: tfjs-core's ESM build (needed for its gradient registrations,
// which its CommonJS bundle lacks) imports relative paths without extensions, as bundlers
// allow and Node does not. Resolve those to "<path>.js" inside @tensorflow packages only.
export async function resolve(specifier, context, next) {
  const inTfjs = context.parentURL?.includes('/node_modules/@tensorflow/');
  const wantsTfjsDist = specifier.startsWith('@tensorflow/tfjs-core/dist/') && !specifier.endsWith('.js');
  if ((inTfjs && specifier.startsWith('.') && !/\.[cm]?js$/.test(specifier)) || wantsTfjsDist) {
    try {
      return await next(`${specifier}.js`, context);
    } catch {
      // Not a file: fall through (e.g. a real directory import).
    }
  }
  return next(specifier, context);
}
