// The `type` of every Responses streaming event (responses.d.ts `ResponseStreamEvent`, 59
// members). A Live `response.event` nests one, and a WebRTC frontend's `allowed_server_events`
// can let Responses events through only one nested type at a time (live.d.ts ServerEventSelector:
// `response_event` "Required when type is 'response.event'"), so a list that means "every
// Responses event" has to name them all. responses-stream-events.node.test.ts keeps it in step
// with the installed package.
export const RESPONSES_STREAM_EVENT_TYPES: readonly string[] = [
  'response.audio.delta', 'response.audio.done', 'response.audio.transcript.delta', 'response.audio.transcript.done',
  'response.code_interpreter_call_code.delta', 'response.code_interpreter_call_code.done',
  'response.code_interpreter_call.completed', 'response.code_interpreter_call.in_progress',
  'response.code_interpreter_call.interpreting', 'response.compaction.compacting', 'response.completed',
  'response.content_part.added', 'response.content_part.done', 'response.created', 'error',
  'response.file_search_call.completed', 'response.file_search_call.in_progress',
  'response.file_search_call.searching', 'response.function_call_arguments.delta',
  'response.function_call_arguments.done', 'response.shell_call_command.added', 'response.shell_call_command.delta',
  'response.shell_call_command.done', 'response.shell_call_output_content.delta',
  'response.shell_call_output_content.done', 'response.in_progress', 'response.failed', 'response.incomplete',
  'response.output_item.added', 'response.output_item.done', 'response.reasoning_summary_part.added',
  'response.reasoning_summary_part.done', 'response.reasoning_summary_text.delta',
  'response.reasoning_summary_text.done', 'response.reasoning_text.delta', 'response.reasoning_text.done',
  'response.refusal.delta', 'response.refusal.done', 'response.output_text.delta', 'response.output_text.done',
  'response.web_search_call.completed', 'response.web_search_call.in_progress', 'response.web_search_call.searching',
  'response.image_generation_call.completed', 'response.image_generation_call.generating',
  'response.image_generation_call.in_progress', 'response.image_generation_call.partial_image',
  'response.mcp_call_arguments.delta', 'response.mcp_call_arguments.done', 'response.mcp_call.completed',
  'response.mcp_call.failed', 'response.mcp_call.in_progress', 'response.mcp_list_tools.completed',
  'response.mcp_list_tools.failed', 'response.mcp_list_tools.in_progress', 'response.output_text.annotation.added',
  'response.queued', 'response.custom_tool_call_input.delta', 'response.custom_tool_call_input.done',
];
