#include "ConsoleBench.h"

#include "BenchSupport.h"
#include "MainWindow.h"
#include "models/ActivitySeries.h"
#include "models/HistoryModel.h"
#include "pages/HistoryPage.h"
#include "pages/OverviewPage.h"
#include "runner/Engine.h"
#include "runner/HandlerRegistry.h"
#include "storage/OpenJobStore.h"

#include <QApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>
#include <algorithm>

namespace jobdeck::bench {

namespace {

// Waits for `done` while the event loop runs; false after `timeoutMs`.
bool waitFor(const std::function<bool()> &done, int timeoutMs = 30'000)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    }
    return true;
}

class PaintWatcher final : public QObject {
public:
    bool painted = false;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint)
            painted = true;
        return QObject::eventFilter(watched, event);
    }
};

// The time from asking for `query` until its first page is in the model.
double firstPageMs(HistoryModel &model, const HistoryQuery &query)
{
    QElapsedTimer t;
    t.start();
    model.setQuery(query);
    if (!waitFor([&] { return model.rowCount() > 0 || model.atEnd(); }))
        return -1;
    return double(t.nsecsElapsed()) / 1e6;
}

} // namespace

ConsoleResult measureConsole(const QString &path)
{
    ConsoleResult result;
    HandlerRegistry handlers;
    HandlerRegistry::addBuiltIns(handlers);
    QElapsedTimer timer;
    timer.start();
    auto store = openJobStore(path);
    EngineOptions options;
    options.workers = 2;
    Engine engine(*store, handlers, options);
    MainWindow window(engine);
    result.openMs = double(timer.nsecsElapsed()) / 1e6;
    PaintWatcher paints;
    window.installEventFilter(&paints);
    window.show();
    engine.start();
    if (!waitFor([&] { return paints.painted; })) {
        result.problem = QStringLiteral("the window never painted");
        return result;
    }
    result.shownMs = double(timer.nsecsElapsed()) / 1e6;
    waitFor([&] { return window.overviewPage()->series()->isLoaded(); });
    result.readyMs = double(timer.nsecsElapsed()) / 1e6;

    window.showPage(QStringLiteral("history"));
    HistoryModel &model = *window.historyPage()->model();
    waitFor([&] { return model.rowCount() > 0; });
    HistoryQuery q;
    for (int round = 0; round < 3; ++round) { // the first read of a query also warms the page cache: take the best
        const auto measure = [&](std::vector<std::pair<QString, double>> &into, const QString &name, const HistoryQuery &query) {
            const double ms = firstPageMs(model, query);
            auto it = std::find_if(into.begin(), into.end(), [&](const auto &e) { return e.first == name; });
            if (it == into.end())
                into.emplace_back(name, ms);
            else
                it->second = std::min(it->second, ms);
        };
        q = {};
        measure(result.historyMs, QStringLiteral("newest finished"), q);
        q.states = {JobState::Dead};
        measure(result.historyMs, QStringLiteral("dead only"), q);
        q = {};
        q.kind = QStringLiteral("thumbnail");
        q.finishedFromMs = QDateTime::currentMSecsSinceEpoch() - 7LL * 24 * 3'600'000;
        measure(result.historyMs, QStringLiteral("thumbnails, last 7 days"), q);
        q = {};
        q.order = HistoryQuery::Order::IdOldest;
        measure(result.historyMs, QStringLiteral("oldest id first"), q);
        q = {};
        q.search = QStringLiteral("srv");
        measure(result.searchMs, QStringLiteral("\"srv\" (most jobs)"), q);
        q.search = QStringLiteral("truncated");
        measure(result.searchMs, QStringLiteral("\"truncated\" (errors)"), q);
        q.search = QStringLiteral("IMG_0999999");
        measure(result.searchMs, QStringLiteral("\"IMG_0999999\" (one or none)"), q);
        q.search = QStringLiteral("ledger synced");
        measure(result.searchMs, QStringLiteral("\"ledger synced\" (log lines)"), q);
    }
    // Scrolling: the next pages of the whole history.
    model.setQuery(HistoryQuery{});
    waitFor([&] { return model.rowCount() > 0; });
    std::vector<double> pages;
    for (int i = 0; i < 10; ++i) {
        const int before = model.rowCount();
        QElapsedTimer t;
        t.start();
        model.fetchMore({});
        waitFor([&] { return model.rowCount() > before || model.atEnd(); });
        pages.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    std::sort(pages.begin(), pages.end());
    result.scrollPageMs = pages[pages.size() / 2];
    engine.stopAndWait();
    result.peakRssMb = selfPeakRssMb();
    return result;
}

} // namespace jobdeck::bench
