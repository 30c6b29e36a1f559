#include "llamalog.h"

#include <llama.h>
#include <mtmd-helper.h>

#include <cstdio>
#include <mutex>
#include <string>

namespace camchat::inference {

namespace {

class LogSink
{
public:
    static LogSink &instance()
    {
        static LogSink sink;
        return sink;
    }

    void write(ggml_log_level level, const char *text)
    {
        std::lock_guard lock(m_mutex);
        // A continuation line belongs to the level of the line it continues.
        if (level != GGML_LOG_LEVEL_CONT)
            m_level = level;
        if (m_level != GGML_LOG_LEVEL_WARN && m_level != GGML_LOG_LEVEL_ERROR)
            return;
        if (!m_quiet)
            std::fputs(text, stderr);
        if (m_level == GGML_LOG_LEVEL_ERROR && m_errors.size() < kMaxErrorBytes)
            m_errors += text;
    }

    void setQuiet(bool quiet)
    {
        std::lock_guard lock(m_mutex);
        m_quiet = quiet;
    }

    void clearErrors()
    {
        std::lock_guard lock(m_mutex);
        m_errors.clear();
    }

    QString errors()
    {
        std::lock_guard lock(m_mutex);
        return QString::fromUtf8(m_errors).simplified();
    }

private:
    static constexpr std::size_t kMaxErrorBytes = 4096;
    std::mutex m_mutex;
    ggml_log_level m_level = GGML_LOG_LEVEL_INFO;
    bool m_quiet = false;
    std::string m_errors;
};

void logCallback(ggml_log_level level, const char *text, void *)
{
    if (text)
        LogSink::instance().write(level, text);
}

} // namespace

void LlamaLog::initOnce()
{
    static std::once_flag once;
    std::call_once(once, [] {
        llama_log_set(logCallback, nullptr); // also ggml's
        mtmd_helper_log_set(logCallback, nullptr); // also libmtmd's
        llama_backend_init();
    });
}

void LlamaLog::clearErrors()
{
    LogSink::instance().clearErrors();
}

QString LlamaLog::errors()
{
    return LogSink::instance().errors();
}

void LlamaLog::setQuiet(bool quiet)
{
    LogSink::instance().setQuiet(quiet);
}

} // namespace camchat::inference
