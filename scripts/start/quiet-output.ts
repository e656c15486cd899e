// `npm start` without the noise that buried its URL: the two webpack-dev-server deprecation
// warnings (silenced with --no-deprecation) and one "legacy JS API" deprecation block per
// stylesheet from sass-loader (CRA 5's sass-loader uses Dart Sass's legacy API, and CRA offers
// no option to pass sass its silenceDeprecations). Every other line passes through unchanged.

/** A webpack "LOG from …" block: its header, then `<w>` lines. */
const BLOCK_HEADER = /^LOG from \S*sass-loader/;
const BLOCK_LINE = /^<w>/;
const LEGACY_API = /legacy JS API is deprecated/;
// eslint-disable-next-line no-control-regex -- terminal colour codes are what is matched
const COLOUR_CODES = /\x1b\[[0-9;]*m/g;
/** The line as read, without its colours (webpack colours these blocks on a terminal). */
const plain = (line: string) => line.replace(COLOUR_CODES, '');

/** Filters lines as they come: `push` a line, get back the lines to print (maybe none yet). */
export class QuietOutput {
  private block: string[] | null = null;

  push(line: string): string[] {
    if (this.block) {
      if (BLOCK_LINE.test(plain(line))) {
        this.block.push(line);
        return [];
      }
      const finished = this.flushBlock();
      // A blank line after a dropped block belonged to it.
      if (finished.length === 0 && line.trim() === '') return [];
      return [...finished, ...this.push(line)];
    }
    if (BLOCK_HEADER.test(plain(line))) {
      this.block = [line];
      return [];
    }
    return [line];
  }

  /** The end of the stream: whatever a block still holds. */
  end(): string[] {
    return this.block ? this.flushBlock() : [];
  }

  private flushBlock(): string[] {
    const block = this.block ?? [];
    this.block = null;
    return block.some((line) => LEGACY_API.test(plain(line))) ? [] : block;
  }
}

/** NODE_OPTIONS with Node's deprecation warnings off (kept as it was otherwise). */
export function quietNodeOptions(current: string | undefined): string {
  const options = (current ?? '').trim();
  return /(^|\s)--no-deprecation(\s|$)/.test(options) ? options : `${options} --no-deprecation`.trim();
}
