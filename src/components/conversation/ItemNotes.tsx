// What went wrong around an item: its response failed or stopped early (status_details), or its
// audio could not be transcribed.
import { responseOutcome, transcriptionFailure } from './itemLabels';
import type { ConversationItemView } from './types';

export function ItemNotes({ item }: { item: ConversationItemView }) {
  const outcome = responseOutcome(item);
  const transcription = transcriptionFailure(item);
  if (!outcome && !transcription) return null;
  return (
    <>
      {outcome && (
        <p className="conversation__note" data-testid="response-outcome">
          {outcome}
        </p>
      )}
      {transcription && (
        <p className="conversation__note" data-testid="transcription-failure">
          {transcription}
        </p>
      )}
    </>
  );
}
