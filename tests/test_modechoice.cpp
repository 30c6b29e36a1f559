#include "capture/modechoice.h"

#include <QTest>

using camchat::capture::chooseDefaultMode;
using camchat::capture::ModeTraits;

Q_DECLARE_METATYPE(QList<ModeTraits>)

// The default capture mode, shared by V4l2Source and QtCameraSource.
class TestModeChoice : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void choice_data()
    {
        QTest::addColumn<QList<ModeTraits>>("modes");
        QTest::addColumn<qsizetype>("expected");

        const ModeTraits vga{640, 480, 30};
        const ModeTraits hd{1280, 720, 30};
        const ModeTraits fullHd{1920, 1080, 30};
        const ModeTraits fullHdSlow{1920, 1080, 5};
        const ModeTraits uhd{3840, 2160, 30};
        const ModeTraits qhd{2560, 1440, 30};

        QTest::newRow("nothing") << QList<ModeTraits>{} << qsizetype(-1);
        QTest::newRow("only sizeless") << QList<ModeTraits>{{0, 0, 30}} << qsizetype(-1);
        QTest::newRow("largest that fits 1080p") << QList<ModeTraits>{vga, fullHd, hd, uhd} << qsizetype(1);
        QTest::newRow("fast enough before larger") << QList<ModeTraits>{fullHdSlow, hd} << qsizetype(1);
        QTest::newRow("slow 1080p over nothing that fits")
            << QList<ModeTraits>{uhd, fullHdSlow} << qsizetype(1);
        QTest::newRow("above 1080p: the smallest") << QList<ModeTraits>{uhd, qhd} << qsizetype(1);
        QTest::newRow("direct before converted")
            << QList<ModeTraits>{{1280, 720, 30, false, false}, {1280, 720, 30, true, false}} << qsizetype(1);
        QTest::newRow("raw before compressed")
            << QList<ModeTraits>{{1280, 720, 30, true, true}, {1280, 720, 30, true, false}} << qsizetype(1);
        QTest::newRow("then the faster") << QList<ModeTraits>{{1280, 720, 30}, {1280, 720, 60}} << qsizetype(1);
        QTest::newRow("first of equals") << QList<ModeTraits>{hd, hd} << qsizetype(0);
    }

    void choice()
    {
        QFETCH(QList<ModeTraits>, modes);
        QFETCH(qsizetype, expected);
        QCOMPARE(chooseDefaultMode(modes), expected);
    }
};

QTEST_MAIN(TestModeChoice)
#include "test_modechoice.moc"
