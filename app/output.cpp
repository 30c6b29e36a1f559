#include "output.h"

#include <QCoreApplication>
#include <QJsonDocument>

#include <cstdio>

namespace camchat::app {

namespace {

void write(std::FILE *stream, const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, static_cast<std::size_t>(bytes.size()), stream);
    std::fflush(stream);
}

} // namespace

void printOut(const QString &text)
{
    write(stdout, text);
}

QString withoutControlCharacters(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        const bool c0 = u < 0x20 && c != QLatin1Char('\n') && c != QLatin1Char('\t');
        // DEL, and the C1 controls: U+009B (CSI) and U+009D (OSC) start escape sequences
        // in UTF-8 terminals just as ESC [ and ESC ] do.
        const bool c1 = u >= 0x7f && u <= 0x9f;
        // Bidi overrides and isolates reorder what follows on screen.
        const bool bidi = (u >= 0x202a && u <= 0x202e) || (u >= 0x2066 && u <= 0x2069);
        if (c0 || c1 || bidi)
            continue;
        out.append(c);
    }
    return out;
}

void printErr(const QString &text)
{
    write(stderr, text);
}

void printJson(const QJsonObject &object, JsonLayout layout)
{
    QByteArray bytes = QJsonDocument(object).toJson(layout == JsonLayout::Line ? QJsonDocument::Compact
                                                                                : QJsonDocument::Indented);
    // Indented output already ends with a newline; a compact one does not.
    if (!bytes.endsWith('\n'))
        bytes += '\n';
    printOut(QString::fromUtf8(bytes));
}

void printFailure(const QString &command, const QString &sentence, const QString &detail)
{
    const QString program = command.isEmpty() ? QStringLiteral("camchat") : QStringLiteral("camchat ") + command;
    QString text = QCoreApplication::translate("CommandLine", "%1: %2").arg(program, sentence) + QLatin1Char('\n');
    if (!detail.isEmpty())
        text += QCoreApplication::translate("CommandLine", "Details: %1").arg(detail) + QLatin1Char('\n');
    printErr(text);
}

} // namespace camchat::app
