#include "snapshotwriter.h"

#include "filepublish.h"
#include "jpegcodec.h"
#include "qimageframe.h"

#include <QBuffer>
#include <QFileInfo>
#include <QImage>
#include <QImageWriter>
#include <QSaveFile>

namespace camchat::capture {

namespace {

SaveError saveError(SaveErrorCode code, const QString &detail)
{
    return {code, detail};
}

// Drops the temporary file unless the write was committed.
class SaveGuard
{
public:
    explicit SaveGuard(QSaveFile &file) : m_file(file) {}
    ~SaveGuard()
    {
        if (!m_committed && m_file.isOpen())
            m_file.cancelWriting();
    }
    SaveGuard(const SaveGuard &) = delete;
    SaveGuard &operator=(const SaveGuard &) = delete;
    void committed() { m_committed = true; }

private:
    QSaveFile &m_file;
    bool m_committed = false;
};

} // namespace

SnapshotFormat SnapshotWriter::formatForPath(const QString &path)
{
    return QFileInfo(path).suffix().compare(QLatin1String("png"), Qt::CaseInsensitive) == 0
        ? SnapshotFormat::Png
        : SnapshotFormat::Jpeg;
}

SaveError SnapshotWriter::save(const Frame &frame, const QString &path, const SnapshotOptions &options)
{
    if (!frame.isValid())
        return saveError(SaveErrorCode::InvalidFrame, QStringLiteral("invalid frame"));
    if (path.isEmpty())
        return saveError(SaveErrorCode::OpenFailed, QStringLiteral("empty path"));
    const QFileInfo target(path);
    if (!options.overwrite && (target.exists() || target.isSymLink()))
        return saveError(SaveErrorCode::AlreadyExists, path);

    // Encode before touching the file system: an encoder failure leaves nothing behind.
    // PNG is encoded into memory too: when QImageWriter's device fails mid-write, libpng
    // longjmps out of Qt 6.4's PNG writer and leaks its row buffer (seen under ASan).
    QByteArray encoded;
    if (options.format == SnapshotFormat::Jpeg) {
        JpegEncoder encoder;
        JpegEncodeOptions jpegOptions;
        jpegOptions.quality = options.jpegQuality;
        JpegEncodeResult result = encoder.encode(frame, jpegOptions);
        if (!result.ok())
            return saveError(SaveErrorCode::EncodeFailed, result.error);
        encoded = std::move(result.data);
    } else {
        const QImage image = imageFromFrame(frame);
        if (image.isNull())
            return saveError(SaveErrorCode::EncodeFailed,
                             QStringLiteral("cannot convert %1 to RGB").arg(QLatin1String(formatName(frame.format()))));
        QBuffer buffer(&encoded);
        buffer.open(QIODevice::WriteOnly);
        QImageWriter writer(&buffer, "png");
        if (!writer.write(image))
            return saveError(SaveErrorCode::EncodeFailed, QStringLiteral("PNG: ") + writer.errorString());
    }

    if (!options.overwrite) {
        // Never replace: a file that appeared since the check above is kept.
        const NewFileResult written = writeNewFile(path, encoded);
        switch (written.code) {
        case NewFileError::None:
            return {};
        case NewFileError::AlreadyExists:
            return saveError(SaveErrorCode::AlreadyExists, written.detail);
        case NewFileError::OpenFailed:
            return saveError(SaveErrorCode::OpenFailed, written.detail);
        case NewFileError::WriteFailed:
            return saveError(SaveErrorCode::WriteFailed, written.detail);
        case NewFileError::CommitFailed:
            return saveError(SaveErrorCode::CommitFailed, written.detail);
        }
        return saveError(SaveErrorCode::CommitFailed, written.detail);
    }

    // Replacing what the user agreed to replace: QSaveFile writes a temporary file next
    // to the target and renames it over the target on commit(), so readers never see a
    // half-written snapshot.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return saveError(SaveErrorCode::OpenFailed, QStringLiteral("%1: %2").arg(path, file.errorString()));
    SaveGuard guard(file);
    if (file.write(encoded) != encoded.size())
        return saveError(SaveErrorCode::WriteFailed, QStringLiteral("%1: %2").arg(path, file.errorString()));
    // Buffered bytes may only fail now (e.g. EFBIG, ENOSPC).
    if (!file.flush() || file.error() != QFileDevice::NoError)
        return saveError(SaveErrorCode::WriteFailed, QStringLiteral("%1: %2").arg(path, file.errorString()));
    if (!file.commit()) {
        const SaveErrorCode code = file.error() == QFileDevice::WriteError ? SaveErrorCode::WriteFailed
                                                                           : SaveErrorCode::CommitFailed;
        return saveError(code, QStringLiteral("%1: %2").arg(path, file.errorString()));
    }
    guard.committed();
    return {};
}

} // namespace camchat::capture
