/**
 * A progress bar on stderr, redrawn in place with \r on a terminal and printed every 10 % otherwise
 * (a CI log or a test's pipe would fill with redraws). Twenty lines of our own instead of a
 * dependency: the seed needs a count, a bar and a rate, nothing more.
 */
export interface ProgressBar {
  advance(by: number, label: string): void;
  done(): void;
}

export function progressBar(total: number, stream: NodeJS.WriteStream = process.stderr): ProgressBar {
  const started = Date.now();
  let count = 0;
  let lastTenth = -1;
  const render = (label: string): string => {
    const share = total === 0 ? 1 : Math.min(1, count / total);
    const width = 30;
    const filled = Math.round(share * width);
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? Math.round(count / seconds) : 0;
    return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}% ${count}/${total} rows ${rate}/s ${label}`;
  };
  return {
    advance(by, label) {
      count += by;
      if (stream.isTTY) {
        stream.write(`\r${render(label).padEnd(100)}`);
        return;
      }
      const tenth = Math.floor((count / Math.max(total, 1)) * 10);
      if (tenth !== lastTenth) {
        lastTenth = tenth;
        stream.write(`${render(label)}\n`);
      }
    },
    done() {
      if (stream.isTTY) stream.write('\n');
    },
  };
}
