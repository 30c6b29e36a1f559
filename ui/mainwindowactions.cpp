#include "mainwindowactions.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSlider>
#include <QAbstractSpinBox>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QIcon>
#include <QLineEdit>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QShortcut>
#include <QStyle>
#include <QTextEdit>
#include <QToolBar>

namespace camchat::ui {

namespace {

QIcon themedIcon(const QString &name, const QStyle *style, QStyle::StandardPixmap fallback)
{
    return QIcon::fromTheme(name, style->standardIcon(fallback));
}

// Widgets that do something with the space bar themselves.
bool takesSpaceKey(const QWidget *widget)
{
    return qobject_cast<const QAbstractButton *>(widget) || qobject_cast<const QComboBox *>(widget)
        || qobject_cast<const QLineEdit *>(widget) || qobject_cast<const QTextEdit *>(widget)
        || qobject_cast<const QPlainTextEdit *>(widget) || qobject_cast<const QAbstractSpinBox *>(widget)
        || qobject_cast<const QAbstractItemView *>(widget) || qobject_cast<const QAbstractSlider *>(widget);
}

QAction *makeAction(QMainWindow *window, const QIcon &icon, const QString &text, const char *objectName)
{
    auto *action = new QAction(icon, text, window);
    action->setObjectName(QLatin1String(objectName));
    return action;
}

} // namespace

MainWindowActions::MainWindowActions(QMainWindow *window)
    : QObject(window)
    , m_window(window)
{
    const QStyle *st = window->style();

    open = makeAction(window, themedIcon(QStringLiteral("document-open"), st, QStyle::SP_DialogOpenButton),
                      tr("&Open Image…"), "actionOpenImage");
    open->setShortcuts(QKeySequence::Open);
    open->setToolTip(tr("Open an image file"));

    paste = makeAction(window, themedIcon(QStringLiteral("edit-paste"), st, QStyle::SP_FileIcon),
                       tr("&Paste Image"), "actionPasteImage");
    // While the prompt box has focus and the clipboard holds text, ImageIntake lets the
    // box take the key, so text pastes as usual.
    paste->setShortcuts(QKeySequence::Paste);
    paste->setToolTip(tr("Use the image on the clipboard"));

    grab = makeAction(window, themedIcon(QStringLiteral("camera-photo"), st, QStyle::SP_DesktopIcon),
                      tr("&Grab Screen"), "actionGrabScreen");
    grab->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G));
    grab->setToolTip(tr("Take a screenshot (camchat hides itself meanwhile)"));
    grabRegion = makeAction(window, themedIcon(QStringLiteral("camera-photo"), st, QStyle::SP_DesktopIcon),
                            tr("Grab Screen &Region…"), "actionGrabRegion");
    grabRegion->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    grabRegion->setToolTip(tr("Take a screenshot and drag out the part to ask about: small text stays readable"));

    snap = makeAction(window, themedIcon(QStringLiteral("media-record"), st, QStyle::SP_DialogApplyButton),
                      tr("S&nap"), "actionSnap");
    snap->setToolTip(tr("Freeze the current live picture as the image to ask about (Space)"));
    // Space snaps, unless the focused widget has its own use for it (a space in the
    // prompt, pressing a focused button, opening a combo box): a separate shortcut,
    // switched off while such a widget has the focus.
    snapShortcut = new QShortcut(QKeySequence(Qt::Key_Space), window);
    snapShortcut->setObjectName(QStringLiteral("snapShortcut"));
    connect(snapShortcut, &QShortcut::activated, snap, [action = snap] {
        if (action->isEnabled())
            action->trigger();
    });
    // The shortcut is the context and the only thing touched: focus changes while the
    // window is being destroyed must not reach a half-destroyed window.
    connect(qApp, &QApplication::focusChanged, snapShortcut,
            [shortcut = snapShortcut](QWidget *, QWidget *now) { shortcut->setEnabled(!takesSpaceKey(now)); });

    kiosk = makeAction(window, QIcon(), tr("&Kiosk Mode"), "actionKiosk");
    kiosk->setShortcut(QKeySequence(Qt::Key_F11));
    kiosk->setToolTip(tr("Show the live picture full screen with captions made by themselves (Esc leaves)"));

    overlay = makeAction(window, QIcon(), tr("Show Capture &Details"), "actionShowOverlay");
    overlay->setCheckable(true);
    overlay->setToolTip(tr("Frame rate, size, pixel format and dropped frames over the live picture"));

    save = makeAction(window, themedIcon(QStringLiteral("document-save"), st, QStyle::SP_DialogSaveButton),
                      tr("&Save Snapshot…"), "actionSaveSnapshot");
    save->setShortcuts(QKeySequence::Save);
    save->setToolTip(tr("Save the current image to a file"));

    saveTranscript = makeAction(window, QIcon::fromTheme(QStringLiteral("document-save-as")),
                                tr("Save &Transcript…"), "actionSaveTranscript");
    saveTranscript->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    saveTranscript->setToolTip(tr("Save the conversation as Markdown, with the images asked about"));

    copyAnswer = makeAction(window, QIcon::fromTheme(QStringLiteral("edit-copy")), tr("&Copy Answer"),
                            "actionCopyAnswer");
    copyAnswer->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));

    settings = makeAction(window, QIcon::fromTheme(QStringLiteral("preferences-system")), tr("Se&ttings…"),
                          "actionSettings");
    settings->setShortcuts(QKeySequence::Preferences);
    if (settings->shortcuts().isEmpty()) // the generic X11 theme defines none
        settings->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    settings->setMenuRole(QAction::PreferencesRole);

    systemCheck = makeAction(window, QIcon(), tr("System &Check…"), "actionSystemCheck");

    manageModels = makeAction(window, QIcon::fromTheme(QStringLiteral("folder-download")), tr("&Manage Models…"),
                              "actionManageModels");
    manageModels->setToolTip(tr("Download, remove and locate the models"));
    reloadModels = makeAction(window, QIcon::fromTheme(QStringLiteral("view-refresh")), tr("&Reload Model List"),
                              "actionReloadModels");
    reloadModels->setToolTip(tr("Read the model profiles and look for their files again"));

    about = makeAction(window, QIcon(QStringLiteral(":/icons/camchat.svg")), tr("&About camchat"), "actionAbout");
    about->setMenuRole(QAction::AboutRole);

    aboutQt = makeAction(window, QIcon(), tr("About &Qt"), "actionAboutQt");
    aboutQt->setMenuRole(QAction::AboutQtRole);
    connect(aboutQt, &QAction::triggered, qApp, &QApplication::aboutQt);

    quit = makeAction(window, QIcon::fromTheme(QStringLiteral("application-exit")), tr("&Quit"), "actionQuit");
    quit->setShortcuts(QKeySequence::Quit);
    if (quit->shortcuts().isEmpty()) // not every platform defines one
        quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    quit->setMenuRole(QAction::QuitRole);
    connect(quit, &QAction::triggered, window, &QWidget::close);

    // Shortcuts work even while the toolbar or menu bar is hidden.
    window->addActions({open, paste, grab, grabRegion, snap, save, saveTranscript, copyAnswer, settings, quit});
}

