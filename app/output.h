#pragma once

#include <QJsonObject>
#include <QString>

namespace camchat::app {

// Process exit codes shared by every subcommand (documented in each --help and the README).
enum ExitCode : int {
    kExitOk = 0,
    kExitFailure = 1,
    kExitUsage = 2,
    kExitModelError = 3,     // profile invalid or unknown, model files missing or unloadable
    kExitInputError = 4,     // the image is missing, unreadable or corrupt
    kExitInferenceError = 5, // the model failed while answering, or was interrupted (Ctrl+C)
    kExitNetworkError = 6,   // a download could not reach the server or was dropped (models pull)
};

// Write UTF-8 text and flush at once, so pipes and terminals see output as it happens.
void printOut(const QString &text);
void printErr(const QString &text);

// `text` without control characters other than newline and tab (C0, DEL, C1) and without
// the bidi overrides and isolates: model output written to a terminal must not carry
// escape sequences (a byte token can produce ESC [ ... or U+009B that moves the cursor,
// retitles the window or worse) nor reorder the text on screen.
QString withoutControlCharacters(const QString &text);

enum class JsonLayout {
    Indented, // a listing a person may read (models, devices, doctor)
    Line,     // one object on one line, for streams and `| jq` (ask)
};

// The one way a subcommand prints JSON on stdout: the document, then a newline.
void printJson(const QJsonObject &object, JsonLayout layout = JsonLayout::Indented);

// A failure for the user on stderr: "camchat COMMAND: sentence", then the technical
// detail (for bug reports) on its own line when there is one. `command` may be empty.
void printFailure(const QString &command, const QString &sentence, const QString &detail = {});

} // namespace camchat::app
