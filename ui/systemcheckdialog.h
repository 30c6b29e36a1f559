#pragma once

#include "inference/rk/systemcheck.h"

#include <QCoreApplication>
#include <QDialog>
#include <QList>
#include <QString>

class QLabel;
class QPushButton;
class QTreeWidget;

namespace camchat::ui {

// The user's words for SystemCheck items: shared by Help → System Check and
// `camchat doctor`, so both say the same thing.
class SystemCheckText
{
    Q_DECLARE_TR_FUNCTIONS(SystemCheckText)

public:
    static QString title(const inference::CheckItem &item);   // "NPU driver"
    static QString status(inference::CheckStatus status);      // "ok", "problem", ...
    static QString value(const inference::CheckItem &item);    // the finding, known words translated
    static QString fix(const inference::CheckItem &item);      // one line, "" when nothing to do
    // The verdict in one line: "NPU backend: unavailable (reasons)".
    static QString verdict(const inference::CheckItem &npuBackend);
    // The whole report as plain text (what the doctor prints and the dialog copies).
    static QString report(const QList<inference::CheckItem> &items, const QString &root);
};

// Help → System Check: runs SystemCheck off the GUI thread and lists every item with a
// status icon, the technical detail and, for what needs it, the fix.
class SystemCheckDialog : public QDialog
{
    Q_OBJECT

public:
    // `root`: where the checks read ("/"; tests pass a fake tree).
    explicit SystemCheckDialog(QWidget *parent = nullptr, const QString &root = QStringLiteral("/"));
    ~SystemCheckDialog() override;

    bool isRunning() const { return m_running; }
    QList<inference::CheckItem> items() const { return m_items; }

public Q_SLOTS:
    void runCheck();

Q_SIGNALS:
    void checkFinished();

private:
    void showItems(const QList<inference::CheckItem> &items);

    QString m_root;
    QLabel *m_verdict = nullptr;
    QTreeWidget *m_tree = nullptr;
    QPushButton *m_rerunButton = nullptr;
    QPushButton *m_copyButton = nullptr;
    QList<inference::CheckItem> m_items;
    bool m_running = false;
};

} // namespace camchat::ui
