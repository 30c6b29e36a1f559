#pragma once

#include <QPointer>
#include <QtGlobal>

#include <memory>

class QThread;

namespace camchat::inference {

class InferenceWorker;

// Owns the inference thread ("camchat-inference") and the InferenceWorker living in it.
// Create and destroy it on one thread (normally the GUI thread). Destruction cancels the
// running request, stops the thread and waits for it; the worker, and with it the backend
// and its model, is destroyed on the inference thread before the thread ends.
class InferenceThread
{
public:
    InferenceThread();
    ~InferenceThread();
    Q_DISABLE_COPY_MOVE(InferenceThread)

    // Lives in the inference thread: call its slots with queued connections or
    // QMetaObject::invokeMethod; submit() and cancel() may be called directly.
    InferenceWorker *worker() const;

private:
    std::unique_ptr<QThread> m_thread;
    QPointer<InferenceWorker> m_worker;
};

} // namespace camchat::inference
