/**
 * The lesion study in the Lab (issue 12 §1), as a learner runs it: the default session
 * trained to the end, Delete blocks, a progress bar, then each run's line and two charts.
 */
import assert from 'node:assert/strict';
import { test } from '../../scripts/browser/registry';
import { trainToDone } from './labPage';

test('Delete blocks studies the trained default session: progress, one line per run, two charts', async ({
  page,
  goto,
  screenshot,
  note,
}) => {
  await goto('/lab');
  const panel = page.getByRole('region', { name: 'Lesion study' });
  const button = panel.getByRole('button', { name: 'Delete blocks' });
  assert.equal(await button.isDisabled(), true, 'nothing trained yet: nothing to delete');
  await trainToDone(page);
  await button.click();
  const summary = panel.getByTestId('lesion-summary');
  await summary.waitFor({ timeout: 300_000 });
  const lines = await summary.locator('li').allTextContents();
  note('lines', lines);
  // One line per run, in the session's order, then the comparison.
  assert.equal(lines.length, 5);
  for (const [i, label] of ['plain-8', 'plain-52', 'ResNet A-8', 'ResNet A-52'].entries())
    assert.match(
      lines[i]!,
      new RegExp(
        `^${label}: \\d+\\.\\d% test error as trained; one deleted block changes it by [+−]\\d+\\.\\d points on average`,
      ),
    );
  assert.match(lines[4]!, /^Here, (as|unlike) the paper/);
  assert.match((await summary.textContent()) ?? '', /as trained to step 360/);
  // The two charts: a line per run in each.
  for (const title of ['Test error with one block deleted', 'Test error with k random blocks deleted']) {
    const figure = panel.locator('figure', { has: page.getByText(title, { exact: true }) });
    assert.equal(await figure.locator('g.run').count(), 4, title);
    assert.ok(((await figure.locator('g.run path.curve').first().getAttribute('d')) ?? '').startsWith('M'));
  }
  await panel.locator('.run-cols').scrollIntoViewIfNeeded();
  await screenshot('lesion');
});

test('Slice the loss landscape draws a contour map per run on one scale, its centre the trained loss', async ({
  page,
  goto,
  screenshot,
  note,
}) => {
  await goto('/lab');
  await trainToDone(page);
  const panel = page.getByRole('region', { name: 'Loss landscape' });
  await panel.getByLabel('Grid').selectOption({ label: '11 points an axis' });
  await panel.getByRole('button', { name: 'Slice the loss landscape' }).click();
  const summary = panel.getByTestId('landscape-summary');
  await summary.waitFor({ timeout: 300_000 });
  const lines = await summary.locator('li').allTextContents();
  note('lines', lines);
  assert.equal(lines.length, 5);
  assert.match(
    lines[0]!,
    /^plain-8: loss \d\.\d+ at the trained weights; it stays within 2× that over \d+% of the slice \(±1 along each direction\)\.$/,
  );
  assert.match(lines[4]!, /^Here, (as|unlike) the paper/);
  const maps = panel.locator('figure');
  assert.equal(await maps.count(), 4);
  for (let i = 0; i < 4; i++) {
    assert.ok((await maps.nth(i).locator('g.bands path').count()) > 3, 'contour bands drawn');
    assert.match((await maps.nth(i).locator('text.centre-label').textContent()) ?? '', /^trained: \d/);
  }
  await maps.first().scrollIntoViewIfNeeded();
  await screenshot('landscape');
});
