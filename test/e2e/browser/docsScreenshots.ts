/// <reference lib="dom" />
/**
 * The README's screenshots (docs/*.png) come from the browser tests, so they cannot go stale: each run
 * takes them again and compares them with the committed ones. Byte equality would make CI flaky (font
 * anti-aliasing, sub-pixel positions), so the comparison forgives what rendering noise does and nothing a
 * change of the form does:
 *   - the screenshot is taken the same way every time: fixed viewport width (the tests'), the window fitted
 *     to the form, focus and hover removed (tidyForScreenshot), CSS animations and transitions finished
 *     (`animations: 'disabled'`), no text caret;
 *   - a pixel counts as different only when its colour differs by more than COLOUR_TOLERANCE in a channel
 *     from the other image's pixel there AND from every pixel of the other image within one pixel of it (in
 *     both directions): anti-aliased edges and one-pixel shifts pass, a changed word does not;
 *   - up to PIXEL_TOLERANCE such pixels are forgiven; another size is always a difference.
 * When they differ, the new screenshot replaces the committed one in docs/ (commit it) and a picture of the
 * differences is saved in test-artifacts/<name>.diff.png; under CI (CI=true, set by .ci/run) the test fails.
 * The comparison runs in the test's own browser (canvas pixels): no image library needed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { Page } from 'playwright-core';

import { REPO_ROOT } from '../../../scripts/n8n/lib';
import { ARTIFACTS_DIR, fitViewportToForm, tidyForScreenshot } from './editor';

export const DOCS_DIR = path.join(REPO_ROOT, 'docs');
/** Largest per-channel difference (0–255) still taken as the same colour. */
export const COLOUR_TOLERANCE = 40;
/**
 * Differing pixels forgiven (rendering noise the neighbourhood rule does not absorb). Measured: 0 between runs
 * hours apart; 146 when the field label "Description" became "Details".
 */
export const PIXEL_TOLERANCE = 16;

export interface ScreenshotDifference {
	/** Both images have the same width and height. */
	sameSize: boolean;
	/** Pixels that differ beyond anti-aliasing and one-pixel shifts. */
	differentPixels: number;
	/** Where they are: [left, top, right, bottom], or null. */
	box: [number, number, number, number] | null;
	/** A picture of the differences (red on the faded new image), PNG in base64, when there are any. */
	diffPng: string | null;
}

