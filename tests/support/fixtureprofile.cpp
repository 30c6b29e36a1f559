#include "fixtureprofile.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>

namespace camchat::test {

namespace {

QJsonObject merged(QJsonObject base, const QJsonObject &overrides)
{
    for (auto it = overrides.begin(); it != overrides.end(); ++it) {
        const QJsonValue current = base.value(it.key());
        if (current.isObject() && it.value().isObject())
            base.insert(it.key(), merged(current.toObject(), it.value().toObject()));
        else
            base.insert(it.key(), it.value());
    }
    return base;
}

} // namespace

QString fixture(const QString &name)
{
    return QDir(QStringLiteral(CAMCHAT_FIXTURES_DIR)).filePath(name);
}

QString fixture(const char *name)
{
    return fixture(QString::fromUtf8(name));
}

QJsonObject tinyProfile(const QJsonObject &overrides)
{
    QFile source(fixture("tiny-idefics3.json"));
    if (!source.open(QIODevice::ReadOnly))
        return {};
    QJsonObject json = QJsonDocument::fromJson(source.readAll()).object();
    if (json.isEmpty())
        return {};
    QJsonObject files = json.value(QStringLiteral("files")).toObject();
    for (auto it = files.begin(); it != files.end(); ++it)
        it.value() = fixture(it.value().toString());
    json.insert(QStringLiteral("files"), files);
    return merged(json, overrides);
}

bool writeJsonFile(const QString &path, const QJsonObject &json)
{
    QFile out(path);
    return out.open(QIODevice::WriteOnly) && out.write(QJsonDocument(json).toJson()) > 0;
}

QString writeTinyProfile(const QString &dir, const QString &id, const QJsonObject &overrides)
{
    QJsonObject json = tinyProfile(overrides);
    if (json.isEmpty() || !QDir().mkpath(dir))
        return {};
    json.insert(QStringLiteral("id"), id);
    const QString path = QDir(dir).filePath(id + QStringLiteral(".json"));
    return writeJsonFile(path, json) ? path : QString();
}

} // namespace camchat::test
