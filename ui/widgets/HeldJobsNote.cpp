#include "widgets/HeldJobsNote.h"

#include "Console.h"
#include "Icons.h"
#include "storage/ReadThread.h"
#include "StateCounter.h"
#include "StateStyle.h"
#include "runner/Engine.h"
#include "storage/QueueSummary.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>

namespace jobdeck {

namespace {

QString queuedJobs(qint64 n)
{
    return n == 1 ? QObject::tr("1 queued job waits") : QObject::tr("%1 queued jobs wait").arg(QLocale().toString(n));
}

} // namespace

HeldJobsNote::HeldJobsNote(Console &console, bool queuesShown, QWidget *parent)
    : QFrame(parent), m_console(console), m_queuesShown(queuesShown)
{
    setObjectName(QStringLiteral("heldJobsNote"));
    setProperty("card", true);
    m_icon = new QLabel(this);
    m_icon->setPixmap(Icons::tinted(QStringLiteral("pause"), StateStyle::color(JobState::Failed, palette())).pixmap(18, 18));
    m_icon->setAlignment(Qt::AlignTop);
    m_text = new QLabel(this);
    m_text->setObjectName(QStringLiteral("heldJobsText"));
    m_text->setWordWrap(true);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(12, 8, 12, 8);
    layout->setSpacing(10);
    layout->addWidget(m_icon);
    layout->addWidget(m_text, 1);
    setVisible(false);

    m_settle.setSingleShot(true);
    m_settle.setInterval(kSettleMs);
    connect(&m_settle, &QTimer::timeout, this, &HeldJobsNote::read);
    const auto soon = [this] {
        if (!m_settle.isActive())
            m_settle.start();
    };
    connect(&console.counts, &StateCounter::countsChanged, this, soon);
    connect(&console.engine, &Engine::configChanged, this, soon); // a queue paused or resumed, here or elsewhere
    connect(&console.engine, &Engine::pausedChanged, this, soon);
    read();
}

void HeldJobsNote::setQueue(const QString &queue)
{
    if (queue == m_queue)
        return;
    m_queue = queue;
    read();
}

QString HeldJobsNote::text() const
{
    return isVisibleTo(parentWidget()) ? m_text->text() : QString();
}

void HeldJobsNote::read()
{
    m_settle.stop();
    m_console.reads.read<std::vector<QueueSummary>>(
        this, [](StoreReader &reader) { return QueueSummary::read(reader); },
        [this](const std::vector<QueueSummary> &queues) { show(queues); });
}

void HeldJobsNote::show(const std::vector<QueueSummary> &queues)
{
    qint64 queued = 0;
    qint64 inPausedQueues = 0;
    QStringList paused;
    for (const QueueSummary &q : queues) {
        if (!m_queue.isEmpty() && q.name != m_queue)
            continue;
        queued += q.count(JobState::Queued);
        if (q.paused && q.count(JobState::Queued) > 0) {
            inPausedQueues += q.count(JobState::Queued);
            paused << q.name;
        }
    }
    QString text;
    if (m_console.engine.isPaused() && queued > 0) {
        text = tr("Runners are paused: %1 until they are resumed (Resume runner in the toolbar, Ctrl+Shift+P).")
                   .arg(queuedJobs(queued));
    } else if (paused.size() == 1) {
        text = (m_queuesShown ? tr("Queue %1 is paused: %2 until it is resumed (right-click it above).")
                              : tr("Queue %1 is paused: %2 until it is resumed (right-click it on the Queue page)."))
                   .arg(paused.first(), queuedJobs(inPausedQueues));
    } else if (paused.size() > 1) {
        const QString names = tr("%1 and %2").arg(paused.mid(0, paused.size() - 1).join(QStringLiteral(", ")), paused.last());
        text = (m_queuesShown ? tr("Queues %1 are paused: %2 until they are resumed (right-click them above).")
                              : tr("Queues %1 are paused: %2 until they are resumed (right-click them on the Queue page)."))
                   .arg(names, queuedJobs(inPausedQueues));
    }
    m_text->setText(text);
    setVisible(!text.isEmpty());
}

} // namespace jobdeck
