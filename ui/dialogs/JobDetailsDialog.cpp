#include "dialogs/JobDetailsDialog.h"

#include "Console.h"
#include "JobColumns.h"
#include "StateStyle.h"
#include "actions/JobActions.h"
#include "callbacks/CallbackUrl.h"
#include "model/Duration.h"
#include "models/JobFiles.h"
#include "runner/Engine.h"
#include "storage/ReadThread.h"
#include "widgets/AttemptTimeline.h"
#include "widgets/CallbackDeliveriesView.h"
#include "widgets/ImagePreview.h"
#include "widgets/JsonHighlighter.h"
#include "widgets/LogView.h"

#include <QDateTime>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QTabWidget>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <utility>

namespace jobdeck {

namespace {

constexpr int kLogLinesPerRead = 500;
constexpr int kNewestShown = 200; // attempts and changes of state: a continuous job may have made tens of thousands

QPlainTextEdit *jsonView(QWidget *parent, const QString &name)
{
    auto *view = new QPlainTextEdit(parent);
    view->setObjectName(name);
    view->setReadOnly(true);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    view->setLineWrapMode(QPlainTextEdit::NoWrap);
    new JsonHighlighter(view->document());
    return view;
}

QString pretty(const QByteArray &json)
{
    if (json.isEmpty())
        return {};
    const QJsonDocument doc = QJsonDocument::fromJson("[" + json + "]");
    if (doc.isNull())
        return QString::fromUtf8(json);
    // Wrapped so any JSON value prints, then unwrapped.
    const QJsonValue value = doc.array().first();
    if ((value.isObject() && value.toObject().isEmpty()) || (value.isArray() && value.toArray().isEmpty()))
        return QString::fromUtf8(json); // "{}" rather than a brace on each of two lines
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Indented)).trimmed();
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Indented)).trimmed();
    return QString::fromUtf8(json);
}

QString when(qint64 ms)
{
    return ms > 0 ? QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms), QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                  : QStringLiteral("—");
}

} // namespace

