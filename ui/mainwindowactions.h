#pragma once

#include <QObject>

class QAction;
class QMainWindow;
class QShortcut;
class QWidget;

namespace camchat::ui {

// The main window's actions, its menu bar and its tool bar. The actions are made here with
// their texts, icons, shortcuts and object names; the window connects what they do (like
// the Ui class of a form, hence the plain public members). GUI thread.
class MainWindowActions : public QObject
{
    Q_OBJECT

public:
    // Makes the actions as children of `window`; their shortcuts work even while the tool
    // bar or the menu bar is hidden.
    explicit MainWindowActions(QMainWindow *window);

    // Fills the window's menu bar and adds its tool bar, with `sourcePicker` between the
    // image actions and Snap.
    void buildMenusAndToolBar(QWidget *sourcePicker);

    QAction *open = nullptr;
    QAction *paste = nullptr;
    QAction *grab = nullptr;
    QAction *grabRegion = nullptr;
    QAction *snap = nullptr;
    QAction *overlay = nullptr; // checkable: capture details over the live picture
    QAction *kiosk = nullptr;
    QAction *save = nullptr;
    QAction *saveTranscript = nullptr;
    QAction *copyAnswer = nullptr;
    QAction *settings = nullptr;
    QAction *systemCheck = nullptr;
    QAction *manageModels = nullptr;
    QAction *reloadModels = nullptr;
    QAction *about = nullptr;
    QAction *aboutQt = nullptr;
    QAction *quit = nullptr;
    // Space triggers Snap, unless the focused widget has its own use for the space bar.
    QShortcut *snapShortcut = nullptr;

private:
    QMainWindow *m_window = nullptr;
};

} // namespace camchat::ui
