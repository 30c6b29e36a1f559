#include "systemcheckdialog.h"

#include "inference/modelprofile.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFutureWatcher>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace camchat::ui {

using inference::CheckFix;
using inference::CheckItem;
using inference::CheckStatus;
using inference::SystemCheck;

QString SystemCheckText::title(const CheckItem &item)
{
    if (item.id == QLatin1String("board"))
        return tr("Board");
    if (item.id == QLatin1String("kernel"))
        return tr("Kernel");
    if (item.id == QLatin1String("npu_driver"))
        return tr("NPU driver");
    if (item.id == QLatin1String("runtime_rknn"))
        return tr("RKNN runtime");
    if (item.id == QLatin1String("runtime_rkllm"))
        return tr("RKLLM runtime");
    if (item.id == QLatin1String("dev_dri"))
        return tr("GPU/NPU devices");
    if (item.id == QLatin1String("dev_video"))
        return tr("Cameras");
    if (item.id == QLatin1String("npu_backend"))
        return tr("NPU backend");
    if (item.id.startsWith(QLatin1String("profile:")))
        return tr("Model files");
    return item.id;
}

QString SystemCheckText::status(CheckStatus status)
{
    switch (status) {
    case CheckStatus::Ok: return tr("ok");
    case CheckStatus::Info: return tr("info");
    case CheckStatus::Warning: return tr("warning");
    case CheckStatus::Problem: return tr("problem");
    }
    return {};
}

QString SystemCheckText::value(const CheckItem &item)
{
    // SystemCheck's few fixed words; versions, names and paths pass through unchanged.
    const QString &v = item.value;
    if (v == QLatin1String("unknown"))
        return tr("unknown");
    if (v == QLatin1String("none"))
        return tr("none");
    if (v == QLatin1String("not found"))
        return tr("not found");
    if (v == QLatin1String("unknown version"))
        return tr("found, version unknown");
    if (v == QLatin1String("available"))
        return tr("available");
    if (v == QLatin1String("unavailable"))
        return tr("unavailable");
    if (v == QLatin1String("unverified"))
        return tr("probably available, driver version unknown");
    if (v.isEmpty())
        return tr("unknown");
    return v;
}

QString SystemCheckText::fix(const CheckItem &item)
{
    switch (item.fix) {
    case CheckFix::None:
        return {};
    case CheckFix::UpgradeNpuDriver:
        return tr("answers will fail with matmul(w8a8) errors; the vendor 5.10 kernel cannot take the "
                  "newer driver; install Armbian with kernel 6.1, or use the CPU backend");
    case CheckFix::RunAsRoot:
        return tr("unknown: run as root to read it (sudo camchat doctor)");
    case CheckFix::InstallRuntime:
        return tr("install %1 from Rockchip's rknn-llm release into /usr/lib, or choose its folder in "
                  "Settings (Model page, NPU runtime) or with CAMCHAT_RK_LIB_DIR")
            .arg(item.fixArg);
    case CheckFix::InstallSupportedRuntime:
        return tr("camchat supports rkllm-runtime %1: install librkllmrt.so from one of those releases")
            .arg(item.fixArg);
    case CheckFix::JoinGroup:
        return tr("add yourself to the %1 group (sudo usermod -aG %1 $USER), then log in again")
            .arg(item.fixArg);
    case CheckFix::DownloadModelFile:
        return tr("put the model file at %1, or choose another model").arg(item.fixArg);
    case CheckFix::ReplaceModelFile:
        return tr("%1 is empty or not a model file: download it again").arg(item.fixArg);
    case CheckFix::UseCpuBackend:
        return tr("this machine has no usable Rockchip NPU: use a CPU model");
    }
    return {};
}

QString SystemCheckText::verdict(const CheckItem &npuBackend)
{
    QString line = tr("NPU backend: %1").arg(value(npuBackend));
    if (!npuBackend.detail.isEmpty())
        line += QStringLiteral(" (%1)").arg(npuBackend.detail);
    return line;
}

QString SystemCheckText::report(const QList<CheckItem> &items, const QString &root)
{
    QString text = tr("camchat system check (root %1)").arg(root) + QStringLiteral("\n\n");
    const CheckItem *verdictItem = nullptr;
    for (const CheckItem &item : items) {
        if (item.id == QLatin1String("npu_backend")) {
            verdictItem = &item;
            continue;
        }
        const QString mark = QStringLiteral("[%1]").arg(status(item.status));
        text += QStringLiteral("%1 %2 %3\n").arg(mark, -10).arg(title(item), -16).arg(value(item));
        const QString indent(11, QLatin1Char(' '));
        if (!item.detail.isEmpty())
            text += indent + item.detail + QLatin1Char('\n');
        const QString fixText = fix(item);
        // Info items are facts, not faults: the verdict carries what to do about them.
        if (!fixText.isEmpty() && item.status >= CheckStatus::Warning)
            text += indent + tr("fix: %1").arg(fixText) + QLatin1Char('\n');
    }
    if (verdictItem) {
        text += QLatin1Char('\n') + verdict(*verdictItem) + QLatin1Char('\n');
        const QString fixText = fix(*verdictItem);
        if (!fixText.isEmpty())
            text += tr("fix: %1").arg(fixText) + QLatin1Char('\n');
    }
    return text;
}

