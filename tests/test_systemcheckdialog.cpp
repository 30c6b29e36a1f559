// Help → System Check: the dialog on the fake trees of tests/data/doctor, the menu entry,
// and the shared report text.
#include "ui/mainwindow.h"
#include "ui/systemcheckdialog.h"

#include <QAction>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QTreeWidget>

using camchat::inference::CheckFix;
using camchat::inference::CheckItem;
using camchat::inference::CheckStatus;
using camchat::ui::MainWindow;
using camchat::ui::SystemCheckDialog;
using camchat::ui::SystemCheckText;

namespace {

QString tree(const char *name)
{
    return QStringLiteral(CAMCHAT_DOCTOR_DATA_DIR "/") + QLatin1String(name);
}

QTreeWidgetItem *rowFor(QTreeWidget *tree, const QString &id)
{
    for (int i = 0; i < tree->topLevelItemCount(); ++i) {
        if (tree->topLevelItem(i)->data(0, Qt::UserRole).toString() == id)
            return tree->topLevelItem(i);
    }
    return nullptr;
}

} // namespace

class TestSystemCheckDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("camchat-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("test_systemcheckdialog"));
        QStandardPaths::setTestModeEnabled(true);
        qunsetenv("CAMCHAT_RK_LIB_DIR");
    }

    void listsItemsWithFixes()
    {
        SystemCheckDialog dialog(nullptr, tree("vendor510"));
        QSignalSpy finished(&dialog, &SystemCheckDialog::checkFinished);
        QVERIFY(dialog.isRunning()); // started at once, off the GUI thread
        QVERIFY(finished.wait(20000));
        QVERIFY(!dialog.isRunning());

        auto *tree = dialog.findChild<QTreeWidget *>(QStringLiteral("systemCheckTree"));
        QVERIFY(tree);
        QTreeWidgetItem *driver = rowFor(tree, QStringLiteral("npu_driver"));
        QVERIFY(driver);
        QCOMPARE(driver->text(0), SystemCheckText::tr("NPU driver"));
        QCOMPARE(driver->text(1), QStringLiteral("0.8.2"));
        QVERIFY(!driver->icon(0).isNull());
        QVERIFY(driver->isExpanded()); // a problem: its fix is in view
        bool sawFix = false;
        for (int i = 0; i < driver->childCount(); ++i)
            sawFix |= driver->child(i)->text(1).contains(QLatin1String("install Armbian with kernel 6.1"));
        QVERIFY(sawFix);
        // Fine items stay closed and carry no fix row.
        QTreeWidgetItem *kernel = rowFor(tree, QStringLiteral("kernel"));
        QVERIFY(kernel);
        QVERIFY(!kernel->isExpanded());
        QCOMPARE(kernel->childCount(), 1); // the detail only

        // The verdict is the label on top, not a row.
        QVERIFY(!rowFor(tree, QStringLiteral("npu_backend")));
        auto *verdict = dialog.findChild<QLabel *>(QStringLiteral("systemCheckVerdict"));
        QVERIFY(verdict->text().contains(QLatin1String("unavailable")));
        QVERIFY(verdict->text().contains(QLatin1String("0.8.2")));

        // Check again: runs once more and shows the same.
        auto *rerun = dialog.findChild<QPushButton *>(QStringLiteral("systemCheckRerun"));
        QVERIFY(rerun->isEnabled());
        rerun->click();
        QVERIFY(!rerun->isEnabled());
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.size(), 2);
        QVERIFY(rowFor(tree, QStringLiteral("npu_driver")));
    }

    void reportText()
    {
        const QList<CheckItem> items{
            {QStringLiteral("kernel"), CheckStatus::Ok, QStringLiteral("6.1.75"), {}, CheckFix::None, {}},
            {QStringLiteral("runtime_rknn"), CheckStatus::Info, QStringLiteral("not found"), QStringLiteral("searched /usr/lib"),
             CheckFix::InstallRuntime, QStringLiteral("librknnrt.so")},
            {QStringLiteral("dev_video"), CheckStatus::Warning, QStringLiteral("video0"), {}, CheckFix::JoinGroup,
             QStringLiteral("video")},
            {QStringLiteral("npu_backend"), CheckStatus::Info, QStringLiteral("unavailable"),
             QStringLiteral("no rknpu device or driver"), CheckFix::UseCpuBackend, {}},
        };
        const QString text = SystemCheckText::report(items, QStringLiteral("/"));
        QVERIFY(text.contains(QLatin1String("[ok]       Kernel           6.1.75\n")));
        // A warning gets its fix; an info item (a fact, not a fault) does not.
        QVERIFY(text.contains(QLatin1String("fix: add yourself to the video group")));
        QVERIFY(!text.contains(QLatin1String("fix: install librknnrt.so")));
        QVERIFY(text.endsWith(QLatin1String("NPU backend: unavailable (no rknpu device or driver)\n"
                                            "fix: this machine has no usable Rockchip NPU: use a CPU model\n")));
    }

    void helpMenuOpensDialog()
    {
        MainWindow window;
        auto *action = window.findChild<QAction *>(QStringLiteral("actionSystemCheck"));
        QVERIFY(action);
        auto *help = window.menuBar()->findChild<QMenu *>(QStringLiteral("menuHelp"));
        QVERIFY(help);
        QVERIFY(help->actions().contains(action));
        action->trigger();
        auto *dialog = window.findChild<SystemCheckDialog *>();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        QSignalSpy finished(dialog, &SystemCheckDialog::checkFinished);
        QVERIFY(finished.wait(20000));
        QCOMPARE(dialog->items().constLast().id, QStringLiteral("npu_backend"));
        dialog->close();
    }
};

QTEST_MAIN(TestSystemCheckDialog)
#include "test_systemcheckdialog.moc"
