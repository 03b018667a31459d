#pragma once

// Shared by the UI tests: an engine with the built-in handlers over a store in a temporary directory, look-ups
// into job models that read well inside QTRY_*, and drops of files on the window.

#include "JobRoles.h"
#include "desktop/DropDialog.h"
#include "runner/Engine.h"
#include "runner/HandlerRegistry.h"
#include "storage/sqlite/SqliteStore.h"

#include <QAbstractItemModel>
#include <QAbstractItemView>
#include <QAction>
#include <QDir>
#include <QDropEvent>
#include <QFile>
#include <QListWidget>
#include <QStandardPaths>
#include <QMimeData>
#include <QItemSelectionModel>
#include <QTest>
#include <QToolButton>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <functional>
#include <future>
#include <memory>

namespace jobdeck::test {

// UI tests run in parallel: each keeps the window's preferences (geometry, view state, remembered drop choices) in
// a home of its own, so what one test remembers never reaches another's window. Call it in initTestCase.
inline void useOwnSettings()
{
    static QTemporaryDir home;
    qputenv("HOME", home.path().toLocal8Bit());
    QStandardPaths::setTestModeEnabled(true);
}

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

    // `extend` adds handlers to the built-in ones before the engine is made (the jobs folder's, for example);
    // `clock`: an injected one (e.g. a ManualClock) for tests about times; it must outlive the harness.
    explicit EngineHarness(int workers = 2, const std::function<void(HandlerRegistry &)> &extend = {},
                           const Clock &clock = SystemClock::instance())
        : path(dir.filePath(QStringLiteral("jobs.db")))
    {
        store = SqliteStore::open(path);
        HandlerRegistry::addBuiltIns(handlers);
        if (extend)
            extend(handlers);
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

inline std::vector<JobRecord> allJobs(SqliteStore &store)
{
    JobFilter f;
    f.limit = 100'000;
    return store.openReader()->jobs(f);
}

// Files for drops and jobs folders; the folders on the way are made.
inline void writeFile(const QString &path, const QByteArray &content = "data\n")
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(content);
}

// Drags `paths` over the window and lets go, as the platform delivers it.
inline void dropOn(QWidget &window, const QStringList &paths)
{
    QMimeData mime;
    QList<QUrl> urls;
    for (const QString &p : paths)
        urls << QUrl::fromLocalFile(p);
    mime.setUrls(urls);
    const QPoint at = window.rect().center();
    QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&window, &enter);
    QVERIFY(enter.isAccepted());
    QVERIFY(window.findChild<QWidget *>(QStringLiteral("dropOverlay"))->isVisible()); // the drop zone
    QDropEvent drop(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&window, &drop);
    QVERIFY(drop.isAccepted());
    QVERIFY(!window.findChild<QWidget *>(QStringLiteral("dropOverlay"))->isVisible());
}

inline void choose(DropDialog &dialog, const QString &id)
{
    auto *list = child<QListWidget>(dialog, "dropChoices");
    for (int row = 0; row < list->count(); ++row) {
        if (list->item(row)->data(Qt::UserRole).toString() == id)
            QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualItemRect(list->item(row)).center());
    }
    QCOMPARE(dialog.choiceId(), id);
}

} // namespace jobdeck::test
