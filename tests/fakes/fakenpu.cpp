// The state both fake runtimes share: violations, counters, strings and the NPU-busy flag.

#include "fakecontrol.h"

#include <atomic>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <string>

namespace {

struct Record {
    std::mutex mutex;
    int violations = 0;
    std::string lastViolation;
    std::map<std::string, long> counters;
    std::map<std::string, std::string> values;
};

Record &record()
{
    static Record r;
    return r;
}

std::atomic<int> g_npuUsers{0};
std::atomic<const char *> g_npuOwner{nullptr};

thread_local std::string t_returned;

} // namespace

extern "C" {

__attribute__((visibility("default"))) int camchat_fake_violations(void)
{
    std::lock_guard lock(record().mutex);
    return record().violations;
}

__attribute__((visibility("default"))) const char *camchat_fake_last_violation(void)
{
    std::lock_guard lock(record().mutex);
    t_returned = record().lastViolation;
    return t_returned.c_str();
}

__attribute__((visibility("default"))) void camchat_fake_reset(void)
{
    std::lock_guard lock(record().mutex);
    record().violations = 0;
    record().lastViolation.clear();
    // The live-object counts describe the process, not a test: keep them.
    for (auto it = record().counters.begin(); it != record().counters.end();) {
        if (it->first.rfind("live_", 0) == 0 || it->first == "rknn_outputs_held")
            ++it;
        else
            it = record().counters.erase(it);
    }
    record().values.clear();
}

__attribute__((visibility("default"))) long camchat_fake_counter(const char *name)
{
    std::lock_guard lock(record().mutex);
    const auto it = record().counters.find(name ? name : "");
    return it == record().counters.end() ? 0 : it->second;
}

__attribute__((visibility("default"))) const char *camchat_fake_last_value(const char *name)
{
    std::lock_guard lock(record().mutex);
    const auto it = record().values.find(name ? name : "");
    t_returned = it == record().values.end() ? std::string() : it->second;
    return t_returned.c_str();
}

__attribute__((visibility("default"))) void camchat_fake_violation(const char *format, ...)
{
    char message[1024];
    va_list args;
    va_start(args, format);
    std::vsnprintf(message, sizeof message, format, args);
    va_end(args);
    std::fprintf(stderr, "camchat-fake VIOLATION: %s\n", message);
    {
        std::lock_guard lock(record().mutex);
        ++record().violations;
        record().lastViolation = message;
    }
    const char *abortFlag = std::getenv("CAMCHAT_FAKE_ABORT_ON_VIOLATION");
    if (abortFlag && std::strcmp(abortFlag, "1") == 0)
        std::abort();
}

__attribute__((visibility("default"))) void camchat_fake_count(const char *name, long delta)
{
    std::lock_guard lock(record().mutex);
    record().counters[name] += delta;
}

__attribute__((visibility("default"))) void camchat_fake_set_counter(const char *name, long value)
{
    std::lock_guard lock(record().mutex);
    record().counters[name] = value;
}

__attribute__((visibility("default"))) void camchat_fake_set_value(const char *name,
                                                                  const char *value)
{
    std::lock_guard lock(record().mutex);
    record().values[name] = value ? value : "";
}

__attribute__((visibility("default"))) void camchat_fake_npu_enter(const char *who)
{
    if (g_npuUsers.fetch_add(1) != 0) {
        const char *owner = g_npuOwner.load();
        camchat_fake_violation("NPU overlap: %s started while %s was running", who,
                               owner ? owner : "another NPU call");
    } else {
        g_npuOwner.store(who);
    }
}

__attribute__((visibility("default"))) void camchat_fake_npu_leave(void)
{
    if (g_npuUsers.fetch_sub(1) == 1)
        g_npuOwner.store(nullptr);
}

} // extern "C"
