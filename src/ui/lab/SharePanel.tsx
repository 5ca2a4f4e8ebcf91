import { useMemo, useRef, useState } from 'react';
import QRCode from 'qrcode';
import type { LabState } from '../../core/labState';
import { encodeLabState } from '../../core/urlCodec';

/** The Lab's link for `controls`: this page's address with the controls in the hash route's query. */
export function labLink(controls: LabState, href: string): string {
  return `${href.split('#')[0]}#/lab?${encodeLabState(controls)}`;
}

/**
 * A QR code as one SVG path of its dark modules (one unit each, inside a 4-module quiet
 * zone, as the standard asks), computed in the browser by the `qrcode` package. Drawn as
 * our own element rather than injected markup, black on white whatever the theme, since
 * phone cameras read dark-on-light codes best. Level L (7 % recovery): a code on a screen
 * is not smudged, and the fewer, larger modules scan from further back.
 */
export function qrPath(text: string): { size: number; d: string } {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'L' });
  const n = modules.size;
  let d = '';
  for (let row = 0; row < n; row++)
    for (let col = 0; col < n; col++) if (modules.get(row, col)) d += `M${col + 4} ${row + 4}h1v1h-1z`;
  return { size: n + 8, d };
}

interface Props {
  controls: LabState;
  /** The session's curves are of other settings than the link's (see LabSnapshot.settingsChanged). */
  settingsChanged: boolean;
  onClose(): void;
}

/** The experiment's link, a copy button and a QR code of the link, for students' devices. */
export function SharePanel({ controls, settingsChanged, onClose }: Props) {
  const link = labLink(controls, window.location.href);
  const qr = useMemo(() => qrPath(link), [link]);
  const [copied, setCopied] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(link);
      setCopied('Copied the link.');
    } catch {
      // No clipboard permission (or no secure context): leave the link selected to copy by hand.
      input.current?.select();
      setCopied('Copying is not allowed here: the link is selected, press Ctrl+C (⌘C) to copy it.');
    }
  }
  return (
    <section className="share-panel" id="lab-share" aria-label="Share this experiment">
      <h2>Share this experiment</h2>
      <p className="hint">
        The link opens the Lab with these settings; students press Train to run it themselves. To share the
        trained curves, export the experiment as a file.
        {settingsChanged &&
          ' The charts on screen show the previous experiment; the link has the settings as they are now.'}
      </p>
      <div className="share-row">
        <label>
          Link{' '}
          <input
            ref={input}
            type="text"
            readOnly
            value={link}
            onFocus={(e) => e.target.select()}
            data-testid="share-link"
          />
        </label>
        <button type="button" onClick={() => void copy()}>
          Copy link
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {copied && (
        <p className="hint" role="status">
          {copied}
        </p>
      )}
      <svg
        className="share-qr"
        viewBox={`0 0 ${qr.size} ${qr.size}`}
        role="img"
        aria-label={`QR code of the link to this experiment: ${link}`}
        data-testid="share-qr"
        shapeRendering="crispEdges"
      >
        <rect width={qr.size} height={qr.size} fill="#ffffff" />
        <path d={qr.d} fill="#000000" />
      </svg>
    </section>
  );
}
