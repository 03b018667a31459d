#include "WatchService.h"

#include "FileFingerprint.h"
#include "runner/Engine.h"
#include "schedule/Scheduler.h"
#include "storage/StoreError.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <limits>

namespace jobdeck {

namespace {

// Where a file goes in done/ or failed/: the same place relative to the folder, with a number added when a file
// of that name is there already.
QString destinationFor(const QString &root, const QString &path, const QString &sub)
{
    const QString relative = QDir(root).relativeFilePath(path);
    const QFileInfo target(QDir(root).filePath(sub + u'/' + relative));
    QDir().mkpath(target.absolutePath());
    QString candidate = target.filePath();
    for (int n = 2; QFileInfo::exists(candidate); ++n) {
        const QString suffix = target.completeSuffix();
        candidate = QStringLiteral("%1/%2-%3%4")
                        .arg(target.absolutePath(), target.baseName())
                        .arg(n)
                        .arg(suffix.isEmpty() ? QString() : u'.' + suffix);
    }
    return candidate;
}

} // namespace

WatchService::WatchService(Engine &engine, QObject *parent) : QObject(parent), m_engine(engine)
{
    m_settleTimer.setSingleShot(true);
    m_settleTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_settleTimer, &QTimer::timeout, this, &WatchService::settleNow);
    m_pumpTimer.setSingleShot(true);
    m_pumpTimer.setInterval(0);
    connect(&m_pumpTimer, &QTimer::timeout, this, &WatchService::pump);
    connect(&m_engine, &Engine::watchesChanged, this, &WatchService::reloadIfChanged);
    connect(&m_engine, &Engine::externalChange, this, &WatchService::reloadIfChanged);
    connect(&m_engine, &Engine::jobsChanged, this, &WatchService::onJobsChanged);
}

WatchService::~WatchService() = default;

void WatchService::start()
{
    if (m_running)
        return;
    try {
        m_reader = m_engine.store().openWatchReader();
    } catch (const StoreError &e) {
        Q_EMIT problem(e.message());
        return;
    }
    m_running = true;
    reload();
}

void WatchService::stop()
{
    m_running = false;
    m_settleTimer.stop();
    m_pumpTimer.stop();
    m_watches.clear();
    m_ready.clear();
}

void WatchService::reloadIfChanged()
{
    if (!m_running)
        return;
    try {
        if (m_reader->version() != m_version)
            reload();
    } catch (const StoreError &e) {
        Q_EMIT problem(e.message());
    }
}

void WatchService::reload()
{
    if (!m_running)
        return;
    std::vector<WatchRecord> records;
    try {
        m_version = m_reader->version();
        records = m_reader->watches();
    } catch (const StoreError &e) {
        Q_EMIT problem(e.message());
        return;
    }
    std::map<qint64, WatchRecord> byId;
    for (WatchRecord &r : records)
        byId.emplace(r.id, std::move(r));
    // A watch that is gone, paused or changed stops; an unchanged one keeps its folder and what it knows.
    for (auto it = m_watches.begin(); it != m_watches.end();) {
        const auto now = byId.find(it->first);
        const bool keep = now != byId.end() && !now->second.paused
            && now->second.updatedAtMs == it->second.folder->record().updatedAtMs;
        it = keep ? std::next(it) : m_watches.erase(it);
    }
    std::erase_if(m_ready, [&](const auto &entry) { return !m_watches.contains(entry.first); });
    m_records = std::move(byId);
    for (const auto &[id, record] : m_records) {
        if (!record.paused && !m_watches.contains(id))
            open(record);
    }
    arm();
}

