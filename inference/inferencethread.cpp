#include "inferencethread.h"

#include "inferenceworker.h"

#include <QThread>

namespace camchat::inference {

InferenceThread::InferenceThread()
    : m_thread(std::make_unique<QThread>())
    , m_worker(new InferenceWorker)
{
    // Qt gives the OS thread this name, so it shows up in top, gdb and perf.
    m_thread->setObjectName(QStringLiteral("camchat-inference"));
    m_worker->moveToThread(m_thread.get());
    // QThread::finished is emitted on the ending thread, which then still delivers the
    // deferred deletes: the worker dies there, not on the owner's thread.
    QObject::connect(m_thread.get(), &QThread::finished, m_worker.data(), &QObject::deleteLater);
    m_thread->start();
}

InferenceThread::~InferenceThread()
{
    if (m_worker)
        m_worker->cancel();
    // Also stops a model load in progress (the worker's progress callback checks it).
    m_thread->requestInterruption();
    m_thread->quit();
    m_thread->wait();
    // Only if the thread never ran its event loop; the thread is gone, so this is safe.
    delete m_worker.data();
}

InferenceWorker *InferenceThread::worker() const
{
    return m_worker.data();
}

} // namespace camchat::inference
