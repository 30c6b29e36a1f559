#pragma once

#include <QWidget>

class QComboBox;
class QLabel;

namespace camchat::session {
class SourceManager;
}

namespace camchat::ui {

// The "Source" and "Format" pickers of the main window's tool bar: still images, each
// live source SourceManager lists (HDMI inputs marked, unplugged ones kept while current),
// and the screen; then the current device's formats x sizes x rates. Choosing a live
// source or format opens it through SourceManager; choosing "Image" or "Screen" is left to
// the window (signals). The lists follow hotplug. GUI thread.
class SourcePicker : public QWidget
{
    Q_OBJECT

public:
    explicit SourcePicker(session::SourceManager *live, QWidget *parent = nullptr);

    QComboBox *sourceCombo() const { return m_sources; }
    QComboBox *formatCombo() const { return m_formats; }
    // Shows "Image" as the choice (a still image was loaded).
    void showImageChoice();

    // Item data of the non-device entries.
    static QString imageId() { return QStringLiteral("image"); }
    static QString screenId() { return QStringLiteral("screen"); }

Q_SIGNALS:
    // The user picked "Image": back to still images.
    void imageChosen();
    // The user picked "Screen": grab the screen.
    void screenChosen();

private:
    void refillSources();
    void refillFormats();
    void updateAutomaticText();
    void onSourceActivated(int index);
    void onFormatActivated(int index);
    void selectCurrent();

    session::SourceManager *m_live = nullptr;
    QComboBox *m_sources = nullptr;
    QLabel *m_formatLabel = nullptr;
    QComboBox *m_formats = nullptr;
};

} // namespace camchat::ui
