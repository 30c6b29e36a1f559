#pragma once

#include <QJsonObject>
#include <QString>

namespace camchat::test {

// A file in the generated fixtures folder (tests/fixtures, built by camchat_fixtures):
// the tiny random-weight GGUF models and their profiles.
QString fixture(const QString &name);
QString fixture(const char *name);

// The tiny model's profile (tiny-idefics3.json) as JSON, with its files as absolute
// paths into the fixtures folder and `overrides` merged on top (objects key by key, so
// {"sampling": {"seed": 1}} keeps the other sampling fields). Empty if it is missing.
QJsonObject tinyProfile(const QJsonObject &overrides = {});

// Writes `json` to `path`; false on failure.
bool writeJsonFile(const QString &path, const QJsonObject &json);

// Writes tinyProfile(overrides) as `dir`/<id>.json, creating `dir`; returns the path,
// or an empty string on failure.
QString writeTinyProfile(const QString &dir, const QString &id, const QJsonObject &overrides = {});

} // namespace camchat::test
