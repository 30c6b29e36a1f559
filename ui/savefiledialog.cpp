#include "savefiledialog.h"

#include <QFileDialog>

namespace camchat::ui {

QString suffixOfFilter(const QString &filter)
{
    return {};
}

QString askSaveFileName(QWidget *parent, const QString &caption, const QString &path, const QStringList &filters,
                        QString *selectedFilter)
{
    return QFileDialog::getSaveFileName(parent, caption, path, filters.join(QStringLiteral(";;")), selectedFilter);
}

} // namespace camchat::ui
