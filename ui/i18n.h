#pragma once

#include <QString>
#include <QStringList>

class QCoreApplication;

namespace camchat::ui {

// Languages camchat ships translations for, as locale names ("de", "zh_CN").
QStringList availableLanguages();

// Chooses the UI language: `requested` (from --lang) wins, then the saved setting,
// then the system locale. Returns the locale name used ("en" when nothing matched).
QString resolveLanguage(const QString &requested);

// Installs camchat's and Qt's own translators for `language` on the application.
// Returns false (and installs nothing of camchat's) when camchat has no such translation.
bool installTranslators(QCoreApplication &app, const QString &language);

} // namespace camchat::ui
