#include "windowlayout.h"

#include "session/settingskeys.h"

#include <QMainWindow>
#include <QScreen>
#include <QSettings>
#include <QSplitter>

#include <algorithm>

namespace camchat::ui {

using session::settingsKey;
namespace settings = session::settings;

namespace {

const QSize kDefaultWindowSize(1280, 800);

} // namespace

bool restoreWindowLayout(QMainWindow *window, QSplitter *main, QSplitter *chat)
{
    const QSettings settings;
    if (!window->restoreGeometry(settings.value(settingsKey(settings::kGeometry)).toByteArray())) {
        QSize size = kDefaultWindowSize;
        if (const QScreen *screen = window->screen())
            size = size.boundedTo(screen->availableSize() * 9 / 10);
        window->resize(size);
    }
    window->restoreState(settings.value(settingsKey(settings::kWindowState)).toByteArray());
    const bool mainRestored = main->restoreState(settings.value(settingsKey(settings::kMainSplitter)).toByteArray());
    const bool chatRestored = chat->restoreState(settings.value(settingsKey(settings::kChatSplitter)).toByteArray());
    return mainRestored && chatRestored;
}

void saveWindowLayout(const QMainWindow *window, const QSplitter *main, const QSplitter *chat)
{
    QSettings settings;
    settings.setValue(settingsKey(settings::kGeometry), window->saveGeometry());
    settings.setValue(settingsKey(settings::kWindowState), window->saveState());
    settings.setValue(settingsKey(settings::kMainSplitter), main->saveState());
    settings.setValue(settingsKey(settings::kChatSplitter), chat->saveState());
}

void applyDefaultSplit(QSplitter *main, QSplitter *chat)
{
    const int width = main->width();
    main->setSizes({width * 3 / 5, width - width * 3 / 5});
    const int height = chat->height();
    const int prompt = chat->widget(1)->sizeHint().height();
    const int latency = chat->widget(2)->sizeHint().height();
    chat->setSizes({std::max(height - prompt - latency, height / 2), prompt, latency});
}

} // namespace camchat::ui