/** Compares two PNGs in the browser of `page` (its context opens a blank page for it). */
export async function compareScreenshots(
	page: Page,
	committed: Buffer,
	current: Buffer,
	colourTolerance = COLOUR_TOLERANCE,
): Promise<ScreenshotDifference> {
	const blank = await page.context().newPage();
	try {
		return await blank.evaluate(
			async ({ a64, b64, tolerance }) => {
				const decode = async (b64png: string) => {
					const bytes = Uint8Array.from(atob(b64png), (c) => c.charCodeAt(0));
					const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }), {
						colorSpaceConversion: 'none',
						premultiplyAlpha: 'none',
					});
					const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
					const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
					ctx.drawImage(bitmap, 0, 0);
					return ctx.getImageData(0, 0, bitmap.width, bitmap.height);
				};
				const [a, b] = await Promise.all([decode(a64), decode(b64)]);
				if (a.width !== b.width || a.height !== b.height)
					return { sameSize: false, differentPixels: -1, box: null, diffPng: null };
				const { width, height } = a;
				const close = (x: Uint8ClampedArray, i: number, y: Uint8ClampedArray, j: number) =>
					Math.abs(x[i] - y[j]) <= tolerance &&
					Math.abs(x[i + 1] - y[j + 1]) <= tolerance &&
					Math.abs(x[i + 2] - y[j + 2]) <= tolerance;
				/** Some pixel of `y` within one pixel of (px, py) has the colour of `x` at (px, py). */
				const nearby = (x: Uint8ClampedArray, y: Uint8ClampedArray, px: number, py: number) => {
					const i = (py * width + px) * 4;
					for (let dy = -1; dy <= 1; dy++)
						for (let dx = -1; dx <= 1; dx++) {
							const qx = px + dx;
							const qy = py + dy;
							if (qx < 0 || qy < 0 || qx >= width || qy >= height) continue;
							if (close(x, i, y, (qy * width + qx) * 4)) return true;
						}
					return false;
				};
				const diff = new ImageData(width, height);
				let count = 0;
				let box: [number, number, number, number] | null = null;
				for (let y = 0; y < height; y++)
					for (let x = 0; x < width; x++) {
						const i = (y * width + x) * 4;
						const differs =
							!close(a.data, i, b.data, i) &&
							(!nearby(a.data, b.data, x, y) || !nearby(b.data, a.data, x, y));
						// The diff picture: the new image faded, differences in red.
						const grey = 192 + (b.data[i] + b.data[i + 1] + b.data[i + 2]) / 12;
						diff.data.set(differs ? [255, 0, 0, 255] : [grey, grey, grey, 255], i);
						if (!differs) continue;
						count++;
						box = box
							? [Math.min(box[0], x), Math.min(box[1], y), Math.max(box[2], x), Math.max(box[3], y)]
							: [x, y, x, y];
					}
				let diffPng: string | null = null;
				if (count > 0) {
					const canvas = new OffscreenCanvas(width, height);
					canvas.getContext('2d')!.putImageData(diff, 0, 0);
					const blob = await canvas.convertToBlob({ type: 'image/png' });
					const bytes = new Uint8Array(await blob.arrayBuffer());
					let binary = '';
					for (let k = 0; k < bytes.length; k += 0x8000)
						binary += String.fromCharCode(...bytes.subarray(k, k + 0x8000));
					diffPng = btoa(binary);
				}
				return { sameSize: true, differentPixels: count, box, diffPng };
			},
			{
				a64: committed.toString('base64'),
				b64: current.toString('base64'),
				tolerance: colourTolerance,
			},
		);
	} finally {
		await blank.close();
	}
}

/**
 * Takes the screenshot `docs/<name>.png` of the open node panel (the whole form, tidied) and keeps the
 * committed one unless the form looks different; then the new one is written to docs/ and, under CI, the
 * test fails. Returns the new screenshot's path (in test-artifacts/) and the comparison.
 */
export async function docsScreenshot(
	page: Page,
	name: string,
	opts: { fitToForm?: boolean } = {},
): Promise<{ png: string; difference: ScreenshotDifference | null }> {
	if (opts.fitToForm ?? true) await fitViewportToForm(page);
	await tidyForScreenshot(page);
	fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
	const png = path.join(ARTIFACTS_DIR, `${name}.png`);
	const current = await page.screenshot({ path: png, animations: 'disabled', caret: 'hide' });
	const docsFile = path.join(DOCS_DIR, `${name}.png`);
	const difference = fs.existsSync(docsFile)
		? await compareScreenshots(page, fs.readFileSync(docsFile), current)
		: null;
	const same =
		difference !== null && difference.sameSize && difference.differentPixels <= PIXEL_TOLERANCE;
	if (same) {
		if (difference.differentPixels > 0)
			console.warn(`docs/${name}.png: ${difference.differentPixels} pixels differ (forgiven)`);
		return { png, difference };
	}

	fs.writeFileSync(docsFile, current);
	const diffFile = path.join(ARTIFACTS_DIR, `${name}.diff.png`);
	if (difference?.diffPng) fs.writeFileSync(diffFile, Buffer.from(difference.diffPng, 'base64'));
	const what = !difference
		? 'is new'
		: !difference.sameSize
			? 'has another size than the committed one'
			: `differs from the committed one in ${difference.differentPixels} pixels (within ${JSON.stringify(difference.box)}; ${path.relative(REPO_ROOT, diffFile)} shows where)`;
	const message = `docs/${name}.png ${what}: the form looks different. The new screenshot is written to docs/: look at it and commit it.`;
	if (process.env.CI) throw new Error(message);
	console.warn(message);
	return { png, difference };
}
