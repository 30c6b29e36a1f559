// libFuzzer target: a GGUF file from a stranger (a model download, a USB stick) through
// the preflight, as a text model and as a projector. The preflight reads files, so each
// input is written to one scratch file first.
#include "inference/llama/ggufpreflight.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDir>
#include <QFile>

#include <cstddef>
#include <cstdint>

namespace {

QString scratchFile()
{
    static const QString path =
        QDir::temp().filePath(QStringLiteral("camchat-fuzz-gguf-%1.gguf").arg(QCoreApplication::applicationPid()));
    return path;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using camchat::inference::GgufPreflight;
    QFile file(scratchFile());
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return 0;
    file.write(reinterpret_cast<const char *>(data), qint64(size));
    file.close();
    (void)GgufPreflight::checkTextModel(file.fileName());
    (void)GgufPreflight::checkProjector(file.fileName());
    return 0;
}