void MainWindowActions::buildMenusAndToolBar(QWidget *sourcePicker)
{
    QMenuBar *menus = m_window->menuBar();
    QMenu *file = menus->addMenu(tr("&File"));
    file->setObjectName(QStringLiteral("menuFile"));
    file->addActions({open, grab, grabRegion, snap});
    file->addSeparator();
    file->addActions({save, saveTranscript});
    file->addSeparator();
    file->addAction(quit);

    QMenu *edit = menus->addMenu(tr("&Edit"));
    edit->setObjectName(QStringLiteral("menuEdit"));
    edit->addActions({paste, copyAnswer});
    edit->addSeparator();
    edit->addAction(settings);

    QMenu *view = menus->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("menuView"));

    QMenu *models = menus->addMenu(tr("&Models"));
    models->setObjectName(QStringLiteral("menuModels"));
    models->addActions({manageModels, reloadModels});

    QMenu *help = menus->addMenu(tr("&Help"));
    help->setObjectName(QStringLiteral("menuHelp"));
    help->addAction(systemCheck);
    help->addSeparator();
    help->addActions({about, aboutQt});

    QToolBar *bar = m_window->addToolBar(tr("Main Toolbar"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addActions({open, paste, grab});
    bar->addSeparator();
    bar->addWidget(sourcePicker);
    bar->addAction(snap);
    bar->addSeparator();
    bar->addAction(save);

    QAction *toggle = bar->toggleViewAction();
    toggle->setObjectName(QStringLiteral("actionShowToolBar"));
    toggle->setText(tr("Show &Toolbar"));
    view->addAction(toggle);
    view->addAction(overlay);
    view->addSeparator();
    view->addAction(kiosk);
}

} // namespace camchat::ui
