/**
 * Lets a reader that goes away (`cinema jobs m --json | head -1`) end the command quietly instead of
 * crashing it with an unhandled EPIPE. Writes after that are dropped, and `onClosed` runs once, so the
 * caller can stop a film whose progress nobody reads any more; the process then exits with the
 * command's own code. Any other stream error still surfaces.
 */
export function endQuietlyOnClosedPipe(stream: NodeJS.WritableStream, onClosed: () => void = () => {}): void {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
    if (closed) return;
    closed = true;
    onClosed();
  });
}
