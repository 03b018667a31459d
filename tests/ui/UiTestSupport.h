#pragma once

// Shared by the UI tests: an engine with the built-in handlers over a store in a temporary directory, and
// look-ups into job models that read well inside QTRY_*.

#include "JobRoles.h"
#include "runner/Engine.h"
#include "runner/HandlerRegistry.h"
#include "storage/sqlite/SqliteStore.h"

#include <QAbstractItemModel>
#include <QAbstractItemView>
#include <QAction>
#include <QItemSelectionModel>
#include <QTest>
#include <QToolButton>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <future>
#include <memory>

namespace jobdeck::test {

inline JobSpec makeSpec(const QString &kind, const QJsonObject &payload = {}, const QString &queue = {})
{
    JobSpec s;
    s.kind = kind;
    s.payload = QJsonDocument(payload).toJson(QJsonDocument::Compact);
    if (!queue.isEmpty())
        s.queue = queue;
    s.backoffMs = 1; // retries in tests must not wait for the production default
    return s;
}

// Members go in reverse order: engine (stopped first), store, directory.
struct EngineHarness {
    QTemporaryDir dir;
    QString path;
    std::unique_ptr<SqliteStore> store;
    HandlerRegistry handlers;
    std::unique_ptr<Engine> engine;

    // `clock`: an injected one (e.g. a ManualClock) for tests about times; it must outlive the harness.
    explicit EngineHarness(int workers = 2, const Clock &clock = SystemClock::instance())
        : path(dir.filePath(QStringLiteral("jobs.db")))
    {
        store = SqliteStore::open(path);
        HandlerRegistry::addBuiltIns(handlers);
        EngineOptions options;
        options.workers = workers;
        engine = std::make_unique<Engine>(*store, handlers, options, clock);
    }

    ~EngineHarness()
    {
        engine->stopAndWait();
        engine.reset();
        store.reset();
    }

    // Enqueues through the engine, as the window does, so its events reach the models; waits for the commit.
    qint64 enqueue(const JobSpec &spec)
    {
        std::promise<qint64> id;
        auto done = id.get_future();
        engine->submit({EnqueueJob{spec, engine->clock().nowMs()}}, [&id](const BatchResult &r) {
            id.set_value(r.ok && !r.results.empty() ? r.results.front().jobId : 0);
        });
        return done.get();
    }

    // One batch of `count` jobs; returns the last id.
    qint64 enqueueMany(const JobSpec &spec, int count)
    {
        WriteBatch batch;
        for (int i = 0; i < count; ++i)
            batch.push_back(EnqueueJob{spec, engine->clock().nowMs()});
        std::promise<qint64> id;
        auto done = id.get_future();
        engine->submit(std::move(batch), [&id](const BatchResult &r) {
            id.set_value(r.ok && !r.results.empty() ? r.results.back().jobId : 0);
        });
        return done.get();
    }
};

template <typename T>
T *child(const QObject &parent, const char *name)
{
    T *found = parent.findChild<T *>(QLatin1String(name));
    if (!found)
        qWarning("no %s named %s", T::staticMetaObject.className(), name);
    return found;
}

// Clicks the button a page shows for its action `actionName`, as a user would; false if there is none or it is
// disabled.
inline bool clickButtonFor(const QObject &page, const char *actionName)
{
    auto *button = page.findChild<QToolButton *>(QLatin1String(actionName) + QStringLiteral("Button"));
    if (!button || !button->isEnabled() || !button->isVisible())
        return false;
    QTest::mouseClick(button, Qt::LeftButton);
    return true;
}

// Selects the rows of the given jobs in a view over a job model (replacing the selection).
inline void selectJobs(QAbstractItemView &view, const QList<qint64> &ids)
{
    QItemSelectionModel *selection = view.selectionModel();
    selection->clearSelection();
    for (int row = 0; row < view.model()->rowCount(); ++row) {
        const QModelIndex index = view.model()->index(row, 0);
        if (ids.contains(index.data(JobRoles::JobIdRole).toLongLong()))
            selection->setCurrentIndex(index, QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }
}

// The job's row in a job model, -1 if absent.
inline int rowOf(const QAbstractItemModel &model, qint64 id)
{
    for (int row = 0; row < model.rowCount(); ++row) {
        if (model.index(row, 0).data(JobRoles::JobIdRole).toLongLong() == id)
            return row;
    }
    return -1;
}

// The job's state name as the model has it, or "<absent>": QTRY_COMPARE prints it on failure.
inline QString stateIn(const QAbstractItemModel &model, qint64 id)
{
    const int row = rowOf(model, id);
    if (row < 0)
        return QStringLiteral("<absent>");
    return stateName(static_cast<JobState>(model.index(row, 0).data(JobRoles::StateRole).toInt()));
}

inline double progressIn(const QAbstractItemModel &model, qint64 id)
{
    const int row = rowOf(model, id);
    return row < 0 ? -1.0 : model.index(row, 0).data(JobRoles::ProgressRole).toDouble();
}

} // namespace jobdeck::test
