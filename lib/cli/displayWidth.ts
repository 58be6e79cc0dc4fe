/** Wide (two-column) characters: Hangul, CJK, full-width forms and emoji. */
const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|\p{Extended_Pictographic}/u;

/** Characters that take no column: combining marks, the zero-width joiner, variation selector 16. */
const ZERO_WIDTH = /^(?:\p{Mn}|\p{Me}|\u200d|\ufe0f)$/u;

/**
 * The columns `text` takes in a terminal: two for Hangul, CJK and emoji, none for combining
 * marks and variation selectors, one otherwise. Enough to align Korean text and emoji in tables.
 *
 * @example
 * ```ts
 * displayWidth('아이폰 🍎'); // 7
 * ```
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    if (ZERO_WIDTH.test(char)) continue;
    width += WIDE.test(char) ? 2 : 1;
  }
  return width;
}