namespace {

QIcon statusIcon(const QStyle *style, CheckStatus status)
{
    switch (status) {
    case CheckStatus::Ok: return style->standardIcon(QStyle::SP_DialogApplyButton);
    case CheckStatus::Info: return style->standardIcon(QStyle::SP_MessageBoxInformation);
    case CheckStatus::Warning: return style->standardIcon(QStyle::SP_MessageBoxWarning);
    case CheckStatus::Problem: return style->standardIcon(QStyle::SP_MessageBoxCritical);
    }
    return {};
}

QList<CheckItem> runChecks(const QString &root)
{
    QList<inference::ModelProfile> profiles;
    for (const inference::ProfileLoadResult &result : inference::ModelProfiles::all()) {
        if (result.profile && result.profile->backend == inference::BackendKind::Rk)
            profiles.append(*result.profile);
    }
    SystemCheck check(root);
    check.setProfiles(profiles);
    return check.run();
}

} // namespace

SystemCheckDialog::SystemCheckDialog(QWidget *parent, const QString &root)
    : QDialog(parent)
    , m_root(root)
{
    setObjectName(QStringLiteral("systemCheckDialog"));
    setWindowTitle(tr("System Check"));

    m_verdict = new QLabel(this);
    m_verdict->setObjectName(QStringLiteral("systemCheckVerdict"));
    m_verdict->setWordWrap(true);
    m_verdict->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_tree = new QTreeWidget(this);
    m_tree->setObjectName(QStringLiteral("systemCheckTree"));
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({tr("Check"), tr("Result")});
    m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_tree->setWordWrap(true);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_rerunButton = buttons->addButton(tr("Check &Again"), QDialogButtonBox::ActionRole);
    m_rerunButton->setObjectName(QStringLiteral("systemCheckRerun"));
    m_copyButton = buttons->addButton(tr("&Copy Report"), QDialogButtonBox::ActionRole);
    m_copyButton->setObjectName(QStringLiteral("systemCheckCopy"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_rerunButton, &QPushButton::clicked, this, &SystemCheckDialog::runCheck);
    connect(m_copyButton, &QPushButton::clicked, this, [this] {
        QApplication::clipboard()->setText(SystemCheckText::report(m_items, m_root));
    });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_verdict);
    layout->addWidget(m_tree, 1);
    layout->addWidget(buttons);
    resize(720, 480);

    runCheck();
}

SystemCheckDialog::~SystemCheckDialog() = default;

void SystemCheckDialog::runCheck()
{
    if (m_running)
        return;
    m_running = true;
    m_rerunButton->setEnabled(false);
    m_copyButton->setEnabled(false);
    m_verdict->setText(tr("Checking…"));
    // Reading kernel logs and model files can take a moment: never on the GUI thread.
    // The watcher is a child of the dialog, so a dialog closed meanwhile drops the result.
    auto *watcher = new QFutureWatcher<QList<CheckItem>>(this);
    connect(watcher, &QFutureWatcher<QList<CheckItem>>::finished, this, [this, watcher] {
        watcher->deleteLater();
        m_running = false;
        m_rerunButton->setEnabled(true);
        m_copyButton->setEnabled(true);
        showItems(watcher->result());
        Q_EMIT checkFinished();
    });
    const QString root = m_root;
    watcher->setFuture(QtConcurrent::run([root] { return runChecks(root); }));
}

void SystemCheckDialog::showItems(const QList<CheckItem> &items)
{
    m_items = items;
    m_tree->clear();
    for (const CheckItem &item : items) {
        if (item.id == QLatin1String("npu_backend")) {
            QString text = SystemCheckText::verdict(item).toHtmlEscaped();
            const QString fixText = SystemCheckText::fix(item);
            if (!fixText.isEmpty())
                text += QStringLiteral("<br>") + tr("Fix: %1").arg(fixText.toHtmlEscaped());
            m_verdict->setText(text);
            continue;
        }
        auto *row = new QTreeWidgetItem(m_tree);
        row->setText(0, SystemCheckText::title(item));
        row->setIcon(0, statusIcon(style(), item.status));
        row->setText(1, SystemCheckText::value(item));
        row->setToolTip(0, SystemCheckText::status(item.status));
        row->setData(0, Qt::UserRole, item.id);
        if (!item.detail.isEmpty()) {
            auto *detail = new QTreeWidgetItem(row);
            detail->setText(1, item.detail);
            detail->setToolTip(1, item.detail);
        }
        const QString fixText = SystemCheckText::fix(item);
        if (!fixText.isEmpty() && item.status >= CheckStatus::Warning) {
            auto *fixRow = new QTreeWidgetItem(row);
            fixRow->setText(0, tr("Fix"));
            fixRow->setText(1, fixText);
            fixRow->setToolTip(1, fixText);
            QFont bold = fixRow->font(1);
            bold.setBold(true);
            fixRow->setFont(1, bold);
        }
        // Problems open, so their fix is in view without a click.
        row->setExpanded(item.status == CheckStatus::Problem || item.status == CheckStatus::Warning);
    }
}

} // namespace camchat::ui
