#pragma once

class QMainWindow;
class QSplitter;

namespace camchat::ui {

// The main window's size, tool bar state and splitter proportions as QSettings keeps
// them. `main` splits the preview from the conversation column; `chat` splits that column
// into the conversation, the prompt area and the latency panel.

// Restores what was saved, or gives the window a default size that fits the screen.
// False when a splitter had nothing saved: applyDefaultSplit() then, once the window is
// shown and its real size known.
bool restoreWindowLayout(QMainWindow *window, QSplitter *main, QSplitter *chat);
void saveWindowLayout(const QMainWindow *window, const QSplitter *main, const QSplitter *chat);
// The preview gets about 60 % of the width; the conversation the height the prompt area
// and the latency panel leave.
void applyDefaultSplit(QSplitter *main, QSplitter *chat);

} // namespace camchat::ui
