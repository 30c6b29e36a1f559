// libFuzzer target: a model profile JSON from a stranger (the user's model folder, a USB
// stick) through ModelProfiles::parse, and a parsed profile written back out.
#include "inference/modelprofile.h"

#include <QByteArray>
#include <QString>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using camchat::inference::ModelProfiles;
    const QByteArray json(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto result = ModelProfiles::parse(json, QStringLiteral("/fuzz/profile.json"), QStringLiteral("/fuzz"));
    if (result.profile)
        (void)ModelProfiles::parse(ModelProfiles::toJson(*result.profile, QStringLiteral("/fuzz")),
                                   QStringLiteral("/fuzz/again.json"), QStringLiteral("/fuzz"));
    return 0;
}
