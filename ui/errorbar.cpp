#include "errorbar.h"

#include "npufallback.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

namespace camchat::ui {

ErrorBar::ErrorBar(QComboBox *modelPicker, QWidget *parent)
    : QFrame(parent)
{
    setObjectName(QStringLiteral("errorBar"));
    setStyleSheet(QStringLiteral(
        "#errorBar { background: #fbe9e7; border-bottom: 1px solid #e8a39b; }"
        "#errorBar QLabel { color: #5d1a12; background: transparent; }"));

    auto *icon = new QLabel(this);
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(iconSize, iconSize));
    icon->setAlignment(Qt::AlignTop);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("errorMessage"));
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_details = new QLabel(this);
    m_details->setObjectName(QStringLiteral("errorDetails"));
    m_details->setWordWrap(true);
    m_details->setTextFormat(Qt::PlainText);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setVisible(false);

    m_detailsButton = new QToolButton(this);
    m_detailsButton->setObjectName(QStringLiteral("errorDetailsButton"));
    m_detailsButton->setCheckable(true);
    m_detailsButton->setAutoRaise(true);
    m_detailsButton->setText(tr("Show details"));
    connect(m_detailsButton, &QToolButton::toggled, this, [this](bool on) {
        m_details->setVisible(on);
        m_detailsButton->setText(on ? tr("Hide details") : tr("Show details"));
    });

    auto *close = new QToolButton(this);
    close->setObjectName(QStringLiteral("errorCloseButton"));
    close->setAutoRaise(true);
    close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    close->setToolTip(tr("Dismiss"));
    close->setAccessibleName(tr("Dismiss"));
    connect(close, &QToolButton::clicked, this, &ErrorBar::hideError);

    auto *texts = new QVBoxLayout;
    texts->setSpacing(4);
    texts->addWidget(m_message);
    texts->addWidget(m_details);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 6, 6);
    layout->addWidget(icon, 0, Qt::AlignTop);
    layout->addLayout(texts, 1);
    m_npuFallback = new NpuFallback(this, modelPicker);
    layout->addWidget(m_npuFallback->button(), 0, Qt::AlignTop);
    layout->addWidget(m_detailsButton, 0, Qt::AlignTop);
    layout->addWidget(close, 0, Qt::AlignTop);

    setVisible(false);
}

void ErrorBar::showError(const QString &message, const QString &detail)
{
    m_message->setText(message);
    m_details->setText(detail);
    m_detailsButton->setChecked(false);
    m_detailsButton->setVisible(!detail.isEmpty());
    m_message->setToolTip(detail);
    m_npuFallback->withdraw();
    setVisible(true);
}

void ErrorBar::hideError()
{
    setVisible(false);
}

} // namespace camchat::ui
