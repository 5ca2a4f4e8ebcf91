/**
 * The svg to export from a chart's element. Charts that paint their cells on a <canvas>
 * under an svg overlay (gradient flow, decision boundary) would export axes without cells,
 * so the canvas is copied into a clone of the overlay as an <image> at the same place.
 */
const SVG_NS = 'http://www.w3.org/2000/svg';

export function exportableSvg(root: Element | null): SVGSVGElement | null {
  const svg = root?.querySelector<SVGSVGElement>('svg') ?? null;
  const canvas = root?.querySelector<HTMLCanvasElement>('canvas') ?? null;
  if (!svg || !canvas) return svg;
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const image = document.createElementNS(SVG_NS, 'image');
  let href: string;
  try {
    href = canvas.toDataURL('image/png');
  } catch {
    return copy;
  }
  image.setAttribute('href', href);
  image.setAttribute('x', String(parseFloat(canvas.style.left) || 0));
  image.setAttribute('y', String(parseFloat(canvas.style.top) || 0));
  image.setAttribute('width', String(parseFloat(canvas.style.width) || canvas.width));
  image.setAttribute('height', String(parseFloat(canvas.style.height) || canvas.height));
  image.setAttribute('preserveAspectRatio', 'none');
  // One pixel per cell: stretch it as blocks, as the page does, not as a blur.
  image.setAttribute('style', 'image-rendering: pixelated');
  copy.insertBefore(image, copy.firstChild);
  return copy;
}