JobDetailsDialog::JobDetailsDialog(Console &console, qint64 jobId, QWidget *parent)
    : QDialog(parent), m_console(console), m_jobId(jobId)
{
    setObjectName(QStringLiteral("jobDetailsDialog"));
    setWindowTitle(tr("Job %1").arg(jobId));
    setAttribute(Qt::WA_DeleteOnClose);

    m_title = new QLabel(this);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setWeight(QFont::DemiBold);
    m_title->setFont(titleFont);
    m_state = new QLabel(this);
    m_state->setObjectName(QStringLiteral("detailsState"));
    QFont stateFont = m_state->font();
    stateFont.setWeight(QFont::DemiBold);
    m_state->setFont(stateFont);
    m_reason = new QLabel(this);
    m_reason->setObjectName(QStringLiteral("detailsReason"));
    m_reason->setWordWrap(true);
    m_reason->setForegroundRole(QPalette::PlaceholderText);
    auto *titleRow = new QHBoxLayout;
    titleRow->addWidget(m_title);
    titleRow->addSpacing(10);
    titleRow->addWidget(m_state);
    titleRow->addStretch(1);

    // Overview: facts, progress, the JSON the job carries.
    auto *overview = new QWidget(this);
    m_facts = new QLabel(overview);
    m_facts->setTextFormat(Qt::RichText);
    m_facts->setObjectName(QStringLiteral("detailsFacts"));
    m_facts->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::LinksAccessibleByMouse);
    connect(m_facts, &QLabel::linkActivated, this, [this](const QString &link) { m_console.actions.open(QUrl(link)); });
    m_preview = new ImagePreview(overview);
    m_preview->setVisible(false);
    connect(m_preview, &ImagePreview::openRequested, this, [this](const QUrl &url) { m_console.actions.open(url); });
    m_progress = new QProgressBar(overview);
    m_progress->setObjectName(QStringLiteral("detailsProgress"));
    m_progress->setRange(0, 1000);
    m_progressText = new QLabel(overview);
    m_progressText->setForegroundRole(QPalette::PlaceholderText);
    m_error = new QLabel(overview);
    m_error->setObjectName(QStringLiteral("detailsError"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPalette errorPalette = m_error->palette();
    errorPalette.setColor(QPalette::WindowText, StateStyle::color(JobState::Dead, palette()));
    m_error->setPalette(errorPalette);
    m_payload = jsonView(overview, QStringLiteral("detailsPayload"));
    m_result = jsonView(overview, QStringLiteral("detailsResult"));
    m_checkpoint = jsonView(overview, QStringLiteral("detailsCheckpoint"));
    auto *jsonTabs = new QTabWidget(overview);
    jsonTabs->setDocumentMode(true);
    jsonTabs->addTab(m_payload, tr("Payload"));
    jsonTabs->addTab(m_result, tr("Result"));
    jsonTabs->addTab(m_checkpoint, tr("Checkpoint"));
    auto *progressRow = new QHBoxLayout;
    progressRow->addWidget(m_progress, 1);
    progressRow->addWidget(m_progressText, 1);
    auto *factsRow = new QHBoxLayout;
    factsRow->addWidget(m_facts, 1, Qt::AlignTop);
    factsRow->addWidget(m_preview, 0, Qt::AlignTop);
    auto *overviewLayout = new QVBoxLayout(overview);
    overviewLayout->addLayout(factsRow);
    overviewLayout->addLayout(progressRow);
    overviewLayout->addWidget(m_error);
    overviewLayout->addWidget(jsonTabs, 1);

    m_timeline = new AttemptTimeline(this);
    m_timeline->setObjectName(QStringLiteral("attemptTimeline"));
    auto *timelineScroll = new QScrollArea(this);
    timelineScroll->setWidget(m_timeline);
    timelineScroll->setWidgetResizable(true);
    timelineScroll->setFrameShape(QFrame::NoFrame);
    m_log = new LogView(this);
    m_log->setObjectName(QStringLiteral("detailsLog"));
    m_changes = new QTreeWidget(this);
    m_changes->setObjectName(QStringLiteral("stateChanges"));
    m_changes->setRootIsDecorated(false);
    m_changes->setAlternatingRowColors(true);
    m_changes->setHeaderLabels({tr("When"), tr("Change"), tr("Reason")});
    m_changes->header()->setStretchLastSection(true);
    m_changes->setColumnWidth(0, fontMetrics().horizontalAdvance(QStringLiteral("2026-11-23 19:50:01.112")) + 16);
    m_changes->setColumnWidth(1, fontMetrics().horizontalAdvance(QStringLiteral("scheduled → cancelled")) + 40);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("detailsTabs"));
    m_tabs->addTab(overview, tr("Overview"));
    m_tabs->addTab(timelineScroll, tr("Attempts"));
    m_tabs->addTab(m_log, tr("Log"));
    m_tabs->addTab(m_changes, tr("State changes"));
    m_callback = new CallbackDeliveriesView(console, jobId, this);
    m_callbackTab = m_tabs->addTab(m_callback, tr("Callback"));
    m_tabs->setTabVisible(m_callbackTab, false);
    connect(m_callback, &CallbackDeliveriesView::loaded, this,
            [this](int attempts) { m_tabs->setTabText(m_callbackTab, tr("Callback (%1)").arg(attempts)); });

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_cancel = buttons->addButton(tr("Cancel job"), QDialogButtonBox::ActionRole);
    m_cancel->setObjectName(QStringLiteral("detailsCancel"));
    m_requeue = buttons->addButton(tr("Requeue"), QDialogButtonBox::ActionRole);
    m_requeue->setObjectName(QStringLiteral("detailsRequeue"));
    m_delete = buttons->addButton(tr("Delete"), QDialogButtonBox::ActionRole);
    m_delete->setObjectName(QStringLiteral("detailsDelete"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (m_job && m_job->state == JobState::Running)
            m_console.actions.cancelRunning({m_jobId});
        else
            m_console.actions.cancel({m_jobId}); // not started: nothing is lost that a requeue would not bring back
    });
    connect(m_requeue, &QPushButton::clicked, this, [this] { m_console.actions.requeue({m_jobId}); });
    connect(m_delete, &QPushButton::clicked, this, [this] {
        if (m_console.actions.confirm({ConfirmKind::DeleteJobs, tr("Delete job"),
                                       tr("Delete job %1 with its attempts and log?").arg(m_jobId)}))
            m_console.actions.remove({m_jobId});
    });

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(titleRow);
    layout->addWidget(m_reason);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(buttons);
    resize(760, 600);

    connect(&console.engine, &Engine::jobsChanged, this, &JobDetailsDialog::onJobsChanged);
    connect(&console.engine, &Engine::progressChanged, this, [this](qint64 id, double fraction, const QString &text) {
        if (id != m_jobId || !m_job || m_job->state != JobState::Running)
            return;
        m_progress->setValue(int(fraction * 1000));
        m_progress->setFormat(QStringLiteral("%1%").arg(int(fraction * 100)));
        m_progressText->setText(text);
    });
    connect(&console.engine, &Engine::externalChange, this, &JobDetailsDialog::reload);
    // The log has no event of its own; while the job is alive its tail is read once a second.
    m_live.setInterval(kLiveIntervalMs);
    connect(&m_live, &QTimer::timeout, this, [this] {
        readLog();
        if (m_job && m_job->state == JobState::Running && !m_console.engine.runsJobs())
            reload(); // another process's runner: its progress reaches the database once a second
    });
    reload();
}

