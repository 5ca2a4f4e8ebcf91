import type { Reveal } from './reveal';

interface Props {
  reveal: Reveal | null;
  /** Shown until there is a reveal. */
  waiting: string;
}

/** "What you should see": the reveal computed from the finished run, or what it waits for. */
export function RevealPanel({ reveal, waiting }: Props) {
  return (
    <section
      className={`reveal ${reveal ? 'shown' : ''}`}
      aria-labelledby="reveal-heading"
      aria-live="polite"
      data-testid="reveal"
      data-outcome={reveal?.outcome ?? ''}
      data-agrees={reveal ? String(reveal.agreesWithPaper) : ''}
      data-matched={reveal ? String(reveal.predictionMatched) : ''}
    >
      <h2 id="reveal-heading">What you should see</h2>
      {reveal ? (
        <>
          {reveal.lines.map((l, i) => (
            <p key={i} className="reveal-line">
              {l}
            </p>
          ))}
          <p className="reveal-prediction" data-testid="reveal-prediction">
            {reveal.predictionLine}
          </p>
        </>
      ) : (
        <p className="hint">{waiting}</p>
      )}
    </section>
  );
}
