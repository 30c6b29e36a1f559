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
        if (c.unicode() < 0x20 && c != QLatin1Char('\n') && c != QLatin1Char('\t'))
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
