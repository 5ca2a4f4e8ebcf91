/**
 * Figure 2 of He et al. (2015) redrawn: two weight layers learn F(x) and the identity
 * shortcut adds x back, so the block outputs F(x) + x. Static and decorative; the
 * Blocks page draws real blocks from core's NetSpec.
 */
export function ResidualBlockSketch() {
  return (
    <svg className="block-sketch" viewBox="0 0 320 350" role="img" aria-labelledby="sketch-title sketch-desc">
      <title id="sketch-title">A residual block</title>
      <desc id="sketch-desc">
        The input x passes through two weight layers with a ReLU between them, giving F(x). A shortcut carries
        x around both layers and adds it back, so the block outputs ReLU of F(x) plus x.
      </desc>
      <defs>
        <marker
          id="sketch-arrow"
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="7"
          markerHeight="7"
          orient="auto"
        >
          <path className="sketch-arrowhead" d="M0 0L10 5L0 10z" />
        </marker>
        <marker
          id="sketch-arrow-shortcut"
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="5"
          markerHeight="5"
          orient="auto"
        >
          <path className="sketch-arrowhead-shortcut" d="M0 0L10 5L0 10z" />
        </marker>
      </defs>

      <text className="sketch-math" x="120" y="22" textAnchor="middle">
        x
      </text>
      <g className="sketch-main">
        <path d="M120 32V68" markerEnd="url(#sketch-arrow)" />
        <path d="M120 110V148" markerEnd="url(#sketch-arrow)" />
        <path d="M120 190V237" markerEnd="url(#sketch-arrow)" />
        <path d="M120 269V305" markerEnd="url(#sketch-arrow)" />
      </g>
      <g className="sketch-layer">
        <rect x="40" y="70" width="160" height="40" rx="6" />
        <text x="120" y="96" textAnchor="middle">
          weight layer
        </text>
        <rect x="40" y="150" width="160" height="40" rx="6" />
        <text x="120" y="176" textAnchor="middle">
          weight layer
        </text>
      </g>
      <text className="sketch-note" x="130" y="135">
        ReLU
      </text>
      <text className="sketch-math" x="72" y="226" textAnchor="middle">
        F(x)
      </text>

      <path
        className="sketch-shortcut"
        d="M120 44H252Q272 44 272 64V233Q272 253 252 253H136"
        markerEnd="url(#sketch-arrow-shortcut)"
      />
      <text className="sketch-shortcut-label" x="234" y="142" textAnchor="middle">
        identity
      </text>
      <text className="sketch-shortcut-label sketch-math" x="234" y="166" textAnchor="middle">
        x
      </text>

      <g className="sketch-add">
        <circle cx="120" cy="253" r="15" />
        <path d="M110 253H130M120 243V263" />
      </g>
      <text className="sketch-note" x="130" y="292">
        ReLU
      </text>
      <text className="sketch-math" x="120" y="333" textAnchor="middle">
        F(x) + x
      </text>
    </svg>
  );
}
