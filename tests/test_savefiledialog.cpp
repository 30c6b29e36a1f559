#include "ui/savefiledialog.h"

#include <QAbstractButton>
#include <QApplication>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QLineEdit>
#include <QMessageBox>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using camchat::ui::askSaveFileName;
using camchat::ui::suffixOfFilter;

namespace {

const QByteArray kMarker = "MARKER: must survive";

template <typename T>
T *visible()
{
    for (QWidget *widget : QApplication::topLevelWidgets())
        if (auto *found = qobject_cast<T *>(widget); found && found->isVisible())
            return found;
    return nullptr;
}

// Calls `step` once a visible T shows up (the dialogs run their own event loops).
template <typename T>
void whenShown(std::function<void(T *)> step)
{
    auto *timer = new QTimer(qApp);
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, step] {
        if (T *widget = visible<T>()) {
            timer->stop();
            timer->deleteLater();
            step(widget);
        }
    });
    timer->start();
}

} // namespace

class TestSaveFileDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void suffixes_data();
    void suffixes();
    void typedNameGetsTheSuffixBeforeTheCheck();
    void typedNameGetsTheChosenFiltersSuffix();
};

void TestSaveFileDialog::suffixes_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<QString>("suffix");
    QTest::newRow("jpeg") << QStringLiteral("JPEG image (*.jpg *.jpeg)") << QStringLiteral("jpg");
    QTest::newRow("png") << QStringLiteral("PNG image (*.png)") << QStringLiteral("png");
    QTest::newRow("markdown") << QStringLiteral("Markdown (*.md)") << QStringLiteral("md");
    QTest::newRow("all") << QStringLiteral("All files (*)") << QString();
}

void TestSaveFileDialog::suffixes()
{
    QFETCH(QString, filter);
    QFETCH(QString, suffix);
    QCOMPARE(suffixOfFilter(filter), suffix);
}

// The user types "shot" where shot.jpg exists: the dialog asks before replacing
// shot.jpg (the name camchat will write), and "No" keeps the file.
void TestSaveFileDialog::typedNameGetsTheSuffixBeforeTheCheck()
{
    QTemporaryDir dir;
    const QString existing = dir.filePath(QStringLiteral("shot.jpg"));
    {
        QFile file(existing);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(kMarker);
    }
    bool asked = false;
    QString question;
    whenShown<QFileDialog>([&](QFileDialog *dialog) {
        auto *edit = dialog->findChild<QLineEdit *>(QStringLiteral("fileNameEdit"));
        QVERIFY(edit);
        edit->setText(QStringLiteral("shot"));
        whenShown<QMessageBox>([&, dialog](QMessageBox *box) {
            asked = true;
            question = box->text();
            box->button(QMessageBox::No)->click();
            QTimer::singleShot(0, dialog, &QFileDialog::reject);
        });
        QMetaObject::invokeMethod(dialog, "accept", Qt::QueuedConnection);
    });
    QString selected = QStringLiteral("JPEG image (*.jpg *.jpeg)");
    const QString path = askSaveFileName(nullptr, QStringLiteral("Save"), dir.filePath(QStringLiteral("x.jpg")),
                                         {QStringLiteral("JPEG image (*.jpg *.jpeg)"), QStringLiteral("PNG image (*.png)")},
                                         &selected);
    QVERIFY(asked);
    QVERIFY2(question.contains(QLatin1String("shot.jpg")), qPrintable(question));
    QVERIFY(path.isEmpty());
    QFile file(existing);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), kMarker);
}

void TestSaveFileDialog::typedNameGetsTheChosenFiltersSuffix()
{
    QTemporaryDir dir;
    whenShown<QFileDialog>([&](QFileDialog *dialog) {
        dialog->selectNameFilter(QStringLiteral("PNG image (*.png)"));
        auto *edit = dialog->findChild<QLineEdit *>(QStringLiteral("fileNameEdit"));
        QVERIFY(edit);
        edit->setText(QStringLiteral("shot"));
        QMetaObject::invokeMethod(dialog, "accept", Qt::QueuedConnection);
    });
    QString selected = QStringLiteral("JPEG image (*.jpg *.jpeg)");
    const QString path = askSaveFileName(nullptr, QStringLiteral("Save"), dir.filePath(QStringLiteral("x.jpg")),
                                         {QStringLiteral("JPEG image (*.jpg *.jpeg)"), QStringLiteral("PNG image (*.png)")},
                                         &selected);
    QCOMPARE(path, dir.filePath(QStringLiteral("shot.png")));
    QCOMPARE(selected, QStringLiteral("PNG image (*.png)"));
}

QTEST_MAIN(TestSaveFileDialog)
#include "test_savefiledialog.moc"
