#pragma once

#include <QObject>
#include <QSize>
#include <QString>

#include <memory>

QT_BEGIN_NAMESPACE
class QWidget;
QT_END_NAMESPACE

namespace camchat::test {

// The child of `parent` with this object name and type, or null.
template<typename T>
T *child(const QObject &parent, const char *name)
{
    return parent.findChild<T *>(QLatin1String(name));
}

// Resizes `window` to `size` (when valid), shows it and waits until it is exposed.
// False if it never was.
bool showWindow(QWidget *window, QSize size = {});

// The same for a window the test owns: the window, or null if it was never exposed.
template<typename W>
std::unique_ptr<W> showWindow(std::unique_ptr<W> window, QSize size = {})
{
    if (!showWindow(static_cast<QWidget *>(window.get()), size))
        return nullptr;
    return window;
}

} // namespace camchat::test
