// The History page over a generated database of 1,000,000 finished jobs: it opens, scrolls (page after page),
// filters and searches, and the window's counts come from the kept counts. Correctness only: the speed figures
// are measured by jobdeck-ui-bench, not here.

#include "JobDatabaseGenerator.h"
#include "JobTableView.h"
#include "MainWindow.h"
#include "StateCounter.h"
#include "UiTestSupport.h"
#include "models/HistoryModel.h"
#include "pages/HistoryPage.h"
#include "pages/OverviewPage.h"
#include "widgets/StatTile.h"

#include <QComboBox>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QScrollBar>
#include <QStandardPaths>
#include <QTest>

using namespace jobdeck;
using namespace jobdeck::test;

namespace {
constexpr qint64 kJobs = 1'000'000;
}

class TestHistoryMillion : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void opensScrollsFiltersAndSearches();

private:
    QTemporaryDir m_dir;
    QString m_path;
};

void TestHistoryMillion::initTestCase()
{
    useOwnSettings();
    m_path = m_dir.filePath(QStringLiteral("million.db"));
    testdata::GeneratorOptions options;
    options.jobs = kJobs;
    testdata::generateJobDatabase(m_path, options);
}

void TestHistoryMillion::opensScrollsFiltersAndSearches()
{
    auto store = SqliteStore::open(m_path);
    HandlerRegistry handlers;
    HandlerRegistry::addBuiltIns(handlers);
    EngineOptions options;
    options.workers = 2;
    Engine engine(*store, handlers, options);
    MainWindow window(engine);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    engine.start();

    // Counts of a million jobs, at once.
    StateCounter &counts = window.console().counts;
    const qint64 dead = counts.count(JobState::Dead);
    QCOMPARE(counts.count(JobState::Succeeded) + dead + counts.count(JobState::Cancelled), kJobs);
    QVERIFY(dead > 10'000);
    QTRY_COMPARE(window.overviewPage()->tile(QStringLiteral("dead"))->value(), QLocale().toString(dead));

    window.showPage(QStringLiteral("history"));
    HistoryPage &page = *window.historyPage();
    HistoryModel &model = *page.model();
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), HistoryModel::kPage, 10'000);
    QTRY_VERIFY(model.hasCount());
    QCOMPARE(model.count().count, kJobs); // from the kept counts: exact
    QVERIFY(model.count().exact);
    QVERIFY(model.jobAt(0).finishedAtMs >= model.jobAt(HistoryModel::kPage - 1).finishedAtMs); // newest first

    // Scrolling to the end reads the next pages.
    JobTableView &table = *page.table();
    for (int pages = 2; pages <= 4; ++pages) {
        table.scrollToBottom();
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), pages * HistoryModel::kPage, 10'000);
    }
    for (int row = 1; row < model.rowCount(); ++row)
        QVERIFY(model.jobAt(row - 1).finishedAtMs >= model.jobAt(row).finishedAtMs);

    // Filters: dead thumbnails.
    auto *state = page.findChild<QComboBox *>(QStringLiteral("historyStateFilter"));
    state->setCurrentIndex(state->findText(QStringLiteral("dead only")));
    auto *kind = page.findChild<QComboBox *>(QStringLiteral("historyKindFilter"));
    QTRY_VERIFY(kind->findText(QStringLiteral("thumbnail")) > 0);
    kind->setCurrentIndex(kind->findText(QStringLiteral("thumbnail")));
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), HistoryModel::kPage, 10'000);
    for (int row = 0; row < model.rowCount(); ++row) {
        QCOMPARE(model.jobAt(row).state, JobState::Dead);
        QCOMPARE(model.jobAt(row).kind, QStringLiteral("thumbnail"));
    }
    QTRY_VERIFY(model.hasCount());
    QVERIFY(model.count().exact);
    QVERIFY(model.count().count > 1000 && model.count().count < dead);
    state->setCurrentIndex(0);
    kind->setCurrentIndex(0);

    // Search: one photo among a million (its file name is unique), then a common word whose count stops at the cap.
    JobFilter photos;
    photos.kind = QStringLiteral("thumbnail");
    photos.beforeId = 500'000;
    photos.limit = 1;
    const JobRecord photo = store->openReader()->jobs(photos).front();
    const QString name = QJsonDocument::fromJson(photo.payload).object().value(QLatin1String("path")).toString().section(u'/', -1);
    QVERIFY2(name.startsWith(QLatin1String("IMG_")), qPrintable(name));
    QTest::keyClicks(page.searchField(), name);
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 1, 10'000);
    QCOMPARE(model.jobAt(0).id, photo.id);
    page.searchField()->clear();
    QTest::keyClicks(page.searchField(), QStringLiteral("truncated"));
    QTRY_COMPARE(model.query().search, QStringLiteral("truncated"));
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), HistoryModel::kPage, 10'000);
    for (int row = 0; row < model.rowCount(); ++row)
        QVERIFY(model.jobAt(row).error.contains(QLatin1String("truncated")));
    QTRY_VERIFY_WITH_TIMEOUT(model.hasCount(), 10'000);
    QVERIFY(model.count().exact && model.count().count > 1000);
    page.searchField()->clear();
    QTest::keyClicks(page.searchField(), QStringLiteral("srv"));
    QTRY_COMPARE(model.query().search, QStringLiteral("srv")); // after the typing pause
    QTRY_VERIFY_WITH_TIMEOUT(model.hasCount() && model.rowCount() == HistoryModel::kPage, 10'000);
    QVERIFY(!model.count().exact);
    QCOMPARE(model.count().count, HistoryModel::kCountCap);
    QTRY_VERIFY(page.findChild<QLabel *>(QStringLiteral("historyStatus"))->text().contains(QLatin1String("10,000+")));
    engine.stopAndWait();
}

QTEST_MAIN(TestHistoryMillion)
#include "tst_history_million.moc"
