#include "widgettest.h"

#include <QTest>
#include <QWidget>

namespace camchat::test {

bool showWindow(QWidget *window, QSize size)
{
    if (size.isValid())
        window->resize(size);
    window->show();
    return QTest::qWaitForWindowExposed(window);
}

} // namespace camchat::test
