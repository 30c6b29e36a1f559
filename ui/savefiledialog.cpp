#include "savefiledialog.h"

#include <QFileDialog>
#include <QRegularExpression>

namespace camchat::ui {

namespace {

// Takes the suffix of whichever filter is chosen when the user accepts, however it was
// chosen.
class SuffixFileDialog : public QFileDialog
{
public:
    using QFileDialog::QFileDialog;

protected:
    void accept() override
    {
        setDefaultSuffix(suffixOfFilter(selectedNameFilter()));
        QFileDialog::accept();
    }
};

} // namespace

QString suffixOfFilter(const QString &filter)
{
    static const QRegularExpression pattern(QStringLiteral("\\*\\.([A-Za-z0-9_+-]+)"));
    const QRegularExpressionMatch match = pattern.match(filter);
    return match.hasMatch() ? match.captured(1) : QString();
}

QString askSaveFileName(QWidget *parent, const QString &caption, const QString &path, const QStringList &filters,
                        QString *selectedFilter)
{
    SuffixFileDialog dialog(parent, caption, path);
    dialog.setAcceptMode(QFileDialog::AcceptSave);
    // Qt's own dialog: a native one (GTK, the desktop portal) checks for an existing file
    // before Qt adds the default suffix, so "shot" could replace shot.jpg unasked.
    dialog.setOption(QFileDialog::DontUseNativeDialog);
    dialog.setFileMode(QFileDialog::AnyFile);
    dialog.setNameFilters(filters);
    const QString initial = selectedFilter && filters.contains(*selectedFilter) ? *selectedFilter
                          : filters.isEmpty()                                    ? QString()
                                                                                 : filters.first();
    if (!initial.isEmpty())
        dialog.selectNameFilter(initial);
    // The default suffix is added to a bare name before QFileDialog looks for an existing
    // file, so the question about replacing is asked for the name camchat will write.
    dialog.setDefaultSuffix(suffixOfFilter(initial));
    QObject::connect(&dialog, &QFileDialog::filterSelected, &dialog,
                     [&dialog](const QString &filter) { dialog.setDefaultSuffix(suffixOfFilter(filter)); });
    // Where the initial name was only a suggestion, select it again (as the static
    // QFileDialog functions do).
    dialog.selectFile(path);
    if (dialog.exec() != QDialog::Accepted)
        return {};
    const QStringList files = dialog.selectedFiles();
    if (files.isEmpty())
        return {};
    if (selectedFilter)
        *selectedFilter = dialog.selectedNameFilter();
    return files.first();
}

} // namespace camchat::ui