JobDetailsDialog::~JobDetailsDialog() = default;

void JobDetailsDialog::onJobsChanged(const QList<JobEvent> &events)
{
    for (const JobEvent &e : events) {
        if (e.jobId == m_jobId) {
            reload();
            return;
        }
    }
}

void JobDetailsDialog::reload()
{
    if (m_reloading) {
        m_reloadAgain = true;
        return;
    }
    m_reloading = true;
    const qint64 id = m_jobId;
    // The file the job came from first: reads come back in the order asked, so it is there for the job's facts.
    m_console.reads.readWatches<std::optional<WatchedFile>>(
        this, [id](WatchReader &reader) { return reader.fileOfJob(id); },
        [this](const std::optional<WatchedFile> &origin) { m_origin = origin; });
    m_console.reads.read<Snapshot>(
        this,
        [id](StoreReader &reader) {
            return Snapshot{reader.job(id), reader.attempts(id, kNewestShown), reader.stateChanges(id, kNewestShown)};
        },
        [this](const Snapshot &snapshot) {
            m_reloading = false;
            present(snapshot);
            if (std::exchange(m_reloadAgain, false))
                reload();
        },
        [this](const QString &message) {
            m_reloading = false;
            m_reason->setText(tr("Could not read the job: %1").arg(message));
            if (std::exchange(m_reloadAgain, false))
                reload();
        });
}

