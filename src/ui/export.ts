/**
 * Saving what a page shows: tables as CSV, charts as SVG and PNG, each downloaded as a file.
 * CSV follows RFC 4180: fields with a comma, quote, CR or LF are quoted, quotes doubled,
 * lines end in CRLF.
 */
import type { ChartTable } from '../charts/scales';

const SVG_NS = 'http://www.w3.org/2000/svg';

export function csvField(v: string | number): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(table: ChartTable): string {
  return [table.columns, ...table.rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** A file name from a title: "Model zoo: costs" → "model-zoo-costs". */
export function fileSlug(title: string): string {
  return (
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'reslab'
  );
}

export function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // The download may start well after the click on a busy machine; a revoked URL fails silently.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function downloadCsv(name: string, table: ChartTable): void {
  downloadBlob(`${name}.csv`, new Blob([toCsv(table)], { type: 'text/csv;charset=utf-8' }));
}

/** A standalone SVG document of a chart: its namespace, size and a white background. */
export function svgText(svg: SVGSVGElement): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('xmlns', SVG_NS);
  if (!copy.getAttribute('width')) copy.setAttribute('width', String(svg.clientWidth || 800));
  if (!copy.getAttribute('height')) copy.setAttribute('height', String(svg.clientHeight || 400));
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}`;
}

export function downloadSvg(name: string, svg: SVGSVGElement): void {
  downloadBlob(`${name}.svg`, new Blob([svgText(svg)], { type: 'image/svg+xml' }));
}

/** Renders the svg into a canvas at `scale`× (crisp on a projector) and saves it as PNG. */
export async function svgToPngBlob(svg: SVGSVGElement, scale = 2): Promise<Blob> {
  const w = Number(svg.getAttribute('width')) || svg.clientWidth || 800;
  const h = Number(svg.getAttribute('height')) || svg.clientHeight || 400;
  const img = new Image();
  img.width = w;
  img.height = h;
  const loaded = new Promise<void>((resolve, reject) => {
    img.onload = () => resolve();
    img.onerror = () => reject(new Error('the chart could not be drawn as an image'));
  });
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svgText(svg))}`;
  await loaded;
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(w * scale);
  canvas.height = Math.round(h * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('this browser cannot draw into a canvas');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.scale(scale, scale);
  ctx.drawImage(img, 0, 0, w, h);
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the PNG could not be encoded'))), 'image/png'),
  );
}

export async function downloadPng(name: string, svg: SVGSVGElement): Promise<void> {
  downloadBlob(`${name}.png`, await svgToPngBlob(svg));
}
