import { tooLargeMessage } from '../../state/torchLog';

/**
 * The text of the file picked in `input` with its quoted name, or the refusal to show, or
 * null when none was picked. The input is cleared, so picking the same file again fires
 * `change` again; a file over `maxBytes` is refused before it is read.
 */
export async function pickedText(
  input: HTMLInputElement,
  maxBytes = Infinity,
): Promise<{ name: string; text: string } | string | null> {
  const picked = input.files?.[0];
  input.value = '';
  if (!picked) return null;
  const name = JSON.stringify(picked.name.slice(0, 60));
  if (picked.size > maxBytes) return `${name} was not imported: ${tooLargeMessage(picked.size)}`;
  try {
    return { name, text: await picked.text() };
  } catch (e) {
    return `${name} could not be read: ${(e as Error).message}`;
  }
}