void WatchService::open(const WatchRecord &record)
{
    Watched &w = m_watches[record.id];
    w.folder = std::make_unique<FolderWatch>(record);
    w.notifier = std::make_unique<DirectoryNotifier>();
    const qint64 id = record.id;
    connect(w.notifier.get(), &DirectoryNotifier::fileChanged, this, [this, id](const QString &path) { onFileChanged(id, path); });
    connect(w.notifier.get(), &DirectoryNotifier::fileRemoved, this, [this, id](const QString &path) {
        if (const auto it = m_watches.find(id); it != m_watches.end())
            it->second.folder->forget(path);
    });
    connect(w.notifier.get(), &DirectoryNotifier::directoryCreated, this, [this, id](const QString &path) {
        const auto it = m_watches.find(id);
        if (it != m_watches.end() && it->second.folder->spec().recursive && !it->second.folder->isExcludedDirectory(path))
            watchTree(id, path);
    });
    connect(w.notifier.get(), &DirectoryNotifier::overflowed, this, [this, id] {
        if (const auto it = m_watches.find(id); it != m_watches.end())
            watchTree(id, it->second.folder->spec().dir);
    });
    if (!QFileInfo(record.spec.dir).isDir()) {
        Q_EMIT problem(QStringLiteral("watch %1: the folder %2 does not exist").arg(record.spec.name, record.spec.dir));
        return;
    }
    watchTree(id, record.spec.dir);
    Q_EMIT watchStarted(record.spec.name, record.spec.dir, w.folder->pendingCount());
}

void WatchService::watchTree(qint64 watchId, const QString &dir)
{
    Watched &w = m_watches.at(watchId);
    QStringList dirs{dir};
    while (!dirs.isEmpty()) {
        const QString next = dirs.takeFirst();
        // Watched before it is scanned, so a file that arrives in between is not missed.
        QString error;
        if (!w.notifier->addDirectory(next, &error))
            Q_EMIT problem(QStringLiteral("watch %1: %2").arg(w.folder->spec().name, error));
        dirs << w.folder->scan(next, m_engine.clock().nowMs());
    }
    writeSkips(*w.folder);
    arm();
}

void WatchService::onFileChanged(qint64 watchId, const QString &path)
{
    const auto it = m_watches.find(watchId);
    if (it == m_watches.end())
        return;
    it->second.folder->consider(path, m_engine.clock().nowMs());
    writeSkips(*it->second.folder);
    if (!m_settleTimer.isActive())
        arm();
}

int WatchService::pendingCount() const
{
    int n = int(m_ready.size());
    for (const auto &[id, w] : m_watches)
        n += w.folder->pendingCount();
    return n;
}

qint64 WatchService::nextDueMs() const
{
    qint64 next = std::numeric_limits<qint64>::max();
    for (const auto &[id, w] : m_watches) {
        if (const qint64 due = w.folder->nextDueMs(); due > 0)
            next = std::min(next, due);
    }
    return next == std::numeric_limits<qint64>::max() ? 0 : next;
}

void WatchService::arm()
{
    const qint64 due = nextDueMs();
    if (due == 0) {
        m_settleTimer.stop();
        return;
    }
    const qint64 wait = std::clamp<qint64>(due - m_engine.clock().nowMs(), 0, std::numeric_limits<int>::max());
    m_settleTimer.start(int(wait));
}

void WatchService::settleNow()
{
    if (!m_running)
        return;
    const qint64 now = m_engine.clock().nowMs();
    for (auto &[id, w] : m_watches) {
        for (FileVersion &f : w.folder->takeComplete(now))
            m_ready.emplace_back(id, std::move(f));
        writeSkips(*w.folder);
    }
    arm();
    if (!m_ready.empty())
        pump();
}

