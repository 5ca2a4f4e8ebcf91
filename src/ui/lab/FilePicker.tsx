import { useState } from 'react';
import type { UserData } from '../../state/labStore';

interface Props {
  current: UserData;
  onData(data: UserData): void;
}

/** Classify dropped files by name: CIFAR-10 binary batches, or IDX image/label files. */
export function kindOfFiles(names: string[]): 'idx' | 'cifar10' | string {
  if (names.length === 0) return 'no files were given';
  if (names.every((n) => /(data|test)_batch.*\.bin(\.gz)?$/i.test(n))) return 'cifar10';
  if (names.every((n) => /idx[13]|ubyte/i.test(n))) return 'idx';
  return `ResLab reads IDX files (like train-images-idx3-ubyte.gz) or CIFAR-10 batches (data_batch_1.bin … test_batch.bin); not ${names.map((n) => `"${n.slice(0, 40)}"`).join(', ')}`;
}

/** Bring your own data: a file picker and a drop zone; bytes stay in the browser. */
export function FilePicker({ current, onData }: Props) {
  const [problem, setProblem] = useState<string | null>(null);
  const [over, setOver] = useState(false);
  async function take(list: FileList | null) {
    const files = Array.from(list ?? []);
    const kind = kindOfFiles(files.map((f) => f.name));
    if (kind !== 'idx' && kind !== 'cifar10') {
      setProblem(kind);
      return;
    }
    const total = files.reduce((s, f) => s + f.size, 0);
    if (total > 400e6) {
      setProblem(`these files are ${(total / 1e6).toFixed(0)} MB; ResLab takes at most 400 MB`);
      return;
    }
    setProblem(null);
    const loaded = await Promise.all(
      files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })),
    );
    onData({
      kind,
      files: loaded,
      label: `${kind === 'idx' ? 'IDX' : 'CIFAR-10'}: ${files.map((f) => f.name).join(', ')}`,
    });
  }
  return (
    <div
      className={`file-drop${over ? ' over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        void take(e.dataTransfer.files);
      }}
    >
      <label>
        Your data (IDX or CIFAR-10 binary):{' '}
        <input type="file" multiple onChange={(e) => void take(e.target.files)} />
      </label>
      <span> or drop files here.</span>
      {current && (
        <button type="button" onClick={() => onData(null)}>
          Forget my files
        </button>
      )}
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
