#include "widgets/CallbackDeliveriesView.h"

#include "Console.h"
#include "storage/ReadThread.h"
#include "StateStyle.h"
#include "callbacks/CallbackUrl.h"

#include <QDateTime>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace jobdeck {

namespace {

constexpr int kNewestShown = 50;

QString when(qint64 ms)
{
    return ms > 0
               ? QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms), QStringLiteral("yyyy-MM-dd HH:mm:ss"))
               : QStringLiteral("—");
}

// Delivered reads like a success, failed like a dead job, pending like one waiting for its retry.
JobState lookOf(DeliveryState state)
{
    switch (state) {
    case DeliveryState::Delivered:
        return JobState::Succeeded;
    case DeliveryState::Failed:
        return JobState::Dead;
    case DeliveryState::Pending:
        break;
    }
    return JobState::Failed;
}

} // namespace

CallbackDeliveriesView::CallbackDeliveriesView(Console &console, qint64 jobId, QWidget *parent)
    : QWidget(parent), m_console(console), m_jobId(jobId)
{
    setObjectName(QStringLiteral("callbackDeliveries"));
    m_url = new QLabel(this);
    m_url->setObjectName(QStringLiteral("callbackUrl"));
    m_url->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_url->setWordWrap(true);
    m_summary = new QLabel(this);
    m_summary->setForegroundRole(QPalette::PlaceholderText);
    m_tree = new QTreeWidget(this);
    m_tree->setObjectName(QStringLiteral("callbackAttempts"));
    m_tree->setRootIsDecorated(false);
    m_tree->setAlternatingRowColors(true);
    m_tree->setHeaderLabels(
        {tr("Delivery"), tr("Try"), tr("When"), tr("Answer"), tr("Next try"), tr("Error")});
    m_tree->header()->setStretchLastSection(true);
    const QFontMetrics fm = fontMetrics();
    const int time = fm.horizontalAdvance(QStringLiteral("2026-11-23 19:50:01")) + 16;
    m_tree->setColumnWidth(0, fm.horizontalAdvance(tr("Delivery")) + 40);
    m_tree->setColumnWidth(1, fm.horizontalAdvance(tr("Try")) + 24);
    m_tree->setColumnWidth(2, time);
    m_tree->setColumnWidth(3, fm.horizontalAdvance(QStringLiteral("HTTP 503")) + 24);
    m_tree->setColumnWidth(4, time);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_url);
    layout->addWidget(m_summary);
    layout->addWidget(m_tree, 1);
    m_reread.setSingleShot(true);
    connect(&m_reread, &QTimer::timeout, this, &CallbackDeliveriesView::reload);
}

void CallbackDeliveriesView::setUrl(const QString &url)
{
    m_url->setText(tr("Callback: POST to %1 when the job ends").arg(CallbackUrl::masked(url)));
}

void CallbackDeliveriesView::reload()
{
    const qint64 id = m_jobId;
    m_console.reads.read<std::vector<CallbackDelivery>>(
        this, [id](StoreReader &reader) { return reader.callbackDeliveries(id, kNewestShown); },
        [this](const std::vector<CallbackDelivery> &deliveries) { showDeliveries(deliveries); },
        [this](const QString &message) {
            m_summary->setText(tr("Could not read the deliveries: %1").arg(message));
        });
}

void CallbackDeliveriesView::showDeliveries(const std::vector<CallbackDelivery> &deliveries)
{
    m_tree->clear();
    m_attempts = 0;
    bool pending = false;
    for (const CallbackDelivery &d : deliveries) {
        pending = pending || d.state == DeliveryState::Pending;
        const QIcon icon = StateStyle::icon(lookOf(d.state), palette());
        if (d.tries.empty()) {
            auto *item = new QTreeWidgetItem(m_tree);
            item->setText(0, QString::number(d.id));
            item->setIcon(0, icon);
            item->setText(3, tr("not sent yet"));
            item->setText(4, when(d.nextTryAtMs));
        }
        for (const CallbackAttempt &a : d.tries) {
            ++m_attempts;
            auto *item = new QTreeWidgetItem(m_tree);
            item->setText(0, QString::number(d.id));
            item->setIcon(0, icon);
            item->setToolTip(0, deliveryStateName(d.state));
            item->setText(1, QString::number(a.number));
            item->setText(2, when(a.atMs));
            item->setText(3, a.httpStatus > 0 ? QStringLiteral("HTTP %1").arg(a.httpStatus) : tr("none"));
            item->setText(4, a.nextTryAtMs > 0 ? when(a.nextTryAtMs) : QString());
            item->setText(5, a.error);
            item->setToolTip(5, a.error);
            if (!a.error.isEmpty())
                item->setForeground(
                    5, StateStyle::color(a.nextTryAtMs > 0 ? JobState::Failed : JobState::Dead, palette()));
        }
    }
    if (deliveries.empty()) {
        m_summary->setText(tr("Nothing delivered yet: the callback is sent when the job ends."));
    } else {
        const CallbackDelivery &last = deliveries.back();
        switch (last.state) {
        case DeliveryState::Delivered:
            m_summary->setText(tr("Delivered after %n attempt(s).", nullptr, last.attempts));
            break;
        case DeliveryState::Failed:
            m_summary->setText(tr("Not delivered: gave up after %n attempt(s).", nullptr, last.attempts));
            break;
        case DeliveryState::Pending:
            m_summary->setText(tr("Pending: next try %1.").arg(when(last.nextTryAtMs)));
            break;
        }
    }
    if (pending)
        m_reread.start(kPendingRereadMs);
    Q_EMIT loaded(m_attempts);
}

} // namespace jobdeck
