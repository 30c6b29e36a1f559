#include "i18n.h"

#include "session/settingskeys.h"

#include <QCoreApplication>
#include <QFile>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

namespace camchat::ui {

namespace settings = session::settings;

namespace {

QString qmPath(const QString &language)
{
    return QStringLiteral(":/i18n/camchat_%1.qm").arg(language);
}

} // namespace

QStringList availableLanguages()
{
    return {QStringLiteral("de"), QStringLiteral("zh_CN")};
}

QString resolveLanguage(const QString &requested)
{
    const QStringList available = availableLanguages();
    auto match = [&available](const QString &name) -> QString {
        if (name.isEmpty())
            return {};
        const QString normalised = QLocale(name).name(); // "de_DE", "zh_CN", "C"
        if (name == QLatin1String("en") || normalised.startsWith(QLatin1String("en")))
            return QStringLiteral("en");
        if (available.contains(normalised))
            return normalised;
        const QString base = normalised.section(QLatin1Char('_'), 0, 0);
        if (available.contains(base))
            return base;
        return {};
    };
    if (const QString lang = match(requested); !lang.isEmpty())
        return lang;
    const QString saved = QSettings().value(session::settingsKey(settings::kLanguage)).toString();
    if (const QString lang = match(saved); !lang.isEmpty())
        return lang;
    for (const QString &ui : QLocale::system().uiLanguages()) {
        if (const QString lang = match(QString(ui).replace(QLatin1Char('-'), QLatin1Char('_'))); !lang.isEmpty())
            return lang;
    }
    return QStringLiteral("en");
}

bool installTranslators(QCoreApplication &app, const QString &language)
{
    if (!availableLanguages().contains(language) || !QFile::exists(qmPath(language)))
        return false;
    auto *own = new QTranslator(&app);
    if (!own->load(qmPath(language))) {
        delete own;
        return false;
    }
    QCoreApplication::installTranslator(own);
    // Qt's own strings (standard buttons, file dialogs) when the system has them.
    auto *qt = new QTranslator(&app);
    if (qt->load(QLocale(language), QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
    return true;
}

} // namespace camchat::ui
