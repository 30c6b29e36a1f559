#pragma once

// The test-side controls of the fake Rockchip runtimes. All of them live in
// libcamchat_fakenpu.so, which both fake runtimes link, so one process-wide record
// covers RKNN and RKLLM together; look them up with dlsym on either fake's handle.
//
// Violations are misuses a real board would punish (overlapping NPU work, a wrong
// multimodal input, answering about an old image, ...). Each is counted, printed to
// stderr as "camchat-fake VIOLATION: ...", and aborts the process when
// CAMCHAT_FAKE_ABORT_ON_VIOLATION=1.

extern "C" {

// For tests (through dlsym).
int camchat_fake_violations(void);
// The latest violation's message, "" when none. Valid until the next call on this thread.
const char *camchat_fake_last_violation(void);
// Clears violations, counters and values.
void camchat_fake_reset(void);
// Counters: calls per function name ("rknn_run", "rkllm_clear_kv_cache", ...) plus
// "old_image_answers", "live_rknn_contexts", "live_rkllm_handles", "rknn_outputs_held",
// "rknn_core_mask" (last mask set), "rkllm_keep_history" (last value).
long camchat_fake_counter(const char *name);
// Latest strings the fakes were given: "rkllm_prompt", "rkllm_role", "rkllm_system",
// "rkllm_prefix", "rkllm_postfix", "rkllm_img_start", "rkllm_img_end", "rkllm_img_content",
// "rkllm_answer" (the whole text of the latest answer). Valid until the next call on
// this thread; "" when unset.
const char *camchat_fake_last_value(const char *name);

// For the fakes themselves.
void camchat_fake_violation(const char *format, ...) __attribute__((format(printf, 1, 2)));
void camchat_fake_count(const char *name, long delta);
void camchat_fake_set_counter(const char *name, long value);
void camchat_fake_set_value(const char *name, const char *value);
// Marks the NPU busy for `who`; records a violation when it already was.
void camchat_fake_npu_enter(const char *who);
void camchat_fake_npu_leave(void);

} // extern "C"

using CamchatFakeViolationsFn = int (*)();
using CamchatFakeLastViolationFn = const char *(*)();
using CamchatFakeResetFn = void (*)();
using CamchatFakeCounterFn = long (*)(const char *);
using CamchatFakeLastValueFn = const char *(*)(const char *);
