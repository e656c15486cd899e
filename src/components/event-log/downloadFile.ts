// Saves text parts as a file in the browser, without joining them into one huge string first.

export interface DownloadFile {
  name: string;
  type: string;
  parts: string[];
}

export function downloadFile({ name, type, parts }: DownloadFile): void {
  const url = URL.createObjectURL(new Blob(parts, { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  // Revoke after the click has been handled, or some browsers cancel the download.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** e.g. realtime-events-2026-01-01T12-00-00.jsonl */
export function exportFileName(now = new Date()): string {
  return `realtime-events-${now.toISOString().slice(0, 19).replace(/:/g, '-')}.jsonl`;
}
