import { SessionRejections } from './sessionRejections';

const sent = (eventId: string) => ({ time: 1, source: 'client' as const, event: { type: 'session.update' as const, event_id: eventId, session: { type: 'realtime' as const } } });
const error = (eventId: string | null, code = 'cannot_update_voice') => ({
  time: 2,
  source: 'server' as const,
  event: { type: 'error', event_id: 'event_srv_1', error: { type: 'invalid_request_error', code, message: "Cannot update a conversation's voice if assistant audio is present.", param: 'session.audio.output.voice', event_id: eventId } },
});

test('an error naming a sent session.update is a rejection of that update, reported once', () => {
  const rejections = new SessionRejections();
  expect(rejections.observe(sent('evt_a'))).toBeNull();
  expect(rejections.observe(error('evt_a'))).toEqual({
    eventId: 'evt_a',
    message: "cannot_update_voice — Cannot update a conversation's voice if assistant audio is present.",
  });
  expect(rejections.observe(error('evt_a'))).toBeNull();
});

test('errors about other events, or naming no event, are not rejections', () => {
  const rejections = new SessionRejections();
  rejections.observe(sent('evt_a'));
  rejections.observe({ time: 1, source: 'client', event: { type: 'response.create', event_id: 'evt_b' } });
  expect(rejections.observe(error('evt_b', 'response_failed'))).toBeNull();
  expect(rejections.observe(error(null))).toBeNull();
  expect(rejections.observe({ time: 3, source: 'server', event: { type: 'session.updated', event_id: 'evt_srv' } })).toBeNull();
});
