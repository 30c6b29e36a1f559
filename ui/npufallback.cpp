#include "npufallback.h"

#include <QComboBox>
#include <QPushButton>
#include <QStandardItemModel>
#include <QWidget>

namespace camchat::ui {

NpuFallback::NpuFallback(QWidget *bar, QComboBox *picker)
    : QObject(bar)
    , m_bar(bar)
    , m_picker(picker)
    , m_button(new QPushButton(bar))
{
    m_button->setObjectName(QStringLiteral("npuFallbackButton"));
    m_button->setVisible(false);
    connect(m_button, &QPushButton::clicked, this, &NpuFallback::accept);
}

bool NpuFallback::offer(const inference::ModelProfile &failed, const std::optional<inference::ModelProfile> &cpu)
{
    withdraw();
    if (!cpu)
        return false;
    m_offeredId = cpu->id;
    m_button->setText(tr("Use %1 instead").arg(cpu->name));
    m_button->setToolTip(tr("%1 needs the Rockchip NPU, and it could not be loaded here. %2 is the same "
                            "kind of model on the CPU: slower, but it runs on any computer.")
                             .arg(failed.name, cpu->name));
    m_button->setVisible(true);
    return true;
}

void NpuFallback::withdraw()
{
    m_offeredId.clear();
    m_button->setVisible(false);
}

void NpuFallback::accept()
{
    const QString id = m_offeredId;
    withdraw();
    if (id.isEmpty() || !m_picker)
        return;
    const int index = m_picker->findData(id);
    // The files may have gone since the offer: the picker greys such a profile out.
    const auto *items = qobject_cast<const QStandardItemModel *>(m_picker->model());
    if (index < 0 || (items && items->item(index) && !items->item(index)->isEnabled()))
        return;
    if (m_bar)
        m_bar->setVisible(false);
    m_picker->setCurrentIndex(index);
    // What a click in the list does: the window remembers the choice and loads the model.
    Q_EMIT m_picker->activated(index);
    Q_EMIT accepted(id);
}

} // namespace camchat::ui
