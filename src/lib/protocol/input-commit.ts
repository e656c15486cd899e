// The least audio the API commits from the input buffer. The `openai` package (7.57) and the
// published spec say only that a commit "will produce an error if the input audio buffer is
// empty"; the live API refuses anything under 100 ms with `input_audio_buffer_commit_empty`:
// "buffer too small. Expected at least 100ms of audio, but buffer only has 0.00ms of audio" (the
// error as users quote it, e.g. github.com/betalgo/openai/issues/674). The number is the
// server's, not the spec's: one place for the client (and the simulator) to read it.
export const MIN_INPUT_COMMIT_MS = 100;

/** The error code the API answers a too-short commit with. */
export const COMMIT_EMPTY_ERROR = 'input_audio_buffer_commit_empty';
