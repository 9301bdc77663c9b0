/**
 * Parses JSON like `JSON.parse`, except that an integer literal too large for a double to hold exactly (beyond
 * ±2^53) is returned as its decimal string. Platforms send 64-bit ids as JSON numbers (TikTok's
 * `publicaly_available_post_id`); a plain parse silently changes their last digits. Throws `SyntaxError` on
 * invalid JSON, like `JSON.parse`.
 */
export function parseJsonWithInt64(text: string): unknown {
  let out = '';
  let copiedUpTo = 0;
  let index = 0;
  while (index < text.length) {
    const char = text[index];
    if (char === '"') {
      index = skipString(text, index);
      continue;
    }
    if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) {
      const end = numberEnd(text, index);
      const literal = text.slice(index, end);
      if (/^-?\d+$/.test(literal) && !Number.isSafeInteger(Number(literal))) {
        out += `${text.slice(copiedUpTo, index)}"${literal}"`;
        copiedUpTo = end;
      }
      index = end;
      continue;
    }
    index += 1;
  }
  return JSON.parse(out + text.slice(copiedUpTo));
}

/** Index just past the string literal starting at `start` (a `"`). */
function skipString(text: string, start: number): number {
  let index = start + 1;
  while (index < text.length) {
    const char = text[index];
    if (char === '\\') index += 2;
    else if (char === '"') return index + 1;
    else index += 1;
  }
  return index;
}

/** Index just past the number literal starting at `start`. */
function numberEnd(text: string, start: number): number {
  let index = start + 1;
  while (index < text.length && /[0-9eE+.-]/.test(text[index] ?? '')) index += 1;
  return index;
}
