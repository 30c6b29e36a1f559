#include "ui/latencypanel.h"

#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QTest>

using camchat::inference::Stage;
using camchat::inference::StageTimings;
using camchat::ui::LatencyPanel;

namespace {

QString key(Stage stage)
{
    const std::string_view name = camchat::inference::stageKey(stage);
    return QString::fromLatin1(name.data(), qsizetype(name.size()));
}

QLabel *label(const LatencyPanel &panel, const QString &name)
{
    auto *found = panel.findChild<QLabel *>(name);
    if (!found)
        qWarning() << "no label" << name;
    return found;
}

QString value(const LatencyPanel &panel, Stage stage)
{
    const QLabel *found = label(panel, QStringLiteral("stageValue_") + key(stage));
    return found ? found->text() : QStringLiteral("<missing>");
}

QString extra(const LatencyPanel &panel, Stage stage)
{
    const QLabel *found = label(panel, QStringLiteral("stageExtra_") + key(stage));
    return found ? found->text() : QStringLiteral("<missing>");
}

int bar(const LatencyPanel &panel, Stage stage)
{
    const auto *found = panel.findChild<QProgressBar *>(QStringLiteral("stageBar_") + key(stage));
    return found ? found->value() : -1;
}

bool statusShown(const LatencyPanel &panel)
{
    const QLabel *status = label(panel, QStringLiteral("status"));
    return status && status->isVisibleTo(&panel) && status->text() == QStringLiteral("No request yet");
}

// A first question with an image, as the worker would report it.
StageTimings firstRequest()
{
    StageTimings t;
    t.preprocessUs = 12'345;
    t.visionEncodeUs = 1'240'000;
    t.prefillUs = 456'000;
    t.prefillTokens = 600;
    t.firstTokenUs = 1'800'000;
    t.decodeUs = 2'000'000;
    t.decodeTokens = 50;
    t.totalUs = 3'900'000;
    t.peakRssBytes = 512LL * 1024 * 1024;
    return t;
}

void verifyInitial(const LatencyPanel &panel)
{
    QVERIFY(!panel.hasTimings());
    QVERIFY(statusShown(panel));
    for (const Stage stage : camchat::inference::kAllStages) {
        QVERIFY(label(panel, QStringLiteral("stageName_") + key(stage)));
        QCOMPARE(value(panel, stage), QString());
        QCOMPARE(extra(panel, stage), QString());
        QCOMPARE(bar(panel, stage), 0);
    }
    QCOMPARE(label(panel, QStringLiteral("totalValue"))->text(), QString());
    QCOMPARE(label(panel, QStringLiteral("peakMemory"))->text(), QString());
}

} // namespace

class TestLatencyPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QLocale::setDefault(QLocale::c());
    }

    void initialState()
    {
        LatencyPanel panel;
        verifyInitial(panel);
        QCOMPARE(label(panel, QStringLiteral("stageName_vision_encode"))->text(), QStringLiteral("Vision encode"));
        QCOMPARE(label(panel, QStringLiteral("stageName_first_token"))->text(), QStringLiteral("First token"));
    }

    // A model server's request: an upload row, the server's prompt time as prefill, and
    // the vision encoder it does not report shown as "—", never as a zero.
    void remoteTimingsShowUploadAndDashes()
    {
        LatencyPanel panel;
        panel.show();
        const QLabel *uploadName = label(panel, QStringLiteral("stageName_upload"));
        QVERIFY(uploadName);
        panel.setTimings(firstRequest()); // a local model: no upload row
        QVERIFY(!uploadName->isVisibleTo(&panel));

        panel.clear();
        panel.setStageRunning(Stage::Upload);
        QVERIFY(uploadName->isVisibleTo(&panel));
        QCOMPARE(value(panel, Stage::Upload), QStringLiteral("…"));

        StageTimings t;
        t.preprocessUs = 3'000;
        t.uploadUs = 1'500;
        t.prefillUs = 9'500;
        t.prefillTokens = 75;
        t.firstTokenUs = 20'000;
        t.decodeUs = 5'000;
        t.decodeTokens = 16;
        t.totalUs = 26'000;
        panel.setTimings(t);
        QVERIFY(uploadName->isVisibleTo(&panel));
        QCOMPARE(value(panel, Stage::Upload), QStringLiteral("1.5 ms"));
        QCOMPARE(value(panel, Stage::VisionEncode), QStringLiteral("—"));
        QCOMPARE(extra(panel, Stage::Prefill), QStringLiteral("75 tok"));
    }

    void fullTimings()
    {
        LatencyPanel panel;
        panel.setTimings(firstRequest());
        QVERIFY(panel.hasTimings());
        QVERIFY(!statusShown(panel));

        QCOMPARE(value(panel, Stage::Preprocess), QStringLiteral("12.3 ms"));
        QCOMPARE(value(panel, Stage::VisionEncode), QStringLiteral("1.24 s"));
        QCOMPARE(value(panel, Stage::Prefill), QStringLiteral("456.0 ms"));
        QCOMPARE(value(panel, Stage::FirstToken), QStringLiteral("1.80 s"));
        QCOMPARE(value(panel, Stage::Decode), QStringLiteral("2.00 s"));
        QCOMPARE(extra(panel, Stage::Prefill), QStringLiteral("600 tok"));
        QCOMPARE(extra(panel, Stage::Decode), QStringLiteral("50 tok, 25.0 tok/s"));
        QCOMPARE(extra(panel, Stage::VisionEncode), QString());
        QCOMPARE(label(panel, QStringLiteral("totalValue"))->text(), QStringLiteral("3.90 s"));
        QVERIFY(label(panel, QStringLiteral("peakMemory"))->text().contains(QStringLiteral("512 MiB")));

        // Bars are each stage's share of the total.
        QCOMPARE(bar(panel, Stage::Decode), 2'000'000 * 1000 / 3'900'000);
        QCOMPARE(bar(panel, Stage::VisionEncode), 1'240'000 * 1000 / 3'900'000);
        QVERIFY(bar(panel, Stage::Preprocess) > 0);
        QVERIFY(bar(panel, Stage::Preprocess) < bar(panel, Stage::Prefill));
    }

    void durationFormat_data()
    {
        QTest::addColumn<qint64>("us");
        QTest::addColumn<QString>("text");
        QTest::newRow("zero") << qint64(0) << QStringLiteral("0.0 ms");
        QTest::newRow("sub-ms") << qint64(40) << QStringLiteral("0.0 ms");
        QTest::newRow("1 ms") << qint64(999) << QStringLiteral("1.0 ms");
        QTest::newRow("ms") << qint64(123'456) << QStringLiteral("123.5 ms");
        QTest::newRow("just under 1 s") << qint64(999'000) << QStringLiteral("999.0 ms");
        QTest::newRow("1 s") << qint64(1'000'000) << QStringLiteral("1.00 s");
        QTest::newRow("long") << qint64(65'432'100) << QStringLiteral("65.43 s");
    }

    void durationFormat()
    {
        QFETCH(qint64, us);
        QFETCH(QString, text);
        StageTimings t;
        t.preprocessUs = us;
        t.totalUs = us;
        LatencyPanel panel;
        panel.setTimings(t);
        QCOMPARE(value(panel, Stage::Preprocess), text);
    }

    void followUpWithoutVisionEncode()
    {
        LatencyPanel panel;
        panel.setTimings(firstRequest());
        StageTimings followUp = firstRequest();
        followUp.visionEncodeUs.reset();
        followUp.preprocessUs.reset();
        followUp.totalUs = 2'500'000;
        panel.setTimings(followUp);
        QCOMPARE(value(panel, Stage::VisionEncode), QStringLiteral("—"));
        QCOMPARE(value(panel, Stage::Preprocess), QStringLiteral("—"));
        QCOMPARE(bar(panel, Stage::VisionEncode), 0);
        QCOMPARE(value(panel, Stage::Decode), QStringLiteral("2.00 s"));
        QCOMPARE(bar(panel, Stage::Decode), 800);
    }

    // Encode on snap: the encode was done while the question was typed; the panel says
    // how long it took, apart from the stages this question waited for.
    void encodedWhileTyping()
    {
        LatencyPanel panel;
        const QLabel *ahead = label(panel, QStringLiteral("preparedAhead"));
        QVERIFY(ahead);
        QVERIFY(!ahead->isVisibleTo(&panel));
        StageTimings t = firstRequest();
        t.visionEncodeUs.reset();
        t.preprocessUs.reset();
        t.preparedAheadUs = 6'000'000;
        panel.setTimings(t);
        QVERIFY(ahead->isVisibleTo(&panel));
        QCOMPARE(ahead->text(), QStringLiteral("Encoded while you typed: 6.00 s"));
        QCOMPARE(value(panel, Stage::VisionEncode), QStringLiteral("—"));
        panel.setTimings(firstRequest()); // the next question, cold
        QVERIFY(!ahead->isVisibleTo(&panel));
        panel.setTimings(t);
        panel.clear();
        QVERIFY(!ahead->isVisibleTo(&panel));
    }

    void nothingDecoded()
    {
        StageTimings t = firstRequest();
        t.decodeUs.reset();
        t.decodeTokens = 0;
        LatencyPanel panel;
        panel.setTimings(t);
        QCOMPARE(value(panel, Stage::Decode), QStringLiteral("—"));
        QCOMPARE(extra(panel, Stage::Decode), QString());
    }

    void clearReturnsToInitial()
    {
        LatencyPanel panel;
        panel.setTimings(firstRequest());
        panel.setStageRunning(Stage::Decode);
        panel.clear();
        verifyInitial(panel);
    }

    void runningIndicator()
    {
        LatencyPanel panel;
        panel.setStageRunning(Stage::Preprocess);
        QVERIFY(!panel.hasTimings());
        QVERIFY(!statusShown(panel)); // a request is under way
        QCOMPARE(value(panel, Stage::Preprocess), QStringLiteral("…"));
        QCOMPARE(value(panel, Stage::Prefill), QString());

        // Partial timings as stages finish; the owner then marks the next stage.
        StageTimings partial;
        partial.preprocessUs = 8'000;
        partial.visionEncodeUs = 900'000;
        panel.setTimings(partial);
        QCOMPARE(value(panel, Stage::Preprocess), QStringLiteral("8.0 ms"));
        QCOMPARE(value(panel, Stage::Prefill), QStringLiteral("—"));
        panel.setStageRunning(Stage::Prefill);
        QCOMPARE(value(panel, Stage::Prefill), QStringLiteral("…"));
        QCOMPARE(value(panel, Stage::VisionEncode), QStringLiteral("900.0 ms"));

        panel.setTimings(firstRequest());
        QCOMPARE(value(panel, Stage::Prefill), QStringLiteral("456.0 ms"));
        for (const Stage stage : camchat::inference::kAllStages)
            QVERIFY(value(panel, stage) != QStringLiteral("…"));
    }
};

QTEST_MAIN(TestLatencyPanel)
#include "test_latencypanel.moc"
