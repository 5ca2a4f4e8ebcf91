import type { Lesson } from '../../core/lessons';

interface Props {
  lesson: Lesson;
  value: string | null;
  onChange(choice: string): void;
  /** While a run trains the prediction it started with stands. */
  disabled?: boolean;
}

/** The lesson's question as radio choices; answering first is encouraged, not forced. */
export function Prediction({ lesson, value, onChange, disabled = false }: Props) {
  const name = `predict-${lesson.slug}`;
  return (
    <fieldset className="prediction" disabled={disabled}>
      <legend>Predict first: {lesson.question}</legend>
      {lesson.choices.map((c) => (
        <label key={c.id}>
          <input
            type="radio"
            name={name}
            value={c.id}
            checked={value === c.id}
            onChange={() => onChange(c.id)}
          />{' '}
          {c.label}
        </label>
      ))}
      <p className="hint" aria-live="polite">
        {value
          ? `Your prediction is recorded: “${lesson.choices.find((c) => c.id === value)?.label ?? value}”.`
          : 'Choose an answer before you press Train: a committed guess makes the result stick.'}
      </p>
    </fieldset>
  );
}