void JobDetailsDialog::present(const Snapshot &snapshot)
{
    m_job = snapshot.job;
    showJob();
    m_timeline->setAttempts(snapshot.attempts, m_console.engine.clock().nowMs());
    // The tab counts them all; the timeline shows the newest.
    m_tabs->setTabText(1, tr("Attempts (%1)").arg(QLocale().toString(m_job ? m_job->totalAttempts : int(snapshot.attempts.size()))));
    m_changes->clear();
    for (const StateChange &c : snapshot.changes) {
        auto *item = new QTreeWidgetItem(m_changes);
        item->setText(0, QDateTime::fromMSecsSinceEpoch(c.atMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")));
        item->setText(1, c.from ? QStringLiteral("%1 → %2").arg(stateName(*c.from), stateName(c.to))
                                : tr("created %1").arg(stateName(c.to)));
        item->setIcon(1, StateStyle::icon(c.to, palette()));
        item->setText(2, c.reason);
        item->setToolTip(2, c.reason);
    }
    readLog();
    const bool hasCallback = m_job && !m_job->callbackUrl.isEmpty();
    m_tabs->setTabVisible(m_callbackTab, hasCallback);
    if (hasCallback) {
        m_callback->setUrl(m_job->callbackUrl);
        m_callback->reload();
    }
    const bool alive = m_job && !isFinal(m_job->state);
    if (alive && !m_live.isActive())
        m_live.start();
    else if (!alive)
        m_live.stop();
}

void JobDetailsDialog::readLog()
{
    if (m_readingLog)
        return; // the read on its way reads on until the end
    m_readingLog = true;
    const qint64 id = m_jobId;
    const qint64 after = m_log->lastLineId();
    m_console.reads.read<std::vector<LogLine>>(
        this, [id, after](StoreReader &reader) { return reader.logAfter(id, after, kLogLinesPerRead); },
        [this](const std::vector<LogLine> &lines) {
            m_readingLog = false;
            m_log->append(lines);
            m_tabs->setTabText(2, tr("Log (%1)").arg(m_log->lineCount()));
            if (int(lines.size()) == kLogLinesPerRead)
                readLog();
        },
        [this](const QString &) { m_readingLog = false; }); // the next tick tries again
}

void JobDetailsDialog::showJob()
{
    if (!m_job) {
        m_title->setText(tr("Job %1").arg(m_jobId));
        m_state->setText(tr("deleted"));
        m_reason->setText(tr("This job is no longer in the database."));
        for (QPushButton *b : {m_cancel, m_requeue, m_delete})
            b->setEnabled(false);
        return;
    }
    const JobRecord &j = *m_job;
    m_title->setText(tr("Job %1 · %2").arg(j.id).arg(j.kind));
    m_state->setText(stateName(j.state));
    QPalette statePalette = m_state->palette();
    statePalette.setColor(QPalette::WindowText, StateStyle::color(j.state, palette()));
    m_state->setPalette(statePalette);
    m_reason->setText(j.stateReason + (j.cancelRequested && j.state == JobState::Running ? tr(" — cancel requested") : QString()));
    const QString quiet = palette().color(QPalette::PlaceholderText).name();
    const auto row = [&quiet](const QString &name, const QString &value) {
        return QStringLiteral("<tr><td style='padding-right:14px; color:%1'>%2</td><td>%3</td></tr>")
            .arg(quiet, name.toHtmlEscaped(), value.toHtmlEscaped());
    };
    QString facts = QStringLiteral("<table>");
    facts += row(tr("Queue"), tr("%1, priority %2").arg(j.queue).arg(j.priority));
    facts += row(tr("Attempts"), j.continuous ? tr("run %1 of a continuous job (restarted whenever it ends)").arg(j.totalAttempts)
                                              : tr("%1 of %2 in this round, %3 in all").arg(j.attempts).arg(j.maxAttempts).arg(j.totalAttempts));
    facts += row(tr("Timeout"), j.timeoutMs > 0 ? formatDuration(j.timeoutMs) : tr("none"));
    facts += row(tr("Retry delay"), tr("%1, doubling").arg(formatDuration(j.backoffMs)));
    facts += row(tr("Created"), when(j.createdAtMs));
    if (j.state == JobState::Scheduled || j.state == JobState::Failed)
        facts += row(tr("Runs at"), when(j.runAtMs));
    facts += row(tr("Started"), when(j.startedAtMs));
    if (isFinal(j.state))
        facts += row(tr("Finished"), when(j.finishedAtMs));
    if (!j.worker.isEmpty() || !j.leaseOwner.isEmpty())
        facts += row(tr("Worker"), j.leaseOwner.isEmpty() ? j.worker : tr("%1 of runner %2").arg(j.worker, j.leaseOwner));
    if (!j.idempotencyKey.isEmpty())
        facts += row(tr("Key"), j.idempotencyKey);
    if (!j.callbackUrl.isEmpty())
        facts += row(tr("Callback"), CallbackUrl::masked(j.callbackUrl));
    if (!j.parents.isEmpty()) {
        QStringList ids;
        for (const qint64 id : j.parents)
            ids << QString::number(id);
        const ContinueOn on = j.continueOn.value_or(ContinueOn::Success);
        const QString when = on == ContinueOn::Failure ? tr("runs when they all end dead")
            : on == ContinueOn::Any                    ? tr("runs however they end")
                                                       : tr("runs when they all succeed");
        facts += row(j.parents.size() == 1 ? tr("After job") : tr("After jobs"),
                     tr("%1 · %2").arg(ids.join(QStringLiteral(", ")), when));
    }
    if (j.batchId > 0)
        facts += row(tr("Batch"), tr("batch %1").arg(j.batchId));
    if (j.completesBatch > 0)
        facts += row(tr("Completes"), tr("batch %1: runs once all its jobs have ended").arg(j.completesBatch));
    if (!j.mutexes.isEmpty())
        facts += row(j.mutexes.size() == 1 ? tr("Mutex") : tr("Mutexes"),
                     tr("%1 · never runs beside another job holding it").arg(j.mutexes.join(QStringLiteral(", "))));
    if (!j.orderKey.isEmpty())
        facts += row(tr("Order"), tr("%1 · number %2 · runs after the key's earlier jobs").arg(j.orderKey).arg(j.orderSeq));
    if (j.pipelineId > 0)
        facts += row(tr("Pipeline"), tr("pipeline %1").arg(j.pipelineId));
    if (j.orderBlockedBy > 0)
        facts += row(tr("Blocked by"), tr("job %1, ahead of it under the same ordering key").arg(j.orderBlockedBy));
    // The files the job was given and made, as links the desktop opens.
    const JobFiles files = JobFiles::of(j, m_origin);
    const auto fileRows = [&quiet](const QString &name, const QList<JobFiles::File> &list) {
        QString rows;
        for (qsizetype i = 0; i < list.size(); ++i) {
            const QFileInfo info(list[i].path);
            rows += QStringLiteral("<tr><td style='padding-right:14px; color:%1'>%2</td><td><a href=\"%3\">%4</a>"
                                   "<span style='color:%1'> in %5</span></td></tr>")
                        .arg(quiet, i == 0 ? name.toHtmlEscaped() : QString(),
                             QUrl::fromLocalFile(list[i].path).toString(QUrl::FullyEncoded).toHtmlEscaped(),
                             info.fileName().toHtmlEscaped(), QDir::toNativeSeparators(info.path()).toHtmlEscaped());
        }
        return rows;
    };
    if (files.origin) {
        const WatchedFile &f = *files.origin;
        QString where = tr("watched folder %1 · version of %2, %3 bytes")
                            .arg(f.watchName, when(f.mtimeMs), QLocale().toString(f.size));
        if (f.disposition == QLatin1String("done") || f.disposition == QLatin1String("failed"))
            where += tr(" · moved to %1/").arg(f.disposition);
        else if (f.disposition == QLatin1String("deleted"))
            where += tr(" · deleted after the job");
        facts += row(tr("From"), where);
    }
    facts += fileRows(files.inputs.size() == 1 ? tr("Input") : tr("Inputs"), files.inputs);
    facts += fileRows(files.outputs.size() == 1 ? tr("Output") : tr("Outputs"), files.outputs);
    m_facts->setText(facts + QStringLiteral("</table>"));
    m_preview->setVisible(!files.preview.isEmpty());
    if (!files.preview.isEmpty())
        m_preview->setPath(files.preview);
    const double progress = j.state == JobState::Succeeded ? 1.0 : j.progress;
    m_progress->setValue(int(progress * 1000));
    m_progress->setFormat(QStringLiteral("%1%").arg(int(progress * 100)));
    m_progress->setEnabled(j.state == JobState::Running);
    m_progress->setVisible(!j.continuous || progress > 0); // a job that runs until stopped has nothing to fill
    m_progressText->setText(j.progressText);
    m_error->setText(j.error.isEmpty() ? QString() : tr("Last error: %1").arg(j.error));
    m_error->setVisible(!j.error.isEmpty());
    m_payload->setPlainText(pretty(j.payload));
    m_result->setPlainText(j.result.isEmpty() ? tr("(no result yet)") : pretty(j.result));
    m_checkpoint->setPlainText(j.checkpoint.isEmpty() ? tr("(no checkpoint saved)") : pretty(j.checkpoint));
    m_cancel->setEnabled(!isFinal(j.state));
    m_requeue->setEnabled(isFinal(j.state) || j.state == JobState::Failed);
    m_delete->setEnabled(j.state != JobState::Running);
}

} // namespace jobdeck