void WatchService::pump()
{
    if (!m_running || m_ready.empty())
        return;
    const qint64 now = m_engine.clock().nowMs();
    const DefinitionResolver &definitions = m_engine.scheduler().definitionResolver();
    WriteBatch batch;
    std::vector<std::pair<qint64, QString>> files;
    while (!m_ready.empty() && int(files.size()) < kBatchSize) {
        auto [watchId, file] = std::move(m_ready.front());
        m_ready.pop_front();
        const auto it = m_watches.find(watchId);
        if (it == m_watches.end())
            continue;
        FolderWatch &folder = *it->second.folder;
        const auto fingerprint = FileFingerprint::of(file.path);
        if (!fingerprint) {
            if (QFileInfo::exists(file.path))
                batch.push_back(RecordWatchSkip{{watchId, file.path, skipReasonName(SkipReason::Unreadable),
                                                 QStringLiteral("cannot be opened"), now}});
            folder.markTaken(file);
            continue;
        }
        file.fingerprint = *fingerprint;
        QString error;
        const auto job = WatchCommands::jobFor(folder.spec(), file, definitions, &error);
        if (!job) {
            Q_EMIT problem(QStringLiteral("watch %1: %2").arg(folder.spec().name, error));
            folder.forget(file.path); // taken again when it changes, or when the watch is read again
            continue;
        }
        folder.markTaken(file);
        files.emplace_back(watchId, file.path);
        batch.push_back(EnqueueWatchedFile{watchId, file.path, file.size, file.mtimeMs, file.fingerprint, *job, now});
    }
    if (!batch.empty()) {
        m_engine.submit(std::move(batch), this, [this, files](const BatchResult &r) {
            if (!r.ok) {
                Q_EMIT problem(QStringLiteral("watched files were not enqueued: %1").arg(r.error));
                // Looked at again at their next change or the next reload; nothing was written.
                for (const auto &[watchId, path] : files) {
                    if (const auto it = m_watches.find(watchId); it != m_watches.end())
                        it->second.folder->unmarkTaken(path);
                }
                return;
            }
            int enqueued = 0;
            for (const MutationResult &m : r.results)
                enqueued += m.applied && m.jobId > 0 ? 1 : 0;
            Q_EMIT batchWritten(enqueued, int(files.size()) - enqueued);
        });
    }
    if (!m_ready.empty())
        m_pumpTimer.start(); // the next batch after the event loop had its turn
}

void WatchService::writeSkips(FolderWatch &folder)
{
    const std::vector<WatchSkip> skips = folder.takeSkips();
    if (skips.empty())
        return;
    WriteBatch batch;
    for (const WatchSkip &s : skips) {
        qInfo("watch %s: skipped %s: %s %s", qUtf8Printable(folder.spec().name), qUtf8Printable(s.path),
              qUtf8Printable(skipReasonText(s.reason)), qUtf8Printable(s.detail));
        batch.push_back(RecordWatchSkip{s});
    }
    m_engine.submit(std::move(batch));
}

void WatchService::onJobsChanged(const QList<JobEvent> &events)
{
    if (!m_running)
        return;
    const bool anyActs = std::any_of(m_records.cbegin(), m_records.cend(),
                                     [](const auto &r) { return r.second.spec.after != AfterAction::Leave; });
    if (!anyActs)
        return;
    for (const JobEvent &e : events) {
        if (e.removed || e.from != JobState::Running || (e.to != JobState::Succeeded && e.to != JobState::Dead))
            continue;
        try {
            const auto file = m_reader->fileOfJob(e.jobId);
            if (!file || !file->disposition.isEmpty())
                continue;
            const auto record = m_records.find(file->watchId);
            if (record == m_records.end() || record->second.spec.after == AfterAction::Leave)
                continue;
            settleFile(*file, record->second.spec, e.to == JobState::Succeeded);
        } catch (const StoreError &error) {
            Q_EMIT problem(error.message());
        }
    }
}

void WatchService::settleFile(const WatchedFile &file, const WatchSpec &spec, bool succeeded)
{
    const QFileInfo now(file.path);
    // A file changed since its job was made is a new version with a job of its own: leave it to that one.
    if (!now.exists() || now.size() != file.size || now.lastModified().toMSecsSinceEpoch() != file.mtimeMs)
        return;
    QString disposition;
    QString movedTo;
    if (succeeded && spec.after == AfterAction::Delete) {
        if (!QFile::remove(file.path)) {
            Q_EMIT problem(QStringLiteral("watch %1: cannot delete %2").arg(spec.name, file.path));
            return;
        }
        disposition = QStringLiteral("deleted");
    } else {
        const QString sub = succeeded ? QStringLiteral("done") : QStringLiteral("failed");
        movedTo = destinationFor(spec.dir, file.path, sub);
        if (!QFile::rename(file.path, movedTo)) {
            Q_EMIT problem(QStringLiteral("watch %1: cannot move %2 to %3").arg(spec.name, file.path, movedTo));
            return;
        }
        disposition = succeeded ? QStringLiteral("done") : QStringLiteral("failed");
    }
    const qint64 jobId = file.jobId;
    m_engine.submit({SettleWatchedFile{jobId, disposition, movedTo, m_engine.clock().nowMs()}}, this,
                    [this, jobId, disposition](const BatchResult &r) {
                        if (r.ok)
                            Q_EMIT fileSettled(jobId, disposition);
                    });
}

} // namespace jobdeck
